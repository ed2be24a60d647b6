"""The closed loop of a case, read back whole: its items as read models, the stage reached, what is still missing,
and its deadlines; plus the SQL conditions that find the cases needing or having a loop.

Use case: `case_loop` reads (the 闭环管理 tab); documents and the case summary read the same with `loop_of` in
their own transaction. Writing the items is in services/loop/items.py, the assessment, verdicts, referral and
closure in services/loop/assessment.py, both behind the guard in services/loop/guard.py. A loop is closed once the
assessment report is issued (close_loop), and a closed loop is read-only: changing a verdict then would make the
published report say something the database no longer does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, union
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import NotFound
from fireinvest.models import (
    AccountabilityEntry,
    Attachment,
    CaseEvent,
    CorrectiveMeasure,
    FireCase,
    PreventionRecommendation,
    RectificationAssessment,
)
from fireinvest.reference_files import load_reference
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.closed_loop import (
    AccountabilityMeasure,
    AccountabilityStatus,
    AddresseeKind,
    AssessmentWindow,
    LoopFacts,
    LoopRule,
    LoopSnapshot,
    LoopStage,
    MeasureState,
    MeasureStatus,
    PartyKind,
    Verdict,
    assessment_window,
    loop_closure_problems,
    loop_required_reasons,
    loop_stage,
    measure_is_open,
    measure_is_overdue,
    parse_loop_rule,
    short_text,
    window_not_open_problem,
)
from fireinvest.rules.deadlines import DeadlineStatus, deadline_status
from fireinvest.rules.loop_items import AccountabilityDraft, AssessmentDraft, MeasureDraft, RecommendationDraft
from fireinvest.rules.workflow import EventType
from fireinvest.services.attachments.intake import AttachmentRecord, attachments_of
from fireinvest.services.front_door import reads
from fireinvest.services.settings import load_agency_settings, load_setting
from fireinvest.services.unit_of_work import UnitOfWork

LOOP_RULE_KEY = "closed_loop_rule"  # an installation's own rule (settings table) wins over the shipped one


def load_loop_rule(session: Session) -> LoopRule:
    """Which fires need a loop and the assessment window: the stored rule, else resources/reference/closed_loop."""
    return parse_loop_rule(load_setting(session, LOOP_RULE_KEY) or load_reference("closed_loop"))


def agency_today(session: Session) -> dt.date:
    """Today in the agency's time zone: loop dates are calendar days where the fire was."""
    return utc_now().astimezone(load_agency_settings(session).zone).date()


def closure_dates(session: Session, case_ids: Sequence[int] | None = None) -> dict[int, dt.date]:
    """The local day each case was closed (结案 on its timeline), for the given cases or for all closed ones."""
    query = select(CaseEvent.case_id, func.max(CaseEvent.occurred_at)).where(CaseEvent.type == EventType.CLOSED.value)
    if case_ids is not None:
        query = query.where(CaseEvent.case_id.in_(case_ids))
    zone = load_agency_settings(session).zone
    return {
        case_id: moment.astimezone(zone).date()
        for case_id, moment in session.execute(query.group_by(CaseEvent.case_id))
    }


def loop_required_condition(rule: LoopRule):
    """SQL condition on fire_cases: the rule requires a loop (loop_required_reasons, as SQL)."""
    required: list[ColumnElement[bool]] = [FireCase.fire_grade.in_(sorted(rule.grades))]
    if rule.min_deaths is not None:
        required.append(FireCase.deaths >= rule.min_deaths)
    if rule.min_serious_injuries is not None:
        required.append(FireCase.serious_injuries >= rule.min_serious_injuries)
    return or_(*required)


_ITEM_MODELS = (AccountabilityEntry, PreventionRecommendation, CorrectiveMeasure, RectificationAssessment)


def has_loop_items_condition():
    """SQL condition on fire_cases: the case has at least one loop item."""
    return or_(*(FireCase.id.in_(select(model.case_id)) for model in _ITEM_MODELS))


