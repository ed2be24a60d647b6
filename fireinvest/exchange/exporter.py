"""Exporting cases to an exchange file, and the same records for `fireinvest cases list --json`.

Cases are read in batches of ids with their parties, investigators, events and evidence loaded per batch (a few
queries a batch, never one per case), so memory and time stay flat from 10 to 100,000 cases. The file is written
under a temporary name and renamed at the end: a cancelled or failed export never leaves a half file that looks
complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from fireinvest.errors import FireInvestError
from fireinvest.exchange.excel_file import write_excel_cases
from fireinvest.exchange.json_file import write_json_cases
from fireinvest.exchange.record import case_to_record
from fireinvest.exchange.values import format_day
from fireinvest.files import replacing
from fireinvest.rules.deadlines import Deadline
from fireinvest.services.case_query import CaseFilter, CaseSort, SortKey, case_ids
from fireinvest.services.cases import case_id_of, load_case_details
from fireinvest.services.evidence import evidence_of_cases
from fireinvest.services.front_door import reads
from fireinvest.services.loop.transfer import loop_transfers_of_cases
from fireinvest.services.progress import ProgressCallback, ProgressTicker
from fireinvest.services.records import records_of_cases
from fireinvest.services.reviews.reads import reviews_of_cases
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork
from fireinvest.services.workflow import timeline_of, timelines_of

EXPORT_BATCH = 500
EXPORT_ORDER = CaseSort(SortKey.ALARM_TIME, descending=False)
SUPPORTED_SUFFIXES = (".json", ".xlsx")


def _records(session: Session, case_filter: CaseFilter | None) -> tuple[int, Iterator[dict[str, Any]]]:
    zone = load_agency_settings(session).zone
    ids = case_ids(session, case_filter or CaseFilter(), EXPORT_ORDER)

    def records() -> Iterator[dict[str, Any]]:
        for start in range(0, len(ids), EXPORT_BATCH):
            batch = ids[start : start + EXPORT_BATCH]
            timelines = timelines_of(session, batch)
            evidence = evidence_of_cases(session, batch)
            records = records_of_cases(session, batch)
            reviews = reviews_of_cases(session, batch)
            loops = loop_transfers_of_cases(session, batch)
            for detail in load_case_details(session, batch):
                yield case_to_record(detail, zone, timelines[detail.id], evidence[detail.id], records[detail.id],
                                     reviews=reviews[detail.id], loop=loops[detail.id])  # fmt: skip

    return len(ids), records()


@reads
def case_record_with_deadlines(uow: UnitOfWork, case_number: str) -> dict[str, Any]:
    """One case's exchange record with its events and the deadlines computed from them (`case show --json`)."""
    session = uow.session
    zone = load_agency_settings(session).zone
    case_id = case_id_of(session, case_number)
    timeline = timeline_of(session, case_id)
    (detail,) = load_case_details(session, [case_id])
    evidence, records = evidence_of_cases(session, [case_id]), records_of_cases(session, [case_id])
    reviews, loops = reviews_of_cases(session, [case_id]), loop_transfers_of_cases(session, [case_id])
    record = case_to_record(detail, zone, timeline.events, evidence[case_id], records[case_id],
                            reviews=reviews[case_id], loop=loops[case_id])  # fmt: skip
    record["deadlines"] = [deadline_record(d) for d in timeline.deadlines]
    if timeline.calendar_warnings:
        record["calendar_warnings"] = list(timeline.calendar_warnings)
    return record


def deadline_record(deadline: Deadline) -> dict[str, Any]:
    return {
        "kind": deadline.kind,
        "label": deadline.label,
        "due": deadline.due.isoformat(),
        "status": deadline.status.value,
        "basis": deadline.basis,
        "responsible": deadline.responsible,
        "met_on": format_day(deadline.met_on),
    }


@reads
def write_case_records(uow: UnitOfWork, case_filter: CaseFilter | None, stream: TextIO) -> int:
    """Write the exchange document of the cases the filter selects (voided ones only when asked for), oldest alarm
    first, to `stream` as it reads them (`fireinvest cases list --json`); returns how many."""
    return write_json_cases(_records(uow.session, case_filter)[1], stream)


@reads
def export_cases_file(
    uow: UnitOfWork, path: str | Path, case_filter: CaseFilter | None = None, progress: ProgressCallback | None = None
) -> int:
    """Write the selected cases to a .json or .xlsx file (by its extension); returns how many were written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FireInvestError(f"不支持的文件类型“{path.suffix or path.name}”：只能导出为 .json 或 .xlsx 文件。")
    total, records = _records(uow.session, case_filter)
    ticker = ProgressTicker(progress, total, "导出已取消，没有写出文件。")

    def counted() -> Iterator[dict[str, Any]]:
        for done, record in enumerate(records, start=1):
            yield record
            ticker.report(done)

    ticker.report(0, force=True)
    with replacing(path, "Excel") as temporary:
        if suffix == ".json":
            with temporary.open("x", encoding="utf-8", newline="\n") as stream:
                return write_json_cases(counted(), stream)
        return write_excel_cases(counted(), temporary)
