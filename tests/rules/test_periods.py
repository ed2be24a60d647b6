"""Period counting on the real Chinese calendar (chinese-calendar's published schedules)."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.rules.periods import DayCount, Period, excluded_days, period_end
from fireinvest.rules.working_calendar import CalendarDay, WorkingCalendar

D = dt.date
CALENDAR = WorkingCalendar()
THIRTY_DAYS = Period(30)
SEVEN_DAYS = Period(7)


@pytest.mark.parametrize(
    "start,period,due",
    [
        (D(2026, 3, 1), THIRTY_DAYS, D(2026, 3, 31)),  # the start day is not counted
        (D(2026, 1, 31), THIRTY_DAYS, D(2026, 3, 2)),  # across a short month
        (D(2026, 2, 1), THIRTY_DAYS, D(2026, 3, 3)),  # 2026 is not a leap year
        (D(2024, 2, 1), THIRTY_DAYS, D(2024, 3, 4)),  # leap year: 2 March is a Saturday, so Monday 4 March
        (D(2025, 12, 31), SEVEN_DAYS, D(2026, 1, 7)),  # across the year end
    ],
)
def test_calendar_day_periods(start, period, due):
    assert period_end(start, period, CALENDAR) == due


def test_last_day_inside_the_spring_festival_moves_to_the_first_working_day():
    # 2026 Spring Festival: 15-23 February are holidays; 17 February falls inside them.
    assert period_end(D(2026, 2, 10), SEVEN_DAYS, CALENDAR) == D(2026, 2, 24)


def test_adjusted_saturday_is_a_working_day():
    # Saturday 14 February 2026 is an adjusted working day (调休上班), so a period may end on it.
    assert period_end(D(2026, 2, 7), SEVEN_DAYS, CALENDAR) == D(2026, 2, 14)
    # An ordinary Saturday is a rest day.
    assert period_end(D(2026, 3, 7), SEVEN_DAYS, CALENDAR) == D(2026, 3, 16)


def test_working_day_period_skips_holidays_and_counts_adjusted_days():
    # From Thursday 12 Feb 2026: 13 Fri, 14 Sat (adjusted), holidays to the 23rd, 24-27, 28 Sat (adjusted).
    assert period_end(D(2026, 2, 12), Period(7, DayCount.WORKING), CALENDAR) == D(2026, 2, 28)


def test_overlapping_laboratory_intervals_count_each_day_once():
    intervals = [(D(2026, 3, 5), D(2026, 3, 10)), (D(2026, 3, 8), D(2026, 3, 12)), (D(2026, 3, 9), D(2026, 3, 9))]
    assert excluded_days(intervals, today=D(2026, 6, 1)) == 8
    # Determination due 30 days after the alarm plus the 8 laboratory days.
    assert period_end(D(2026, 3, 1), THIRTY_DAYS, CALENDAR, extra_days=8) == D(2026, 4, 8)


def test_separate_and_open_laboratory_intervals():
    intervals = [(D(2026, 3, 5), D(2026, 3, 6)), (D(2026, 3, 20), None)]
    assert excluded_days(intervals, today=D(2026, 3, 22)) == 2 + 3


def test_year_without_published_schedule_falls_back_to_weekends():
    assert CALENDAR.source_of(2026) == "published"
    assert CALENDAR.is_estimated(2030)
    # 30 days from 1 Jan 2030 is Thursday 31 January; from 2 Feb 2030 it ends Sunday 3 March -> Monday 4 March.
    assert period_end(D(2030, 1, 1), THIRTY_DAYS, CALENDAR) == D(2030, 1, 31)
    assert period_end(D(2030, 2, 1), THIRTY_DAYS, CALENDAR) == D(2030, 3, 4)


def test_administrator_entered_holidays_for_an_unpublished_year():
    entered = WorkingCalendar.with_entries([CalendarDay(D(2030, 1, 31), False, "假设的节假日")])
    assert entered.source_of(2030) == "entered"
    assert not entered.is_estimated(2030)
    assert period_end(D(2030, 1, 1), THIRTY_DAYS, entered) == D(2030, 2, 1)