def loop_case_condition(rule: LoopRule):
    """SQL condition on fire_cases: the rule requires a loop, or the case has loop items anyway.

    Written as one IN over a union of small indexed sets (the grade and deaths indexes, the item tables' case_id
    indexes) rather than an OR over the columns, which would read every case of the archive.
    """
    parts = [select(FireCase.id).where(FireCase.fire_grade.in_(sorted(rule.grades)))]
    if rule.min_deaths is not None:
        parts.append(select(FireCase.id).where(FireCase.deaths >= rule.min_deaths))
    if rule.min_serious_injuries is not None:
        parts.append(select(FireCase.id).where(FireCase.serious_injuries >= rule.min_serious_injuries))
    return FireCase.id.in_(union(*parts, *(select(model.case_id) for model in _ITEM_MODELS)))


# --- read models ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountabilityRecord:
    id: int
    case_id: int
    version: int
    draft: AccountabilityDraft
    referred_measure_id: int | None  # set when the entry was created from a measure the assessment found not done
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class RecommendationRecord:
    id: int
    case_id: int
    version: int
    draft: RecommendationDraft
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class MeasureRecord:
    id: int
    case_id: int
    version: int
    draft: MeasureDraft
    verdict: Verdict | None
    verdict_note: str
    referred_entry_id: int | None  # the accountability entry it was referred back to
    is_open: bool  # not completed and not judged yet
    overdue: bool  # open and past its deadline
    attachments: tuple[AttachmentRecord, ...]  # evidence of completion
    updated_at: dt.datetime
    updated_by: str

    @property
    def title(self) -> str:
        return short_text(self.draft.description)


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    case_id: int
    version: int
    draft: AssessmentDraft
    report_number: str
    report_filed_on: dt.date | None
    attachments: tuple[AttachmentRecord, ...]  # the assessment report and other material
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class LoopDeadline:
    """A date the loop must meet: a measure's deadline or the assessment's last day."""

    kind: str  # "measure" or "assessment"
    label: str
    due: dt.date
    status: DeadlineStatus
    basis: str
    item_id: int | None  # the measure's id; None for the assessment


@dataclass(frozen=True)
class CaseLoop:
    """Everything the loop tab of a case shows."""

    case_id: int
    case_number: str
    address: str
    district: str
    fire_grade: str
    case_status: CaseStatus
    closed_on: dt.date | None
    required_reasons: tuple[str, ...]  # empty: the rule does not require a loop (one may still be kept)
    stage: LoopStage
    accountability: tuple[AccountabilityRecord, ...]
    recommendations: tuple[RecommendationRecord, ...]
    measures: tuple[MeasureRecord, ...]
    assessment: AssessmentRecord | None
    window: AssessmentWindow | None  # None until the case is closed
    missing: tuple[str, ...]  # what still stands between the loop and its closure; empty once closed
    deadlines: tuple[LoopDeadline, ...]
    read_only_reason: str | None  # why nothing may be changed (closed loop, voided case)
    verdict_problem: str | None  # why verdicts cannot be recorded today
    today: dt.date

    @property
    def is_closed(self) -> bool:
        return self.stage == LoopStage.CLOSED


@dataclass
class LoopRows:
    """The stored items of one case's loop (ORM rows), as read for a case or for many at once."""

    accountability: list[AccountabilityEntry] = field(default_factory=list)
    recommendations: list[PreventionRecommendation] = field(default_factory=list)
    measures: list[CorrectiveMeasure] = field(default_factory=list)
    assessment: RectificationAssessment | None = None


def loop_rows_of_cases(session: Session, case_ids: Sequence[int]) -> dict[int, LoopRows]:
    """The loop items of many cases in four queries, whatever their number (case loop, exports)."""
    found = {case_id: LoopRows() for case_id in case_ids}
    if not case_ids:
        return found
    lists: tuple[tuple[Any, str], ...] = ((AccountabilityEntry, "accountability"),
                                          (PreventionRecommendation, "recommendations"),
                                          (CorrectiveMeasure, "measures"))  # fmt: skip
    for model, name in lists:
        for row in session.scalars(select(model).where(model.case_id.in_(case_ids)).order_by(model.id)):
            getattr(found[row.case_id], name).append(row)
    assessments = select(RectificationAssessment).where(RectificationAssessment.case_id.in_(case_ids))
    for row in session.scalars(assessments):
        found[row.case_id].assessment = row
    return found


