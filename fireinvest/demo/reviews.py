"""Expert reviews for the demo cases: every case the review rule covers gets a concluded cause determination review
held before its hearing (so its determination passes the same gate as one recorded by hand), a case still under
investigation sometimes has a draft, and closed large fires often got a case evaluation (案例评析) afterwards.

Three to five experts from a demo register of twelve sit on each review; now and then one dissents and the dissent
is recorded. Each case draws from its own random generator seeded by its case number, so the reviews neither shift
the cases generated after them nor change between runs. Written with bulk INSERTs, batch by batch, like demo.py.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fireinvest.models import Expert, ExpertReview, ReviewOpinion
from fireinvest.rules.case_facts import UNDETERMINED_CAUSE, cause_found
from fireinvest.rules.expert_review import ReviewFacts, ReviewPurpose, ReviewStatus, review_required_reasons
from fireinvest.rules.grading import FireGrade
from fireinvest.rules.workflow import EventType, WorkflowEvent
from fireinvest.services.actor import Actor
from fireinvest.services.reviews.gate import load_review_rule
from fireinvest.services.settings import load_agency_settings

# name, unit, title, specialty, contact
DEMO_EXPERTS = (
    ("陈立新", "应急管理部天津消防研究所", "研究员", "电气火灾物证鉴定", "022-58380001"),
    ("刘建华", "某省消防救援总队", "高级工程师", "火灾事故调查", "025-83920002"),
    ("王海燕", "某工业大学安全科学与工程学院", "教授", "火灾动力学", "025-58130003"),
    ("赵文斌", "某省电力公司电力科学研究院", "高级工程师", "电气线路与设备", "025-86530004"),
    ("孙志强", "某市消防救援支队", "高级工程师", "火灾事故调查", "025-84420005"),
    ("周敏", "某大学能源与环境学院", "副教授", "燃烧学", "025-83790006"),
    ("吴国栋", "某省特种设备安全监督检验研究院", "高级工程师", "燃气与压力管道", "025-85210007"),
    ("徐丽", "某市公安局物证鉴定所", "主任法医师", "法医病理", "025-84680008"),
    ("朱永刚", "某省建筑科学研究院", "研究员级高级工程师", "建筑防火", "025-86630009"),
    ("胡晓东", "应急管理部上海消防研究所", "副研究员", "火灾痕迹物证", "021-57580010"),
    ("郭建平", "某理工大学化学与化工学院", "教授", "危险化学品", "025-84310011"),
    ("马俊", "某市机动车检测中心", "高级工程师", "车辆火灾", "025-52160012"),
)
REVIEW_PLACES = ("支队三楼会议室", "大队会议室", "火灾调查技术中心会商室", "总队火调处会议室")
LARGE_GRADES = frozenset({FireGrade.LARGER, FireGrade.MAJOR, FireGrade.EXTRAORDINARY})
DISSENT_SHARE = 0.12
EVALUATION_SHARE = 0.6  # closed large fires that were evaluated as a case
DRAFT_SHARE = 0.4  # cases under investigation whose review is being written up

_OPINIONS = (
    "同意起火部位位于{area}、起火点位于{point}的认定。现场{area}烧损程度最重，蔓延痕迹由此向外呈扇形展开。",
    "经查看现场勘验笔录、现场照片和物证检验意见，认定起火原因为{cause}，依据充分，证据之间能够相互印证。",
    "{point}处的痕迹特征与{cause}起火相符；结合证人证言和视频监控，可以排除放火、吸烟等其他原因。",
    "同意专家组意见。建议在认定书中写明排除其他起火原因的理由，并补充起火前用电、用火情况的询问。",
    "认定起火时间、起火部位和起火原因的证据链完整，同意认定为{cause}。",
)
_DISSENTS = (
    "现有证据尚不足以排除遗留火种引起火灾的可能，建议补充对{point}残留物的检验后再作认定。",
    "对起火点的认定有不同意见，认为起火点可能位于{area}外侧，建议补充现场勘验。",
)
_EVALUATION_OPINIONS = (
    "本起火灾暴露出{unit}消防安全主体责任不落实、隐患排查整改不到位的问题。",
    "建议行业主管部门在全市同类场所开展{cause}火灾隐患专项排查整治。",
    "建议加强对员工和住户的消防安全培训，提高初起火灾处置和疏散逃生能力。",
    "火灾蔓延迅速与可燃物大量堆放、防火分隔失效有关，应作为典型案例通报。",
)


@dataclass(frozen=True)
class _Planned:
    case_id: int
    purpose: ReviewPurpose
    status: ReviewStatus
    held_on: dt.date
    concluded_at: dt.datetime | None
    question: str
    conclusion: str
    dissent: str
    opinions: tuple[tuple[int, str, bool], ...]  # expert id, opinion, dissents


def add_demo_reviews(session: Session, actor: Actor, end: dt.datetime, case_ids: Sequence[int],
                     cases: Sequence[tuple[Any, ...]]) -> None:  # fmt: skip
    """Reviews for one inserted batch of demo cases; `cases` are demo.py's (draft, status, grade, events, number)."""
    rule = load_review_rule(session)
    zone = load_agency_settings(session).zone
    wanted = []
    for case_id, (draft, _status, grade, events, number) in zip(case_ids, cases):
        required = bool(review_required_reasons(ReviewFacts.of(draft, grade), rule))
        evaluated = FireGrade(grade) in LARGE_GRADES and any(e.type == EventType.CLOSED for e in events)
        if required or evaluated:
            wanted.append((case_id, draft, events, random.Random(f"review:{number}"), required, evaluated))
    if not wanted:
        return
    experts = _demo_experts(session, actor, end)
    planned: list[_Planned | None] = []
    for case_id, draft, events, rng, required, evaluated in wanted:
        writer = _ReviewWriter(rng, zone, end, experts, case_id, draft)
        if required:
            planned.append(writer.cause_review(events))
        if evaluated:
            planned.append(writer.evaluation(events))
    _insert(session, actor, end, [p for p in planned if p is not None])


