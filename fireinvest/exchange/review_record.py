"""A case's expert reviews in the exchange format: `"reviews": [{..., "experts": [...], "supersedes": 1}]`.

Experts travel by name, unit, specialty and title (ids differ between installations); on import an expert not yet in
the register is registered, found again by name and unit. A review names the review it replaces by its position in
the case's list (`"supersedes": 1` is the first), like evidence corrections do. Each review is checked by the same
rules as one typed in, a concluded one by what a conclusion needs, and the supersession chain must be one that
could have happened here. The determination gate of an imported timeline counts the concluded cause reviews of the
same record (concluded_cause_review_days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from fireinvest.clock import local_date, utc_now
from fireinvest.exchange.values import (
    FieldProblem,
    format_time,
    numbered_objects,
    parse_code,
    parse_day,
    parse_flag,
    parse_text,
    parse_time,
)
from fireinvest.rules import text_limits
from fireinvest.rules.expert_review import (
    EVER_CONCLUDED,
    ReviewLink,
    ReviewPurpose,
    ReviewStatus,
    check_supersession,
    validate_review,
)
from fireinvest.services.reviews.lifecycle import RecordedOpinion, RecordedReview, ReviewRecord

REVIEW_TEXTS = ("place", "question", "conclusion", "dissent")
REVIEW_KEYS = ("purpose", "held_on", *REVIEW_TEXTS, "experts", "status", "supersedes", "concluded_at", "concluded_by")
EXPERT_TEXTS = ("name", "unit", "specialty", "title")
EXPERT_KEYS = (*EXPERT_TEXTS, "opinion", "dissents")
# Long texts (question, conclusion, opinions) keep their whitespace: paragraphs start with a full-width indent.
_KEPT_AS_WRITTEN = ("question", "conclusion", "dissent", "opinion")
_REVIEW_LIMITS = {
    "place": text_limits.EXPERT_REVIEWS["place"],
    "concluded_by": text_limits.EXPERT_REVIEWS["concluded_by"],
}
_EXPERT_LIMITS = {key: text_limits.EXPERTS[key] for key in EXPERT_TEXTS}


def reviews_to_records(reviews: Sequence[ReviewRecord], zone: ZoneInfo) -> list[dict[str, Any]]:
    """The records of a case's reviews, listed in the order they were held."""
    position = {review.id: n for n, review in enumerate(reviews, start=1)}
    return [
        {
            "purpose": r.purpose.value,
            "held_on": r.held_on.isoformat(),
            **{key: getattr(r, key) for key in REVIEW_TEXTS},
            "experts": [
                {
                    "name": o.name,
                    "unit": o.unit,
                    "specialty": o.specialty,
                    "title": o.title,
                    "opinion": o.opinion,
                    "dissents": o.dissents,
                }
                for o in r.opinions
            ],  # fmt: skip
            "status": r.status.value,
            "supersedes": position.get(r.supersedes_id) if r.supersedes_id is not None else None,
            "concluded_at": format_time(r.concluded_at, zone),
            "concluded_by": r.concluded_by,
        }
        for r in reviews
    ]


def parse_reviews(value: Any, zone: ZoneInfo, alarm_time: dt.datetime | None) -> list[RecordedReview]:
    """The reviews of a record, each checked, and their supersession chain; the first problem raises
    FieldProblem("reviews", …) naming the review."""
    not_a_list = '应为专家论证列表 [{"purpose": …, "held_on": …, "experts": […]}, …]。'
    today = local_date(utc_now(), zone)
    earliest = local_date(alarm_time, zone) if alarm_time is not None else None
    reviews: list[RecordedReview] = []
    for where, raw in numbered_objects("reviews", value, "专家论证", REVIEW_KEYS, counter="份", not_a_list=not_a_list):
        try:
            review = _review(raw, zone, len(reviews))
        except FieldProblem as exc:
            raise FieldProblem("reviews", f"{where}：{exc.reason}") from None
        errors = validate_review(review.draft(), today, earliest=earliest, concluding=review.status in EVER_CONCLUDED)
        if errors:
            raise FieldProblem("reviews", f"{where}：{errors[0].message}")
        reviews.append(review)
    links = [ReviewLink(r.purpose, r.status, r.held_on, r.supersedes) for r in reviews]
    for index, problem in check_supersession(links)[:1]:
        raise FieldProblem("reviews", f"第{index + 1}份专家论证：{problem}")
    return reviews


