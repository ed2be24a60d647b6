"""The dossier's own pages: the cover (封面), the file list (卷内目录) and the closing note sheet (卷内备考表).

Page numbers are text computed from the layout: every document's page count is known before the volume is written
(archive.dossier lays out any document not laid out before), so each item's first page and the volume's page count
follow from the plan. No page number is left to a field for the word processor to fill.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from fireinvest.archive.dossier_contents import DossierItem, DossierPlan
from fireinvest.documents.word.layout import HEI, LATIN_FONT, SONG, declare_fonts, set_defaults, set_fonts

FILE_LIST_COLUMNS = (("序号", Mm(10)), ("责任者", Mm(25)), ("文号", Mm(30)), ("题名", Mm(45)), ("日期", Mm(17)),
                     ("页号", Mm(13)), ("备注", Mm(16)))  # fmt: skip  # 156 mm, the text block
BODY_FONT, HEADING_FONT = SONG, HEI


def new_dossier_document() -> Document:
    """An empty document with the dossier's base style (宋体, 小四, single spacing)."""
    document = new_document()
    set_defaults(document, BODY_FONT, 12)
    declare_fonts(document)  # 宋体 and 黑体 with the names a word processor falls back to
    return document


def _paragraph(document: Document, text: str = "", *, size: float = 12, bold: bool = False,
               align=WD_ALIGN_PARAGRAPH.LEFT, font: str = BODY_FONT, after: float = 0) -> Paragraph:  # fmt: skip
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        _styled(paragraph.add_run(text), size, bold, font)
    return paragraph


def _styled(run, size: float, bold: bool = False, font: str = BODY_FONT):
    run.font.size, run.font.bold = Pt(size), bold
    set_fonts(run._r, font, LATIN_FONT)
    return run


def _table(document: Document, widths: Sequence[Length], rows: int, style: str | None = "Table Grid") -> Table:
    table = document.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    return table


def _fill(cells: tuple[_Cell, ...] | list[_Cell], values: list[str], widths: Sequence[Length], size: float,
          align=WD_ALIGN_PARAGRAPH.CENTER) -> list[Paragraph]:  # fmt: skip
    paragraphs = []
    for cell, value, width in zip(cells, values, widths):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        if value:
            _styled(paragraph.add_run(value), size)
        paragraphs.append(paragraph)
    return paragraphs