def accountability_record(row: AccountabilityEntry) -> AccountabilityRecord:
    draft = AccountabilityDraft(row.party, AccountabilityMeasure(row.measure), PartyKind(row.party_kind), row.breach,
                                row.legal_basis, row.deciding_body, AccountabilityStatus(row.status), row.outcome,
                                row.decided_on)  # fmt: skip
    return AccountabilityRecord(row.id, row.case_id, row.version, draft, row.referred_measure_id, row.updated_at,
                                row.updated_by)  # fmt: skip


def recommendation_record(row: PreventionRecommendation) -> RecommendationRecord:
    draft = RecommendationDraft(row.recommendation, row.addressee, AddresseeKind(row.addressee_kind), row.lesson)
    return RecommendationRecord(row.id, row.case_id, row.version, draft, row.updated_at, row.updated_by)


def measure_record(
    row: CorrectiveMeasure, today: dt.date, referred_entry_id: int | None = None,
    attachments: tuple[AttachmentRecord, ...] = (),
) -> MeasureRecord:  # fmt: skip
    status, verdict = MeasureStatus(row.status), Verdict(row.verdict) if row.verdict else None
    draft = MeasureDraft(row.description, row.owner, row.deadline, status, row.completed_on, row.completion_note,
                         row.verified_by, row.verified_on, row.recommendation_id)  # fmt: skip
    return MeasureRecord(row.id, row.case_id, row.version, draft, verdict, row.verdict_note, referred_entry_id,
                         measure_is_open(status, verdict), measure_is_overdue(row.deadline, status, verdict, today),
                         attachments, row.updated_at, row.updated_by)  # fmt: skip


def assessment_record(row: RectificationAssessment, attachments: tuple[AttachmentRecord, ...] = ()) -> AssessmentRecord:
    draft = AssessmentDraft(row.team, row.visited_on, row.findings)
    return AssessmentRecord(row.id, row.case_id, row.version, draft, row.report_number, row.report_filed_on,
                            attachments, row.updated_at, row.updated_by)  # fmt: skip


def assessment_recorded(row: RectificationAssessment | None) -> bool:
    """The assessment names its team and the day of its on-site check (what closure asks of it)."""
    return row is not None and bool(row.team.strip()) and row.visited_on is not None


def loop_snapshot(rows: LoopRows, closed_on: dt.date | None) -> LoopSnapshot:
    """What closure needs to know of a case's stored loop."""
    referred = {e.referred_measure_id for e in rows.accountability if e.referred_measure_id is not None}
    measures = [MeasureState(m.description, Verdict(m.verdict) if m.verdict else None, m.id in referred)
                for m in rows.measures]  # fmt: skip
    filed = rows.assessment.report_filed_on if rows.assessment is not None else None
    return LoopSnapshot(closed_on, len(rows.accountability), len(rows.recommendations), measures,
                        assessment_recorded(rows.assessment), filed)  # fmt: skip


def stage_of(rows: LoopRows) -> LoopStage:
    started = rows.assessment is not None or any(m.verdict for m in rows.measures)
    filed = rows.assessment is not None and rows.assessment.report_filed_on is not None
    return loop_stage(len(rows.accountability), len(rows.recommendations), len(rows.measures), started, filed)


def measure_deadline_label(owner: str, description: str) -> str:
    """How a measure's deadline is named in the to-do list and on the loop tab."""
    return f"整改措施（{short_text(owner, 12)}）：{short_text(description, 16)}"


ASSESSMENT_LABEL = "完成整改评估并印发评估报告"


def _deadlines(measures: Sequence[MeasureRecord], window: AssessmentWindow | None, closed: bool,
               today: dt.date) -> tuple[LoopDeadline, ...]:  # fmt: skip
    found = []
    for m in measures:
        status = DeadlineStatus.MET if not m.is_open else deadline_status(m.draft.deadline, None, False, today)
        found.append(LoopDeadline("measure", measure_deadline_label(m.draft.owner, m.draft.description),
                                  m.draft.deadline, status, f"责任单位 {m.draft.owner}，整改期限 {m.draft.deadline}",
                                  m.id))  # fmt: skip
    if window is not None:
        status = DeadlineStatus.MET if closed else deadline_status(window.due, None, False, today)
        found.append(LoopDeadline("assessment", ASSESSMENT_LABEL, window.due, status, window.basis, None))
    return tuple(sorted(found, key=lambda d: (d.due, d.kind)))


