"""The documents open in a real word processor: LibreOffice lays out the determination and the investigation report
and prints them to PDF; the PDF has A4 pages, the case's facts as extractable Chinese text, the official report's
"— 1 —" page numbers and lines of no more than 28 characters. Skipped only where LibreOffice is not installed."""

from __future__ import annotations

import io

import pypdf
import pytest

from fireinvest.documents.issuing import issue_document
from fireinvest.documents.office_conversion import docx_to_pdf, find_office
from fireinvest.services.documents.register import issued_document_bytes

pytestmark = pytest.mark.skipif(find_office() is None, reason="LibreOffice (soffice) is not installed")
A4_POINTS = (595, 842)


@pytest.fixture
def pdfs(workstation, built) -> dict[str, pypdf.PdfReader]:
    """The issued determination and investigation report, laid out and printed to PDF by LibreOffice."""
    found = {}
    for kind in ("determination", "investigation_report"):
        record = issue_document(workstation, built.id, kind).value
        data = issued_document_bytes(workstation, record.id)
        found[kind] = pypdf.PdfReader(io.BytesIO(docx_to_pdf(data, name=kind)))
    return found


def page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def compact(text: str) -> str:
    return "".join(text.split())


def test_libreoffice_prints_both_documents_on_a4_with_their_text(pdfs, built):
    for reader in pdfs.values():
        assert 1 <= len(reader.pages) <= 4
        for page in reader.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS
    determination = compact("".join(page_texts(pdfs["determination"])))
    for fact in ("火灾事故认定书", "某消火认字〔2026〕第0001号", "玄武区中山路100号3栋502室", "起火原因为电气（短路）",
                 "过火面积：25.5平方米", "十五日内", "某市消防救援支队2026年3月25日"):  # fmt: skip
        assert fact in determination, fact
    report = compact("".join(page_texts(pdfs["investigation_report"])))
    for fact in ("某消〔2026〕1号", "火灾事故调查报告", "一、火灾单位基本情况", "八、调查组成员签名", "张明"):
        assert fact in report, fact


def test_libreoffice_keeps_the_official_grid_and_page_numbers(pdfs):
    pages = page_texts(pdfs["investigation_report"])
    for number, text in enumerate(pages, start=1):
        assert f"— {number} —" in text or f"—{number}—" in compact(text)
    # 28 characters to a line (a digit is half a character wide), and well filled: LibreOffice must neither spread
    # 三号 characters over two grid cells each (14 to a line) nor ignore the grid's character pitch.
    lines = [compact(line) for text in pages for line in text.splitlines()]
    widths = [sum(0.5 if ch.isascii() else 1 for ch in line) for line in lines]
    assert max(widths) <= 28
    assert sum(width >= 26 for width in widths) >= 5
