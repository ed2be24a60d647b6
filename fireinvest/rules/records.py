"""Scene inspection records (现场勘验笔录) and interview records (询问笔录) as plain values, the checks they must pass
before they are saved, and the rule that freezes them once the case is determined.

Every check returns FieldErrors with a Chinese message naming the box (or the numbered row) to fix, in form order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from fireinvest.errors import FieldError
from fireinvest.rules import text_limits
from fireinvest.rules.case_facts import CaseStatus, in_the_future
from fireinvest.rules.workflow import EventType

# The events after which the records are part of a decision already made: changing them then would rewrite the
# evidence the determination relied on. A redetermination can only follow a determination, listed for clarity.
DETERMINATION_EVENTS = frozenset({EventType.DETERMINED, EventType.SIMPLE_DETERMINED, EventType.REDETERMINED})

# The texts of records that have a column length (rules/text_limits.py, where the models take them from too).
INSPECTION_TEXT_LIMITS = {name: text_limits.SCENE_INSPECTIONS[name] for name in (
    "place", "witness", "weather_sky", "wind", "temperature", "lighting")}  # fmt: skip
INTERVIEW_TEXT_LIMITS = {name: text_limits.INTERVIEWS[name] for name in (
    "interviewee", "id_number", "role", "contact", "place")}  # fmt: skip

RECORD_LABELS: dict[str, str] = {
    "started_at": "开始时间",
    "ended_at": "结束时间",
    "place": "地点",
    "inspectors": "勘验人员",
    "witness": "见证人",
    "weather_sky": "天气",
    "wind": "风向风力",
    "temperature": "温度",
    "lighting": "光照条件",
    "interviewee": "被询问人姓名",
    "id_number": "身份证件号码",
    "role": "被询问人身份",
    "contact": "联系方式",
    "interviewers": "询问人",
    "questions": "问答内容",
}


@dataclass(frozen=True)
class Inspector:
    """One person who inspected the scene, as the record names them."""

    name: str
    unit: str = ""
    title: str = ""  # 职务或职称


@dataclass
class InspectionDraft:
    """Everything a user edits on a scene inspection record. Times are timezone-aware; findings are free text in
    the four stages of XF 839 (火灾现场勘验规则): surroundings, preliminary, detailed, special."""

    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    place: str = ""
    inspectors: list[Inspector] = field(default_factory=list)
    witness: str = ""
    weather_sky: str = ""
    wind: str = ""
    temperature: str = ""
    lighting: str = ""
    surroundings: str = ""
    preliminary: str = ""
    detailed: str = ""
    special: str = ""


@dataclass(frozen=True)
class QuestionAnswer:
    question: str
    answer: str = ""  # may stay empty: the interviewee may decline to answer, which the record shows as is


@dataclass
class InterviewDraft:
    """Everything a user edits on an interview record; the questions keep the order in which they were asked."""

    interviewee: str = ""
    id_number: str = ""
    role: str = ""  # 报警人、当事人、目击者 …
    contact: str = ""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    place: str = ""
    interviewers: list[str] = field(default_factory=list)
    questions: list[QuestionAnswer] = field(default_factory=list)
    refused_to_sign: bool = False


def normalised_inspection(draft: InspectionDraft) -> InspectionDraft:
    """A copy with surrounding blanks removed from names and short fields. The findings keep their whitespace:
    a paragraph may well start with the customary full-width indent."""
    return InspectionDraft(
        started_at=draft.started_at,
        ended_at=draft.ended_at,
        place=draft.place.strip(),
        inspectors=[Inspector(i.name.strip(), i.unit.strip(), i.title.strip()) for i in draft.inspectors],
        witness=draft.witness.strip(),
        weather_sky=draft.weather_sky.strip(),
        wind=draft.wind.strip(),
        temperature=draft.temperature.strip(),
        lighting=draft.lighting.strip(),
        surroundings=draft.surroundings,
        preliminary=draft.preliminary,
        detailed=draft.detailed,
        special=draft.special,
    )


def normalised_interview(draft: InterviewDraft) -> InterviewDraft:
    """A copy with surrounding blanks removed from names, short fields and questions; answers stay as typed."""
    return InterviewDraft(
        interviewee=draft.interviewee.strip(),
        id_number=draft.id_number.strip(),
        role=draft.role.strip(),
        contact=draft.contact.strip(),
        started_at=draft.started_at,
        ended_at=draft.ended_at,
        place=draft.place.strip(),
        interviewers=[name.strip() for name in draft.interviewers],
        questions=[QuestionAnswer(qa.question.strip(), qa.answer) for qa in draft.questions],
        refused_to_sign=draft.refused_to_sign,
    )


Fail = Callable[[str, str], None]


def validate_inspection(draft: InspectionDraft, now: dt.datetime | None = None) -> list[FieldError]:
    """All problems with a scene inspection record, in form order; an empty list means it may be saved."""
    errors: list[FieldError] = []

    def fail(name: str, message: str) -> None:
        errors.append(FieldError(name, message))

    _check_times(draft.started_at, draft.ended_at, fail, now)
    if not draft.place.strip():
        fail("place", "请填写勘验地点。")
    if not draft.inspectors:
        fail("inspectors", "请至少填写一名勘验人员。")
    for number, inspector in enumerate(draft.inspectors, start=1):
        if not inspector.name.strip():
            fail("inspectors", f"第{number}名勘验人员缺少姓名。")
    _check_lengths(draft, INSPECTION_TEXT_LIMITS, fail)
    return errors


def validate_interview(draft: InterviewDraft, now: dt.datetime | None = None) -> list[FieldError]:
    """All problems with an interview record, in form order; an empty list means it may be saved."""
    errors: list[FieldError] = []

    def fail(name: str, message: str) -> None:
        errors.append(FieldError(name, message))

    if not draft.interviewee.strip():
        fail("interviewee", "请填写被询问人姓名。")
    _check_times(draft.started_at, draft.ended_at, fail, now)
    if not draft.place.strip():
        fail("place", "请填写询问地点。")
    if not draft.interviewers:
        fail("interviewers", "请至少填写一名询问人。")
    for number, name in enumerate(draft.interviewers, start=1):
        if not name.strip():
            fail("interviewers", f"第{number}名询问人缺少姓名。")
    for number, qa in enumerate(draft.questions, start=1):
        if not qa.question.strip():
            fail("questions", f"第{number}问的问题不能为空。")
    _check_lengths(draft, INTERVIEW_TEXT_LIMITS, fail)
    return errors


def _check_times(started: dt.datetime | None, ended: dt.datetime | None, fail: Fail, now: dt.datetime | None) -> None:
    if started is None:
        fail("started_at", "请填写开始时间。")
    elif started.tzinfo is None:
        fail("started_at", "开始时间缺少时区。")
    elif in_the_future(started, now):
        fail("started_at", "开始时间不能晚于现在，请检查日期（以及本机时钟）。")
    if ended is not None and ended.tzinfo is None:
        fail("ended_at", "结束时间缺少时区。")
    elif in_the_future(ended, now):
        fail("ended_at", "结束时间不能晚于现在，请检查日期（以及本机时钟）。")
    elif started is not None and started.tzinfo is not None and ended is not None and ended < started:
        fail("ended_at", "结束时间不能早于开始时间。")


def _check_lengths(draft: object, limits: dict[str, int], fail: Fail) -> None:
    texts = {name: getattr(draft, name) for name in limits}
    for problem in text_limits.text_problems(texts, limits, RECORD_LABELS):
        fail(problem.field, problem.message)


def read_only_reason(case_number: str, status: CaseStatus, event_types: Iterable[EventType]) -> str | None:
    """Why the case's records may no longer be changed, or None while they may be."""
    if status == CaseStatus.VOIDED:
        return f"案件 {case_number} 已作废，笔录不能再新增或修改。"
    if DETERMINATION_EVENTS.intersection(event_types):
        return f"案件 {case_number} 已作出火灾事故认定，笔录已归档为只读，不能再新增或修改。"
    return None