def concluded_cause_review_days(reviews: Sequence[RecordedReview]) -> list[dt.date]:
    """The days of the record's cause reviews that were concluded (superseded ones were concluded too, and a
    determination made while they stood relied on them)."""
    return [r.held_on for r in reviews if r.purpose == ReviewPurpose.CAUSE_DETERMINATION and r.status in EVER_CONCLUDED]


def _choice(key: str, value: Any, kind: type[ReviewPurpose] | type[ReviewStatus], default=None):
    try:
        return parse_code(key, value, kind, default)
    except FieldProblem as problem:
        raise FieldProblem(key, f"{key} 的值{problem.reason}") from None


def _held_on(value: Any) -> dt.date:
    try:
        # A time after the day ("2026-03-15T09:00") is accepted: the review is kept by its day.
        day = parse_day("held_on", value.strip()[:10] if isinstance(value, str) else value)
    except FieldProblem:
        raise FieldProblem("held_on", f"论证日期“{value}”无效，应写成 2026-03-15。") from None
    if day is None:
        raise FieldProblem("held_on", '缺少论证日期（held_on），应写成 "2026-03-15"。')
    return day


def _review(raw: Mapping[str, Any], zone: ZoneInfo, earlier: int) -> RecordedReview:
    texts = {key: _text(key, raw.get(key), _REVIEW_LIMITS.get(key)) for key in REVIEW_TEXTS}
    supersedes = raw.get("supersedes")
    if supersedes is not None and (isinstance(supersedes, bool) or not isinstance(supersedes, int)
                                   or not 1 <= supersedes <= earlier):  # fmt: skip
        raise FieldProblem("supersedes", "supersedes 应为它所取代的、列在前面的论证的序号（从 1 起）。")
    return RecordedReview(
        purpose=_choice("purpose", raw.get("purpose"), ReviewPurpose),
        held_on=_held_on(raw.get("held_on")),
        opinions=tuple(_experts(raw.get("experts"))),
        status=_choice("status", raw.get("status"), ReviewStatus, ReviewStatus.DRAFT),
        supersedes=None if supersedes is None else supersedes - 1,
        concluded_at=parse_time("concluded_at", raw.get("concluded_at"), zone),
        concluded_by=parse_text("concluded_by", raw.get("concluded_by"), _REVIEW_LIMITS["concluded_by"]),
        **texts,
    )


def _text(key: str, value: Any, limit: int | None) -> str:
    if key in _KEPT_AS_WRITTEN:
        if value is not None and not isinstance(value, str):
            raise FieldProblem(key, f"{key} 应为文字。")
        return value or ""
    return parse_text(key, value, limit)


def _experts(value: Any) -> list[RecordedOpinion]:
    not_a_list = '出席专家应为列表 [{"name": …, "unit": …, "opinion": …}, …]。'
    opinions = []
    for where, raw in numbered_objects("experts", value, "专家", EXPERT_KEYS, counter="名", not_a_list=not_a_list):
        try:
            names = {key: parse_text(key, raw.get(key), _EXPERT_LIMITS[key]) for key in EXPERT_TEXTS}
            opinion = _text("opinion", raw.get("opinion"), None)
            dissents = parse_flag("dissents", raw.get("dissents"))
        except FieldProblem as problem:
            raise FieldProblem("experts", f"{where}：{problem.reason}") from None
        if not names["name"]:
            raise FieldProblem("experts", f"{where}缺少姓名。")
        opinions.append(RecordedOpinion(opinion=opinion, dissents=dissents, **names))
    return opinions
