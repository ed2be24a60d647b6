"""Expert reviews (专家论证 / 案例评析): the register of experts and the review sessions held on a case.

A concluded review is a record of what the experts said on a given day and is never edited. A later session that
changes the conclusion supersedes it (`supersedes_id` on the new review); the old one stays, marked superseded.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base, Versioned
from fireinvest.rules import text_limits as text


class Expert(Versioned, Base):
    __tablename__ = "experts"
    # Two workstations registering the same expert at the same moment must not both succeed.
    __table_args__ = (UniqueConstraint("name", "unit", name="uq_experts_name_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(text.EXPERTS["name"]), index=True)
    unit: Mapped[str] = mapped_column(String(text.EXPERTS["unit"]), default="")  # 工作单位
    specialty: Mapped[str] = mapped_column(String(text.EXPERTS["specialty"]), default="")  # 专业领域, e.g. 电气火灾
    title: Mapped[str] = mapped_column(String(text.EXPERTS["title"]), default="")  # 职称, e.g. 高级工程师
    contact: Mapped[str] = mapped_column(String(text.EXPERTS["contact"]), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # retired experts stay for the reviews they sat on
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.EXPERTS["updated_by"]))


class ExpertReview(Versioned, Base):
    """One review session on a case. Status: draft (being written up), concluded (frozen), superseded."""

    __tablename__ = "expert_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    # cause_determination, case_evaluation, review_support
    purpose: Mapped[str] = mapped_column(String(text.EXPERT_REVIEWS["purpose"]))
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(text.EXPERT_REVIEWS["place"]), default="")
    question: Mapped[str] = mapped_column(Text, default="")  # 论证事项: what the experts were asked
    conclusion: Mapped[str] = mapped_column(Text, default="")
    dissent: Mapped[str] = mapped_column(Text, default="")  # 不同意见, recorded with who held it
    status: Mapped[str] = mapped_column(String(text.EXPERT_REVIEWS["status"]), default="draft")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("expert_reviews.id"))
    concluded_at: Mapped[dt.datetime | None]
    concluded_by: Mapped[str] = mapped_column(String(text.EXPERT_REVIEWS["concluded_by"]), default="")
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(text.EXPERT_REVIEWS["updated_by"]))


class ReviewOpinion(Base):
    """An expert present at a review, with the opinion they gave (kept in the order entered)."""

    __tablename__ = "review_opinions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("expert_reviews.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    opinion: Mapped[str] = mapped_column(Text, default="")
    dissents: Mapped[bool] = mapped_column(Boolean, default=False)  # disagrees with the conclusion
