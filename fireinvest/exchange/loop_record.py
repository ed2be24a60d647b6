"""A case's closed loop in the exchange format: `"loop": {"accountability": [...], "recommendations": [...],
"measures": [...], "assessment": {...}}`, or null for a case without one.

Dates are calendar days ("2026-03-01"). A measure names the recommendation it carries out and an accountability
entry the measure it was referred back from by position (`"recommendation": 1` is the first recommendation), since
database ids differ between installations. Codes may be given by value or by their Chinese name (`"done"` or
`"已落实"`). The structure is checked here; the rules that need the case's dates (deadlines after the fire, verdicts
in the assessment window, a complete loop behind an issued report) are checked by services/loop_transfer.py once
the case's timeline is known.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from fireinvest.exchange.values import FieldProblem, format_day, numbered_objects, parse_code, parse_day, parse_text
from fireinvest.rules.closed_loop import (
    AccountabilityMeasure,
    AccountabilityStatus,
    AddresseeKind,
    LoopRule,
    MeasureStatus,
    PartyKind,
    Verdict,
)
from fireinvest.rules.loop_items import (
    TEXT_LIMITS,
    AccountabilityDraft,
    AssessmentDraft,
    MeasureDraft,
    RecommendationDraft,
)
from fireinvest.rules.workflow import EventType
from fireinvest.services.loop.transfer import (
    LoopTransfer,
    TransferAssessment,
    TransferEntry,
    TransferMeasure,
    check_loop_transfer,
)
from fireinvest.services.workflow import TimelineStep

KEY = "loop"
LOOP_KEYS = ("accountability", "recommendations", "measures", "assessment")
ENTRY_KEYS = ("party", "party_kind", "breach", "legal_basis", "measure", "deciding_body", "status", "outcome",
              "decided_on", "referred_measure")  # fmt: skip
RECOMMENDATION_KEYS = ("lesson", "recommendation", "addressee", "addressee_kind")
MEASURE_KEYS = ("description", "owner", "deadline", "status", "completed_on", "completion_note", "verified_by",
                "verified_on", "recommendation", "verdict", "verdict_note")  # fmt: skip
ASSESSMENT_KEYS = ("team", "visited_on", "findings", "report_number", "report_filed_on")


def _plain(draft: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A draft's fields as JSON values: dates as ISO days, codes as their value."""
    out = {}
    for f in dataclasses.fields(draft):
        if f.name not in skip:
            value = getattr(draft, f.name)
            out[f.name] = format_day(value) if isinstance(value, dt.date) else value
    return out


def _position(index: int | None) -> int | None:
    return None if index is None else index + 1


def loop_to_record(loop: LoopTransfer) -> dict[str, Any] | None:
    """The exchange value of a case's loop; None when the case has none."""
    if loop.is_empty:
        return None
    assessment = None
    if loop.assessment is not None:
        a = loop.assessment
        filed = format_day(a.report_filed_on)
        assessment = {**_plain(a.draft), "report_number": a.report_number, "report_filed_on": filed}
    return {
        "accountability": [
            {**_plain(e.draft), "referred_measure": _position(e.referred_measure)} for e in loop.accountability
        ],  # fmt: skip
        "recommendations": [_plain(r) for r in loop.recommendations],
        "measures": [
            {
                **_plain(m.draft, skip=("recommendation_id",)),
                "recommendation": _position(m.recommendation),
                "verdict": m.verdict.value if m.verdict else None,
                "verdict_note": m.verdict_note,
            }
            for m in loop.measures
        ],  # fmt: skip
        "assessment": assessment,
    }


# --- reading -------------------------------------------------------------------------------------------------------


