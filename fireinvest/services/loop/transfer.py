"""A case's closed loop as it travels between installations (exchange files): read for many cases at once, checked
whole against the rules, and stored onto a newly imported case.

Items refer to each other by their position in the loop (a measure names the recommendation it carries out, an
accountability entry the measure it was referred back from), since database ids differ between installations. An
imported loop must be one the services would have accepted step by step: the same item checks, verdicts only in
the assessment window, and an issued report only on a loop that lacks nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.models import AccountabilityEntry, CorrectiveMeasure, PreventionRecommendation, RectificationAssessment
from fireinvest.rules.closed_loop import (
    REFERRABLE_VERDICTS,
    LoopRule,
    LoopSnapshot,
    MeasureState,
    Verdict,
    assessment_window,
    loop_closure_problems,
    window_not_open_problem,
)
from fireinvest.rules.loop_items import (
    AccountabilityDraft,
    AssessmentDraft,
    MeasureDraft,
    RecommendationDraft,
    validate_accountability,
    validate_assessment,
    validate_measure,
    validate_recommendation,
    validate_report,
)
from fireinvest.services.changes import Part
from fireinvest.services.loop.case_loop import (
    accountability_record,
    assessment_record,
    loop_rows_of_cases,
    measure_record,
    recommendation_record,
)
from fireinvest.services.loop.items import draft_columns
from fireinvest.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TransferEntry:
    draft: AccountabilityDraft
    referred_measure: int | None = None  # position (from 0) of the measure it was referred back from


@dataclass(frozen=True)
class TransferMeasure:
    draft: MeasureDraft  # recommendation_id is not used: see `recommendation`
    recommendation: int | None = None  # position (from 0) of the recommendation it carries out
    verdict: Verdict | None = None
    verdict_note: str = ""


@dataclass(frozen=True)
class TransferAssessment:
    draft: AssessmentDraft
    report_number: str = ""
    report_filed_on: dt.date | None = None


@dataclass(frozen=True)
class LoopTransfer:
    accountability: tuple[TransferEntry, ...] = ()
    recommendations: tuple[RecommendationDraft, ...] = ()
    measures: tuple[TransferMeasure, ...] = ()
    assessment: TransferAssessment | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.accountability or self.recommendations or self.measures or self.assessment)


def loop_transfers_of_cases(session: Session, case_ids: Sequence[int]) -> dict[int, LoopTransfer]:
    """The loops of many cases (empty ones included) in four queries, for exports."""
    found = {}
    for case_id, rows in loop_rows_of_cases(session, case_ids).items():
        recommendation_at = {row.id: n for n, row in enumerate(rows.recommendations)}
        measure_at = {row.id: n for n, row in enumerate(rows.measures)}
        measures = tuple(
            TransferMeasure(
                dataclasses.replace(measure_record(m, dt.date.min).draft, recommendation_id=None),
                recommendation_at.get(m.recommendation_id) if m.recommendation_id is not None else None,
                Verdict(m.verdict) if m.verdict else None,
                m.verdict_note,
            )  # fmt: skip
            for m in rows.measures
        )
        entries = tuple(
            TransferEntry(
                accountability_record(e).draft,
                measure_at.get(e.referred_measure_id) if e.referred_measure_id is not None else None,
            )  # fmt: skip
            for e in rows.accountability
        )
        assessment = None
        if rows.assessment is not None:
            record = assessment_record(rows.assessment)
            assessment = TransferAssessment(record.draft, record.report_number, record.report_filed_on)
        recommendations = tuple(recommendation_record(r).draft for r in rows.recommendations)
        found[case_id] = LoopTransfer(entries, recommendations, measures, assessment)
    return found


def check_loop_transfer(
    loop: LoopTransfer, fire_date: dt.date, closed_on: dt.date | None, today: dt.date, rule: LoopRule
) -> list[str]:
    """Every problem of an imported loop, each naming the item (第2项整改措施：…); empty when it may be stored."""
    problems: list[str] = []

    def add(where: str, messages: Sequence[object]) -> None:
        problems.extend(f"{where}：{message}" for message in messages)

    for n, advice in enumerate(loop.recommendations, start=1):
        add(f"第{n}项防范建议", validate_recommendation(advice))
    verdict_problem = window_not_open_problem(closed_on, rule, today)
    for n, m in enumerate(loop.measures, start=1):
        add(f"第{n}项整改措施", validate_measure(m.draft, fire_date, today))
        if m.recommendation is not None and not 0 <= m.recommendation < len(loop.recommendations):
            add(f"第{n}项整改措施", [f"所指的防范建议（第{m.recommendation + 1}项）不存在。"])
        if m.verdict is not None and verdict_problem:
            add(f"第{n}项整改措施的评估结论", [verdict_problem])
    referred: set[int] = set()
    for n, e in enumerate(loop.accountability, start=1):
        add(f"第{n}项责任追究", validate_accountability(e.draft, fire_date, today))
        if e.referred_measure is None:
            continue
        if not 0 <= e.referred_measure < len(loop.measures):
            add(f"第{n}项责任追究", [f"所指的整改措施（第{e.referred_measure + 1}项）不存在。"])
        elif loop.measures[e.referred_measure].verdict not in REFERRABLE_VERDICTS:
            add(f"第{n}项责任追究", ["只有评估为“部分落实”或“未落实”的整改措施才能移交责任追究。"])
        elif e.referred_measure in referred:
            add(f"第{n}项责任追究", [f"第{e.referred_measure + 1}项整改措施已经移交过责任追究。"])
        referred.add(e.referred_measure)
    if loop.assessment is not None:
        problems += _assessment_problems(loop, referred, closed_on, today, rule)
    return problems


def _assessment_problems(
    loop: LoopTransfer, referred: set[int], closed_on: dt.date | None, today: dt.date, rule: LoopRule
) -> list[str]:
    assessment = loop.assessment
    assert assessment is not None
    if closed_on is None:
        return ["整改评估：案件尚未结案，不能有整改评估。"]
    problems = [f"整改评估：{e.message}" for e in validate_assessment(assessment.draft, closed_on, today)]
    if assessment.report_number or assessment.report_filed_on:
        window = assessment_window(closed_on, rule)
        report = validate_report(assessment.report_number, assessment.report_filed_on, window,
                                 assessment.draft.visited_on, today)  # fmt: skip
        problems += [f"整改评估：{e.message}" for e in report]
        measures = [MeasureState(m.draft.description, m.verdict, n in referred) for n, m in enumerate(loop.measures)]
        recorded = bool(assessment.draft.team.strip()) and assessment.draft.visited_on is not None
        snapshot = LoopSnapshot(closed_on, len(loop.accountability), len(loop.recommendations), measures, recorded,
                                assessment.report_filed_on or today)  # fmt: skip
        problems += [f"整改评估报告已印发，但闭环不完整：{p}" for p in loop_closure_problems(snapshot, rule, today)]
    return problems


def store_loop(uow: UnitOfWork, case_id: int, loop: LoopTransfer) -> None:
    """Write a loop that check_loop_transfer accepted onto a newly imported case (in the import's unit of work)."""
    session = uow.session
    stamp = {"case_id": case_id, "updated_at": utc_now(), "updated_by": uow.actor.name}
    recommendations = [PreventionRecommendation(**stamp, **draft_columns(r)) for r in loop.recommendations]
    session.add_all(recommendations)
    session.flush()
    measures = []
    for m in loop.measures:
        columns = draft_columns(m.draft)
        columns["recommendation_id"] = recommendations[m.recommendation].id if m.recommendation is not None else None
        measures.append(CorrectiveMeasure(**stamp, **columns, verdict=m.verdict.value if m.verdict else None,
                                          verdict_note=m.verdict_note))  # fmt: skip
    session.add_all(measures)
    session.flush()
    session.add_all(
        AccountabilityEntry(
            **stamp,
            **draft_columns(e.draft),
            referred_measure_id=measures[e.referred_measure].id if e.referred_measure is not None else None,
        )  # fmt: skip
        for e in loop.accountability
    )
    if loop.assessment is not None:
        a = loop.assessment
        session.add(RectificationAssessment(**stamp, team=a.draft.team, visited_on=a.draft.visited_on,
                                            findings=a.draft.findings, report_number=a.report_number,
                                            report_filed_on=a.report_filed_on))  # fmt: skip
    uow.flush()
    uow.changed(case_id, Part.LOOP)
