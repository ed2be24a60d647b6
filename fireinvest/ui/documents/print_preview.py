"""Print preview and printing of a PDF: the case summary directly, Word documents after LibreOffice laid them out.

Preview and printing share one painting routine: each PDF page is rasterised (pypdfium2) at the printer's own
resolution and drawn onto the printer's full page, so the preview shows exactly the sheets that will come out,
margins included, instead of a re-layout of the document by Qt.
"""

from __future__ import annotations

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

_MAX_PREVIEW_DPI = 150  # the preview's pages need no more; a real printer gets its own resolution (up to 300)
_MAX_PRINT_DPI = 300


def _printer_for(document: pdfium.PdfDocument) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    width, height = document[0].get_size()  # PDF points
    # Fuzzy matching turns 595 x 842 points into "A4", so the print dialog offers the paper by its name.
    size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    # The PDF already carries its margins: print it edge to edge, as a PDF viewer's "actual size" does.
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    return printer


def paint_pdf(pdf: bytes, printer: QPrinter, *, max_dpi: int = _MAX_PRINT_DPI) -> None:
    """Draw every page of the PDF (or the printer's chosen page range) onto the printer, one sheet per page."""
    document = pdfium.PdfDocument(pdf)
    try:
        first, last = printer.fromPage(), printer.toPage()
        pages = range(len(document)) if first == 0 else range(first - 1, min(last, len(document)))
        dpi = min(printer.resolution(), max_dpi)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("无法开始打印：打印机不可用。")
        try:
            for count, index in enumerate(pages):
                if count:
                    printer.newPage()
                bitmap = document[index].render(scale=dpi / 72, grayscale=False)
                image = bitmap.to_pil().convert("RGB")
                data = image.tobytes("raw", "RGB")
                qimage = QImage(data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888)
                target = printer.pageLayout().fullRectPixels(printer.resolution())
                painter.drawImage(QRectF(target), qimage)
        finally:
            painter.end()
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


class PdfPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview over a PDF; its print button prints exactly the pages shown."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None) -> None:
        document = pdfium.PdfDocument(pdf)
        try:
            printer = _printer_for(document)
        finally:
            document.close()
        super().__init__(printer, parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(f"打印预览 — {title}")
        self.resize(1000, 800)
        self._pdf = pdf
        self.printer_used = printer
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        # The preview draws on a preview printer; a real printer (after the dialog's print button) gets full quality.
        is_preview = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and not printer.printerName()
        paint_pdf(self._pdf, printer, max_dpi=_MAX_PREVIEW_DPI if is_preview else _MAX_PRINT_DPI)


def print_pdf(pdf: bytes, title: str, parent: QWidget | None = None) -> bool:
    """Ask for a printer and print the PDF; False when the user cancelled."""
    document = pdfium.PdfDocument(pdf)
    try:
        printer = _printer_for(document)
    finally:
        document.close()
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印 — {title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_pdf(pdf, printer)
    return True
