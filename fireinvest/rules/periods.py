"""Counting statutory periods the way Chinese administrative procedure counts them (DOMAIN.md section 3).

- The day of the starting event is not counted: 30 days from an alarm on 1 March ends on 31 March.
- A period in calendar days whose last day is a holiday or rest day ends on the next working day.
- A period in working days (工作日) counts only working days; adjusted working days (调休上班日) count.
- Laboratory examination days are excluded by adding the calendar days from sending to report, both included;
  overlapping intervals count each day once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fireinvest.rules.working_calendar import WorkingCalendar

ONE_DAY = dt.timedelta(days=1)


class DayCount(StrEnum):
    CALENDAR = "calendar"  # 日
    WORKING = "working"  # 工作日

    @property
    def label(self) -> str:
        return "日" if self is DayCount.CALENDAR else "个工作日"


@dataclass(frozen=True)
class Period:
    length: int
    count: DayCount = DayCount.CALENDAR

    def __str__(self) -> str:
        return f"{self.length}{self.count.label}"


def period_end(start: dt.date, period: Period, calendar: WorkingCalendar, extra_days: int = 0) -> dt.date:
    """The last day of a period that runs from the event on `start`, with `extra_days` (excluded lab days) added."""
    if period.count is DayCount.CALENDAR:
        last = start + dt.timedelta(days=period.length + extra_days)
    else:
        last, counted = start, 0
        while counted < period.length:
            last += ONE_DAY
            if calendar.is_working_day(last):
                counted += 1
        last += dt.timedelta(days=extra_days)
    return calendar.next_working_day(last)


def excluded_days(intervals: Iterable[tuple[dt.date, dt.date | None]], today: dt.date) -> int:
    """Calendar days covered by the intervals, both ends included, each day counted once.

    An interval still open (no report yet) runs to `today`: its days keep being excluded until the report is back.
    """
    spans = sorted((start, end or today) for start, end in intervals)
    total, covered_until = 0, None
    for start, end in spans:
        if end < start:
            continue
        if covered_until is not None and start <= covered_until:
            start = covered_until + ONE_DAY
        if start <= end:
            total += (end - start).days + 1
            covered_until = end
    return total