def _demo_experts(session: Session, actor: Actor, end: dt.datetime) -> list[tuple[int, str]]:
    """Ids and names of the demo experts, registering those not yet in the register (found by name and unit)."""
    known = {(name, unit): expert_id for expert_id, name, unit in session.execute(
        select(Expert.id, Expert.name, Expert.unit))}  # fmt: skip
    missing = [
        {"name": name, "unit": unit, "title": title, "specialty": specialty, "contact": contact, "active": True,
         "updated_at": end, "updated_by": actor.name, "version": 1}
        for name, unit, title, specialty, contact in DEMO_EXPERTS
        if (name, unit) not in known
    ]  # fmt: skip
    if missing:
        session.execute(insert(Expert), missing)
        known = {(name, unit): expert_id for expert_id, name, unit in session.execute(
            select(Expert.id, Expert.name, Expert.unit))}  # fmt: skip
    return [(known[(name, unit)], name) for name, unit, *_rest in DEMO_EXPERTS]


def _insert(session: Session, actor: Actor, end: dt.datetime, planned: list[_Planned]) -> None:
    if not planned:
        return
    rows = [
        {"case_id": p.case_id, "purpose": p.purpose.value, "held_on": p.held_on,
         "place": REVIEW_PLACES[p.case_id % len(REVIEW_PLACES)], "question": p.question, "conclusion": p.conclusion,
         "dissent": p.dissent, "status": p.status.value, "supersedes_id": None, "concluded_at": p.concluded_at,
         "concluded_by": actor.name if p.concluded_at else "", "updated_at": p.concluded_at or _noon(p, end),
         "updated_by": actor.name, "version": 1}
        for p in planned
    ]  # fmt: skip
    # RETURNING in parameter order hands back the new ids without reading them back by another key.
    statement = insert(ExpertReview).returning(ExpertReview.id, sort_by_parameter_order=True)
    review_ids = list(session.scalars(statement, rows))
    seats = [
        {"review_id": review_id, "expert_id": expert_id, "position": n, "opinion": opinion, "dissents": dissents}
        for review_id, p in zip(review_ids, planned)
        for n, (expert_id, opinion, dissents) in enumerate(p.opinions)
    ]
    session.execute(insert(ReviewOpinion), seats)


def _noon(p: _Planned, end: dt.datetime) -> dt.datetime:
    return min(dt.datetime.combine(p.held_on, dt.time(12), dt.UTC), end)


