"""Closed loops for the demo cases that need one (deaths, or grade 较大 and above): accountability with real legal
bases, recommendations to the unit, sector departments and the street office, two to five corrective measures with
owners and deadlines (some late, some completed and verified), and on cases closed long enough ago an assessment with
a verdict on every measure, what was not carried out referred back, and most reports issued.

Only cases whose investigation has reached a determination get a loop, and every date lies between the fire and
the end of the run, so each loop is one the services would have accepted step by step. Rows are written with one
bulk INSERT per table (ids come back through RETURNING), so 100,000 demo cases stay fast.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fireinvest.demo import vocabulary as words
from fireinvest.models import (
    AccountabilityEntry,
    CaseEvent,
    CorrectiveMeasure,
    FireCase,
    PreventionRecommendation,
    RectificationAssessment,
)
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.closed_loop import (
    REFERRABLE_VERDICTS,
    REFERRAL_LEGAL_BASIS,
    AccountabilityMeasure,
    AccountabilityStatus,
    AddresseeKind,
    LoopRule,
    MeasureStatus,
    PartyKind,
    Verdict,
    add_months,
    short_text,
)
from fireinvest.rules.workflow import EventType
from fireinvest.services.actor import Actor
from fireinvest.services.loop.case_loop import (
    closure_dates,
    has_loop_items_condition,
    load_loop_rule,
    loop_required_condition,
)
from fireinvest.services.settings import load_agency_settings

_CONCLUDED = (CaseStatus.DETERMINED, CaseStatus.SERVED, CaseStatus.UNDER_REVIEW, CaseStatus.CLOSED)
_DETERMINATIONS = (EventType.DETERMINED.value, EventType.SIMPLE_DETERMINED.value)

# (party, party kind, breach, legal basis, measure, deciding body); {unit} {person} {street} {district} filled in.
ACCOUNTABILITY = (
    ("{unit}", PartyKind.UNIT, "未落实消防安全责任制，未组织防火检查，未及时消除火灾隐患。",
     "《中华人民共和国消防法》第十六条", AccountabilityMeasure.ADMINISTRATIVE_PENALTY, "{district}消防救援大队"),
    ("{person}", PartyKind.PERSON, "违反安全用火用电规定引发火灾，造成人员死亡，涉嫌失火罪。",
     "《中华人民共和国刑法》第一百一十五条第二款", AccountabilityMeasure.CRIMINAL_REFERRAL, "{district}公安分局"),
    ("{unit}主要负责人{person}", PartyKind.PERSON,
     "违反消防管理法规，经消防救援机构通知采取改正措施而拒绝执行，涉嫌消防责任事故罪。",
     "《中华人民共和国刑法》第一百三十九条", AccountabilityMeasure.CRIMINAL_REFERRAL, "{district}公安分局"),
    ("{street}街道办事处", PartyKind.UNIT, "对辖区消防安全网格化管理不到位，未督促整改已发现的火灾隐患。",
     "《中华人民共和国消防法》第三十二条", AccountabilityMeasure.DISCIPLINE_REFERRAL, "{district}纪委监委"),
    ("{trade}物业服务有限公司", PartyKind.UNIT, "未对管理区域内的共用消防设施进行维护管理，消防车通道被占用。",
     "《中华人民共和国消防法》第十八条", AccountabilityMeasure.ADMINISTRATIVE_PENALTY, "{district}消防救援大队"),
    ("{unit}", PartyKind.UNIT, "安全生产主体责任落实不到位，违规组织动火作业。",
     "《中华人民共和国安全生产法》第二十一条", AccountabilityMeasure.SECTOR_REFERRAL, "{district}应急管理局"),
)  # fmt: skip

LESSONS = {
    "电气": "电气线路敷设不规范、老化未及时更换，私拉乱接电线和电动自行车违规充电现象突出。",
    "用火不慎": "使用明火和取暖设备后无人看管，周边可燃物未清理。",
    "生产作业": "动火作业未履行审批手续，现场未清除可燃物，未安排专人监护。",
    "吸烟": "在可燃物附近吸烟，烟头未熄灭随意丢弃。",
    "遗留火种": "祭祀、燃放烟花爆竹后遗留火种未彻底熄灭。",
}
DEFAULT_LESSON = "单位消防安全主体责任落实不到位，防火巡查检查流于形式，初期火灾处置和人员疏散不力。"

# (addressee kind, addressee, recommendation, measures the addressee takes on).
RECOMMENDATIONS = (
    (AddresseeKind.UNIT, "{unit}",
     "建立健全消防安全管理制度，明确消防安全责任人和管理人，定期组织员工培训和疏散演练。",
     ("全面检修自动消防设施并委托维保单位出具检测报告", "组织全体员工开展消防安全培训和疏散演练")),
    (AddresseeKind.SECTOR, "{district}住房和城乡建设局",
     "督促物业服务企业开展住宅小区消防设施和电气线路专项检查，建立隐患整改台账。",
     ("完成辖区老旧小区公共区域电气线路排查和改造", "将物业服务企业消防设施维护纳入信用考核")),
    (AddresseeKind.SECTOR, "{district}市场监督管理局",
     "加强电动自行车及其电池、充电器产品质量监督抽查，依法查处不合格产品。",
     ("开展电动自行车销售、维修门店专项抽查",)),
    (AddresseeKind.SECTOR, "{district}应急管理局", "督促辖区生产经营单位落实动火作业审批和现场监护制度。",
     ("对辖区工贸企业动火作业开展专项执法检查",)),
    (AddresseeKind.GOVERNMENT, "{street}街道办事处",
     "组织开展辖区“九小场所”和出租房屋消防安全排查整治，落实网格化管理。",
     ("建成电动自行车集中停放充电场所", "完成辖区九小场所和出租房屋消防安全排查")),
)  # fmt: skip


@dataclass
class _Plan:
    """Rows of all demo loops, linked by position until the database hands out ids."""

    recommendations: list[dict[str, Any]] = field(default_factory=list)
    measures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (recommendation position, row)
    entries: list[tuple[int | None, dict[str, Any]]] = field(default_factory=list)  # (measure position, row)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    report_numbers: dict[tuple[str, int], int] = field(default_factory=dict)  # (district, year) -> last number


def add_demo_loops(session: Session, actor: Actor, rng: random.Random, end: dt.datetime) -> int:
    """Give every determined demo case that needs a loop and has none a realistic one; returns how many."""
    zone = load_agency_settings(session).zone
    rule = load_loop_rule(session)
    query = select(
        FireCase.id, FireCase.unit_name, FireCase.district, FireCase.cause_category, FireCase.alarm_time
    ).where(  # fmt: skip
        loop_required_condition(rule),
        FireCase.status.in_([s.value for s in _CONCLUDED]),
        ~has_loop_items_condition(),
    )
    cases = session.execute(query.order_by(FireCase.id)).all()
    if not cases:
        return 0
    ids = [c.id for c in cases]
    determined = dict(
        session.execute(
            select(CaseEvent.case_id, CaseEvent.occurred_at).where(
                CaseEvent.case_id.in_(ids), CaseEvent.type.in_(_DETERMINATIONS)
            )
        ).all()
    )
    closed = closure_dates(session, ids)
    plan, stamp = _Plan(), {"version": 1, "updated_at": end, "updated_by": actor.name}
    today = end.astimezone(zone).date()
    for c in cases:
        fire_day = c.alarm_time.astimezone(zone).date()
        start = determined[c.id].astimezone(zone).date() if c.id in determined else fire_day
        _plan_loop(plan, rng, c, start, closed.get(c.id), today, rule, stamp)
    _write(session, plan)
    return len(cases)


def _fill(rng: random.Random, text: str, case: Any) -> str:
    person = rng.choice(words.SURNAMES) + rng.choice(("某某", "某"))
    unit = case.unit_name
    if not unit or unit.startswith("住户"):  # a household is not a unit: a company of the building stands in
        unit = f"{rng.choice(words.TRADE_NAMES)}商贸有限公司"
    street = rng.choice(words.STREETS)
    for suffix in ("中路", "东路", "大道", "大街", "路", "街"):  # 中山路 -> 中山街道
        street = street.removesuffix(suffix)
    return text.format(unit=unit, person=person, street=street, district=case.district,
                       trade=rng.choice(words.TRADE_NAMES))  # fmt: skip


def _day(rng: random.Random, start: dt.date, low: int, high: int, latest: dt.date) -> dt.date:
    return min(start + dt.timedelta(days=rng.randint(low, high)), latest)


def _plan_loop(plan: _Plan, rng: random.Random, case: Any, start: dt.date, closed_on: dt.date | None,
               today: dt.date, rule: LoopRule, stamp: dict[str, Any]) -> None:  # fmt: skip
    """One case's loop: `start` is the day of the determination, `today` the last day of the demo run."""
    base = {"case_id": case.id, **stamp}
    first_measure = len(plan.measures)
    for kind, addressee, advice, actions in rng.sample(RECOMMENDATIONS, rng.randint(2, 3)):
        owner = _fill(rng, addressee, case)
        lesson = LESSONS.get(case.cause_category, DEFAULT_LESSON)
        plan.recommendations.append({**base, "lesson": lesson, "recommendation": advice, "addressee": owner,
                                     "addressee_kind": kind.value})  # fmt: skip
        for action in actions[: rng.randint(1, len(actions))]:
            deadline = start + dt.timedelta(days=rng.randint(45, 240))
            plan.measures.append((len(plan.recommendations) - 1, {**base, **_progress(rng, deadline, start, today),
                                  "description": action, "owner": owner, "deadline": deadline}))  # fmt: skip
    measures = plan.measures[first_measure:]
    for template in rng.sample(ACCOUNTABILITY, rng.randint(1, 2)):
        party, party_kind, breach, basis, measure, body = template
        entry = {**base, "party": _fill(rng, party, case), "party_kind": party_kind.value, "breach": breach,
                 "legal_basis": basis, "measure": measure.value, "deciding_body": _fill(rng, body, case),
                 "outcome": "", "decided_on": None, "status": AccountabilityStatus.REFERRED.value}  # fmt: skip
        if closed_on is not None:
            entry.update(status=rng.choice((AccountabilityStatus.DECIDED, AccountabilityStatus.CLOSED)).value,
                         decided_on=_day(rng, start, 20, 150, today), outcome="已依法作出处理。")  # fmt: skip
        plan.entries.append((None, entry))
    opens = add_months(closed_on, rule.window_opens_months) if closed_on else None
    if opens is None or opens > today or rng.random() < 0.15:
        return  # the assessment has not started (yet)
    visited = _day(rng, opens, 0, 40, today)
    report = visited + dt.timedelta(days=rng.randint(10, 30)) if rng.random() < 0.85 else None
    report = report if report is not None and report <= today else None
    for position, (_rec, row) in enumerate(measures, start=first_measure):
        verdict = _verdict(rng, row)
        row.update(verdict=verdict.value, verdict_note=f"{visited.isoformat()} 现场核查：{verdict.label}。")
        if verdict in REFERRABLE_VERDICTS and (report is not None or rng.random() < 0.5):
            plan.entries.append((position, _referral(base, row, verdict, case.district)))
    assessment = {**base, "team": f"{rng.choice(words.INVESTIGATORS)[0]}、{rng.choice(words.INVESTIGATORS)[0]}、"
                  f"{case.district}应急管理局{_fill(rng, '{person}', case)}", "visited_on": visited,
                  "findings": "评估组采取查阅资料、现场核查、座谈询问等方式，逐项核查整改和防范措施落实情况。",
                  "report_number": "", "report_filed_on": None}  # fmt: skip
    if report is not None:
        key = (case.district, report.year)
        plan.report_numbers[key] = plan.report_numbers.get(key, 0) + 1
        assessment.update(report_number=f"{case.district[0]}消评〔{report.year}〕{plan.report_numbers[key]}号",
                          report_filed_on=report)  # fmt: skip
    plan.assessments.append(assessment)


