"""Sections of the dossier: page setup, and the headers and footers every section names explicitly.

Word lets a section without its own header inherit the previous section's, so in a volume put together from many
documents a report's "— 3 —" footer would run on into the next interview record. Every section of the dossier
therefore names its default, even-page and first-page header and footer; where a document has none of its own, the
section gets a blank one, or the archive page number (页号, top right on every page of an archived volume).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from fireinvest.documents.word.layout import add_field

HEADER_TYPES = ("default", "even", "first")


@dataclass(frozen=True)
class PageSetup:
    """A4 portrait with the given margins."""

    top: Length
    bottom: Length
    left: Length  # the binding side
    right: Length
    header: Length = Mm(15)
    footer: Length = Mm(15)


# Enforcement document layout (DOMAIN.md section 5): top 37 mm, binding 28 mm, text block 156 x 225 mm.
DOSSIER_PAGE = PageSetup(top=Mm(37), bottom=Mm(297 - 37 - 225), left=Mm(28), right=Mm(210 - 28 - 156))


@dataclass(frozen=True)
class HeaderFooterRefs:
    """Relationship ids of the header and footer of each kind (default, even, first) for one section."""

    headers: dict[str, str]
    footers: dict[str, str]


class SharedHeaderParts:
    """The blank header and footer and the archive page-number headers, created once and shared by every section
    that needs them (many sections may name the same part)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.blank_header = self._relate(HeaderPart.new(document.part.package), RT.HEADER)
        self.blank_footer = self._relate(FooterPart.new(document.part.package), RT.FOOTER)
        self.page_number_header = self._page_number(lambda paragraph: add_field(paragraph, "PAGE", ""))
        self._fixed_numbers: dict[int, str] = {}

    def _relate(self, part, reltype: str) -> str:
        return self.document.part.relate_to(part, reltype)

    def _page_number(self, write) -> str:
        part = HeaderPart.new(self.document.part.package)
        paragraph = Paragraph(part.element.xpath("./w:p")[0], part)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        write(paragraph)
        return self._relate(part, RT.HEADER)

    def fixed_page_number(self, page: int) -> str:
        """A header printing the volume page number `page` as text (on a page whose own PAGE counts a document)."""
        if page not in self._fixed_numbers:
            self._fixed_numbers[page] = self._page_number(lambda paragraph: paragraph.add_run(str(page)))
        return self._fixed_numbers[page]

    def blank(self) -> HeaderFooterRefs:
        """No header, no footer (cover, file list, closing note sheet)."""
        return HeaderFooterRefs(dict.fromkeys(HEADER_TYPES, self.blank_header),
                                dict.fromkeys(HEADER_TYPES, self.blank_footer))  # fmt: skip

    def page_numbered(self) -> HeaderFooterRefs:
        """The archive page number top right, no footer (the photo pages)."""
        return HeaderFooterRefs(dict.fromkeys(HEADER_TYPES, self.page_number_header),
                                dict.fromkeys(HEADER_TYPES, self.blank_footer))  # fmt: skip


def set_header_footer_refs(sect_pr: CT_SectPr, refs: HeaderFooterRefs) -> None:
    """Replace the section's header and footer references by `refs` (every kind named)."""
    for tag in ("w:headerReference", "w:footerReference"):
        for old in sect_pr.findall(qn(tag)):
            sect_pr.remove(old)
    for kind in HEADER_TYPES:
        _add_reference(sect_pr, "w:headerReference", kind, refs.headers[kind])
        _add_reference(sect_pr, "w:footerReference", kind, refs.footers[kind])


def _add_reference(sect_pr: CT_SectPr, tag: str, kind: str, rid: str) -> None:
    reference = OxmlElement(tag)
    reference.set(qn("w:type"), kind)
    reference.set(qn("r:id"), rid)
    sect_pr.insert(0, reference)  # references come first in w:sectPr; their order among themselves is free


def section_properties(setup: PageSetup, refs: HeaderFooterRefs, *, restart_numbering: bool = False) -> CT_SectPr:
    """A new A4 section starting on a new page with these margins, headers and footers."""
    sect_pr: CT_SectPr = OxmlElement("w:sectPr")
    sect_pr.start_type = WD_SECTION.NEW_PAGE
    sect_pr.page_width, sect_pr.page_height = Mm(210), Mm(297)
    sect_pr.top_margin, sect_pr.bottom_margin = setup.top, setup.bottom
    sect_pr.left_margin, sect_pr.right_margin = setup.left, setup.right
    sect_pr.header, sect_pr.footer, sect_pr.gutter = setup.header, setup.footer, Mm(0)
    if restart_numbering:
        restart_page_numbers(sect_pr)
    set_header_footer_refs(sect_pr, refs)
    return sect_pr


def restart_page_numbers(sect_pr: CT_SectPr, at: int | None = 1) -> None:
    """Start the section's page numbers at `at`, or let them run on from the previous section when None."""
    numbering = sect_pr.find(qn("w:pgNumType"))
    if numbering is None:
        if at is None:
            return
        numbering = OxmlElement("w:pgNumType")
        sect_pr.insert_element_before(numbering, *_AFTER_PG_NUM_TYPE)
    if at is None:
        numbering.attrib.pop(qn("w:start"), None)
    else:
        numbering.set(qn("w:start"), str(at))


_AFTER_PG_NUM_TYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                      "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")  # fmt: skip


def end_section(paragraph: _Element, sect_pr: CT_SectPr) -> None:
    """Make `paragraph` the last one of a section with the properties `sect_pr`."""
    properties = paragraph.get_or_add_pPr()
    old = properties.find(qn("w:sectPr"))
    if old is not None:
        properties.remove(old)
    properties.insert_element_before(sect_pr, "w:pPrChange")


def apply_body_section(document: Document, setup: PageSetup, refs: HeaderFooterRefs) -> None:
    """Set the document's last section (the body's own w:sectPr) to `setup` with these headers and footers."""
    body_sect_pr = document.element.body.sectPr
    fresh = section_properties(setup, refs)
    body_sect_pr.getparent().replace(body_sect_pr, fresh)
