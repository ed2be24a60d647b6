"""The case timeline (append-only procedure events), the deadlines computed from it, and the holiday entries an
administrator adds for years the published calendar does not cover."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base, Versioned
from fireinvest.rules import text_limits as text


class CaseEvent(Base):
    """One step of the procedure. Never updated or deleted: the timeline is the record of what was done."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_time", "case_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(text.CASE_EVENTS["type"]))
    occurred_at: Mapped[dt.datetime]
    # who did it (may differ from who typed it)
    performed_by: Mapped[str] = mapped_column(String(text.CASE_EVENTS["performed_by"]), default="")
    details_json: Mapped[str] = mapped_column(Text, default="{}")
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(text.CASE_EVENTS["recorded_by"]))


class CaseDeadline(Base):
    """A deadline as last computed from the case's timeline; recomputed whenever the timeline or the case's dates
    change, so the to-do list across all cases is one indexed query instead of a computation per case."""

    __tablename__ = "case_deadlines"
    __table_args__ = (
        # The to-do list across cases: pending deadlines by due date.
        Index("ix_case_deadlines_pending_due", "met_on", "responsible", "due"),
        # A case's next pending deadline (the case list's column): one index seek per listed case.
        Index("ix_case_deadlines_case_pending", "case_id", "met_on", "responsible", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(text.CASE_DEADLINES["kind"]))
    label: Mapped[str] = mapped_column(String(text.CASE_DEADLINES["label"]))
    due: Mapped[dt.date] = mapped_column(Date)
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(text.CASE_DEADLINES["responsible"]))
    estimated_calendar: Mapped[bool] = mapped_column(Boolean, default=False)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)  # paused while evidence is at a laboratory


class CalendarEntry(Versioned, Base):
    """A holiday (rest day) or working day entered by an administrator; overrides the published calendar."""

    __tablename__ = "calendar_entries"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(text.CALENDAR_ENTRIES["note"]), default="")
