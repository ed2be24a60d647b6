"""The printed case summary (案件摘要) for the leader's desk: one A4 page where possible, two at most.

Key facts, grade and losses, cause, the timeline beside the deadlines, evidence and document counts, expert review
and closed-loop status. The page is laid out with ReportLab's flowables; when a case has too much to say, the layout
is tried again smaller and with shorter lists (the newest events, the open deadlines first, the summary text cut),
and the last, most compact try is bounded so that it can never run past two pages. Chinese text is embedded from
the TrueType font documents/fonts.py finds, or set in ReportLab's built-in CID font; either way it can be searched
and copied.

Use case (services.front_door): `case_summary_pdf` reads the case and writes the PDF. The desktop program reads the
facts with `case_summary` on its database thread and lays them out with `render_case_summary` off it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from fireinvest.documents.case_summary_facts import CaseSummary, case_summary
from fireinvest.documents.fonts import cjk_font
from fireinvest.files import OutputTarget, write_output
from fireinvest.services.front_door import reads
from fireinvest.services.unit_of_work import UnitOfWork

TITLE = "火灾案件摘要"
MAX_PAGES = 2
MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
URGENT = colors.HexColor("#B00020")
RULE = colors.HexColor("#808080")
SHADE = colors.HexColor("#EEEEEE")


@dataclass(frozen=True)
class Density:
    """How much of the case one try prints, and how small."""

    size: float
    events: int
    deadlines: int
    summary_chars: int
    lines: int  # review, loop and document lines
    value_chars: int  # any one value or line (a list of parties, a review's conclusion) is cut after this


DENSITIES = (Density(9.5, 16, 12, 400, 8, 300), Density(8.5, 12, 9, 260, 6, 200), Density(7.5, 8, 6, 160, 4, 120))


def render_case_summary(summary: CaseSummary, stream: BinaryIO) -> int:
    """Write the summary as a PDF to `stream`; returns its number of pages (1, or 2 for a very full case)."""
    for density in DENSITIES:
        buffer = io.BytesIO()
        pages = _build(summary, density, buffer)
        if pages == 1 or density is DENSITIES[-1]:
            break
    if pages > MAX_PAGES:  # cannot happen with the bounded last density; a guard against a future edit
        raise AssertionError(f"case summary ran to {pages} pages")
    stream.write(buffer.getvalue())
    return pages


@reads
def case_summary_pdf(uow: UnitOfWork, case_id: int, target: OutputTarget) -> int:
    """Write the case's summary to a path (replaced atomically) or a binary stream; returns its page count."""
    summary = case_summary.within(uow, case_id)
    return write_output(target, lambda stream: render_case_summary(summary, stream), "PDF 阅读器")


class _Styles:
    def __init__(self, size: float, value_chars: int) -> None:
        font = cjk_font().name
        self.size = size
        self.value_chars = value_chars
        self.body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.3, wordWrap="CJK")
        self.label = ParagraphStyle("label", parent=self.body, textColor=colors.HexColor("#404040"))
        self.urgent = ParagraphStyle("urgent", parent=self.body, textColor=URGENT)
        self.heading = ParagraphStyle("heading", parent=self.body, fontSize=size + 1.5, leading=(size + 1.5) * 1.3)
        self.title = ParagraphStyle("title", parent=self.body, fontSize=size + 9, leading=(size + 9) * 1.3,
                                    alignment=TA_CENTER)  # fmt: skip
        self.subtitle = ParagraphStyle("subtitle", parent=self.body, alignment=TA_CENTER)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of case text, cut to the density's length so that no value can push the page over."""
        return Paragraph(escape(_cut(text, self.value_chars)), style or self.body)


def _build(summary: CaseSummary, density: Density, stream: BinaryIO) -> int:
    styles = _Styles(density.size, density.value_chars)
    font = cjk_font().name
    document = SimpleDocTemplate(stream, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN + 4 * mm, title=f"{TITLE} {summary.case_number}",
                                 author=summary.agency, creator="FireInvest")  # fmt: skip

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(RULE)
        text = f"{summary.agency}　{summary.case_number}　打印时间 {summary.printed_at}　第 {doc.page} 页"
        canvas.drawCentredString(A4[0] / 2, MARGIN, text)
        canvas.restoreState()

    document.build(_story(summary, density, styles), onFirstPage=footer, onLaterPages=footer)
    return document.page


