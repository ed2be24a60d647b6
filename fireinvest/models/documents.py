"""Issued documents (文书) and their number register (文号).

Numbers are counted per agency, document kind and year, without gaps: a counter row is incremented in the same
transaction that records the number, and a voided number stays in the register as voided. Every generated .docx is
kept with its SHA-256 (its bytes go to the content-addressed attachment store); an issued document is never
regenerated in place, a correction is a new version under the same number.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fireinvest.models.base import Base
from fireinvest.rules import text_limits as text


class DocumentCounter(Base):
    __tablename__ = "document_counters"

    agency_code: Mapped[str] = mapped_column(String(text.DOCUMENT_COUNTERS["agency_code"]), primary_key=True)
    kind: Mapped[str] = mapped_column(String(text.DOCUMENT_COUNTERS["kind"]), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)


class DocumentNumber(Base):
    """One allocated document number, e.g. 某消火认字〔2026〕第0021号; voided numbers keep their row."""

    __tablename__ = "document_numbers"
    __table_args__ = (
        UniqueConstraint("agency_code", "kind", "year", "sequence", name="uq_document_numbers_agency_kind_year_seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    agency_code: Mapped[str] = mapped_column(String(text.DOCUMENT_NUMBERS["agency_code"]))
    kind: Mapped[str] = mapped_column(String(text.DOCUMENT_NUMBERS["kind"]))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    number_text: Mapped[str] = mapped_column(String(text.DOCUMENT_NUMBERS["number_text"]))
    allocated_at: Mapped[dt.datetime]
    allocated_by: Mapped[str] = mapped_column(String(text.DOCUMENT_NUMBERS["allocated_by"]))
    voided_at: Mapped[dt.datetime | None]
    voided_by: Mapped[str] = mapped_column(String(text.DOCUMENT_NUMBERS["voided_by"]), default="")
    void_reason: Mapped[str] = mapped_column(Text, default="")


class IssuedDocument(Base):
    """One generated version of a document of a case. Never updated: a correction is a new row, version + 1."""

    __tablename__ = "issued_documents"
    __table_args__ = (UniqueConstraint("case_id", "kind", "subject_id", "version", name="uq_issued_documents_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("fire_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(text.ISSUED_DOCUMENTS["kind"]))
    # The record a per-record document is about (an interview, an inspection); 0 for documents of the whole case.
    subject_id: Mapped[int] = mapped_column(Integer, default=0)
    number_id: Mapped[int | None] = mapped_column(ForeignKey("document_numbers.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(text.ISSUED_DOCUMENTS["title"]))
    sha256: Mapped[str] = mapped_column(
        String(text.ISSUED_DOCUMENTS["sha256"]), ForeignKey("attachment_contents.sha256")
    )
    size: Mapped[int] = mapped_column(BigInteger)
    page_count: Mapped[int | None] = mapped_column(Integer)  # known once the document has been laid out
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    generated_at: Mapped[dt.datetime]
    generated_by: Mapped[str] = mapped_column(String(text.ISSUED_DOCUMENTS["generated_by"]))
    # The day the document is dated (成文日期): its act's day, or the day of issue. None for versions issued before
    # schema 0008, which did not keep it.
    dated: Mapped[dt.date | None]
