"""Attachments (photos, video, scans, drawings, lab reports, any file), stored content-addressed in the database.

The bytes live in the database, in chunks keyed by their SHA-256, for two reasons: every workstation of a team on
PostgreSQL reads them through the same connection it already has (no shared folder to mount and keep in step), and
a row and its bytes are written in one transaction, so no commit can leave a row without its bytes or bytes without
a row. Identical files are stored once. Chunks keep any single value far below PostgreSQL's 1 GB limit and let
large videos stream instead of sitting in memory whole.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base
from fireinvest.rules import text_limits as text


class AttachmentContent(Base):
    """One distinct file content, named by its SHA-256 digest (recorded at intake, checked on every read)."""

    __tablename__ = "attachment_contents"

    sha256: Mapped[str] = mapped_column(String(text.ATTACHMENT_CONTENTS["sha256"]), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    chunk_count: Mapped[int] = mapped_column(Integer)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)  # small JPEG for photos; None for other files
    # A photo at print size (services.attachments.images), made at intake for the dossier; None for other files, for
    # photos small enough to print as they are and for photos stored before schema 0009.
    print_copy: Mapped[bytes | None] = mapped_column(LargeBinary)
    stored_at: Mapped[dt.datetime]


class AttachmentChunk(Base):
    __tablename__ = "attachment_chunks"

    sha256: Mapped[str] = mapped_column(
        String(64), ForeignKey("attachment_contents.sha256", ondelete="CASCADE"), primary_key=True
    )
    sequence: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Attachment(Base):
    """A file as attached to a case (and optionally to one evidence item, review, measure or assessment), with its
    caption."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    evidence_item_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_items.id"), index=True)
    # Material of an expert review, proof that a corrective measure was completed, the assessment report.
    expert_review_id: Mapped[int | None] = mapped_column(ForeignKey("expert_reviews.id"), index=True)
    corrective_measure_id: Mapped[int | None] = mapped_column(ForeignKey("corrective_measures.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_assessments.id"), index=True)
    sha256: Mapped[str] = mapped_column(
        String(text.ATTACHMENTS["sha256"]), ForeignKey("attachment_contents.sha256"), index=True
    )
    # photo, video, scan, drawing, lab_report, other
    kind: Mapped[str] = mapped_column(String(text.ATTACHMENTS["kind"]))
    original_name: Mapped[str] = mapped_column(String(text.ATTACHMENTS["original_name"]))
    media_type: Mapped[str] = mapped_column(String(text.ATTACHMENTS["media_type"]), default="application/octet-stream")
    caption: Mapped[str] = mapped_column(Text, default="")
    captured_at: Mapped[dt.datetime | None]  # from the photo's metadata where present
    added_at: Mapped[dt.datetime]
    added_by: Mapped[str] = mapped_column(String(text.ATTACHMENTS["added_by"]))
