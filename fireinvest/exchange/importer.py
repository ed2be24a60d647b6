"""Importing cases from an exchange file: all or nothing, checked before the write lock is taken.

`import_cases_file` reads the file, checks every row in a read-only transaction (import_check.py: a bad file is
refused with every problem listed, row, field and reason, and nothing written), then writes the checked cases in
one unit of work, a batch of rows per statement (services/case_batch.py). Under the write lock it first makes sure
nothing the checks relied on changed meanwhile (numbers taken, rules or code lists edited) and checks again if it
did. The writing happens inside a savepoint: a failure or a cancellation half-way rolls back to the state before
the import even if the caller goes on using the session.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fireinvest.errors import ImportRejected, ValidationFailed
from fireinvest.exchange.code_mapping import CodeMapping
from fireinvest.exchange.excel_file import read_excel_cases
from fireinvest.exchange.import_check import (
    CheckedFile,
    Problems,
    check_file,
    load_basis,
    recheck,
    refuse_taken_numbers,
)
from fireinvest.exchange.json_file import read_json_cases
from fireinvest.exchange.record import ImportedCase, key_of_draft_field
from fireinvest.exchange.source import SourceFile, SourceRow
from fireinvest.exchange.values import FieldProblem
from fireinvest.files import os_error_reason
from fireinvest.services.case_batch import CheckedCase, append_checked_timelines, register_checked_cases
from fireinvest.services.cases import CaseContext, load_case_context
from fireinvest.services.changes import Register
from fireinvest.services.deadlines import DeadlineRules
from fireinvest.services.evidence import import_evidence
from fireinvest.services.front_door import Outcome, Workstation, reads, writes
from fireinvest.services.loop.transfer import store_loop
from fireinvest.services.people import find_or_create_investigator, list_people
from fireinvest.services.progress import ProgressCallback, ProgressTicker
from fireinvest.services.records import create_inspection, create_interview
from fireinvest.services.reference import add_codes_within
from fireinvest.services.reviews.lifecycle import import_reviews
from fireinvest.services.unit_of_work import UnitOfWork

BATCH_SIZE = 1000  # cases per round of statements: large enough for bulk speed, small enough to cancel promptly
NUMBERS_LOCK = "imported_case_numbers"  # held while an import checks and writes the numbers its file brings


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    source_format: str  # "json" or "xlsx"
    imported: int
    numbers_kept: int  # cases that brought their own case number
    numbers_assigned: int  # cases numbered by this installation
    investigators_added: tuple[str, ...]  # names registered in the people register by the import
    experts_added: tuple[str, ...] = ()  # names registered in the expert register by the import
    codes_added: tuple[str, ...] = ()  # codes the file brought that were added to the lists (add_missing_codes)
    codes_mapped: tuple[str, ...] = ()  # codes the file brought that were mapped onto ours, e.g. 辖区“丙区”→“江宁区”


def import_cases_file(
    workstation: Workstation,
    path: str | Path,
    progress: ProgressCallback | None = None,
    *,
    add_missing_codes: bool = False,
    code_mapping: CodeMapping | None = None,
) -> Outcome[ImportReport]:
    """Import every case of a .json or .xlsx file, or none: any bad row raises ImportRejected naming row and field.
    A file from another detachment may name districts, place types or causes this installation's lists lack: they
    are all named in one message (MissingCodes), mapped onto codes in force by `code_mapping` (丙区 → 江宁区), or
    added to the lists with the import when `add_missing_codes` is set."""
    with _cyclic_collection_paused():
        source = read_cases_file(Path(path))
        ticker = import_ticker(progress, source)
        checked = check_import(workstation, source, ticker, add_missing_codes=add_missing_codes,
                               code_mapping=code_mapping)  # fmt: skip
        return write_checked_import(workstation, checked, ticker)


@contextmanager
def _cyclic_collection_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off while a file's cases are in memory. Its full passes walk all the
    millions of objects of a large file again and again and can free none of them (a tenth of the time of a
    100,000-case import); the garbage the import leaves waits for the next pass after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_ticker(progress: ProgressCallback | None, source: SourceFile) -> ProgressTicker:
    """Progress of an import: three units a case (parsed, checked, written)."""
    return ProgressTicker(progress, 3 * len(source.rows), "导入已取消，数据库没有任何改动。")


@reads
def check_import(
    uow: UnitOfWork,
    source: SourceFile,
    ticker: ProgressTicker,
    *,
    add_missing_codes: bool = False,
    code_mapping: CodeMapping | None = None,
) -> CheckedFile:
    """Parse and check a read file against the register and the rules in force, without taking the write lock."""
    return check_file(uow.session, source, ticker, add_missing_codes=add_missing_codes, code_mapping=code_mapping)


@writes
def write_checked_import(uow: UnitOfWork, checked: CheckedFile, ticker: ProgressTicker) -> ImportReport:
    """Write a checked file's cases; checks again first if the register or the rules changed since."""
    session = uow.session
    cases, rows = checked.cases, checked.source.rows
    uow.hold_register_lock(NUMBERS_LOCK)  # PostgreSQL: another import cannot take a number between check and write
    with session.begin_nested():
        refuse_taken_numbers(session, checked)  # cheap, and another workstation may have taken one meanwhile
        if load_basis(session) != checked.basis:
            recheck(session, checked)
        codes_added = add_codes_within(session, checked.missing_codes) if checked.add_missing_codes else []
        added = _resolve_investigators(uow, cases)
        ctx = load_case_context(session)  # loaded after the codes and investigators so they count as known
        rules = checked.basis.deadline_rules
        # Cases that bring their numbers go first: the counters then move past them before numbers are handed
        # out, so an assigned number can never collide with one further down the file.
        order = sorted(range(len(cases)), key=lambda i: not cases[i].case_number)
        experts_added: list[str] = []
        experts: dict[tuple[str, str], int] = {}
        for start in range(0, len(order), BATCH_SIZE):
            batch = [(rows[i], cases[i]) for i in order[start : start + BATCH_SIZE]]
            experts_added += _write_batch(uow, checked.source, batch, ctx, rules, experts)
            ticker.report(2 * len(cases) + start + len(batch))
    kept = sum(1 for case in cases if case.case_number)
    if added:
        uow.changed_register(Register.PEOPLE)
    if experts_added:
        uow.changed_register(Register.EXPERTS)
    if codes_added:
        uow.changed_register(Register.SETTINGS)
    return ImportReport(checked.source.kind, len(cases), kept, len(cases) - kept, tuple(added), tuple(experts_added),
                        tuple(map(str, codes_added)), checked.codes_mapped)  # fmt: skip


