"""The facts of the printed case summary, gathered from the services as display-ready text.

Kept apart from the layout (documents/case_summary.py) so that what the leader's page says can be checked without
reading a PDF, and so the layout only decides where things go and how small they may get.

Use case (services.front_door): `case_summary` reads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from fireinvest.clock import format_local, utc_now
from fireinvest.rules.closed_loop import LoopStage
from fireinvest.rules.deadlines import Deadline, DeadlineStatus
from fireinvest.rules.expert_review import ReviewStatus
from fireinvest.services.attachments.intake import attachments_of
from fireinvest.services.cases import case_detail
from fireinvest.services.documents.register import issued_documents_of
from fireinvest.services.evidence import evidence_of
from fireinvest.services.front_door import reads
from fireinvest.services.loop.case_loop import loop_of
from fireinvest.services.people import login_names
from fireinvest.services.records import inspections_of, interviews_of
from fireinvest.services.reviews.gate import review_gate
from fireinvest.services.reviews.reads import reviews_of_case
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork
from fireinvest.services.workflow import timeline_of


@dataclass(frozen=True)
class TimelineLine:
    """One procedure step of the timeline."""

    day: str
    step: str
    by: str


@dataclass(frozen=True)
class DeadlineLine:
    """One statutory deadline, worded."""

    label: str
    due: str
    status: str
    urgent: bool  # overdue, or open and due within a week: printed in red


@dataclass(frozen=True)
class CaseSummary:
    """Everything the summary page prints, already worded."""

    agency: str
    printed_at: str
    case_number: str
    status: str
    procedure: str
    facts: tuple[tuple[str, str], ...]  # (label, value): times, place, unit, parties, investigators
    grade: str
    losses: tuple[tuple[str, str], ...]
    cause: tuple[tuple[str, str], ...]
    summary_text: str
    timeline: tuple[TimelineLine, ...]
    deadlines: tuple[DeadlineLine, ...]
    counts: tuple[tuple[str, str], ...]  # evidence, records, attachments, documents
    documents: tuple[str, ...]  # "title number" of each current document
    reviews: tuple[str, ...]  # one line per review, plus the gate when it blocks the determination
    loop: tuple[str, ...]  # stage, open and overdue items, what is missing


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f} 元"


def _joined(values, empty: str = "无") -> str:
    values = [v for v in values if v]
    return "、".join(values) if values else empty


@reads
def case_summary(uow: UnitOfWork, case_id: int, now: dt.datetime | None = None) -> CaseSummary:
    """The summary of one case as of `now` (default: this moment)."""
    session = uow.session
    case = case_detail(session, case_id)
    settings = load_agency_settings(session)
    zone = settings.zone
    f = case.facts
    lead = [i.name + "（主办）" for i in case.investigators if i.is_lead]
    others = [i.name for i in case.investigators if not i.is_lead]
    place = f.place_type + ("（重点单位）" if f.is_key_unit else "")
    facts = (
        ("接警时间", format_local(f.alarm_time, zone)),
        ("扑灭时间", format_local(f.extinguished_time, zone) or "未记录"),
        ("起火时间", format_local(f.ignition_time, zone) or "未认定"),
        ("辖区", f.district),
        ("起火地址", f.address),
        ("单位/户主", f.unit_name or "无"),
        ("场所类型", place),
        ("当事人", _joined(f"{p.name}（{p.role.label}）" for p in f.parties)),
        ("调查人员", _joined([*lead, *others], "未指定")),
    )
    losses = (
        ("死亡/重伤/轻伤", f"{f.deaths} / {f.serious_injuries} / {f.minor_injuries} 人"),
        ("过火面积", f"{f.burned_area_m2:,.2f} 平方米"),
        ("受灾户数", f"{f.affected_households} 户"),
        ("直接财产损失", _yuan(f.direct_property_loss)),
        ("直接经济损失", _yuan(f.direct_economic_loss)),
    )
    cause_name = f.cause_category + (f"（{f.cause_detail}）" if f.cause_detail else "")
    cause = (
        ("起火原因", cause_name or "尚未认定"),
        ("起火部位", f.ignition_area or "尚未认定"),
        ("起火点", f.ignition_point or "尚未认定"),
    )
    timeline = timeline_of(session, case_id)
    today = dt.datetime.now(zone).date() if now is None else now.astimezone(zone).date()
    names = login_names(session)  # who did each step, named as the register names them
    events = tuple(TimelineLine(format_local(e.time, zone)[:10], e.label, names.name(e.performed_by))
                   for e in timeline.events)  # fmt: skip
    deadlines = tuple(_deadline_line(d, today) for d in sorted(
        timeline.deadlines, key=lambda d: (d.status == DeadlineStatus.MET, d.due)))  # fmt: skip
    documents = issued_documents_of(session, case_id)
    return CaseSummary(
        agency=settings.agency_name,
        printed_at=format_local(now or utc_now(), zone),
        case_number=case.case_number,
        status=case.status.label,
        procedure=f.procedure.label,
        facts=facts,
        grade=case.fire_grade.value,
        losses=losses,
        cause=cause,
        summary_text=f.summary,
        timeline=events,
        deadlines=deadlines,
        counts=_counts(session, case_id, documents),
        documents=tuple(f"{d.title} {d.number_text}".strip() for d in documents if not d.voided),
        reviews=_reviews(session, case_id),
        loop=_loop(session, case_id),
    )


def _deadline_line(deadline: Deadline, today: dt.date) -> DeadlineLine:
    """A deadline as the summary prints it. A party's window that passed unused (a review not applied for) is not
    the agency's delay: it reads "已届满", not overdue, and is not marked."""
    status = deadline.status.label + ("（暂停计算）" if deadline.suspended else "")
    urgent = deadline.status == DeadlineStatus.OVERDUE or (
        deadline.status == DeadlineStatus.OPEN and (deadline.due - today).days <= 7)  # fmt: skip
    if deadline.responsible == "party":
        if deadline.status == DeadlineStatus.OVERDUE:
            status = "已届满"
        return DeadlineLine(deadline.label, deadline.due.isoformat(), status, False)
    return DeadlineLine(deadline.label, deadline.due.isoformat(), status, urgent)


