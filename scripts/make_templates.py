#!/usr/bin/env python3
"""Write the shipped Word templates, resources/templates/*.docx, so that their layout is reproducible.

    .venv/bin/python scripts/make_templates.py [FOLDER]     (default: resources/templates)

The program reads the .docx files, not this script: an administrator may change their wording in Word (or keep an
edited copy in the folder named by FIREINVEST_TEMPLATES). What a template can say, in docxtpl's Jinja tags:

    {{ case.address }}               a value that is always there
    {{r case.ignition_area|field }}  a field that may be unused: an empty one is printed struck through (————)
    {%p if case.cause_found %} … {%p else %} … {%p endif %}     paragraphs chosen by a condition
    {%p for line in basis %} … {%p endfor %}                    a paragraph per list entry
    {%tr for item in items %} … {%tr endfor %}                  a table row per list entry, numbered item.no from 1
    {%tr for row in padding %} … {%tr endfor %}                 rows padding a form to its fixed row count
    {{ e.no|cn }}                    a number in Chinese numerals, for （一）-style headings

Padding rows are crossed out with a strike line through every cell: LibreOffice does not draw Word's diagonal cell
borders, a strike line shows in both. The values each kind offers are built in fireinvest/documents/context_*.py.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from fireinvest.documents.word import layout as L

OUT = Path(__file__).resolve().parent.parent / "resources" / "templates"
CENTER, RIGHT, LEFT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)  # fmt: skip
TABLE_PT = 10.5  # 五号: forms' tables
CELL_SIDE_MM = 1.0  # left and right inner margin of table cells (docx_layout.cell_margins)
SIGN = "\u3000" * 7  # room for a handwritten signature, underlined


# The GB/T 9704 head's distances, as paragraph spacing that puts the marks where the standard measures them.
ISSUER_DROP_MM = 30.7
NUMBER_GAP_MM = 15.0
RED_LINE_SPACE_PT = 8
TITLE_GAP_MM = 17.2
TITLE_CHARS_PER_LINE = 20  # 二号 (22 pt) characters across the 156 mm text block


class Template:
    """A new template of one layout: page, fonts, styles and footers set up; paragraphs and tables added in order."""

    def __init__(self, official: bool, signatures: str = "") -> None:
        self.doc = Document()
        self.official = official
        section = self.doc.sections[0]
        L.set_page(section)
        L.declare_fonts(self.doc)
        L.set_defaults(self.doc, L.FANGSONG, L.BODY_PT)
        add = lambda *a, **k: L.paragraph_style(self.doc, *a, **k)  # noqa: E731
        add("FiBody", "文书正文", L.FANGSONG, L.BODY_PT, align=JUSTIFY, first_line_chars=2)
        add("FiPlain", "文书栏目", L.FANGSONG, L.BODY_PT, align=JUSTIFY)
        add("FiHeading1", "一级标题", L.HEI, L.BODY_PT, first_line_chars=2).paragraph_format.keep_with_next = True
        add("FiHeading2", "二级标题", L.KAI, L.BODY_PT, first_line_chars=2).paragraph_format.keep_with_next = True
        add("FiSignature", "落款", L.FANGSONG, L.BODY_PT, align=RIGHT)
        add("FiTable", "表格文字", L.SONG, TABLE_PT, align=CENTER)
        add("FiTableText", "表格正文", L.SONG, TABLE_PT, align=LEFT)
        add("FiFormLabel", "表单栏目", L.SONG, 14, align=CENTER)
        add("FiFormText", "表单内容", L.FANGSONG, 14, align=LEFT)
        add("FiFooter", "页脚", L.SONG, 10.5, align=CENTER)
        add("FiPageNumber", "页码", L.SONG, L.PAGE_NUMBER_PT)
        if official:
            L.set_line_grid(self.doc, section)
            add("FiIssuer", "发文机关标志", L.TITLE_FONT, 26, align=CENTER, color="E00000", line_pt=42)
            add("FiNumber", "发文字号", L.FANGSONG, L.BODY_PT, align=CENTER)
            add(
                "FiTitle",
                "公文标题",
                L.TITLE_FONT,
                L.TITLE_PT,
                align=CENTER,
                line_pt=36,
                space_before_pt=14,
                space_after_pt=14,
            )
            L.official_page_numbers(self.doc, section, self.doc.styles["页码"])
        else:
            add("FiAgency", "制作机关", L.SONG, 18, bold=True, align=CENTER, line_pt=30)
            add("FiTitle", "文书标题", L.SONG, L.TITLE_PT, bold=True, align=CENTER, line_pt=36, space_after_pt=6)
            add("FiNumber", "文书编号", L.FANGSONG, L.BODY_PT, align=RIGHT, space_after_pt=6)
            self._enforcement_footer(section, signatures)
        for name in ("文书正文", "文书栏目", "一级标题", "二级标题", "落款"):
            self.doc.styles[name].paragraph_format.line_spacing = None if official else Pt(28)
        for name in (
            "表格文字",
            "表格正文",
            "表单栏目",
            "表单内容",
            "页脚",
            "页码",
        ):  # single spacing, not the body's grid line
            self.doc.styles[name].paragraph_format.line_spacing = 1.0

    def _enforcement_footer(self, section, signatures: str) -> None:
        """Every page of a record carries the signature line and 第 X 页 共 Y 页."""
        footer = section.footer
        if signatures:
            line = footer.paragraphs[0]
            line.style = self.doc.styles["页脚"]
            line.alignment = LEFT
            for label in signatures.split("|"):
                line.add_run(f"{label}：")
                line.add_run(SIGN).font.underline = True
                line.add_run("\u3000\u3000")
            pages = footer.add_paragraph(style=self.doc.styles["页脚"])
        else:
            pages = footer.paragraphs[0]
            pages.style = self.doc.styles["页脚"]
        pages.add_run("第 ")
        L.add_field(pages, "PAGE")
        pages.add_run(" 页  共 ")
        L.add_field(pages, "NUMPAGES")
        pages.add_run(" 页")

    def one_page_form(self) -> None:
        """A form filled and signed on one sheet (the simple determination): body text in 四号 (14 pt) on 22 pt lines,
        as the printed form sets it, so that the facts, the parties, the signatures and the date fit one page."""
        for name in ("文书正文", "文书栏目", "落款"):
            style = self.doc.styles[name]
            style.font.size = Pt(14)
            style.paragraph_format.line_spacing = Pt(22)
            ind = style.element.pPr.find(qn("w:ind")) if style.element.pPr is not None else None
            if ind is not None and ind.get(qn("w:firstLine")):
                ind.set(qn("w:firstLine"), str(2 * 14 * 20))  # two characters of the smaller size

    def p(self, text: str = "", style: str = "文书正文", align=None):
        """A paragraph in one run, so that every tag stays whole for docxtpl."""
        paragraph = self.doc.add_paragraph(style=self.doc.styles[style])
        if text:
            paragraph.add_run(text)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def head(self, title: str) -> None:
        """The head of the document: agency and title (enforcement), or issuer mark, number, red line and title."""
        if self.official:
            # GB/T 9704-2012 7.2: the issuer mark's top edge 35 mm below the text block's, the number two lines
            # below it, the red line 4 mm under the number, the title two lines below the line. Set as spacing
            # (measured on the LibreOffice layout: tests/documents/test_libreoffice.py).
            issuer = self.p("{{ issuer.name }}", "发文机关标志")
            issuer.paragraph_format.space_before = Mm(ISSUER_DROP_MM)
            number = self.p("{{ document.number }}", "发文字号")
            number.paragraph_format.space_before = Mm(NUMBER_GAP_MM)
            border = parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" '
                               f'w:space="{RED_LINE_SPACE_PT}" w:color="E00000"/></w:pBdr>')  # fmt: skip
            number._p.get_or_add_pPr().append(border)
            self._official_title(title)
        else:
            self.p("{{ issuer.name }}", "制作机关")
            self.p(title, "文书标题")
        # A corrected version says so under its title, with the reason: the reader must see it replaces version 1.
        self.p("{%p if document.version > 1 %}", "文书栏目")
        mark = "（更正版本：第{{ document.version }}版，更正原因：{{ document.correction_reason }}）"
        self.p(mark, "文书栏目", CENTER)
        self.p("{%p endif %}", "文书栏目")

    def _official_title(self, title: str) -> None:
        """The title, two lines below the red line. A title written "subject|kind" that is too long for one line
        is set as two, broken there (GB/T 9704 7.3.1: 回行时词意完整，排列对称), never leaving a character or two
        alone on a second line; the length is known only once filled, so the template chooses."""
        first, _bar, second = title.partition("|")
        if not second:
            self.p(first, "公文标题").paragraph_format.space_before = Mm(TITLE_GAP_MM)
            return
        tags = re.findall(r"\{\{(.*?)\}\}", title)
        fixed = len(re.sub(r"\{\{.*?\}\}", "", first + second))
        filled = " ~ ".join(f"({tag.strip()})" for tag in tags) or "''"
        self.p(f"{{%p if ({filled})|length > {TITLE_CHARS_PER_LINE - fixed} %}}", "文书栏目")
        upper = self.p(first, "公文标题").paragraph_format
        upper.space_before, upper.space_after = Mm(TITLE_GAP_MM), Pt(0)  # the two lines set as one title
        self.p(second, "公文标题").paragraph_format.space_before = Pt(0)
        self.p("{%p else %}", "文书栏目")
        self.p(first + second, "公文标题").paragraph_format.space_before = Mm(TITLE_GAP_MM)
        self.p("{%p endif %}", "文书栏目")

    def number_line(self) -> None:
        self.p("{{ document.number }}", "文书编号")

    def sign_off(self, date: str = "{{ document.date }}", spaced: bool = True) -> None:
        """The issuing agency and the date, right-aligned; the seal is pressed over them (the 式样 prints no text in
        its place). `spaced`: a blank line before (a one-page form has none to spare)."""
        if spaced:
            self.p()
        for text in ("{{ issuer.name }}", date):
            paragraph = self.p(text, "落款")
            # GB/T 9704-2012 7.3.5: 成文日期 four characters from the right edge; the forms keep two.
            paragraph.paragraph_format.right_indent = Pt(L.BODY_PT * (4 if self.official else 2))

    def heading(self, text: str, level: int = 1) -> None:
        self.p(text, "一级标题" if level == 1 else "二级标题")

    def fields(self, *lines: str) -> None:
        for line in lines:
            self.p(line, "文书栏目")

    def each(self, loop: str, *lines: str | tuple[str, str], style: str = "文书正文", empty: str | None = None) -> None:
        """Paragraphs repeated for each entry of a list (a line may be (text, style)); `empty`: what stands there
        when the list is empty."""
        self.p(f"{{%p for {loop} %}}", "文书栏目")
        for line in lines:
            text, line_style = line if isinstance(line, tuple) else (line, style)
            self.p(text, line_style)
        self.p("{%p endfor %}", "文书栏目")
        if empty is not None:
            listed = loop.split(" in ", 1)[1]
            self.p(f"{{%p if not {listed} %}}", "文书栏目")
            self.p(empty, style)
            self.p("{%p endif %}", "文书栏目")

    def handwriting(self, lines: int) -> None:
        """Ruled lines left open for what is written by hand at the meeting."""
        for _ in range(lines):
            self.p("", "文书栏目").add_run("\u3000" * 27).font.underline = True

    def table(self, widths_mm: list[float], header: list[str] | None, rows: list[list[str]],
              padding: tuple[str, str] | None = None, crossed: bool = True, text_columns: set[int] = frozenset(),
              form: bool = False):  # fmt: skip
        """A table: header row (repeated on each page), the template rows, and optionally padding rows. A crossed
        padding row has a strike line through every cell. `form`: a form of labels and values in 四号."""
        label_style, text_style = ("表单栏目", "表单内容") if form else ("表格文字", "表格正文")
        table = self.doc.add_table(rows=0, cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)  # the grid (w:gridCol), which LibreOffice lays the table out by
        L.cell_margins(table._tbl)
        all_rows = ([header] if header else []) + rows
        if padding is not None:
            blank = ["" for _ in widths_mm]
            all_rows += [[padding[0]] + [""] * (len(widths_mm) - 1), blank, [padding[1]] + [""] * (len(widths_mm) - 1)]
        for index, values in enumerate(all_rows):
            row = table.add_row()
            for column, cell in enumerate(row.cells):
                value = values[column] if column < len(values) else ""
                cell.width = Mm(widths_mm[column])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                is_header = header is not None and index == 0
                paragraph.style = self.doc.styles[
                    text_style if column in text_columns and not is_header else label_style
                ]
                is_padding_row = padding is not None and index == len(all_rows) - 2
                if is_padding_row and column == 0 and not crossed:
                    paragraph.add_run("{{ row.no }}")
                elif is_padding_row and crossed:
                    dashes = max(1, int((widths_mm[column] - 2 * CELL_SIDE_MM) * 72 / 25.4 / TABLE_PT) - 1)
                    paragraph.add_run("\u2014" * dashes).font.strike = True
                elif value:
                    paragraph.add_run(value)
            if header and index == 0:
                tr_pr = row._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
                for cell in row.cells:
                    for run in cell.paragraphs[0].runs:
                        run.font.bold = True
        return table

    def save(self, folder: Path, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        properties = self.doc.core_properties
        properties.author, properties.title = "FireInvest", name
        # A fixed date, so that writing the templates again changes no byte unless their content changed.
        properties.created = properties.modified = dt.datetime(2026, 1, 1)
        properties.last_modified_by, properties.revision = "FireInvest", 1
        self.doc.save(folder / name)


def main() -> None:
    from make_template_forms import KINDS

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for name, build in KINDS.items():
        build().save(folder, name)
        print(f"{folder / name}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
