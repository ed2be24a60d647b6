"""Registering, editing and voiding fire cases. Every change is validated, graded and numbered here.

Use cases (services.front_door): `create_case`, `update_case`, `void_case` write; `get_case` and `find_case_id` read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fireinvest.clock import local_date, utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import CaseInvestigator, FireCase, Party
from fireinvest.rules.case_facts import CaseDraft, CaseStatus, PartyDraft, PartyRole, Procedure
from fireinvest.rules.case_validation import ValidationContext, validate_case
from fireinvest.rules.grading import FireGrade, GradeFacts, GradeRuleSet, grade_fire
from fireinvest.rules.identifiers import parse_case_number
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part, Register
from fireinvest.services.deadlines import refresh_deadlines
from fireinvest.services.front_door import reads, writes
from fireinvest.services.numbering import allocate_case_numbers, claim_case_numbers
from fireinvest.services.people import list_people
from fireinvest.services.reference import ReferenceLists, load_reference_lists
from fireinvest.services.settings import AgencySettings, load_agency_settings, load_grade_rules
from fireinvest.services.unit_of_work import UnitOfWork
from fireinvest.services.workflow import follow_alarm_time, record_registration

# Facts copied one to one between the draft and the row.
_FACT_FIELDS = (
    "alarm_time", "extinguished_time", "address", "district", "place_type", "is_key_unit", "unit_name",
    "facts_disputed", "summary", "dispatched_units", "ignition_time", "ignition_area", "ignition_point",
    "cause_category", "cause_detail", "cause_finding", "disaster_causes", "burned_area_m2", "deaths",
    "serious_injuries", "minor_injuries", "affected_households", "direct_property_loss", "direct_economic_loss",
)  # fmt: skip
_TEXT_FIELDS = ("address", "district", "place_type", "unit_name", "summary", "dispatched_units", "ignition_area",
                "ignition_point", "cause_category", "cause_detail", "cause_finding", "disaster_causes")  # fmt: skip


@dataclass(frozen=True)
class CaseContext:
    """Settings, code lists and grade rules a case operation needs; load once for a batch of cases."""

    settings: AgencySettings
    reference: ReferenceLists
    grade_rules: list[GradeRuleSet]
    validation: ValidationContext

    def grade(self, draft: CaseDraft) -> FireGrade:
        assert draft.alarm_time is not None
        return grade_fire(GradeFacts.of(draft, self.settings.zone), self.grade_rules)


def load_case_context(session: Session) -> CaseContext:
    settings = load_agency_settings(session)
    reference = load_reference_lists(session)
    validation = ValidationContext(
        cause_details={name: frozenset(details) for name, details in reference.cause_details.items()},
        place_types=frozenset(reference.place_type_names),
        districts=frozenset(reference.districts),
        simple_loss_ceiling=settings.simple_procedure_loss_ceiling,
        investigator_ids=frozenset(p.id for p in list_people(session, investigators_only=True) if p.id is not None),
        now=utc_now(),
    )
    return CaseContext(settings, reference, load_grade_rules(session), validation)


@dataclass(frozen=True)
class InvestigatorRef:
    person_id: int
    name: str
    is_lead: bool


@dataclass(frozen=True)
class CaseDetail:
    """Read model of one case for editors, exports and the command line."""

    id: int
    case_number: str
    version: int
    status: CaseStatus
    fire_grade: FireGrade
    facts: CaseDraft
    investigators: tuple[InvestigatorRef, ...]
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    void_reason: str


def _detail(case: FireCase) -> CaseDetail:
    facts = CaseDraft(**{name: getattr(case, name) for name in _FACT_FIELDS})
    facts.procedure = Procedure(case.procedure)
    facts.parties = [PartyDraft(p.name, PartyRole(p.role), p.id_number, p.contact) for p in case.parties]
    lead = next((i for i in case.investigators if i.is_lead), None)
    facts.lead_investigator_id = lead.person_id if lead else None
    facts.other_investigator_ids = [i.person_id for i in case.investigators if not i.is_lead]
    return CaseDetail(
        id=case.id,
        case_number=case.case_number,
        version=case.version,
        status=CaseStatus(case.status),
        fire_grade=FireGrade(case.fire_grade),
        facts=facts,
        investigators=tuple(InvestigatorRef(i.person_id, i.person.name, i.is_lead) for i in case.investigators),
        created_at=case.created_at,
        created_by=case.created_by,
        updated_at=case.updated_at,
        updated_by=case.updated_by,
        void_reason=case.void_reason,
    )


def normalised(draft: CaseDraft) -> CaseDraft:
    """The draft with its texts stripped, as it is stored."""
    for name in _TEXT_FIELDS:
        setattr(draft, name, getattr(draft, name).strip())
    for party in draft.parties:
        party.name, party.id_number, party.contact = party.name.strip(), party.id_number.strip(), party.contact.strip()
    return draft


def fact_columns(draft: CaseDraft, ctx: CaseContext, actor: Actor, now: dt.datetime) -> dict[str, Any]:
    """The case row's columns that follow from its facts: the facts, the procedure, the grade, who saved them."""
    columns = {name: getattr(draft, name) for name in _FACT_FIELDS}
    columns.update(procedure=draft.procedure.value, fire_grade=ctx.grade(draft).value, updated_at=now,
                   updated_by=actor.name)  # fmt: skip
    return columns