class _Item:
    """The values of one item of the loop, each read with the problem naming the item and its key."""

    def __init__(self, where: str, raw: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
        self.where, self.raw = where, raw
        unknown = [k for k in raw if k not in allowed]
        if unknown:
            self.fail(f"有未知的字段“{unknown[0]}”")

    def fail(self, reason: str) -> NoReturn:
        raise FieldProblem(KEY, f"{self.where}{reason}。")

    def text(self, key: str, required: bool = False) -> str:
        try:
            value = parse_text(key, self.raw.get(key), TEXT_LIMITS.get(key))
        except FieldProblem as problem:
            raise FieldProblem(KEY, f"{self.where}的 {key}：{problem.reason}") from None
        if required and not value:
            self.fail(f"缺少 {key}")
        return value

    def day(self, key: str) -> dt.date | None:
        try:
            return parse_day(key, self.raw.get(key))
        except FieldProblem as problem:
            raise FieldProblem(KEY, f"{self.where}的 {key}{problem.reason}") from None

    def code(self, key: str, enum: Any, default: Any = None) -> Any:
        try:
            return parse_code(key, self.raw.get(key), enum, default)
        except FieldProblem as problem:
            raise FieldProblem(KEY, f"{self.where}的 {key}{problem.reason}") from None

    def position(self, key: str) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(f"的 {key} 应为从 1 起的序号")
        return value - 1


def _items(raw: Mapping[str, Any], key: str, label: str, allowed: tuple[str, ...], build: Callable[[_Item], Any]):
    found = numbered_objects(KEY, raw.get(key), label, allowed, counter="项", not_a_list=f"{key} 应为{label}列表。")
    return tuple(build(_Item(where, item, allowed)) for where, item in found)


def _entry(item: _Item) -> TransferEntry:
    draft = AccountabilityDraft(
        party=item.text("party", required=True), measure=item.code("measure", AccountabilityMeasure),
        party_kind=item.code("party_kind", PartyKind, PartyKind.UNIT), breach=item.text("breach"),
        legal_basis=item.text("legal_basis"), deciding_body=item.text("deciding_body"),
        status=item.code("status", AccountabilityStatus, AccountabilityStatus.PROPOSED), outcome=item.text("outcome"),
        decided_on=item.day("decided_on"),
    )  # fmt: skip
    return TransferEntry(draft, item.position("referred_measure"))


def _recommendation(item: _Item) -> RecommendationDraft:
    kind = item.code("addressee_kind", AddresseeKind, AddresseeKind.UNIT)
    return RecommendationDraft(item.text("recommendation", required=True), item.text("addressee", required=True),
                               kind, item.text("lesson"))  # fmt: skip


def _measure(item: _Item) -> TransferMeasure:
    deadline = item.day("deadline")
    if deadline is None:
        item.fail("缺少 deadline（整改期限）")
    draft = MeasureDraft(
        description=item.text("description", required=True), owner=item.text("owner", required=True),
        deadline=deadline, status=item.code("status", MeasureStatus, MeasureStatus.PLANNED),
        completed_on=item.day("completed_on"), completion_note=item.text("completion_note"),
        verified_by=item.text("verified_by"), verified_on=item.day("verified_on"),
    )  # fmt: skip
    verdict = item.code("verdict", Verdict) if item.raw.get("verdict") is not None else None
    return TransferMeasure(draft, item.position("recommendation"), verdict, item.text("verdict_note"))


def _assessment(item: _Item) -> TransferAssessment:
    draft = AssessmentDraft(item.text("team"), item.day("visited_on"), item.text("findings"))
    return TransferAssessment(draft, item.text("report_number"), item.day("report_filed_on"))


def parse_loop(value: Any) -> LoopTransfer:
    """The loop of a record; the first unusable value raises FieldProblem("loop", …) naming the item."""
    if value is None:
        return LoopTransfer()
    if not isinstance(value, Mapping):
        raise FieldProblem(KEY, '应为一个对象 {"accountability": […], "recommendations": […], "measures": […], …}。')
    unknown = [k for k in value if k not in LOOP_KEYS]
    if unknown:
        raise FieldProblem(KEY, f"有未知的字段“{unknown[0]}”。")
    raw_assessment = value.get("assessment")
    if raw_assessment is not None and not isinstance(raw_assessment, Mapping):
        raise FieldProblem(KEY, "assessment 应为一个对象。")
    return LoopTransfer(
        _items(value, "accountability", "责任追究", ENTRY_KEYS, _entry),
        _items(value, "recommendations", "防范建议", RECOMMENDATION_KEYS, _recommendation),
        _items(value, "measures", "整改措施", MEASURE_KEYS, _measure),
        _assessment(_Item("整改评估", raw_assessment, ASSESSMENT_KEYS)) if raw_assessment is not None else None,
    )


def imported_loop_problems(
    loop: LoopTransfer, alarm_time: dt.datetime, steps: Sequence[TimelineStep], zone: ZoneInfo, today: dt.date,
    rule: LoopRule,
) -> list[str]:  # fmt: skip
    """Every rule an imported loop breaks, given its case's alarm and imported timeline (whose closing event dates
    the assessment window)."""
    closings = [step.event.time for step in steps if step.event.type == EventType.CLOSED]
    closed_on = max(closings).astimezone(zone).date() if closings else None
    return check_loop_transfer(loop, alarm_time.astimezone(zone).date(), closed_on, today, rule)
