"""Printing goes through the same painting as the preview: a PDF printed to a PDF printer has the same sheets."""

from __future__ import annotations

import io

import pypdf
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from fireinvest.documents.fonts import cjk_font
from fireinvest.ui.print_preview import PdfPreviewDialog, page_count, paint_pdf


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


def test_printed_sheets_match_the_document(qtbot, tmp_path):
    pdf = _three_page_pdf()
    dialog = PdfPreviewDialog(pdf, "认定书")
    qtbot.addWidget(dialog)
    printer = dialog.printer_used
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    paint_pdf(pdf, printer, max_dpi=72)

    printed = pypdf.PdfReader(out)
    assert len(printed.pages) == page_count(pdf) == 3
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2


def test_a_page_range_prints_only_those_pages(qtbot, tmp_path):
    pdf = _three_page_pdf()
    dialog = PdfPreviewDialog(pdf, "认定书")
    qtbot.addWidget(dialog)
    printer = dialog.printer_used
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setFromTo(2, 3)
    paint_pdf(pdf, printer, max_dpi=72)
    assert len(pypdf.PdfReader(tmp_path / "range.pdf").pages) == 2
