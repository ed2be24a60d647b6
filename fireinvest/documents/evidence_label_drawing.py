"""Drawing one evidence label (火灾痕迹物品标签) in its design box of 105 x 74.25 mm, an eighth of A4.

The design is drawn at that size with the origin at the box's lower-left corner; label_sheet scales and places it.
The border sits 4 mm inside the box so that the label survives a printer's unprintable margin and a crooked cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from fireinvest.documents.pdf_text import shrink_to_width, wrap

TITLE = "火灾痕迹物品标签"
# Signed by hand on the sealed package: the sealer and the witness who saw it sealed, and the day (the label's own
# collection time is when the item was taken, not necessarily when it was sealed).
SIGNATURE_PROMPTS = ("封存人签名：", "见证人签名：", "日期：")

DESIGN_WIDTH = 105 * mm
DESIGN_HEIGHT = 74.25 * mm
_INSET = 4 * mm  # box edge to border
_PAD = 2.5 * mm  # border to content
# The QR symbol itself, without its quiet zone. Our 19-character numbers are version 1 (21 modules, 1.24 mm each);
# numbers imported from other systems up to 25 characters are version 2 (25 modules, 1.04 mm): both well above what
# a phone or a hand scanner needs at arm's length.
QR_SIZE = 26 * mm
_QR_QUIET = 4 * mm  # white kept around the symbol (about 3 modules; scanners want some, the border is dark)
_FIELD_SIZE = 8.0
_LINE = 3.75 * mm
_BLANK = "＿＿＿＿＿＿＿＿"  # a field left for handwriting


@dataclass(frozen=True)
class EvidenceLabel:
    """What one label shows, already formatted for print."""

    agency_name: str
    case_number: str
    fire: str  # alarm date and address
    item_name: str
    evidence_number: str
    collected_at: str  # local time of the agency
    collector: str
    witness: str
    seal_number: str


def _bold_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, centred: bool = False) -> None:
    # The CJK fonts available have no bold face; fill-and-stroke thickens the strokes for the title and number.
    # The render mode outlives the text object (it is graphics state), hence the save and restore.
    if centred:
        x -= stringWidth(text, font, size) / 2
    canvas.saveState()
    obj = canvas.beginText(x, y)
    obj.setFont(font, size)
    obj.setTextRenderMode(2)
    canvas.setLineWidth(size * 0.03)
    obj.textOut(text)
    canvas.drawText(obj)
    canvas.restoreState()


def _draw_qr(canvas: Canvas, value: str, x: float, y: float) -> None:
    widget = QrCodeWidget(value, barLevel="M", barBorder=0)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def _field(canvas: Canvas, font: str, x: float, y: float, width: float, key: str, value: str, lines: int = 1) -> float:
    """Draw "key：value", wrapping the value under itself; returns the baseline of the next field."""
    canvas.setFont(font, _FIELD_SIZE)
    canvas.drawString(x, y, f"{key}：")
    # One value column for every field, whatever the key's width in this font.
    indent = stringWidth("物品名称：", font, _FIELD_SIZE)
    for line in wrap(value or _BLANK, font, _FIELD_SIZE, width - indent, lines):
        canvas.drawString(x + indent, y, line)
        y -= _LINE
    return y


def draw_evidence_label(canvas: Canvas, label: EvidenceLabel, font: str) -> None:
    """Draw the label with its lower-left box corner at the canvas origin (translate and scale before calling)."""
    left, bottom = _INSET, _INSET
    right, top = DESIGN_WIDTH - _INSET, DESIGN_HEIGHT - _INSET
    canvas.saveState()
    canvas.setLineWidth(0.8)
    canvas.rect(left, bottom, right - left, top - bottom)
    x, width = left + _PAD, right - left - 2 * _PAD
    centre = (left + right) / 2

    _bold_text(canvas, centre, top - _PAD - 4.2 * mm, TITLE, font, 13, centred=True)
    agency_size = shrink_to_width(label.agency_name, font, 8, width, 5.5)
    canvas.setFont(font, agency_size)
    canvas.drawCentredString(centre, top - _PAD - 8.2 * mm, label.agency_name)
    rule = top - _PAD - 10 * mm
    canvas.setLineWidth(0.4)
    canvas.line(left, rule, right, rule)

    # The evidence number is what a clerk matches against the collection list: as large as the width allows.
    number_y = rule - 6.2 * mm
    canvas.setFont(font, _FIELD_SIZE)
    canvas.drawString(x, number_y, "物证编号：")
    key_width = stringWidth("物证编号：", font, _FIELD_SIZE)
    number_size = shrink_to_width(label.evidence_number, font, 15, width - key_width - 1 * mm, 9)
    _bold_text(canvas, x + key_width + 1 * mm, number_y, label.evidence_number, font, number_size)

    qr_x, qr_top = right - _QR_QUIET - QR_SIZE, number_y - _QR_QUIET
    _draw_qr(canvas, label.evidence_number, qr_x, qr_top - QR_SIZE)
    text_width = qr_x - _QR_QUIET - x
    y = qr_top - 1 * mm
    y = _field(canvas, font, x, y, text_width, "案件编号", label.case_number)
    y = _field(canvas, font, x, y, text_width, "火灾", label.fire, lines=2)
    y = _field(canvas, font, x, y, text_width, "物品名称", label.item_name, lines=2)
    y = _field(canvas, font, x, y, text_width, "提取时间", label.collected_at)
    y = _field(canvas, font, x, y, text_width, "提取人", label.collector)
    y = _field(canvas, font, x, y, text_width, "见证人", label.witness)
    _field(canvas, font, x, y, text_width, "封存编号", label.seal_number)

    # Room to sign by hand across the whole width, below the QR code: each prompt, then a line; the date's is shorter.
    signature_y = bottom + _PAD + 1.5 * mm
    size, under, gap = _FIELD_SIZE, signature_y - 0.8 * mm, 2 * mm
    canvas.setFont(font, size)
    canvas.setLineWidth(0.5)
    prompts = sum(stringWidth(p, font, size) for p in SIGNATURE_PROMPTS)
    lines = right - _PAD - x - prompts - gap * (len(SIGNATURE_PROMPTS) - 1)
    shares = (0.37, 0.37, 0.26)  # of the writing room: two signatures, then the date
    at = x
    for prompt, share in zip(SIGNATURE_PROMPTS, shares):
        canvas.drawString(at, signature_y, prompt)
        start = at + stringWidth(prompt, font, size)
        canvas.line(start, under, start + lines * share, under)
        at = start + lines * share + gap
    canvas.restoreState()
