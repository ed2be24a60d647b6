"""Physical evidence (痕迹物品/物证) and its chain of custody.

Custody events are append-only: a mistake is corrected by a new event that points at the wrong one
(`corrects_event_id`), so the record of who held an item at every moment can never be rewritten.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base, Versioned
from fireinvest.rules import text_limits as text


class EvidenceItem(Versioned, Base):
    __tablename__ = "evidence_items"
    __table_args__ = (
        UniqueConstraint("agency_code", "year", "sequence", name="uq_evidence_items_agency_year_sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    # Unique in the agency (e.g. 320100-WZ-2026-0001), printed on the sealed package's label and its QR code.
    evidence_number: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["evidence_number"]), unique=True)
    agency_code: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["agency_code"]))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int | None] = mapped_column(Integer)  # None for numbers imported in a foreign format
    name: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["name"]))
    description: Mapped[str] = mapped_column(Text, default="")
    # where it was found
    found_position: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["found_position"]), default="")
    # position and size, e.g. 距东墙1.2米
    measurements: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["measurements"]), default="")
    collected_at: Mapped[dt.datetime]
    collector: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["collector"]))
    witness: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["witness"]), default="")
    seal_number: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["seal_number"]), default="")
    # photo numbers in the scene photo record
    photo_refs: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["photo_refs"]), default="")
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(text.EVIDENCE_ITEMS["created_by"]))


class CustodyEvent(Base):
    """One hand of the chain: collected, sealed, handed over, sent to a lab, report received, returned, destroyed,
    or a correction of an earlier event. Never updated or deleted."""

    __tablename__ = "custody_events"
    __table_args__ = (Index("ix_custody_events_item_time", "item_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(text.CUSTODY_EVENTS["kind"]))
    occurred_at: Mapped[dt.datetime]
    from_holder: Mapped[str] = mapped_column(String(text.CUSTODY_EVENTS["from_holder"]), default="")
    to_holder: Mapped[str] = mapped_column(String(text.CUSTODY_EVENTS["to_holder"]), default="")
    place: Mapped[str] = mapped_column(String(text.CUSTODY_EVENTS["place"]), default="")
    purpose: Mapped[str] = mapped_column(String(text.CUSTODY_EVENTS["purpose"]), default="")
    signed_by: Mapped[str] = mapped_column(String(text.CUSTODY_EVENTS["signed_by"]), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    corrects_event_id: Mapped[int | None] = mapped_column(ForeignKey("custody_events.id"))
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(text.CUSTODY_EVENTS["recorded_by"]))


class EvidenceCounter(Base):
    """Last evidence sequence per agency and year; incremented in the registering transaction (see numbering)."""

    __tablename__ = "evidence_counters"

    agency_code: Mapped[str] = mapped_column(String(text.EVIDENCE_COUNTERS["agency_code"]), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
