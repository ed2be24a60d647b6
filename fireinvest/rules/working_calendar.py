"""Which days are working days in China: statutory holidays, rest days and adjusted working days (调休上班日).

Schedules are published year by year. The chinese-calendar package carries the published ones; for a year it does
not cover, an administrator can enter the holidays and adjusted working days, and failing that the calendar falls
back to "Saturday and Sunday are rest days" and says so (`is_estimated`), so screens can warn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar


@cache
def _published(year: int) -> bool:
    """Whether the holiday package carries the official schedule of that year."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@cache
def _published_working_day(day: dt.date) -> bool:
    # Cached: the package checks each date against its whole table's range on every call, which made replaying
    # 100,000 imported timelines spend most of its time there.
    return chinese_calendar.is_workday(day)


@dataclass(frozen=True)
class CalendarDay:
    """An administrator's entry for a year the holiday package does not know: a holiday or a working day."""

    day: dt.date
    is_working_day: bool
    note: str = ""


@dataclass
class WorkingCalendar:
    entered_days: dict[dt.date, bool] = field(default_factory=dict)  # administrator's entries: day -> working?

    @classmethod
    def with_entries(cls, entries: Iterable[CalendarDay]) -> WorkingCalendar:
        return cls({entry.day: entry.is_working_day for entry in entries})

    def source_of(self, year: int) -> str:
        """ "published" (holiday package), "entered" (administrator) or "weekends" (fallback estimate)."""
        if _published(year):
            return "published"
        if any(day.year == year for day in self.entered_days):
            return "entered"
        return "weekends"

    def is_estimated(self, year: int) -> bool:
        return self.source_of(year) == "weekends"

    def is_working_day(self, day: dt.date) -> bool:
        # An administrator's entry wins, so a wrong or late published schedule can be corrected locally.
        if day in self.entered_days:
            return self.entered_days[day]
        if _published(day.year):
            return _published_working_day(day)
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day