def _write_batch(uow: UnitOfWork, source: SourceFile, batch: list[tuple[SourceRow, ImportedCase]], ctx: CaseContext,
                 rules: DeadlineRules, experts: dict[tuple[str, str], int]) -> list[str]:  # fmt: skip
    """Write a batch of checked cases with everything they bring; returns the experts it registered (`experts`
    remembers those met so far, by name and unit)."""
    checked = [CheckedCase(case.draft, case.case_number, case.steps) for _row, case in batch]
    ids = register_checked_cases(uow, checked, ctx)
    experts_added: list[str] = []
    for case_id, (row, case) in zip(ids, batch):
        # Records first: the determination on the imported timeline makes them read-only.
        with _refusals_name(source, row):
            for inspection in case.inspections:
                create_inspection.within(uow, case_id, inspection)
            for interview in case.interviews:
                create_interview.within(uow, case_id, interview)
            experts_added += import_reviews(uow, case_id, case.reviews, experts)
    append_checked_timelines(uow, ids, checked, rules)
    for case_id, (row, case) in zip(ids, batch):
        with _refusals_name(source, row):
            for item in case.evidence:
                import_evidence(uow, case_id, item.evidence_number, item.draft, item.steps)
            if not case.loop.is_empty:
                store_loop(uow, case_id, case.loop)
    uow.update_search_index()  # batch by batch, so the index's work and memory do not pile up until the commit
    return experts_added


@contextmanager
def _refusals_name(source: SourceFile, row: SourceRow) -> Iterator[None]:
    """Name the file's row in a refusal only the database could make (e.g. an evidence number taken meanwhile)."""
    try:
        yield
    except ValidationFailed as failure:
        problems = Problems(source)
        for error in failure.errors:
            problems.add(row, FieldProblem(key_of_draft_field(error.field), error.message))
        problems.raise_if_any()
        raise


def _resolve_investigators(uow: UnitOfWork, parsed: list[ImportedCase]) -> list[str]:
    """Match investigators by name in the people register, registering unknown names; returns the new names."""
    names = {name for case in parsed for name in [case.lead_investigator, *case.other_investigators] if name}
    if not names:
        return []
    # Under the register's lock, so a name another import registers meanwhile is not reported as ours too.
    uow.hold_register_lock("people")
    known = {person.name for person in list_people(uow.session, investigators_only=True)}
    ids: dict[str, int] = {}
    for name in sorted(names):
        person = find_or_create_investigator(uow, name)
        assert person.id is not None  # found in the register or registered (flushed) just now
        ids[name] = person.id
    for case in parsed:
        case.draft.lead_investigator_id = ids[case.lead_investigator] if case.lead_investigator else None
        case.draft.other_investigator_ids = [ids[name] for name in case.other_investigators]
    return sorted(names - known)


def read_cases_file(path: Path) -> SourceFile:
    """Read a .json or .xlsx exchange file into records; refuses a missing file or another type."""
    readers: dict[str, Callable[[Path], SourceFile]] = {".json": read_json_cases, ".xlsx": read_excel_cases}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ImportRejected(f"不支持的文件类型“{path.suffix or path.name}”：只能导入 .json 或 .xlsx 文件。")
    if not path.is_file():
        raise ImportRejected(f"找不到文件“{path}”。")
    try:
        return reader(path)
    except OSError as exc:
        raise ImportRejected(f"无法读取文件“{path}”：{os_error_reason(exc, 'Excel', reading=True)}。") from None