def _referral(base: dict[str, Any], measure: dict[str, Any], verdict: Verdict, district: str) -> dict[str, Any]:
    """The accountability entry a measure not carried out is referred back to (as refer_back writes it)."""
    breach = f"未按期落实整改措施“{short_text(measure['description'], 60)}”（整改评估结论：{verdict.label}）。"
    return {**base, "party": measure["owner"], "party_kind": PartyKind.UNIT.value, "breach": breach,
            "legal_basis": REFERRAL_LEGAL_BASIS, "measure": AccountabilityMeasure.DISCIPLINE_REFERRAL.value,
            "deciding_body": f"{district}纪委监委", "status": AccountabilityStatus.REFERRED.value, "outcome": "",
            "decided_on": None}  # fmt: skip


def _progress(rng: random.Random, deadline: dt.date, start: dt.date, today: dt.date) -> dict[str, Any]:
    """Status, completion and verification of a measure as of `today`: most done by their deadline, some late."""
    done: dict[str, Any] = {"status": MeasureStatus.PLANNED.value, "completed_on": None, "completion_note": "",
                            "verified_by": "", "verified_on": None, "verdict": None, "verdict_note": ""}  # fmt: skip
    if deadline < today and rng.random() < 0.75 or deadline >= today and rng.random() < 0.2:
        completed = min(deadline + dt.timedelta(days=rng.randint(-40, 20)), today)
        completed = max(completed, start + dt.timedelta(days=1))
        done.update(status=MeasureStatus.COMPLETED.value, completed_on=completed, completion_note="已按要求完成整改。")
        if rng.random() < 0.7 and completed < today:
            done.update(verified_by=rng.choice(words.INVESTIGATORS)[0], verified_on=_day(rng, completed, 1, 20, today))
    elif start + dt.timedelta(days=20) < today:
        done["status"] = MeasureStatus.IN_PROGRESS.value
    return done


def _verdict(rng: random.Random, measure: dict[str, Any]) -> Verdict:
    if measure["status"] == MeasureStatus.COMPLETED.value:
        return Verdict.DONE if measure["verified_on"] or rng.random() < 0.7 else Verdict.PARTLY
    return Verdict.NOT_DONE if rng.random() < 0.6 else Verdict.PARTLY


def _write(session: Session, plan: _Plan) -> None:
    def inserted(model, rows: list[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows))

    recommendation_ids = inserted(PreventionRecommendation, plan.recommendations)
    measure_ids = inserted(CorrectiveMeasure, [{**row, "recommendation_id": recommendation_ids[position]}
                                               for position, row in plan.measures])  # fmt: skip
    inserted(AccountabilityEntry, [{**row, "referred_measure_id": None if position is None else measure_ids[position]}
                                   for position, row in plan.entries])  # fmt: skip
    inserted(RectificationAssessment, plan.assessments)