def _cell_margins(table: Table, side: Length) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(side.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    # Word rejects table properties out of the schema's order.
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _repeat_as_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().insert_element_before(header, "w:tblCellSpacing", "w:jc", "w:hidden")


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _sized(paragraph: Paragraph, size: float) -> None:
    """Give every run of the paragraph, field runs included, the same size (fields are added unformatted)."""
    for run in paragraph.runs:
        _styled(run, size)


def _volume_pages(paragraph: Paragraph, plan: DossierPlan) -> None:
    """The volume's page count (its items' pages; numbering starts on the first item)."""
    paragraph.add_run(str(plan.page_count or 0))


def _count_line(paragraph: Paragraph, plan: DossierPlan, size: float) -> None:
    paragraph.add_run(f"本卷共 {len(plan.items)} 件，")
    _volume_pages(paragraph, plan)
    paragraph.add_run(" 页")
    _sized(paragraph, size)


def write_cover(document: Document, plan: DossierPlan) -> _Element:
    """The cover; returns its last paragraph (where its section ends)."""
    cover = plan.cover
    _paragraph(document, f"档号：{cover.archive_number}", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, after=60)
    _paragraph(document, cover.agency, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEADING_FONT, after=18)
    _paragraph(document, f"{cover.category}案卷", size=26, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               font=HEADING_FONT, after=60)  # fmt: skip
    fields = [
        ("案卷题名", cover.title),
        ("案件编号", cover.case_number),
        ("起火地址", cover.address),
        ("起止日期", f"{_chinese_date(cover.start_date)} 至 {_chinese_date(cover.end_date)}"),
        ("保管期限", cover.retention.label),
        ("件数页数", None),
        ("立卷单位", cover.agency),
    ]
    widths = [Mm(30), Mm(110)]
    table = _table(document, widths, len(fields), style=None)
    for row, (label, value) in zip(table.rows, fields):
        row.height = Mm(14)
        label_cell, value_cell = row.cells  # built once per row
        label_cell.vertical_alignment = value_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        _fill([label_cell], [f"{label}："], widths[:1], 14, WD_ALIGN_PARAGRAPH.DISTRIBUTE)
        paragraphs = _fill([value_cell], [value or ""], widths[1:], 14, WD_ALIGN_PARAGRAPH.LEFT)
        if value is None:
            _count_line(paragraphs[0], plan, 14)
        _underline(value_cell)
    return _paragraph(document)._p


def _underline(cell: _Cell) -> None:
    """A line under the value, as on a printed cover form."""
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    cell._tc.get_or_add_tcPr().insert_element_before(
        borders, "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def write_file_list(document: Document, plan: DossierPlan) -> _Element:
    """The file list, one row per item, the header row repeated on every page; returns its last paragraph."""
    _paragraph(document, "卷 内 目 录", size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEADING_FONT,
               after=6)  # fmt: skip
    _paragraph(document, f"档号：{plan.cover.archive_number}", size=10.5, align=WD_ALIGN_PARAGRAPH.RIGHT, after=4)
    widths = [width for _name, width in FILE_LIST_COLUMNS]
    table = _table(document, widths, 1)
    _cell_margins(table, Mm(1))
    header = table.rows[0]
    _repeat_as_header(header)
    for paragraph in _fill(header.cells, [name for name, _width in FILE_LIST_COLUMNS], widths, 10.5):
        paragraph.runs[0].font.bold = True
    for item in plan.items:
        row = table.add_row()
        row.height = Mm(9)
        cells = row.cells  # built once per row
        values = [str(item.number), item.author, item.document_number, item.title, item.date, "", item.remarks]
        for cell in cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraphs = _fill(cells, values, widths, 10)
        paragraphs[3].alignment = WD_ALIGN_PARAGRAPH.LEFT
        _page_cell(paragraphs[5], item, is_last=item is plan.items[-1])
        _sized(paragraphs[5], 10)
    return _paragraph(document)._p


def _page_cell(paragraph: Paragraph, item: DossierItem, *, is_last: bool) -> None:
    """The item's first page; the last item also shows its last page, as archive rules ask (起止页号)."""
    spans = is_last and item.last_page != item.first_page
    paragraph.add_run(f"{item.first_page}-{item.last_page}" if spans else str(item.first_page))


def write_closing_note(document: Document, plan: DossierPlan, extra_remarks: list[str]) -> None:
    """The closing note sheet (卷内备考表), the last page of the volume."""
    _paragraph(document, "卷 内 备 考 表", size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEADING_FONT,
               after=6)  # fmt: skip
    _paragraph(document, f"档号：{plan.cover.archive_number}", size=10.5, align=WD_ALIGN_PARAGRAPH.RIGHT, after=4)
    widths = [Mm(156)]
    table = _table(document, widths, 2)
    notes_row, signature_row = table.rows
    notes_row.height = Mm(150)
    (notes,) = notes_row.cells
    notes.width = widths[0]
    _styled(notes.paragraphs[0].add_run("本卷情况说明："), 12, bold=True)
    counts = _note_line(notes)
    counts.add_run(f"本卷共有文件材料 {len(plan.items)} 件，卷内文件共 ")
    _volume_pages(counts, plan)
    photos = f"，其中火灾现场照片 {len(plan.photos)} 张，共 {plan.photo_pages} 页" if plan.photos else ""
    # Only the numbered pages are counted: LibreOffice's NUMPAGES would also count the blank pages it inserts (and
    # leaves unprinted) where a document's page 1 falls on an even sheet, so a count of all sheets is not given.
    counts.add_run(f" 页{photos}。")
    _sized(counts, 12)
    for number, remark in enumerate([*plan.remarks, *extra_remarks], start=1):
        _styled(_note_line(notes).add_run(f"{number}. {remark}"), 12)
    (signatures,) = signature_row.cells
    signatures.width = widths[0]
    today = _chinese_date(plan.compiled_on)
    lines = [
        f"立卷人：{plan.compiled_by}　　　　{today}",
        f"检查人：{plan.checked_by or '＿＿＿＿＿＿'}　　　　{today if plan.checked_by else '　　年　　月　　日'}",
        f"立卷时间：{today}",
    ]
    for text in lines:
        _styled(_note_line(signatures, indent=False).add_run(text), 12)


def _note_line(cell: _Cell, indent: bool = True) -> Paragraph:
    paragraph = cell.add_paragraph()
    paragraph.paragraph_format.line_spacing = 1.5
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    return paragraph