class _ReviewWriter:
    """Writes the reviews of one case from its own random generator."""

    def __init__(self, rng: random.Random, zone: ZoneInfo, end: dt.datetime, experts: list[tuple[int, str]],
                 case_id: int, draft: Any) -> None:  # fmt: skip
        self.rng, self.zone, self.end, self.experts, self.case_id, self.draft = rng, zone, end, experts, case_id, draft
        cause = draft.cause_category or UNDETERMINED_CAUSE
        detail = f"（{draft.cause_detail}）" if draft.cause_detail not in ("", "其他") else ""
        self.words = {"area": draft.ignition_area or "起火建筑", "point": draft.ignition_point or "起火部位",
                      "cause": f"{cause}{detail}", "unit": draft.unit_name or "起火单位"}  # fmt: skip

    def _day(self, event: WorkflowEvent) -> dt.date:
        return event.time.astimezone(self.zone).date()

    def _concluded_at(self, day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(16, self.rng.randrange(60)), self.zone)
        return min(local.astimezone(dt.UTC), self.end)

    def cause_review(self, events: list[WorkflowEvent]) -> _Planned | None:
        """A concluded review a few days before the hearing (or the determination), a draft while the case is still
        under investigation, or nothing for a case not yet that far."""
        first: dict[EventType, WorkflowEvent] = {}
        for e in events:
            first.setdefault(e.type, e)
        started = first.get(EventType.INVESTIGATION_STARTED)
        anchor = first.get(EventType.HEARING_HELD) or first.get(EventType.DETERMINED)
        if started is None:
            return None
        if anchor is None:
            held_on = self._day(started) + dt.timedelta(days=self.rng.randint(3, 10))
            if self.rng.random() >= DRAFT_SHARE or held_on > self.end.astimezone(self.zone).date():
                return None
            return self._cause(held_on, concluded=False)
        held_on = max(self._day(started), self._day(anchor) - dt.timedelta(days=self.rng.randint(1, 4)))
        return self._cause(held_on, concluded=True)

    def _cause(self, held_on: dt.date, concluded: bool) -> _Planned:
        rng, words = self.rng, self.words
        seats = rng.sample(self.experts, rng.randint(3, 5))
        dissenter = rng.randrange(len(seats)) if concluded and rng.random() < DISSENT_SHARE else None
        texts = rng.sample(_OPINIONS, len(seats))  # five opinions for at most five experts: nobody repeats another
        opinions = tuple(
            (expert, (rng.choice(_DISSENTS) if n == dissenter else texts[n]).format(**words), n == dissenter)
            for n, (expert, _name) in enumerate(seats)
        )
        if not cause_found(self.draft.cause_category):
            finding = f"现有证据不能认定具体起火原因，可以排除放火、吸烟引起火灾，起火原因列为{UNDETERMINED_CAUSE}"
        else:
            finding = "起火部位位于{area}，起火点位于{point}，起火原因为{cause}".format(**words)
        majority = "多数专家" if dissenter is not None else "专家组一致"
        where = self.draft.unit_name or self.draft.address
        return _Planned(
            self.case_id, ReviewPurpose.CAUSE_DETERMINATION,
            ReviewStatus.CONCLUDED if concluded else ReviewStatus.DRAFT, held_on,
            self._concluded_at(held_on) if concluded else None,
            question=f"{where}火灾的起火部位、起火点和起火原因认定。",
            conclusion=f"经论证，{majority}认为：{finding}。" if concluded else "",
            dissent=f"{seats[dissenter][1]}专家持不同意见：{opinions[dissenter][1]}" if dissenter is not None else "",
            opinions=opinions if concluded else tuple((e, "", False) for e, _o, _d in opinions),
        )  # fmt: skip

    def evaluation(self, events: list[WorkflowEvent]) -> _Planned | None:
        """Often, a case evaluation one to two months after a large fire's case was closed."""
        closed = next(e for e in events if e.type == EventType.CLOSED)
        held_on = self._day(closed) + dt.timedelta(days=self.rng.randint(20, 60))
        if self.rng.random() >= EVALUATION_SHARE or held_on > self.end.astimezone(self.zone).date():
            return None
        seats = self.rng.sample(self.experts, self.rng.randint(3, 4))
        texts = self.rng.sample(_EVALUATION_OPINIONS, len(seats))
        opinions = tuple((expert, text.format(**self.words), False) for (expert, _name), text in zip(seats, texts))
        return _Planned(
            self.case_id, ReviewPurpose.CASE_EVALUATION, ReviewStatus.CONCLUDED, held_on, self._concluded_at(held_on),
            question="本起火灾的经验教训、责任落实情况及防范措施建议（案例评析）。",
            conclusion="专家组认为本起火灾教训深刻，建议作为典型案例在全市通报，督促同类场所落实消防安全主体责任，"
                       "开展隐患排查整治。",
            dissent="", opinions=opinions,
        )  # fmt: skip
