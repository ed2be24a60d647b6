"""The items of a closed loop as plain values a user edits, and the checks each must pass before it is saved.

Every check returns FieldErrors naming the box to fix, in form order. Dates are calendar days in the agency's zone:
`fire_date` is the day of the alarm, `today` the day of the save.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fireinvest.errors import FieldError
from fireinvest.rules import text_limits
from fireinvest.rules.closed_loop import (
    DECIDED_STATUSES,
    AccountabilityMeasure,
    AccountabilityStatus,
    AddresseeKind,
    AssessmentWindow,
    MeasureStatus,
    PartyKind,
)

# The texts of loop items that have a column length (rules/text_limits.py, where the models take them from too).
TEXT_LIMITS = {
    "party": text_limits.ACCOUNTABILITY_ENTRIES["party"],
    "legal_basis": text_limits.ACCOUNTABILITY_ENTRIES["legal_basis"],
    "deciding_body": text_limits.ACCOUNTABILITY_ENTRIES["deciding_body"],
    "addressee": text_limits.PREVENTION_RECOMMENDATIONS["addressee"],
    "owner": text_limits.CORRECTIVE_MEASURES["owner"],
    "verified_by": text_limits.CORRECTIVE_MEASURES["verified_by"],
    "report_number": text_limits.RECTIFICATION_ASSESSMENTS["report_number"],
}

LOOP_LABELS: dict[str, str] = {
    "party": "责任单位或人员",
    "party_kind": "单位或个人",
    "breach": "违法违规事实",
    "legal_basis": "违反的法律条款",
    "measure": "追责措施",
    "deciding_body": "处理机关",
    "status": "办理状态",
    "outcome": "处理结果",
    "decided_on": "处理日期",
    "lesson": "事故教训",
    "recommendation": "防范建议",
    "addressee": "建议对象",
    "addressee_kind": "对象类别",
    "description": "整改措施",
    "owner": "责任单位",
    "deadline": "整改期限",
    "completed_on": "完成日期",
    "completion_note": "完成情况",
    "verified_by": "核查人",
    "verified_on": "核查日期",
    "team": "评估组成员",
    "visited_on": "现场核查日期",
    "findings": "评估情况",
    "report_number": "评估报告文号",
    "report_filed_on": "报告印发日期",
    "verdict": "评估结论",
}


@dataclass(frozen=True)
class AccountabilityDraft:
    """One responsible unit or person: what they breached (law and article) and what is done about it."""

    party: str
    measure: AccountabilityMeasure
    party_kind: PartyKind = PartyKind.UNIT
    breach: str = ""
    legal_basis: str = ""
    deciding_body: str = ""
    status: AccountabilityStatus = AccountabilityStatus.PROPOSED
    outcome: str = ""
    decided_on: dt.date | None = None


@dataclass(frozen=True)
class RecommendationDraft:
    """A lesson learned and the recommendation drawn from it, addressed to a unit, a sector or a local government."""

    recommendation: str
    addressee: str
    addressee_kind: AddresseeKind = AddresseeKind.UNIT
    lesson: str = ""


@dataclass(frozen=True)
class MeasureDraft:
    """A corrective measure: who must carry it out by when, and how its completion was checked."""

    description: str
    owner: str
    deadline: dt.date
    status: MeasureStatus = MeasureStatus.PLANNED
    completed_on: dt.date | None = None
    completion_note: str = ""
    verified_by: str = ""
    verified_on: dt.date | None = None
    recommendation_id: int | None = None  # the recommendation it carries out, if any


@dataclass(frozen=True)
class AssessmentDraft:
    """The rectification assessment as the team records it before the report is issued."""

    team: str = ""
    visited_on: dt.date | None = None
    findings: str = ""


def _fail(errors: list[FieldError], name: str, message: str) -> None:
    errors.append(FieldError(name, message))


def _check_texts(draft: object, required: tuple[str, ...], errors: list[FieldError]) -> None:
    for name in required:
        if not str(getattr(draft, name)).strip():
            _fail(errors, name, f"请填写{LOOP_LABELS[name]}。")
    texts = {name: str(getattr(draft, name)).strip() for name in TEXT_LIMITS if hasattr(draft, name)}
    errors += text_limits.text_problems(texts, TEXT_LIMITS, LOOP_LABELS)


def _check_day(errors: list[FieldError], name: str, day: dt.date | None, earliest: dt.date | None,
               earliest_what: str, today: dt.date) -> None:  # fmt: skip
    if day is None:
        return
    if earliest is not None and day < earliest:
        _fail(errors, name, f"{LOOP_LABELS[name]}不能早于{earliest_what}（{earliest.isoformat()}）。")
    if day > today:
        _fail(errors, name, f"{LOOP_LABELS[name]}不能晚于今天。")


def validate_accountability(draft: AccountabilityDraft, fire_date: dt.date, today: dt.date) -> list[FieldError]:
    """Party, breach and legal basis are needed; a decided entry names who decided and when."""
    errors: list[FieldError] = []
    _check_texts(draft, ("party", "breach", "legal_basis"), errors)
    if draft.status in DECIDED_STATUSES:
        if not draft.deciding_body.strip():
            _fail(errors, "deciding_body", f"状态为“{draft.status.label}”时请填写处理机关。")
        if draft.decided_on is None:
            _fail(errors, "decided_on", f"状态为“{draft.status.label}”时请填写处理日期。")
    _check_day(errors, "decided_on", draft.decided_on, fire_date, "火灾发生日期", today)
    return errors


def validate_recommendation(draft: RecommendationDraft) -> list[FieldError]:
    """The recommendation and whom it is addressed to are needed."""
    errors: list[FieldError] = []
    _check_texts(draft, ("recommendation", "addressee"), errors)
    return errors


def validate_measure(draft: MeasureDraft, fire_date: dt.date, today: dt.date) -> list[FieldError]:
    """Owner and a deadline after the fire; a completed measure has its date; a verification names who and when."""
    errors: list[FieldError] = []
    _check_texts(draft, ("description", "owner"), errors)
    if draft.deadline <= fire_date:
        _fail(errors, "deadline", f"整改期限应晚于火灾发生日期（{fire_date.isoformat()}）。")
    completed = draft.status == MeasureStatus.COMPLETED
    if completed and draft.completed_on is None:
        _fail(errors, "completed_on", "已完成的措施请填写完成日期。")
    if not completed and draft.completed_on is not None:
        _fail(errors, "completed_on", f"措施状态为“{draft.status.label}”，不能填写完成日期。")
    _check_day(errors, "completed_on", draft.completed_on, fire_date, "火灾发生日期", today)
    verified = bool(draft.verified_by.strip()) or draft.verified_on is not None
    if verified and not completed:
        _fail(errors, "verified_by", "措施完成后才能核查。")
    elif verified and not draft.verified_by.strip():
        _fail(errors, "verified_by", "请填写核查人。")
    elif verified and draft.verified_on is None:
        _fail(errors, "verified_on", "请填写核查日期。")
    _check_day(errors, "verified_on", draft.verified_on, draft.completed_on, "完成日期", today)
    return errors


def validate_assessment(draft: AssessmentDraft, closed_on: dt.date, today: dt.date) -> list[FieldError]:
    """The on-site check happens after the case was closed and not in the future."""
    errors: list[FieldError] = []
    _check_day(errors, "visited_on", draft.visited_on, closed_on, "结案日期", today)
    return errors


def validate_report(
    number: str, filed_on: dt.date | None, window: AssessmentWindow, visited_on: dt.date | None, today: dt.date
) -> list[FieldError]:
    """The issued report has a number and a date inside the assessment, after the on-site check."""
    errors: list[FieldError] = []
    if not number.strip():
        _fail(errors, "report_number", "请填写评估报告文号。")
    elif len(number.strip()) > TEXT_LIMITS["report_number"]:
        _fail(errors, "report_number", text_limits.too_long(LOOP_LABELS["report_number"], TEXT_LIMITS["report_number"]))
    if filed_on is None:
        _fail(errors, "report_filed_on", "请填写报告印发日期。")
        return errors
    if visited_on is not None and filed_on < visited_on:
        _fail(errors, "report_filed_on", f"报告印发日期不能早于现场核查日期（{visited_on.isoformat()}）。")
    _check_day(errors, "report_filed_on", filed_on, window.opens, "整改评估开始日期", today)
    return errors