def party_rows(draft: CaseDraft) -> list[dict[str, Any]]:
    """The case's parties as rows, in the draft's order."""
    return [dict(position=n, name=p.name, role=p.role.value, id_number=p.id_number, contact=p.contact)
            for n, p in enumerate(draft.parties)]  # fmt: skip


def assigned_investigators(draft: CaseDraft) -> list[tuple[int, bool]]:
    """(person id, is lead) of the case's investigators, the lead first."""
    assigned = [(draft.lead_investigator_id, True)] if draft.lead_investigator_id is not None else []
    return assigned + [(person_id, False) for person_id in draft.other_investigator_ids]


def _apply(case: FireCase, draft: CaseDraft, ctx: CaseContext, actor: Actor, now: dt.datetime) -> None:
    for name, value in fact_columns(draft, ctx, actor, now).items():
        setattr(case, name, value)
    case.parties = [Party(**row) for row in party_rows(draft)]
    # Keep rows of people still assigned (their identity matters to later audit), replace the rest.
    existing = {i.person_id: i for i in case.investigators}
    rows = []
    for position, (person_id, is_lead) in enumerate(assigned_investigators(draft)):
        row = existing.get(person_id) or CaseInvestigator(person_id=person_id)
        row.is_lead, row.position = is_lead, position
        rows.append(row)
    case.investigators = rows


def _check(draft: CaseDraft, ctx: CaseContext) -> None:
    errors = validate_case(draft, ctx.validation)
    if errors:
        raise ValidationFailed(errors)


@writes
def create_case(
    uow: UnitOfWork, draft: CaseDraft, *, case_number: str | None = None, ctx: CaseContext | None = None
) -> CaseDetail:
    """Register a new case; the number is assigned unless an imported case brings its own."""
    session, actor = uow.session, uow.actor
    ctx = ctx or load_case_context(session)
    draft = normalised(draft)
    _check(draft, ctx)
    assert draft.alarm_time is not None
    year = local_date(draft.alarm_time, ctx.settings.zone).year
    case = FireCase(status=CaseStatus.REGISTERED.value, void_reason="", created_by=actor.name)
    if case_number:
        _take_given_number(session, case, case_number.strip(), year)
    else:
        (number,) = allocate_case_numbers(session, ctx.settings.agency_code, year)
        case.case_number, case.agency_code, case.year, case.sequence = (
            str(number),
            number.agency_code,
            year,
            number.sequence,
        )
    now = utc_now()
    case.created_at = now
    _apply(case, draft, ctx, actor, now)
    session.add(case)
    session.flush()
    record_registration(session, actor, case)
    refresh_deadlines(session, [case])
    uow.changed(case.id, Part.FACTS, Part.TIMELINE)
    uow.changed_register(Register.CASES)
    return _detail(case)


def _take_given_number(session: Session, case: FireCase, case_number: str, alarm_year: int) -> None:
    if session.scalar(select(FireCase.id).where(FireCase.case_number == case_number)) is not None:
        raise ValidationFailed([FieldError("case_number", f"案件编号“{case_number}”已存在。")])
    columns = given_number_columns(case_number, alarm_year)
    for name, value in columns.items():
        setattr(case, name, value)
    parsed = parse_case_number(case_number)
    if parsed is not None:
        claim_case_numbers(session, [parsed])


