"""The fire case (火灾案件), its parties, its investigators and the per-agency, per-year case number counter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fireinvest.models.base import Base, Versioned
from fireinvest.models.people import Person
from fireinvest.rules import text_limits as text


class FireCase(Versioned, Base):
    __tablename__ = "fire_cases"
    __table_args__ = (
        UniqueConstraint("agency_code", "year", "sequence", name="uq_fire_cases_agency_year_sequence"),
        # The case list sorts by alarm time within these filters; composite indexes keep the first page fast.
        Index("ix_fire_cases_status_alarm", "status", "alarm_time"),
        Index("ix_fire_cases_year_alarm", "year", "alarm_time"),
        Index("ix_fire_cases_district_alarm", "district", "alarm_time"),
        Index("ix_fire_cases_cause_alarm", "cause_category", "alarm_time"),
        Index("ix_fire_cases_grade_alarm", "fire_grade", "alarm_time"),
        # Fires with deaths need a closed loop: the loop board and the to-do list find them through this index.
        Index("ix_fire_cases_deaths", "deaths"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(text.FIRE_CASES["case_number"]), unique=True)
    agency_code: Mapped[str] = mapped_column(String(text.FIRE_CASES["agency_code"]))
    year: Mapped[int] = mapped_column(Integer)  # the year of the alarm, local time; numbering runs per year
    # None for numbers in a foreign format (imported from elsewhere); they never collide with ours.
    sequence: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(text.FIRE_CASES["status"]), default="registered")

    alarm_time: Mapped[dt.datetime] = mapped_column(index=True)
    extinguished_time: Mapped[dt.datetime | None]
    address: Mapped[str] = mapped_column(String(text.FIRE_CASES["address"]))
    district: Mapped[str] = mapped_column(String(text.FIRE_CASES["district"]))
    place_type: Mapped[str] = mapped_column(String(text.FIRE_CASES["place_type"]))
    is_key_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_name: Mapped[str] = mapped_column(String(text.FIRE_CASES["unit_name"]), default="")
    procedure: Mapped[str] = mapped_column(String(text.FIRE_CASES["procedure"]), default="general")
    facts_disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str] = mapped_column(Text, default="")
    dispatched_units: Mapped[str] = mapped_column(Text, default="")

    ignition_time: Mapped[dt.datetime | None]
    ignition_area: Mapped[str] = mapped_column(String(text.FIRE_CASES["ignition_area"]), default="")
    ignition_point: Mapped[str] = mapped_column(String(text.FIRE_CASES["ignition_point"]), default="")
    cause_category: Mapped[str] = mapped_column(String(text.FIRE_CASES["cause_category"]), default="")
    cause_detail: Mapped[str] = mapped_column(String(text.FIRE_CASES["cause_detail"]), default="")
    disaster_causes: Mapped[str] = mapped_column(Text, default="")
    cause_finding: Mapped[str] = mapped_column(Text, default="")  # 起火原因认定, in prose

    burned_area_m2: Mapped[Decimal] = mapped_column(default=Decimal(0))
    deaths: Mapped[int] = mapped_column(default=0)
    serious_injuries: Mapped[int] = mapped_column(default=0)
    minor_injuries: Mapped[int] = mapped_column(default=0)
    affected_households: Mapped[int] = mapped_column(default=0)
    direct_property_loss: Mapped[Decimal] = mapped_column(default=Decimal(0))
    direct_economic_loss: Mapped[Decimal] = mapped_column(default=Decimal(0))
    # Computed by the grading rules on every save (never typed); stored so the list can filter and sort on it.
    fire_grade: Mapped[str] = mapped_column(String(text.FIRE_CASES["fire_grade"]))

    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(text.FIRE_CASES["created_by"]))
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.FIRE_CASES["updated_by"]))
    void_reason: Mapped[str] = mapped_column(Text, default="")

    parties: Mapped[list[Party]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Party.position"
    )
    investigators: Mapped[list[CaseInvestigator]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseInvestigator.position"
    )


class Party(Versioned, Base):
    """当事人: owner, occupant, responsible unit, victim or suspect of one case."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(text.PARTIES["name"]))
    role: Mapped[str] = mapped_column(String(text.PARTIES["role"]))
    id_number: Mapped[str] = mapped_column(String(text.PARTIES["id_number"]), default="")  # 身份证号或统一社会信用代码
    contact: Mapped[str] = mapped_column(String(text.PARTIES["contact"]), default="")

    case: Mapped[FireCase] = relationship(back_populates="parties")


class CaseInvestigator(Base):
    """An investigator assigned to a case; exactly one may be the lead (主办)."""

    __tablename__ = "case_investigators"
    __table_args__ = (UniqueConstraint("case_id", "person_id", name="uq_case_investigators_case_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(default=0)

    case: Mapped[FireCase] = relationship(back_populates="investigators")
    person: Mapped[Person] = relationship(lazy="joined")


class CaseNumberCounter(Base):
    """The last case sequence issued per agency and year.

    Incrementing this row inside the transaction that inserts the case serialises concurrent registrations
    (row lock on PostgreSQL, the write lock on SQLite) and a rolled-back registration gives its number back,
    so numbers stay unique and gapless.
    """

    __tablename__ = "case_number_counters"

    agency_code: Mapped[str] = mapped_column(String(text.CASE_NUMBER_COUNTERS["agency_code"]), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
