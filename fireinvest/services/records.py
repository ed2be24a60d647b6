"""Scene inspection records (现场勘验笔录) and interview records (询问笔录) of a case: writing them while the
investigation runs, and reading them back, read-only once the case is determined or voided.

People lists and the questions and answers are stored as JSON text (see fireinvest/models/records.py); the read
models hand them back as tuples of plain values in the order they were entered.

Use cases: `create_inspection`, `update_inspection`, `create_interview`, `update_interview` write;
`list_inspections`, `list_interviews`, `get_inspection`, `get_interview` and `case_records` (both lists for the 笔录
tab) read. Documents and the dossier read inside their own transaction through `inspections_of`, `interviews_of`,
`inspection_of`, `interview_of`; exports through `records_of_cases`.

Every write locks the case before it checks that the case is not determined: a determination (which locks the case
too) then either comes before the check, and the edit is refused, or waits until the edit is saved.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import CaseEvent, FireCase, Interview, SceneInspection
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.records import (
    DETERMINATION_EVENTS,
    InspectionDraft,
    Inspector,
    InterviewDraft,
    QuestionAnswer,
    normalised_inspection,
    normalised_interview,
    read_only_reason,
    validate_inspection,
    validate_interview,
)
from fireinvest.rules.workflow import EventType
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part
from fireinvest.services.front_door import reads, writes
from fireinvest.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class InspectionRecord:
    """Read model of one scene inspection record; `read_only` says whether the case still allows edits."""

    id: int
    case_id: int
    version: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    place: str
    inspectors: tuple[Inspector, ...]
    witness: str
    weather_sky: str
    wind: str
    temperature: str
    lighting: str
    surroundings: str
    preliminary: str
    detailed: str
    special: str
    updated_at: dt.datetime
    updated_by: str
    read_only: bool

    def to_draft(self) -> InspectionDraft:
        """The record as an editable draft, to hand back to update_inspection."""
        return InspectionDraft(
            self.started_at, self.ended_at, self.place, list(self.inspectors), self.witness, self.weather_sky,
            self.wind, self.temperature, self.lighting, self.surroundings, self.preliminary, self.detailed,
            self.special,
        )  # fmt: skip


@dataclass(frozen=True)
class InterviewRecord:
    """Read model of one interview record; `read_only` says whether the case still allows edits."""

    id: int
    case_id: int
    version: int
    interviewee: str
    id_number: str
    role: str
    contact: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    place: str
    interviewers: tuple[str, ...]
    questions: tuple[QuestionAnswer, ...]
    refused_to_sign: bool
    updated_at: dt.datetime
    updated_by: str
    read_only: bool

    def to_draft(self) -> InterviewDraft:
        """The record as an editable draft, to hand back to update_interview."""
        return InterviewDraft(
            self.interviewee, self.id_number, self.role, self.contact, self.started_at, self.ended_at, self.place,
            list(self.interviewers), list(self.questions), self.refused_to_sign,
        )  # fmt: skip


# --- the case guard shared by both kinds of record ---------------------------------------------------------------


def _lock_reason(session: Session, case: FireCase) -> str | None:
    found = session.scalars(
        select(CaseEvent.type)
        .where(CaseEvent.case_id == case.id, CaseEvent.type.in_([t.value for t in DETERMINATION_EVENTS]))
        .limit(1)
    ).all()
    return read_only_reason(case.case_number, CaseStatus(case.status), [EventType(t) for t in found])


def _case_open_for_writing(uow: UnitOfWork, case_id: int) -> FireCase:
    """The case, locked until this unit of work ends (a determination recorded meanwhile waits for this edit);
    refused once the records are read-only."""
    case = uow.lock_case(case_id)
    reason = _lock_reason(uow.session, case)
    if reason is not None:
        raise ValidationFailed([FieldError("case", reason)])
    return case


def _read_only(session: Session, case_id: int) -> bool:
    case = session.get(FireCase, case_id)
    return case is None or _lock_reason(session, case) is not None


def _case_of(session: Session, model: type[SceneInspection] | type[Interview], row_id: int, missing: str) -> int:
    case_id = session.scalar(select(model.case_id).where(model.id == row_id))
    if case_id is None:
        raise NotFound(missing)
    return case_id


# --- scene inspection records --------------------------------------------------------------------------------------

_INSPECTION = "现场勘验笔录"
_INSPECTION_TEXTS = ("place", "witness", "weather_sky", "wind", "temperature", "lighting", "surroundings",
                     "preliminary", "detailed", "special")  # fmt: skip


def _checked_inspection(draft: InspectionDraft) -> InspectionDraft:
    draft = normalised_inspection(draft)
    errors = validate_inspection(draft, utc_now())
    if errors:
        raise ValidationFailed(errors)
    return draft


def _apply_inspection(row: SceneInspection, draft: InspectionDraft, actor: Actor) -> None:
    row.started_at, row.ended_at = draft.started_at, draft.ended_at  # type: ignore[assignment]  # validated
    for name in _INSPECTION_TEXTS:
        setattr(row, name, getattr(draft, name))
    people = [{"name": i.name, "unit": i.unit, "title": i.title} for i in draft.inspectors]
    row.inspectors_json = json.dumps(people, ensure_ascii=False)
    row.updated_at, row.updated_by = utc_now(), actor.name


def _inspection_record(row: SceneInspection, read_only: bool) -> InspectionRecord:
    inspectors = tuple(Inspector(p.get("name", ""), p.get("unit", ""), p.get("title", ""))
                       for p in json.loads(row.inspectors_json))  # fmt: skip
    texts = {name: getattr(row, name) for name in _INSPECTION_TEXTS}
    return InspectionRecord(id=row.id, case_id=row.case_id, version=row.version, started_at=row.started_at,
                            ended_at=row.ended_at, inspectors=inspectors, updated_at=row.updated_at,
                            updated_by=row.updated_by, read_only=read_only, **texts)  # fmt: skip


def _missing_inspection(inspection_id: int) -> str:
    return f"现场勘验笔录（内部编号 {inspection_id}）不存在，可能已被删除。"


@writes
def create_inspection(uow: UnitOfWork, case_id: int, draft: InspectionDraft) -> InspectionRecord:
    """Add a scene inspection record to a case that is not yet determined."""
    _case_open_for_writing(uow, case_id)
    draft = _checked_inspection(draft)
    row = SceneInspection(case_id=case_id)
    _apply_inspection(row, draft, uow.actor)
    uow.session.add(row)
    uow.flush()
    uow.changed(case_id, Part.RECORDS)
    return _inspection_record(row, read_only=False)


@writes
def update_inspection(
    uow: UnitOfWork, inspection_id: int, expected_version: int, draft: InspectionDraft
) -> InspectionRecord:
    """Save an edited scene inspection record; refused after the determination or if someone saved it since."""
    missing = _missing_inspection(inspection_id)
    case_id = _case_of(uow.session, SceneInspection, inspection_id, missing)
    _case_open_for_writing(uow, case_id)
    row = uow.lock(SceneInspection, inspection_id, missing=missing)
    uow.check_version(row, expected_version, f"{_INSPECTION}（{row.place}）")
    draft = _checked_inspection(draft)
    _apply_inspection(row, draft, uow.actor)
    uow.flush()
    uow.changed(case_id, Part.RECORDS)
    return _inspection_record(row, read_only=False)


def inspection_of(session: Session, inspection_id: int) -> InspectionRecord:
    """One scene inspection record."""
    row = session.get(SceneInspection, inspection_id)
    if row is None:
        raise NotFound(_missing_inspection(inspection_id))
    return _inspection_record(row, _read_only(session, row.case_id))


@reads
def get_inspection(uow: UnitOfWork, inspection_id: int) -> InspectionRecord:
    """One scene inspection record."""
    return inspection_of(uow.session, inspection_id)


def inspections_of(session: Session, case_id: int) -> list[InspectionRecord]:
    """A case's scene inspection records in the order they were carried out."""
    rows = session.scalars(
        select(SceneInspection)
        .where(SceneInspection.case_id == case_id)
        .order_by(SceneInspection.started_at, SceneInspection.id)
    ).all()
    read_only = _read_only(session, case_id)
    return [_inspection_record(row, read_only) for row in rows]


