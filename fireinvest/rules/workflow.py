"""The investigation procedure as a state machine over the case's timeline (火灾事故调查规定).

A case's state is never stored on its own: it is the fold of its events, so the timeline is the single source of
truth and an imported history yields the same state as one recorded here. `check_step` says why a step is not
allowed, in Chinese, before anything is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fireinvest.rules.case_facts import CaseStatus, Procedure, cause_found, in_the_future


class EventType(StrEnum):
    REGISTERED = "registered"  # 受理登记
    INVESTIGATION_STARTED = "investigation_started"  # 开始调查
    SIMPLE_DETERMINED = "simple_determined"  # 简易程序当场认定
    SIMPLE_FILED = "simple_filed"  # 简易认定书报所属机构备案
    LAB_SENT = "lab_sent"  # 送检验鉴定
    LAB_RETURNED = "lab_returned"  # 检验鉴定意见返回
    EXTENSION_APPROVED = "extension_approved"  # 上一级机构批准延长认定期限
    LOSSES_DECLARED = "losses_declared"  # 当事人申报直接财产损失
    HEARING_HELD = "hearing_held"  # 认定前说明
    DETERMINED = "determined"  # 作出火灾事故认定
    SERVED = "served"  # 送达
    COPY_REQUESTED = "copy_requested"  # 当事人申请复制材料
    COPY_PROVIDED = "copy_provided"
    REVIEW_APPLIED = "review_applied"  # 收到复核申请
    REVIEW_ACCEPTED = "review_accepted"  # 复核受理
    REVIEW_REFUSED = "review_refused"  # 不予受理
    CASE_FILE_SENT = "case_file_sent"  # 原认定机构提交说明和案卷
    REVIEW_CONCLUDED = "review_concluded"  # 复核结论
    REDETERMINED = "redetermined"  # 重新作出认定
    LAWSUIT_ACCEPTED = "lawsuit_accepted"  # 法院已受理诉讼
    CLOSED = "closed"  # 结案

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    EventType.REGISTERED: "受理登记",
    EventType.INVESTIGATION_STARTED: "开始调查",
    EventType.SIMPLE_DETERMINED: "简易程序当场认定",
    EventType.SIMPLE_FILED: "简易认定书备案",
    EventType.LAB_SENT: "送检验鉴定",
    EventType.LAB_RETURNED: "检验鉴定意见返回",
    EventType.EXTENSION_APPROVED: "批准延长认定期限",
    EventType.LOSSES_DECLARED: "当事人申报损失",
    EventType.HEARING_HELD: "认定前说明",
    EventType.DETERMINED: "作出火灾事故认定",
    EventType.SERVED: "送达认定书",
    EventType.COPY_REQUESTED: "申请复制材料",
    EventType.COPY_PROVIDED: "提供材料复制件",
    EventType.REVIEW_APPLIED: "收到复核申请",
    EventType.REVIEW_ACCEPTED: "复核受理",
    EventType.REVIEW_REFUSED: "复核不予受理",
    EventType.CASE_FILE_SENT: "提交说明及案卷",
    EventType.REVIEW_CONCLUDED: "作出复核结论",
    EventType.REDETERMINED: "重新作出认定",
    EventType.LAWSUIT_ACCEPTED: "法院受理诉讼",
    EventType.CLOSED: "结案",
}


class ServiceMethod(StrEnum):
    IN_PERSON = "in_person"  # 直接送达
    POST = "post"  # 邮寄送达
    PUBLIC_NOTICE = "public_notice"  # 公告送达

    @property
    def label(self) -> str:
        return {"in_person": "直接送达", "post": "邮寄送达", "public_notice": "公告送达"}[self.value]


class ReviewOutcome(StrEnum):
    UPHELD = "upheld"  # 维持原认定
    REDETERMINE = "redetermine"  # 责令重新认定


class RefusalGround(StrEnum):
    """Why a review application is refused: the five grounds, numbered as the refusal notice lists them."""

    NOT_A_PARTY = "not_a_party"
    LATE = "late"
    ALREADY_REVIEWED = "already_reviewed"
    LAWSUIT_ACCEPTED = "lawsuit_accepted"
    SIMPLE_PROCEDURE = "simple_procedure"

    @property
    def label(self) -> str:
        return _GROUND_LABELS[self]

    @property
    def number(self) -> int:
        return list(RefusalGround).index(self) + 1


_GROUND_LABELS = {
    RefusalGround.NOT_A_PARTY: "申请人不是火灾事故当事人的",
    RefusalGround.LATE: "超过复核申请期限的",
    RefusalGround.ALREADY_REVIEWED: "已经复核过的（复核以一次为限）",
    RefusalGround.LAWSUIT_ACCEPTED: "当事人就火灾事故提起诉讼，人民法院已经受理的",
    RefusalGround.SIMPLE_PROCEDURE: "火灾事故认定适用简易调查程序作出的",
}


@dataclass(frozen=True)
class WorkflowEvent:
    type: EventType
    time: dt.datetime
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def day(self) -> dt.date:
        return self.time.date()


@dataclass(frozen=True)
class CaseState:
    """What the timeline says about a case now."""

    status: CaseStatus
    determination_count: int = 0
    served: bool = False
    review_applications: int = 0
    review_pending: bool = False  # applied, not yet accepted or refused
    review_accepted: bool = False
    review_concluded: bool = False
    redetermination_ordered: bool = False
    lawsuit_accepted: bool = False
    open_lab_submissions: int = 0
    hearing_held: bool = False


def fold(events: Iterable[WorkflowEvent]) -> CaseState:
    """The state after the events, in time order."""
    state = CaseState(CaseStatus.REGISTERED)
    for event in sorted(events, key=lambda e: e.time):
        state = advance(state, event)
    return state


def _replace(state: CaseState, **changes: Any) -> CaseState:
    values = dict(state.__dict__)
    values.update(changes)
    return CaseState(**values)


def advance(state: CaseState, event: WorkflowEvent) -> CaseState:
    """The state after one more event (later than those `state` folds)."""
    t, status = event.type, state.status
    if t == EventType.INVESTIGATION_STARTED:
        return _replace(state, status=CaseStatus.INVESTIGATING)
    if t == EventType.HEARING_HELD:
        return _replace(state, status=CaseStatus.HEARING, hearing_held=True)
    if t in (EventType.DETERMINED, EventType.SIMPLE_DETERMINED, EventType.REDETERMINED):
        return _replace(state, status=CaseStatus.DETERMINED, determination_count=state.determination_count + 1,
                        served=False, redetermination_ordered=False)  # fmt: skip
    if t == EventType.SERVED:
        return _replace(state, status=CaseStatus.SERVED, served=True)
    if t == EventType.LAB_SENT:
        return _replace(state, open_lab_submissions=state.open_lab_submissions + 1)
    if t == EventType.LAB_RETURNED:
        return _replace(state, open_lab_submissions=max(0, state.open_lab_submissions - 1))
    if t == EventType.REVIEW_APPLIED:
        return _replace(state, status=CaseStatus.UNDER_REVIEW, review_applications=state.review_applications + 1,
                        review_pending=True)  # fmt: skip
    if t == EventType.REVIEW_ACCEPTED:
        return _replace(state, review_pending=False, review_accepted=True)
    if t == EventType.REVIEW_REFUSED:
        return _replace(state, status=CaseStatus.SERVED, review_pending=False)
    if t == EventType.REVIEW_CONCLUDED:
        redetermine = event.details.get("outcome") == ReviewOutcome.REDETERMINE
        return _replace(state, status=CaseStatus.UNDER_REVIEW if redetermine else CaseStatus.SERVED,
                        review_accepted=False, review_concluded=True, redetermination_ordered=redetermine)  # fmt: skip
    if t == EventType.LAWSUIT_ACCEPTED:
        return _replace(state, lawsuit_accepted=True)
    if t == EventType.CLOSED:
        return _replace(state, status=CaseStatus.CLOSED)
    return _replace(state, status=status)


@dataclass(frozen=True)
class StepContext:
    """Facts of the case a step may depend on, besides its timeline."""

    procedure: Procedure
    cause_category: str
    party_names: frozenset[str]
    review_period_end: dt.date | None = None  # last day a party may apply for review (from the deadlines)
    # Why the case needs a concluded expert review it does not have yet (rules/expert_review.py); empty when it
    # has one or needs none. Only a determination waits for it.
    missing_expert_review: tuple[str, ...] = ()
    now: dt.datetime | None = None  # a step later than this is refused (None: not checked)


def check_step(
    events: Sequence[WorkflowEvent], new: WorkflowEvent, ctx: StepContext, state: CaseState | None = None
) -> list[str]:
    """Why the new event may not be recorded now; empty when it may. `state` is fold(events), when the caller
    replaying a whole timeline already has it."""
    state = fold(events) if state is None else state
    latest = max((e.time for e in events), default=None)
    problems: list[str] = []
    if in_the_future(new.time, ctx.now):
        problems.append("程序步骤的时间不能晚于现在，请检查日期（以及本机时钟）。")
    if latest is not None and new.time < latest:
        problems.append("新记录的时间不能早于时间线上最后一个事件。")
    if state.status == CaseStatus.CLOSED and new.type not in (EventType.COPY_REQUESTED, EventType.COPY_PROVIDED):
        problems.append("案件已结案，不能再记录程序步骤。")
        return problems
    rule = _STEP_RULES.get(new.type)
    if rule is not None:
        problems += rule(state, new, ctx, events)
    return problems


def _general_only(ctx: StepContext, what: str) -> list[str]:
    return [f"简易调查程序的案件不进行{what}。"] if ctx.procedure == Procedure.SIMPLE else []


def _simple_only(ctx: StepContext, what: str) -> list[str]:
    return [f"{what}只适用于简易调查程序。"] if ctx.procedure != Procedure.SIMPLE else []


def _check_investigation(state, new, ctx, events):
    if state.status != CaseStatus.REGISTERED:
        return ["调查已经开始。"]
    return _general_only(ctx, "立案调查")


def _check_simple_determination(state, new, ctx, events):
    problems = _simple_only(ctx, "当场认定")
    if state.determination_count:
        problems.append("已经作出认定。")
    return problems


def _check_simple_filing(state, new, ctx, events):
    problems = _simple_only(ctx, "简易认定书备案")
    if not state.determination_count:
        problems.append("尚未作出简易程序认定，不能备案。")
    return problems


def _check_investigating(state, new, ctx, events):
    if state.determination_count and new.type == EventType.EXTENSION_APPROVED:
        return ["已经作出认定，不需要延长认定期限。"]
    if state.status == CaseStatus.REGISTERED and ctx.procedure == Procedure.GENERAL:
        return ["请先记录“开始调查”。"]
    if new.type == EventType.EXTENSION_APPROVED:
        problems = _general_only(ctx, "延长认定期限")
        if not str(new.details.get("approved_by", "")).strip():
            problems.append("请填写批准延期的上一级机构或批准人。")
        if any(e.type == EventType.EXTENSION_APPROVED for e in events):
            problems.append("认定期限只能延长一次。")
        return problems
    if new.type == EventType.LAB_RETURNED and state.open_lab_submissions == 0:
        return ["没有尚未返回的送检记录。"]
    return []


def _check_hearing(state, new, ctx, events):
    problems = _general_only(ctx, "认定前说明")
    if state.status not in (CaseStatus.INVESTIGATING, CaseStatus.HEARING):
        problems.append("只有调查中的案件才能进行认定前说明。")
    return problems


def _check_determination(state, new, ctx, events):
    problems = _general_only(ctx, "一般程序认定")
    if state.determination_count:
        problems.append("已经作出认定；复核后需要重新认定时请记录“重新作出认定”。")
    elif not state.hearing_held:
        problems.append("作出认定前应当进行认定前说明（认定前说明记录）。")
    problems += _cause_problems(new, ctx) + _expert_review_problems(ctx)
    return problems


def _cause_problems(new: WorkflowEvent, ctx: StepContext) -> list[str]:
    cause = str(new.details.get("cause_category") or ctx.cause_category or "").strip()
    excluded = [c for c in new.details.get("excluded_causes", []) if str(c).strip()]
    if not cause_found(cause) and not excluded:
        return ["认定必须写明起火原因；原因无法查明时，必须列明排除的原因。"]
    return []


def _check_service(state, new, ctx, events):
    if not state.determination_count or state.served:
        return ["没有待送达的认定书。"]
    method = new.details.get("method")
    if method not in {m.value for m in ServiceMethod}:
        return ["请选择送达方式：直接送达、邮寄送达或公告送达。"]
    return []


def _check_review_application(state, new, ctx, events):
    problems = []
    if ctx.procedure == Procedure.SIMPLE:
        problems.append("简易调查程序作出的认定不能申请复核。")
    applicant = str(new.details.get("applicant", "")).strip()
    if applicant not in ctx.party_names:
        problems.append(f"复核申请人“{applicant}”不是本案当事人。")
    if not state.served:
        problems.append("认定书尚未送达，不能申请复核。")
    if state.review_applications:
        problems.append("复核只能申请一次，本案已经申请过复核。")
    if state.lawsuit_accepted:
        problems.append("人民法院已受理相关诉讼，不能再申请复核。")
    if ctx.review_period_end is not None and new.day > ctx.review_period_end:
        problems.append(f"复核申请已超过期限（最后一天为 {ctx.review_period_end.isoformat()}）。")
    return problems


def _check_review_decision(state, new, ctx, events):
    if not state.review_pending:
        return ["没有待决定是否受理的复核申请。"]
    # The ground a refusal names; a timeline brought from an older file may have none (the notice leaves it blank).
    ground = new.details.get("ground")
    if new.type == EventType.REVIEW_REFUSED and ground is not None and ground not in set(RefusalGround):
        return ["请选择不予受理的情形（五项之一）。"]
    return []


def _check_review_progress(state, new, ctx, events):
    if not state.review_accepted:
        return ["复核尚未受理。"]
    if new.type == EventType.REVIEW_CONCLUDED and new.details.get("outcome") not in {o.value for o in ReviewOutcome}:
        return ["请选择复核结论：维持原认定或责令重新认定。"]
    return []


def _check_redetermination(state, new, ctx, events):
    if not state.redetermination_ordered:
        return ["复核结论没有责令重新认定。"]
    return _cause_problems(new, ctx) + _expert_review_problems(ctx)


def _expert_review_problems(ctx: StepContext) -> list[str]:
    if not ctx.missing_expert_review:
        return []
    return [f"作出认定前需要经专家论证并形成结论（原因：{'；'.join(ctx.missing_expert_review)}）。"]


def _check_closing(state, new, ctx, events):
    if state.status == CaseStatus.UNDER_REVIEW:
        return ["复核尚未结束，不能结案。"]
    if ctx.procedure == Procedure.SIMPLE:
        filed = any(e.type == EventType.SIMPLE_FILED for e in events)
        return [] if filed else ["简易程序认定书尚未备案，不能结案。"]
    if not state.served:
        return ["认定书尚未送达，不能结案。"]
    return []


def _check_copy_provided(state, new, ctx, events):
    requested = sum(e.type == EventType.COPY_REQUESTED for e in events)
    provided = sum(e.type == EventType.COPY_PROVIDED for e in events)
    return [] if requested > provided else ["没有待办理的复制申请。"]


_STEP_RULES = {
    EventType.REGISTERED: lambda *_: ["受理登记在建立案件时自动记录。"],
    EventType.INVESTIGATION_STARTED: _check_investigation,
    EventType.SIMPLE_DETERMINED: _check_simple_determination,
    EventType.SIMPLE_FILED: _check_simple_filing,
    EventType.LAB_SENT: _check_investigating,
    EventType.LAB_RETURNED: _check_investigating,
    EventType.EXTENSION_APPROVED: _check_investigating,
    EventType.HEARING_HELD: _check_hearing,
    EventType.DETERMINED: _check_determination,
    EventType.SERVED: _check_service,
    EventType.REVIEW_APPLIED: _check_review_application,
    EventType.REVIEW_ACCEPTED: _check_review_decision,
    EventType.REVIEW_REFUSED: _check_review_decision,
    EventType.CASE_FILE_SENT: _check_review_progress,
    EventType.REVIEW_CONCLUDED: _check_review_progress,
    EventType.REDETERMINED: _check_redetermination,
    EventType.CLOSED: _check_closing,
    EventType.COPY_PROVIDED: _check_copy_provided,
}
