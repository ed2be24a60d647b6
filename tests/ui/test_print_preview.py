"""Printing goes through the same painting as the preview: a PDF printed to a PDF printer has the same sheets."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from fireinvest.documents.fonts import cjk_font
from fireinvest.ui.documents.print_preview import PdfPreviewDialog, page_count, paint_pdf


def _three_page_pdf() -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    font = cjk_font().name
    for number in range(1, 4):
        sheet.setFont(font, 16)
        sheet.drawString(100, 700, f"火灾事故认定书 第{number}页")
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _print_to_pdf(qtbot, pdf: bytes, out, pages: tuple[int, int] | None = None) -> pypdf.PdfReader:
    """Print through the preview's printer, pointed at a PDF file instead of paper; the sheets it printed."""
    dialog = PdfPreviewDialog(pdf, "认定书")
    qtbot.addWidget(dialog)
    printer = dialog.printer_used
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    if pages is not None:
        printer.setFromTo(*pages)
    paint_pdf(pdf, printer, max_dpi=72)
    return pypdf.PdfReader(out)


def test_printed_sheets_match_the_document(qtbot, tmp_path):
    pdf = _three_page_pdf()
    printed = _print_to_pdf(qtbot, pdf, tmp_path / "printed.pdf")
    assert len(printed.pages) == page_count(pdf) == 3
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2


def test_a_page_range_prints_only_those_pages(qtbot, tmp_path):
    assert len(_print_to_pdf(qtbot, _three_page_pdf(), tmp_path / "range.pdf", pages=(2, 3)).pages) == 2