def _story(summary: CaseSummary, density: Density, styles: _Styles) -> list[Flowable]:
    s = styles
    story: list[Flowable] = [
        s.p(TITLE, s.title),
        s.p(f"{summary.agency}　案件编号 {summary.case_number}　{summary.status}　{summary.procedure}", s.subtitle),
        Spacer(1, 2 * mm),
        _heading("基本情况", s),
        _pairs(summary.facts, s, wide={"起火地址", "当事人", "调查人员"}),
        _heading("火灾等级与损失", s),
        _pairs((("火灾等级", summary.grade), *summary.losses), s),
        _heading("起火原因", s),
        _pairs(summary.cause, s),
    ]
    if summary.summary_text:
        story.append(Paragraph(escape("简要案情：" + _cut(summary.summary_text, density.summary_chars)), s.body))
    story += [_heading("程序进展与期限", s), _timeline_and_deadlines(summary, density, s)]
    story += [_heading("证据与文书", s), _pairs(summary.counts, s)]
    if summary.documents:
        documents = _limited(tuple(_cut(d, 40) for d in summary.documents), density.lines * 2)
        story.append(Paragraph(escape("文书：" + "；".join(documents)), s.body))
    story += [_heading("专家论证", s), *[s.p(line) for line in _limited(summary.reviews, density.lines)]]
    story += [_heading("闭环整改", s), *[s.p(line) for line in _limited(summary.loop, density.lines)]]
    return story


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _limited(lines: tuple[str, ...], limit: int) -> list[str]:
    if len(lines) <= limit:
        return list(lines)
    return [*lines[: limit - 1], f"……另有 {len(lines) - limit + 1} 项未列出"]


def _heading(text: str, s: _Styles) -> Flowable:
    table = Table([[s.p(text, s.heading)]], colWidths=[WIDTH])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), SHADE), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]))  # fmt: skip
    table.spaceBefore = 2 * mm
    table.spaceAfter = 1 * mm
    return table


def _compact(table: Table, extra: list | None = None) -> Table:
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2), *(extra or [])]))  # fmt: skip
    return table


def _pairs(pairs: tuple[tuple[str, str], ...], s: _Styles, wide: frozenset[str] | set[str] = frozenset()) -> Table:
    """Label/value pairs two to a row; a wide value (an address, a list of names) takes a row of its own."""
    label_width = 7.6 * s.size  # 直接经济损失, 死亡/重伤/轻伤 on one line
    value_width = WIDTH / 2 - label_width
    rows: list[list[Flowable | str]] = []
    spans: list[tuple] = []
    pending: list[Flowable | str] = []
    for label, value in pairs:
        cells = [s.p(label, s.label), s.p(value)]
        if label in wide:
            if pending:
                rows.append(pending + ["", ""])
                pending = []
            spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
            rows.append(cells + ["", ""])
        else:
            pending += cells
            if len(pending) == 4:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending + ["", ""])
    table = Table(rows, colWidths=[label_width, value_width, label_width, value_width])
    return _compact(table, spans)


def _timeline_and_deadlines(summary: CaseSummary, density: Density, s: _Styles) -> Table:
    """The timeline (newest steps when it is long) beside the deadlines (overdue and open ones first)."""
    half = WIDTH / 2 - 1 * mm
    events = summary.timeline
    skipped = max(0, len(events) - density.events)
    event_rows = [[s.p("日期", s.label), s.p("程序步骤", s.label), s.p("办理人", s.label)]]
    if skipped:
        event_rows.append(["", s.p(f"（较早的 {skipped} 项从略）", s.label), ""])
    event_rows += [[s.p(e.day), s.p(_cut(e.step, 16)), s.p(_cut(e.by, 8))] for e in events[skipped:]]
    date_width = 6 * s.size * 1.05
    timeline = _compact(Table(event_rows, colWidths=[date_width, half - 2 * date_width, date_width]),
                        [("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE)])  # fmt: skip

    shown = summary.deadlines[: density.deadlines]
    deadline_rows = [[s.p("期限", s.label), s.p("到期日", s.label), s.p("状态", s.label)]]
    for d in shown:
        style = s.urgent if d.urgent else s.body
        deadline_rows.append([s.p(_cut(d.label, 16), style), s.p(d.due, style), s.p(_cut(d.status, 12), style)])
    if len(summary.deadlines) > len(shown):
        deadline_rows.append(["", s.p(f"（另有 {len(summary.deadlines) - len(shown)} 项未列出）", s.label), ""])
    if len(deadline_rows) == 1:
        deadline_rows.append([s.p("无"), "", ""])
    deadlines = _compact(Table(deadline_rows, colWidths=[half - 2 * date_width, date_width, date_width]),
                         [("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE)])  # fmt: skip
    outer = Table([[timeline, deadlines]], colWidths=[half + 1 * mm, half + 1 * mm])
    return _compact(outer, [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