def _counts(session: Session, case_id: int, documents) -> tuple[tuple[str, str], ...]:
    evidence = evidence_of(session, case_id)
    by_status = Counter(item.state.status.label for item in evidence)
    sealed = sum(1 for item in evidence if item.state.sealed)
    evidence_text = f"{len(evidence)} 件" + (f"（{_joined(f'{k}{v}' for k, v in by_status.items())}；已封存 {sealed}）"
                                             if evidence else "")  # fmt: skip
    attachments = Counter(a.kind.label for a in attachments_of(session, case_id))
    voided = sum(1 for d in documents if d.voided)
    return (
        ("物证", evidence_text),
        (
            "笔录",
            f"现场勘验 {len(inspections_of(session, case_id))} 份，询问 {len(interviews_of(session, case_id))} 份",
        ),
        ("附件", _joined((f"{kind} {n}" for kind, n in attachments.items()), "无")),
        ("文书", f"已出具 {len(documents) - voided} 份" + (f"，作废 {voided} 份" if voided else "")),
    )


def _reviews(session: Session, case_id: int) -> tuple[str, ...]:
    lines = []
    for review in reviews_of_case(session, case_id):
        conclusion = f"：{review.conclusion}" if review.conclusion and review.status != ReviewStatus.DRAFT else ""
        lines.append(f"{review.held_on.isoformat()} {review.purpose.label}（{review.status.label}，"
                     f"专家 {len(review.opinions)} 人）{conclusion}")  # fmt: skip
    blocked = review_gate(session, case_id)
    if blocked:
        lines.append(f"须经专家论证并形成结论后方可认定（{_joined(blocked)}）。")
    return tuple(lines) or ("无需专家论证，未组织论证。",)


def _loop(session: Session, case_id: int) -> tuple[str, ...]:
    loop = loop_of(session, case_id)
    if not loop.required_reasons and loop.stage == LoopStage.NOT_STARTED:
        return ("不属于须闭环整改的案件。",)
    open_measures = [m for m in loop.measures if m.is_open]
    overdue = [m for m in open_measures if m.overdue]
    required = f"（须闭环：{_joined(loop.required_reasons)}）" if loop.required_reasons else ""
    lines = [
        f"阶段：{loop.stage.label}{required}",
        f"责任追究 {len(loop.accountability)} 项，防范建议 {len(loop.recommendations)} 项，"
        f"整改措施 {len(loop.measures)} 项（未完成 {len(open_measures)}，逾期 {len(overdue)}）",
    ]
    for measure in overdue:
        lines.append(f"逾期：{measure.draft.owner} {measure.draft.description}（期限 {measure.draft.deadline}）")
    lines.extend(f"待办：{missing}" for missing in loop.missing)
    return tuple(lines)