@reads
def list_inspections(uow: UnitOfWork, case_id: int) -> list[InspectionRecord]:
    """A case's scene inspection records in the order they were carried out."""
    return inspections_of(uow.session, case_id)


# --- interview records ---------------------------------------------------------------------------------------------

_INTERVIEW = "询问笔录"
_INTERVIEW_VALUES = ("interviewee", "id_number", "role", "contact", "started_at", "ended_at", "place",
                     "refused_to_sign")  # fmt: skip


def _checked_interview(draft: InterviewDraft) -> InterviewDraft:
    draft = normalised_interview(draft)
    errors = validate_interview(draft, utc_now())
    if errors:
        raise ValidationFailed(errors)
    return draft


def _apply_interview(row: Interview, draft: InterviewDraft, actor: Actor) -> None:
    for name in _INTERVIEW_VALUES:
        setattr(row, name, getattr(draft, name))
    row.interviewers_json = json.dumps(draft.interviewers, ensure_ascii=False)
    questions = [{"q": qa.question, "a": qa.answer} for qa in draft.questions]
    row.questions_json = json.dumps(questions, ensure_ascii=False)
    row.updated_at, row.updated_by = utc_now(), actor.name


def _interview_record(row: Interview, read_only: bool) -> InterviewRecord:
    questions = tuple(QuestionAnswer(qa.get("q", ""), qa.get("a", "")) for qa in json.loads(row.questions_json))
    values = {name: getattr(row, name) for name in _INTERVIEW_VALUES}
    return InterviewRecord(id=row.id, case_id=row.case_id, version=row.version,
                           interviewers=tuple(json.loads(row.interviewers_json)), questions=questions,
                           updated_at=row.updated_at, updated_by=row.updated_by, read_only=read_only,
                           **values)  # fmt: skip


