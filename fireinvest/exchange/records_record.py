"""Scene inspection and interview records in the exchange format: `"inspections": [...]`, `"interviews": [...]`.

Each record is checked by the same rules as one typed in (rules/records.py). On import they are written before the
case's timeline, because a determination on the timeline makes them read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from fireinvest.errors import FieldError
from fireinvest.exchange.values import FieldProblem, format_time, numbered_objects, parse_flag, parse_text, parse_time
from fireinvest.rules.records import (
    InspectionDraft,
    Inspector,
    InterviewDraft,
    QuestionAnswer,
    validate_inspection,
    validate_interview,
)
from fireinvest.services.records import InspectionRecord, InterviewRecord

INSPECTION_TEXTS = (
    "place",
    "witness",
    "weather_sky",
    "wind",
    "temperature",
    "lighting",
    "surroundings",
    "preliminary",
    "detailed",
    "special",
)
INSPECTION_KEYS = ("started_at", "ended_at", *INSPECTION_TEXTS, "inspectors")
# Findings keep their whitespace: paragraphs start with the customary full-width indent "　　".
FINDINGS = ("surroundings", "preliminary", "detailed", "special")
INTERVIEW_TEXTS = ("interviewee", "id_number", "role", "contact", "place")
INTERVIEW_KEYS = ("started_at", "ended_at", *INTERVIEW_TEXTS, "interviewers", "questions", "refused_to_sign")


def inspections_to_records(records: list[InspectionRecord], zone: ZoneInfo) -> list[dict[str, Any]]:
    return [
        {
            "started_at": format_time(r.started_at, zone),
            "ended_at": format_time(r.ended_at, zone),
            **{key: getattr(r, key) for key in INSPECTION_TEXTS},
            "inspectors": [{"name": i.name, "unit": i.unit, "title": i.title} for i in r.inspectors],
        }
        for r in records
    ]


def interviews_to_records(records: list[InterviewRecord], zone: ZoneInfo) -> list[dict[str, Any]]:
    return [
        {
            "started_at": format_time(r.started_at, zone),
            "ended_at": format_time(r.ended_at, zone),
            **{key: getattr(r, key) for key in INTERVIEW_TEXTS},
            "interviewers": list(r.interviewers),
            "questions": [{"q": qa.question, "a": qa.answer} for qa in r.questions],
            "refused_to_sign": r.refused_to_sign,
        }
        for r in records
    ]


def _records(
    key: str,
    label: str,
    value: Any,
    allowed: tuple[str, ...],
    build: Callable[[Mapping], Any],
    validate: Callable[[Any], list[FieldError]],
) -> list[Any]:
    drafts = []
    for where, raw in numbered_objects(key, value, label, allowed, counter="份"):
        try:
            draft = build(raw)
        except FieldProblem as problem:
            raise FieldProblem(key, f"{where}：{problem.reason}") from None
        except (TypeError, AttributeError):
            raise FieldProblem(key, f"{where}的人员或问答格式不正确。") from None
        errors = validate(draft)
        if errors:
            raise FieldProblem(key, f"{where}：{errors[0].message}")
        drafts.append(draft)
    return drafts


def _finding(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldProblem("inspections", "勘验情况应为文字。")
    return value


def parse_inspections(value: Any, zone: ZoneInfo) -> list[InspectionDraft]:
    def build(raw: Mapping) -> InspectionDraft:
        people = [
            Inspector(str(p.get("name", "")), str(p.get("unit", "")), str(p.get("title", "")))
            for p in raw.get("inspectors") or []
        ]
        texts = {
            key: _finding(raw.get(key)) if key in FINDINGS else parse_text("inspections", raw.get(key))
            for key in INSPECTION_TEXTS
        }
        return InspectionDraft(
            parse_time("inspections", raw.get("started_at"), zone),
            parse_time("inspections", raw.get("ended_at"), zone),
            inspectors=people,
            **texts,
        )

    return _records("inspections", "勘验笔录", value, INSPECTION_KEYS, build, validate_inspection)


def parse_interviews(value: Any, zone: ZoneInfo) -> list[InterviewDraft]:
    def build(raw: Mapping) -> InterviewDraft:
        questions = [QuestionAnswer(str(q.get("q", "")), str(q.get("a", ""))) for q in raw.get("questions") or []]
        texts = {key: parse_text("interviews", raw.get(key)) for key in INTERVIEW_TEXTS}
        return InterviewDraft(
            started_at=parse_time("interviews", raw.get("started_at"), zone),
            ended_at=parse_time("interviews", raw.get("ended_at"), zone),
            interviewers=[str(name) for name in raw.get("interviewers") or []],
            questions=questions,
            refused_to_sign=parse_flag("interviews", raw.get("refused_to_sign")),
            **texts,
        )

    return _records("interviews", "询问笔录", value, INTERVIEW_KEYS, build, validate_interview)