def given_number_columns(case_number: str, alarm_year: int) -> dict[str, Any]:
    """The numbering columns of a case that brings its own number (claim it with claim_case_numbers)."""
    parsed = parse_case_number(case_number)
    if parsed is None:
        # A foreign number has no sequence of ours; the case is still filed under its alarm's year so the year
        # filter (and `export --year`) finds it.
        return dict(case_number=case_number, agency_code="", year=alarm_year, sequence=None)
    return dict(case_number=case_number, agency_code=parsed.agency_code, year=parsed.year, sequence=parsed.sequence)


_WITH_PEOPLE = (selectinload(FireCase.parties), selectinload(FireCase.investigators))


def case_label(case: FireCase) -> str:
    """How refusals name a case: "案件 320100-2026-00021 "."""
    return f"案件 {case.case_number} "


@writes
def update_case(uow: UnitOfWork, case_id: int, expected_version: int, draft: CaseDraft) -> CaseDetail:
    """Save edited facts; refused if someone saved the case after `expected_version` was read."""
    session = uow.session
    ctx = load_case_context(session)
    case = uow.lock_case(case_id, *_WITH_PEOPLE)
    uow.check_version(case, expected_version, case_label(case))
    if case.status == CaseStatus.VOIDED:
        raise ValidationFailed([FieldError("status", f"案件 {case.case_number} 已作废，不能再修改。")])
    draft = normalised(draft)
    _check(draft, ctx)
    _apply(case, draft, ctx, uow.actor, utc_now())
    uow.flush()
    follow_alarm_time(session, case)
    refresh_deadlines(session, [case])  # the alarm, extinguishing time or procedure may have moved them
    uow.changed(case.id, Part.FACTS, Part.TIMELINE)
    return _detail(case)


@writes
def void_case(uow: UnitOfWork, case_id: int, expected_version: int, reason: str) -> CaseDetail:
    """Void (作废) a case registered in error. Its number stays recorded as voided so numbering keeps no gaps."""
    case = uow.lock_case(case_id, *_WITH_PEOPLE)
    uow.check_version(case, expected_version, case_label(case))
    if not reason.strip():
        raise ValidationFailed([FieldError("void_reason", "请填写作废原因。")])
    if case.status == CaseStatus.VOIDED:
        raise ValidationFailed([FieldError("status", f"案件 {case.case_number} 已经作废。")])
    case.status = CaseStatus.VOIDED.value
    case.void_reason = reason.strip()
    case.updated_at, case.updated_by = utc_now(), uow.actor.name
    uow.flush()
    refresh_deadlines(uow.session, [case])  # a voided case has no deadlines
    uow.changed(case.id, Part.FACTS, Part.TIMELINE)
    uow.changed_register(Register.CASES)
    return _detail(case)


def case_detail(session: Session, case_id: int) -> CaseDetail:
    """The case's read model (for read models that include it)."""
    case = session.scalars(select(FireCase).where(FireCase.id == case_id).options(*_WITH_PEOPLE)).one_or_none()
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    return _detail(case)


@reads
def get_case(uow: UnitOfWork, case_id: int) -> CaseDetail:
    """One case's facts, status and version."""
    return case_detail(uow.session, case_id)


def load_case_details(session: Session, case_ids: Sequence[int]) -> list[CaseDetail]:
    """The cases with these ids, in the given order, read with three queries whatever their number (for exports)."""
    if not case_ids:
        return []
    loaded = session.scalars(select(FireCase).where(FireCase.id.in_(case_ids)).options(*_WITH_PEOPLE)).all()
    by_id = {case.id: case for case in loaded}
    return [_detail(by_id[case_id]) for case_id in case_ids if case_id in by_id]


def case_id_of(session: Session, case_number: str) -> int:
    """The internal id of the case with that number."""
    case_id = session.scalar(select(FireCase.id).where(FireCase.case_number == case_number.strip()))
    if case_id is None:
        raise NotFound(f"没有编号为“{case_number}”的案件。")
    return case_id


@reads
def find_case_id(uow: UnitOfWork, case_number: str) -> int:
    """The internal id of the case with that number (the command line names cases by number)."""
    return case_id_of(uow.session, case_number)
