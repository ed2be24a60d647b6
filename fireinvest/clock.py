"""Time helpers: times are stored in UTC and shown in the agency's time zone (a setting, Asia/Shanghai by default)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The calendar date of a moment where the fire happened (grades and numbering go by the local date)."""
    return moment.astimezone(zone).date()


def format_local(moment: dt.datetime | None, zone: ZoneInfo, with_seconds: bool = False) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")
