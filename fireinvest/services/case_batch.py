"""Registering many checked cases at once, for imports: the rows create_case and the timeline would write, many per
statement, so 100,000 cases take seconds rather than the better part of an hour one use case per case would.

Nothing is checked here. The cases come validated against the same CaseContext and with timelines check_timeline
accepted (exchange/importer.py), their numbers checked against the register under the same lock; whatever the
database still refuses fails the whole import, which its transaction then undoes.

A batch is written in two steps because an imported case's records must be stored before the determination on its
timeline makes them read-only: `register_checked_cases` writes the cases with their parties, investigators and
registration; the importer adds records and reviews; `append_checked_timelines` writes the rest of each timeline
and the deadlines of the cases still open.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, insert, select

from fireinvest.clock import local_date, utc_now
from fireinvest.models import Base, CaseEvent, CaseInvestigator, FireCase, Party
from fireinvest.rules.case_facts import CaseDraft
from fireinvest.rules.identifiers import parse_case_number
from fireinvest.services.cases import (
    CaseContext,
    assigned_investigators,
    fact_columns,
    given_number_columns,
    normalised,
    party_rows,
)
from fireinvest.services.changes import Part, Register
from fireinvest.services.deadlines import FINISHED_STATUSES, DeadlineRules, refresh_deadlines
from fireinvest.services.numbering import allocate_case_numbers, claim_case_numbers
from fireinvest.services.unit_of_work import UnitOfWork
from fireinvest.services.workflow import (
    TimelineStep,
    imported_registrar,
    registration_row,
    timeline_rows,
    timeline_status,
)


@dataclass(frozen=True)
class CheckedCase:
    """A case an import checked: facts valid against the batch's CaseContext, investigators resolved to ids."""

    draft: CaseDraft
    case_number: str  # as the file brought it (this installation's format or a foreign one); "" to assign one
    steps: Sequence[TimelineStep] = ()  # a timeline check_timeline accepted


def _table(model: type[Base]) -> Table:
    """The model's table: a Core insert skips the ORM's bulk bookkeeping, which costs more per row than the insert."""
    return cast(Table, model.__table__)


def register_checked_cases(uow: UnitOfWork, cases: Sequence[CheckedCase], ctx: CaseContext) -> list[int]:
    """Write the cases with their parties, investigators and registration events; their ids, in order.

    Numbers the cases bring are claimed first (the counters move past them), then the others get the next numbers
    of their year in the batch's order: a batch holding both cannot hand out a number one of its cases brings."""
    if not cases:
        return []
    session, actor, now = uow.session, uow.actor, utc_now()
    zone = ctx.settings.zone
    years = [local_date(case.draft.alarm_time, zone).year for case in cases]  # type: ignore[arg-type]
    claim_case_numbers(session, [n for case in cases if (n := parse_case_number(case.case_number)) is not None])
    wanted = Counter(year for case, year in zip(cases, years) if not case.case_number)
    assigned = {year: iter(allocate_case_numbers(session, ctx.settings.agency_code, year, count))
                for year, count in sorted(wanted.items())}  # fmt: skip
    rows = []
    for case, year in zip(cases, years):
        draft = normalised(case.draft)
        row = fact_columns(draft, ctx, actor, now)
        if case.case_number:
            row.update(given_number_columns(case.case_number, year))
        else:
            number = next(assigned[year])
            row.update(case_number=str(number), agency_code=number.agency_code, year=year, sequence=number.sequence)
        row.update(status=timeline_status(draft.alarm_time, case.steps).value, void_reason="", created_at=now,  # type: ignore[arg-type]
                   created_by=actor.name, version=1)  # fmt: skip
        rows.append(row)
    session.execute(insert(_table(FireCase)), rows)
    # One executemany without RETURNING (as the demo generator writes); the ids are read back by the numbers,
    # which are unique.
    numbers = [row["case_number"] for row in rows]
    found = session.execute(select(FireCase.case_number, FireCase.id).where(FireCase.case_number.in_(numbers)))
    id_of = {number: case_id for number, case_id in found}
    ids = [id_of[number] for number in numbers]
    parties = [dict(case_id=case_id, version=1, **row) for case_id, case in zip(ids, cases)
               for row in party_rows(case.draft)]  # fmt: skip
    investigators = [dict(case_id=case_id, person_id=person_id, is_lead=is_lead, position=position)
                     for case_id, case in zip(ids, cases)
                     for position, (person_id, is_lead) in enumerate(assigned_investigators(case.draft))]  # fmt: skip
    registrations = [registration_row(case_id, row["alarm_time"], imported_registrar(case.steps) or actor.name, now,
                                      actor.name) for case_id, case, row in zip(ids, cases, rows)]  # fmt: skip
    for model, values in ((Party, parties), (CaseInvestigator, investigators), (CaseEvent, registrations)):
        if values:
            session.execute(insert(_table(model)), values)
    uow.changed(ids, Part.FACTS, Part.TIMELINE)
    uow.changed_register(Register.CASES)
    return ids


def append_checked_timelines(
    uow: UnitOfWork, case_ids: Sequence[int], cases: Sequence[CheckedCase], rules: DeadlineRules
) -> None:
    """Write the rest of each case's timeline (after its registration) and the deadlines of the cases still open."""
    session, actor, now = uow.session, uow.actor, utc_now()
    events = [row for case_id, case in zip(case_ids, cases) for row in timeline_rows(case_id, case.steps, actor, now)]
    if events:
        session.execute(insert(_table(CaseEvent)), events)
    still_open = session.scalars(
        select(FireCase).where(FireCase.id.in_(case_ids), FireCase.status.not_in(FINISHED_STATUSES))
    ).all()
    refresh_deadlines(session, list(still_open), rules)
