"""Similar cases for a case evaluation (案例评析): earlier fires with the same cause category and place type, and
the prevention recommendations drawn from them, so a new recommendation can build on (or ask why nobody acted on)
the old ones. One query for the cases, one for their recommendations.

Use case: `similar_cases` reads (the 类似案例 dialog of the 闭环管理 tab).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from fireinvest.errors import NotFound
from fireinvest.models import FireCase, PreventionRecommendation
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.services.front_door import reads
from fireinvest.services.loop.case_loop import RecommendationRecord, recommendation_record
from fireinvest.services.unit_of_work import UnitOfWork

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class SimilarCase:
    case_id: int
    case_number: str
    alarm_time: dt.datetime
    address: str
    district: str
    unit_name: str
    fire_grade: str
    cause_detail: str
    deaths: int
    summary: str
    recommendations: tuple[RecommendationRecord, ...]


@reads
def similar_cases(
    uow: UnitOfWork, case_id: int, *, limit: int = DEFAULT_LIMIT, with_recommendations_only: bool = False
) -> list[SimilarCase]:
    """Earlier cases (alarm before this one's) with the same cause category and place type, newest first; voided
    cases are left out. With `with_recommendations_only`, only those that produced prevention recommendations."""
    session = uow.session
    case = session.get(FireCase, case_id)
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    if not case.cause_category:
        return []
    query = (
        select(FireCase)
        .where(
            FireCase.cause_category == case.cause_category,
            FireCase.place_type == case.place_type,
            FireCase.alarm_time < case.alarm_time,
            FireCase.status != CaseStatus.VOIDED.value,
        )
        .order_by(FireCase.alarm_time.desc(), FireCase.id.desc())
        .limit(limit)
    )
    if with_recommendations_only:
        query = query.where(FireCase.id.in_(select(PreventionRecommendation.case_id)))
    cases = list(session.scalars(query))
    by_case: dict[int, list[RecommendationRecord]] = {c.id: [] for c in cases}
    if cases:
        rows = session.scalars(
            select(PreventionRecommendation)
            .where(PreventionRecommendation.case_id.in_(list(by_case)))
            .order_by(PreventionRecommendation.id)
        )
        for row in rows:
            by_case[row.case_id].append(recommendation_record(row))
    return [
        SimilarCase(
            c.id,
            c.case_number,
            c.alarm_time,
            c.address,
            c.district,
            c.unit_name,
            c.fire_grade,
            c.cause_detail,
            c.deaths,
            c.summary,
            tuple(by_case[c.id]),
        )  # fmt: skip
        for c in cases
    ]