def _missing_interview(interview_id: int) -> str:
    return f"询问笔录（内部编号 {interview_id}）不存在，可能已被删除。"


@writes
def create_interview(uow: UnitOfWork, case_id: int, draft: InterviewDraft) -> InterviewRecord:
    """Add an interview record to a case that is not yet determined."""
    _case_open_for_writing(uow, case_id)
    draft = _checked_interview(draft)
    row = Interview(case_id=case_id)
    _apply_interview(row, draft, uow.actor)
    uow.session.add(row)
    uow.flush()
    uow.changed(case_id, Part.RECORDS)
    return _interview_record(row, read_only=False)


@writes
def update_interview(
    uow: UnitOfWork, interview_id: int, expected_version: int, draft: InterviewDraft
) -> InterviewRecord:
    """Save an edited interview record; refused after the determination or if someone saved it since."""
    missing = _missing_interview(interview_id)
    case_id = _case_of(uow.session, Interview, interview_id, missing)
    _case_open_for_writing(uow, case_id)
    row = uow.lock(Interview, interview_id, missing=missing)
    uow.check_version(row, expected_version, f"{_INTERVIEW}（{row.interviewee}）")
    draft = _checked_interview(draft)
    _apply_interview(row, draft, uow.actor)
    uow.flush()
    uow.changed(case_id, Part.RECORDS)
    return _interview_record(row, read_only=False)


def interview_of(session: Session, interview_id: int) -> InterviewRecord:
    """One interview record."""
    row = session.get(Interview, interview_id)
    if row is None:
        raise NotFound(_missing_interview(interview_id))
    return _interview_record(row, _read_only(session, row.case_id))


@reads
def get_interview(uow: UnitOfWork, interview_id: int) -> InterviewRecord:
    """One interview record."""
    return interview_of(uow.session, interview_id)


def interviews_of(session: Session, case_id: int) -> list[InterviewRecord]:
    """A case's interview records in the order they were held."""
    rows = session.scalars(
        select(Interview).where(Interview.case_id == case_id).order_by(Interview.started_at, Interview.id)
    ).all()
    read_only = _read_only(session, case_id)
    return [_interview_record(row, read_only) for row in rows]


@reads
def list_interviews(uow: UnitOfWork, case_id: int) -> list[InterviewRecord]:
    """A case's interview records in the order they were held."""
    return interviews_of(uow.session, case_id)


@dataclass(frozen=True)
class CaseRecords:
    """What the 笔录 tab shows: both lists, and why they can no longer be changed (None while they can)."""

    inspections: tuple[InspectionRecord, ...]
    interviews: tuple[InterviewRecord, ...]
    read_only_reason: str | None


@reads
def case_records(uow: UnitOfWork, case_id: int) -> CaseRecords:
    """The case's inspection and interview records, read together, and whether they are read-only."""
    session = uow.session
    case = session.get(FireCase, case_id)
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    return CaseRecords(tuple(inspections_of(session, case_id)), tuple(interviews_of(session, case_id)),
                       _lock_reason(session, case))  # fmt: skip


# --- many cases at once (exports) ---------------------------------------------------------------------------------


def records_of_cases(
    session: Session, case_ids: list[int]
) -> dict[int, tuple[list[InspectionRecord], list[InterviewRecord]]]:
    """Inspection and interview records of many cases in three queries, whatever their number."""
    found: dict[int, tuple[list[InspectionRecord], list[InterviewRecord]]] = {i: ([], []) for i in case_ids}
    if not case_ids:
        return found
    locked = set(
        session.scalars(
            select(CaseEvent.case_id).where(
                CaseEvent.case_id.in_(case_ids), CaseEvent.type.in_([t.value for t in DETERMINATION_EVENTS])
            )
        )
    )
    inspections = session.scalars(
        select(SceneInspection)
        .where(SceneInspection.case_id.in_(case_ids))
        .order_by(SceneInspection.started_at, SceneInspection.id)
    )
    for inspection in inspections:
        found[inspection.case_id][0].append(_inspection_record(inspection, inspection.case_id in locked))
    interviews = session.scalars(
        select(Interview).where(Interview.case_id.in_(case_ids)).order_by(Interview.started_at, Interview.id)
    )
    for interview in interviews:
        found[interview.case_id][1].append(_interview_record(interview, interview.case_id in locked))
    return found
