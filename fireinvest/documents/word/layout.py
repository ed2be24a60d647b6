"""Page layout and fonts of Word documents, as DOMAIN.md section 5 prescribes them.

Both kinds of document sit on A4 with a 37 mm top margin and a 28 mm binding (left) margin around a 156 x 225 mm
text block. Official documents (公文, GB/T 9704-2012) add a grid of 22 lines of 28 characters, 三号 仿宋 body text,
and page numbers "— 1 —" in 四号 宋体 on the outer side of each page (right on odd pages, left on even).

Chinese text needs its font named in the East Asian slot of w:rFonts: Word picks the font of a CJK character from
w:eastAsia, not from w:ascii. Fonts a workstation may lack (方正小标宋简体 above all) are declared in the font table
with an alternative name, so Word and LibreOffice fall back to 宋体 instead of an arbitrary font.

Used by scripts/make_templates.py to author the shipped templates, and by anything else that builds a .docx.
"""

from __future__ import annotations

import math

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Emu, Mm, Pt, Twips
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP_MARGIN, BINDING_MARGIN = Mm(37), Mm(28)
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)
GRID_LINES, GRID_CHARS = 22, 28  # GB/T 9704-2012 7.1: 22 lines of 28 characters on a page

FANGSONG, SONG, HEI, KAI = "仿宋", "宋体", "黑体", "楷体"
TITLE_FONT = "方正小标宋简体"
LATIN_FONT = "Times New Roman"
# Font table entries: (name, alternative a word processor uses when the font is not installed, charset, family).
FONT_TABLE = (
    (FANGSONG, "FangSong", "86", "modern"),
    (SONG, "SimSun", "86", "auto"),
    (HEI, "SimHei", "86", "modern"),
    (KAI, "KaiTi", "86", "modern"),
    (TITLE_FONT, SONG, "86", "auto"),
)

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
PAGE_NUMBER_PT = 14  # 四号


def set_fonts(owner, east_asia: str, latin: str | None = None) -> None:
    """Name the fonts of a style, run or rPr default: East Asian text in `east_asia`, Latin text in `latin`."""
    rpr = owner if owner.tag == qn("w:rPr") else owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the names below
    latin = latin or east_asia
    for slot, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east_asia)):
        fonts.set(qn(slot), name)
    fonts.set(qn("w:hint"), "eastAsia")


def set_page(section: Section) -> None:
    """A4 portrait, 37 mm top and 28 mm binding margins around the 156 x 225 mm text block."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.left_margin = TOP_MARGIN, BINDING_MARGIN
    # Lengths subtracted are plain ints (EMU): Emu makes them Lengths again.
    section.right_margin = Emu(PAGE_WIDTH - BINDING_MARGIN - TEXT_WIDTH)
    section.bottom_margin = Emu(PAGE_HEIGHT - TOP_MARGIN - TEXT_HEIGHT)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)


def grid_metrics() -> tuple[int, int]:
    """(linePitch in twentieths of a point, charSpace in 1/4096 pt) of the 22 x 28 grid on the text block.

    The pitch is rounded down, or the 22nd line would not fit; charSpace is what the character pitch adds to the
    三号 font size of the Normal style (negative: 28 characters of 16 pt are 448 pt, the block is 442 pt wide)."""
    return int(TEXT_HEIGHT.pt * 20 / GRID_LINES), round((TEXT_WIDTH.pt / GRID_CHARS - BODY_PT) * 4096)


def set_line_grid(document: DocxDocument, section: Section) -> None:
    """The GB/T 9704 grid: 22 lines of 28 characters of 三号 text fill the text block exactly.

    The section declares the grid as Word writes it (w:docGrid linesAndChars with linePitch and charSpace), so
    Word's page setup shows 22 x 28. The Normal style then lays out the same grid without snapping to it: exact
    line spacing of one grid line and character spacing that makes 28 characters fit. LibreOffice, snapping to the
    grid, gives every 三号 character two grid cells when the cell is narrower than the font, and prints 14 to a
    line; with the grid's metrics in the style, Word and LibreOffice both print 22 lines of 28 characters."""
    line_pitch, char_space = grid_metrics()
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))
    normal = document.styles["Normal"]
    ppr = normal.element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.append(snap)
    normal.paragraph_format.line_spacing = Twips(line_pitch)
    # Character spacing in twentieths of a point, rounded down (more negative) so that 28 characters fit.
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(math.floor((TEXT_WIDTH.pt / GRID_CHARS - BODY_PT) * 20)))
    normal.element.get_or_add_rPr().append(spacing)


def declare_fonts(document: DocxDocument) -> None:
    """Put the Chinese fonts into the document's font table, each with the font to use where it is missing."""
    part = next(p for p in document.part.package.parts if p.partname == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    for name, alternative, charset, family in FONT_TABLE:
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        table.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
            f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        ))  # fmt: skip
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_defaults(document: DocxDocument, east_asia: str, size_pt: float) -> None:
    """Document defaults: the body font (so runs without formatting of their own get it), Chinese language,
    no spacing between paragraphs, single line spacing."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, east_asia, LATIN_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(int(size_pt * 2)))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = document.styles["Normal"]
    normal.font.size = Pt(size_pt)
    set_fonts(normal.element, east_asia, LATIN_FONT)


def paragraph_style(
    document: DocxDocument,
    style_id: str,
    name: str,
    font: str,
    size_pt: float,
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_line_chars: int = 0,
    color: str | None = None,
    line_pt: float | None = None,
    space_before_pt: float = 0,
    space_after_pt: float = 0,
) -> BaseStyle:
    """A paragraph style with a Chinese display name (what an administrator sees in Word) and an ASCII id."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    set_fonts(style.element, font, LATIN_FONT if font != TITLE_FONT else SONG)
    if color is not None:
        from docx.shared import RGBColor

        style.font.color.rgb = RGBColor.from_string(color)
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if line_pt is not None:
        fmt.line_spacing = Pt(line_pt)
    fmt.space_before, fmt.space_after = Pt(space_before_pt), Pt(space_after_pt)
    if first_line_chars:
        # In characters (w:firstLineChars, hundredths), so the indent follows the font size: 2 characters.
        ind = style.element.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(int(first_line_chars * size_pt * 20)))
    return style


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs, which every word processor reads."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, shown), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            assert text is not None  # every run without a field character carries text
            run.text = text


def official_page_numbers(document: DocxDocument, section: Section, style: BaseStyle) -> None:
    """ "— 1 —" at the foot of every page: right on odd pages and left on even ones, one character in from the edge
    (GB/T 9704-2012 7.5), through separate odd and even footers."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):  # fmt: skip
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = style
        paragraph.alignment = align
        indent = Pt(PAGE_NUMBER_PT)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = indent
        else:
            paragraph.paragraph_format.left_indent = indent
        paragraph.add_run("— ")
        add_field(paragraph, "PAGE")
        paragraph.add_run(" —")


def cell_margins(table_element, top_mm: float = 0.5, side_mm: float = 1.0) -> None:
    """Small inner margins, so a row of a form holds one line of text."""
    tbl_pr = table_element.tblPr
    margins = parse_xml(
        f"<w:tblCellMar {nsdecls('w')}>"
        f'<w:top w:w="{int(Mm(top_mm).twips)}" w:type="dxa"/><w:left w:w="{int(Mm(side_mm).twips)}" w:type="dxa"/>'
        f'<w:bottom w:w="{int(Mm(top_mm).twips)}" w:type="dxa"/><w:right w:w="{int(Mm(side_mm).twips)}" w:type="dxa"/>'
        "</w:tblCellMar>"
    )
    tbl_pr.append(margins)