def _attachments_by_link(session: Session, case_id: int) -> tuple[dict[int, list[AttachmentRecord]], list]:
    records = {r.id: r for r in attachments_of(session, case_id)}
    links = session.execute(
        select(Attachment.id, Attachment.corrective_measure_id, Attachment.assessment_id).where(
            Attachment.case_id == case_id,
            or_(Attachment.corrective_measure_id.is_not(None), Attachment.assessment_id.is_not(None)),
        )
    ).all()
    by_measure: dict[int, list[AttachmentRecord]] = {}
    of_assessment = []
    for attachment_id, measure_id, assessment_id in links:
        if measure_id is not None:
            by_measure.setdefault(measure_id, []).append(records[attachment_id])
        if assessment_id is not None:
            of_assessment.append(records[attachment_id])
    return by_measure, of_assessment


def loop_of(session: Session, case_id: int, today: dt.date | None = None) -> CaseLoop:
    """A case's whole loop as of today (or the given day): items, stage, what is missing, deadlines."""
    case = session.get(FireCase, case_id)
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    today = today or agency_today(session)
    rule = load_loop_rule(session)
    rows = loop_rows_of_cases(session, [case_id])[case_id]
    closed_on = closure_dates(session, [case_id]).get(case_id)
    by_measure, of_assessment = _attachments_by_link(session, case_id)
    referred = {e.referred_measure_id: e.id for e in rows.accountability if e.referred_measure_id is not None}
    measures = tuple(
        measure_record(m, today, referred.get(m.id), tuple(by_measure.get(m.id, ()))) for m in rows.measures
    )
    assessment = assessment_record(rows.assessment, tuple(of_assessment)) if rows.assessment is not None else None
    stage = stage_of(rows)
    window = assessment_window(closed_on, rule) if closed_on is not None else None
    missing = (
        () if stage == LoopStage.CLOSED else tuple(loop_closure_problems(loop_snapshot(rows, closed_on), rule, today))
    )
    facts = LoopFacts(case.deaths, case.serious_injuries, case.fire_grade)
    return CaseLoop(
        case_id=case.id, case_number=case.case_number, address=case.address, district=case.district,
        fire_grade=case.fire_grade, case_status=CaseStatus(case.status), closed_on=closed_on,
        required_reasons=tuple(loop_required_reasons(facts, rule)), stage=stage,
        accountability=tuple(accountability_record(e) for e in rows.accountability),
        recommendations=tuple(recommendation_record(r) for r in rows.recommendations), measures=measures,
        assessment=assessment, window=window, missing=missing,
        deadlines=_deadlines(measures, window, stage == LoopStage.CLOSED, today),
        read_only_reason=read_only_reason(case, rows.assessment),
        verdict_problem=window_not_open_problem(closed_on, rule, today), today=today,
    )  # fmt: skip


@reads
def case_loop(uow: UnitOfWork, case_id: int, today: dt.date | None = None) -> CaseLoop:
    """A case's whole loop as of today (or the given day): items, stage, what is missing, deadlines."""
    return loop_of(uow.session, case_id, today)


def read_only_reason(case: FireCase, assessment: RectificationAssessment | None) -> str | None:
    """Why the case's loop may not change: the case is voided, or the loop was closed by issuing the report."""
    if case.status == CaseStatus.VOIDED:
        return f"案件 {case.case_number} 已作废，闭环内容不能再修改。"
    if assessment is not None and assessment.report_filed_on is not None:
        return (f"案件 {case.case_number} 的闭环已于 {assessment.report_filed_on.isoformat()} 完成"
                f"（整改评估报告 {assessment.report_number}），各项内容不能再修改。")  # fmt: skip
    return None
