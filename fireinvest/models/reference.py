"""Code tables an administrator can extend (causes and sub-causes, place types, districts) and settings."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base, Versioned
from fireinvest.rules import text_limits as text


class ReferenceItem(Versioned, Base):
    """One entry of a code list. `parent` ties a sub-cause to its category and a place type to its group."""

    __tablename__ = "reference_items"
    __table_args__ = (UniqueConstraint("kind", "parent", "name", name="uq_reference_items_kind_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(text.REFERENCE_ITEMS["kind"]), index=True)
    name: Mapped[str] = mapped_column(String(text.REFERENCE_ITEMS["name"]))
    parent: Mapped[str] = mapped_column(String(text.REFERENCE_ITEMS["parent"]), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    # Share in national statistics, used to make demo data look like real archives; 0 when unknown.
    weight: Mapped[float] = mapped_column(Float, default=0.0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Setting(Versioned, Base):
    """An installation-wide setting stored as JSON text, shared by every workstation on the database."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(text.SETTINGS["key"]), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
