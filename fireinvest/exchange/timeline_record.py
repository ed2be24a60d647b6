"""A case's timeline in the exchange format: `"events": [{"type": ..., "time": ..., ...details}]`.

Besides `type` and `time` an event may carry `performed_by` and its details (e.g. `"method": "post"` for a service,
`"applicant"` for a review application, `"excluded_causes"` for a determination without a cause). On import the
whole timeline is replayed through the procedure's state machine, so a history that could not have happened here
is refused like any other bad value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from fireinvest.exchange.values import FieldProblem, format_time, parse_time
from fireinvest.rules.workflow import EventType, WorkflowEvent
from fireinvest.services.workflow import TimelineEntry, TimelineStep

_OWN_KEYS = ("type", "time", "performed_by")


def timeline_to_records(entries: Sequence[TimelineEntry], zone: ZoneInfo) -> list[dict[str, Any]]:
    return [
        {"type": e.type.value, "time": format_time(e.time, zone), "performed_by": e.performed_by, **e.details}
        for e in entries
    ]


def _plain(value: Any) -> bool:
    """Details must be what JSON can carry back unchanged: text, whole numbers, flags and lists of those."""
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, (str, bool, int)) and not isinstance(value, Decimal)


def parse_events(value: Any, zone: ZoneInfo) -> list[TimelineStep]:
    """The timeline of a record; the first unusable event raises FieldProblem("events", …) naming it."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldProblem("events", '应为事件列表 [{"type": …, "time": …}, …]。')
    steps = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise FieldProblem("events", f"第{number}个事件应为一个对象。")
        try:
            kind = EventType(item["type"])
        except (KeyError, ValueError):
            known = ", ".join(t.value for t in EventType)
            raise FieldProblem(
                "events", f"第{number}个事件的类型“{item.get('type')}”无法识别，应为 {known} 之一。"
            ) from None
        try:
            time = parse_time("events", item.get("time"), zone)
        except FieldProblem as problem:
            raise FieldProblem("events", f"第{number}个事件（{kind.label}）的时间：{problem.reason}") from None
        if time is None:
            raise FieldProblem("events", f"第{number}个事件（{kind.label}）缺少时间。")
        details = {k: v for k, v in item.items() if k not in _OWN_KEYS}
        odd = [k for k, v in details.items() if not _plain(v)]
        if odd:
            raise FieldProblem("events", f"第{number}个事件（{kind.label}）的“{odd[0]}”应为文字、整数或列表。")
        performed_by = item.get("performed_by") or ""
        if not isinstance(performed_by, str):
            raise FieldProblem("events", f"第{number}个事件（{kind.label}）的 performed_by 应为文字。")
        steps.append(TimelineStep(WorkflowEvent(kind, time, details), performed_by.strip()))
    return steps


def describe_timeline_problem(steps: Sequence[TimelineStep], index: int, problem: str) -> str:
    return f"第{index + 1}个事件（{steps[index].event.type.label}）：{problem}"
