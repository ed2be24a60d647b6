"""LibreOffice lays out .docx files for the print preview; without it the user is told what to install."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

from fireinvest.documents import office_conversion
from fireinvest.documents.office_conversion import OfficeUnavailable, docx_to_pdf, find_office


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.skipif(find_office() is None, reason="LibreOffice is not installed here (CI installs it)")
def test_a_docx_becomes_a_pdf_with_its_chinese_text():
    pdf = docx_to_pdf(_docx("起火部位位于厨房灶台东侧"))
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "起火部位位于厨房灶台东侧" in text.replace(" ", "")


def test_without_libreoffice_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setenv("FIREINVEST_SOFFICE", "/nonexistent/soffice")
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(office_conversion, "_CANDIDATES", ("soffice",))
    with pytest.raises(OfficeUnavailable, match="LibreOffice"):
        docx_to_pdf(_docx("x"))
