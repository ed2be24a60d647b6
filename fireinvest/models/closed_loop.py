"""The closed loop of an investigated fire (DOMAIN.md section 7):
accountability (责任追究) -> prevention (事故防范) -> corrective measures (措施改进) ->
rectification assessment (整改评估).

Every item belongs to a case. Measures carry the deadlines the loop board and the to-do list watch; the assessment
gives each measure a verdict, and a measure not carried out is referred back to accountability
(`AccountabilityEntry.referred_measure_id`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base, Versioned
from fireinvest.rules import text_limits as text


class AccountabilityEntry(Versioned, Base):
    __tablename__ = "accountability_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(text.ACCOUNTABILITY_ENTRIES["party"]))  # the responsible unit or person
    # unit, person
    party_kind: Mapped[str] = mapped_column(String(text.ACCOUNTABILITY_ENTRIES["party_kind"]), default="unit")
    breach: Mapped[str] = mapped_column(Text, default="")  # what was breached
    # law and article
    legal_basis: Mapped[str] = mapped_column(String(text.ACCOUNTABILITY_ENTRIES["legal_basis"]), default="")
    # criminal_referral, administrative_penalty, discipline_referral, sector_referral
    measure: Mapped[str] = mapped_column(String(text.ACCOUNTABILITY_ENTRIES["measure"]))
    deciding_body: Mapped[str] = mapped_column(String(text.ACCOUNTABILITY_ENTRIES["deciding_body"]), default="")
    # proposed, referred, decided, closed
    status: Mapped[str] = mapped_column(String(text.ACCOUNTABILITY_ENTRIES["status"]), default="proposed")
    outcome: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    referred_measure_id: Mapped[int | None] = mapped_column(ForeignKey("corrective_measures.id"))
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.ACCOUNTABILITY_ENTRIES["updated_by"]))


class PreventionRecommendation(Versioned, Base):
    __tablename__ = "prevention_recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    lesson: Mapped[str] = mapped_column(Text, default="")  # 教训
    recommendation: Mapped[str] = mapped_column(Text)
    # the unit, sector department or local government
    addressee: Mapped[str] = mapped_column(String(text.PREVENTION_RECOMMENDATIONS["addressee"]))
    # unit, sector, government
    addressee_kind: Mapped[str] = mapped_column(
        String(text.PREVENTION_RECOMMENDATIONS["addressee_kind"]), default="unit"
    )
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.PREVENTION_RECOMMENDATIONS["updated_by"]))


class CorrectiveMeasure(Versioned, Base):
    __tablename__ = "corrective_measures"
    __table_args__ = (
        # The loop board and the to-do list: open measures by deadline, and every measure of one unit.
        Index("ix_corrective_measures_open_deadline", "verdict", "deadline"),
        Index("ix_corrective_measures_owner", "owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("prevention_recommendations.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(text.CORRECTIVE_MEASURES["owner"]))  # the responsible unit
    deadline: Mapped[dt.date] = mapped_column(Date)
    # planned, in_progress, completed
    status: Mapped[str] = mapped_column(String(text.CORRECTIVE_MEASURES["status"]), default="planned")
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    completion_note: Mapped[str] = mapped_column(Text, default="")
    verified_by: Mapped[str] = mapped_column(String(text.CORRECTIVE_MEASURES["verified_by"]), default="")
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    # set by the assessment: done, partly, not_done
    verdict: Mapped[str | None] = mapped_column(String(text.CORRECTIVE_MEASURES["verdict"]))
    verdict_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.CORRECTIVE_MEASURES["updated_by"]))


class RectificationAssessment(Versioned, Base):
    """The rectification assessment of a case (one per case), due 10 to 12 months after the case was closed."""

    __tablename__ = "rectification_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), unique=True)
    team: Mapped[str] = mapped_column(Text, default="")  # 评估组成员
    visited_on: Mapped[dt.date | None] = mapped_column(Date)  # on-site visit and interviews
    findings: Mapped[str] = mapped_column(Text, default="")
    report_number: Mapped[str] = mapped_column(String(text.RECTIFICATION_ASSESSMENTS["report_number"]), default="")
    report_filed_on: Mapped[dt.date | None] = mapped_column(Date)  # the report was issued (published)
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.RECTIFICATION_ASSESSMENTS["updated_by"]))
