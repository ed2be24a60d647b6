"""Appending whole Word documents to the dossier with docxcompose, each keeping its page setup, headers and footers.

docxcompose copies a document's body, numbering and images (its styles are merged beforehand by docx_styles), but
gives every appended document the page setup and headers of the volume it lands in (it drops the appended body's
own w:sectPr and header references). An issued document must print in the dossier as it was issued, so around
docxcompose each of its sections is put back: its w:sectPr is copied onto its last paragraph, with its header and
footer parts copied into the dossier.

A document prints its own page numbers as it was issued: its numbering restarts at 1, and its page count
(NUMPAGES, which in the volume would count the volume) becomes the text of its laid-out page count. The volume's
page number (页号, which the file list refers to) is printed top right as text, because a page has only one page
counter and Word's field arithmetic, the only way to show a second, is not evaluated by LibreOffice. Three header
variants (first page, even pages, odd pages) can carry three different numbers, so a document of up to three pages
has its 页号 on every page; a longer one on its first page (the closing note sheet says so).
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.section import CT_SectPr
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml.etree import _Element

from fireinvest.documents.word.compose import VolumeComposer
from fireinvest.documents.word.fields import freeze_fields
from fireinvest.documents.word.sections import (
    DOSSIER_PAGE,
    HEADER_TYPES,
    HeaderFooterRefs,
    SharedHeaderParts,
    end_section,
    restart_page_numbers,
    section_properties,
    set_header_footer_refs,
)
from fireinvest.documents.word.styles import StyleMerger

_REFERENCE_TAGS = {"header": "w:headerReference", "footer": "w:footerReference"}
NUMBERED_PAGES = 3  # pages that can each print their own 页号: first page, even pages, odd pages


@dataclass(frozen=True)
class AppendedDocument:
    """Where an appended document begins and ends in the dossier's body (for bookmarks)."""

    first_paragraph: _Element
    last_paragraph: _Element


class SectionKeepingComposer:
    """docxcompose's Composer over the dossier, appending each document as sections of its own."""

    def __init__(self, master: Document, shared: SharedHeaderParts) -> None:
        self.master = master
        self.shared = shared
        self.composer = VolumeComposer(master)
        self.styles = StyleMerger(master)
        self.appended = 0
        self._pages = 0  # of the document being appended, for its "共 y 页"
        # Even-page headers carry a page number of their own (see archive_page_headers).
        master.settings.odd_and_even_pages_header_footer = True

    def take_drawing_id(self) -> int:
        """A drawing id free in the whole volume (for pictures added between or after the documents)."""
        return self.composer.take_drawing_id()

    def append(self, source: Document, first_page: int, pages: int) -> AppendedDocument:
        """Append `source` (parsed for this purpose; it is changed) at the end of the dossier's body, as the volume's
        pages `first_page` to `first_page + pages - 1`."""
        self.appended += 1
        self._pages = pages
        self.styles.merge(source, f"D{self.appended}")
        children = [child for child in source.element.body if not isinstance(child, CT_SectPr)]
        if not children:
            source.add_paragraph()
            children = [child for child in source.element.body if not isinstance(child, CT_SectPr)]
        sections = _take_inner_sections(children)
        sections.append((len(children) - 1, source.element.body.sectPr))
        uses_even_pages = source.settings.odd_and_even_pages_header_footer
        refs = self._copy_header_footer_refs(source, [sect_pr for _index, sect_pr in sections], uses_even_pages,
                                             self.archive_page_headers(first_page, pages))  # fmt: skip

        inserted = self.composer.append_document(source)
        first = inserted[0] if inserted[0].tag == qn("w:p") else inserted[0].xpath(".//w:p")[0]

        last_paragraph = inserted[-1]
        for number, ((index, original), section_refs) in enumerate(zip(sections, refs)):
            sect_pr = deepcopy(original) if original is not None else section_properties(DOSSIER_PAGE, section_refs)
            set_header_footer_refs(sect_pr, section_refs)
            restart_page_numbers(sect_pr, 1 if number == 0 else None)  # the document's own numbering
            if number == 0:
                sect_pr.titlePg_val = True  # the first page's 页号 header
                if sect_pr.start_type not in (WD_SECTION.ODD_PAGE, WD_SECTION.EVEN_PAGE):
                    sect_pr.start_type = WD_SECTION.NEW_PAGE  # every document starts on a page of its own
            last_paragraph = _paragraph_to_end_section(inserted[index], avoid=first if number == 0 else None)
            end_section(last_paragraph, sect_pr)
        return AppendedDocument(first, last_paragraph)

    def archive_page_headers(self, first_page: int, pages: int) -> dict[str, str]:
        """The 页号 headers of a document's first section, by kind: its first page, then its even and its odd pages
        (own numbering restarts at 1, so page 2 is even and page 3 odd). A page beyond the third shows none."""
        fixed = self.shared.fixed_page_number
        if pages > NUMBERED_PAGES:
            return {"first": fixed(first_page), "even": self.shared.blank_header, "default": self.shared.blank_header}
        return {"first": fixed(first_page), "even": fixed(first_page + 1), "default": fixed(first_page + 2)}

    def _copy_header_footer_refs(
        self, source: Document, sections: list[CT_SectPr | None], uses_even_pages: bool, page_numbers: dict[str, str]
    ) -> list[HeaderFooterRefs]:
        """For each section of `source`, the dossier's copies of its headers and footers, every kind named. A section
        without a reference of some kind inherits it from the section before, as Word does within one document.
        Where the document has no header, the first section gets `page_numbers` and later ones a blank header."""
        copies: dict[str, str] = {}  # source rId -> dossier rId, so a part shared by sections is copied once
        named: list[dict[tuple[str, str], str]] = []
        inherited: dict[tuple[str, str], str] = {}
        for sect_pr in sections:
            own = dict(inherited)
            for what, tag in _REFERENCE_TAGS.items():
                for reference in sect_pr.findall(qn(tag)) if sect_pr is not None else ():
                    rid = reference.get(qn("r:id"))
                    relationship = source.part.rels[rid]
                    if rid not in copies:
                        copies[rid] = self._copy_story(relationship)
                    own[(what, reference.get(qn("w:type")))] = copies[rid]
            inherited = own
            named.append(own)
        result = []
        for number, own in enumerate(named):
            headers = {kind: own.get(("header", kind)) for kind in HEADER_TYPES}
            footers = {kind: own.get(("footer", kind)) for kind in HEADER_TYPES}
            if not uses_even_pages:  # the document never printed its even-page variants
                headers["even"], footers["even"] = headers["default"], footers["default"]
            fallback = page_numbers if number == 0 else dict.fromkeys(HEADER_TYPES, self.shared.blank_header)
            result.append(HeaderFooterRefs(
                {kind: rid or headers["default"] or fallback[kind] for kind, rid in headers.items()},
                {kind: rid or footers["default"] or self.shared.blank_footer for kind, rid in footers.items()},
            ))  # fmt: skip
        return result

    def _copy_story(self, relationship) -> str:
        """Copy a header or footer part of the source into the dossier; returns the dossier's relationship id.
        (docxcompose would copy it as an opaque part, which its own later appends cannot read.)"""
        source = relationship.target_part
        package = self.master.part.package
        kind, template = (HeaderPart, "/word/header%d.xml") if relationship.reltype == RT.HEADER else (
            FooterPart, "/word/footer%d.xml")  # fmt: skip
        element = parse_xml(source.blob)
        freeze_fields(element, "NUMPAGES", str(self._pages))  # "共 y 页": the document's own pages, not the volume's
        self.composer.renumber([element])
        copy = kind(package.next_partname(template), source.content_type, element, package)
        rid = self.master.part.relate_to(copy, relationship.reltype)  # related at once: next_partname walks the rels
        renamed = {}
        for old_rid, sub in source.rels.items():  # pictures in a header, e.g. an emblem
            renamed[old_rid] = self.composer.add_relationship(source, copy, sub).rId
        for attribute in element.xpath(".//@r:embed | .//@r:id | .//@r:link"):
            if str(attribute) in renamed:
                attribute.getparent().set(attribute.attrname, renamed[str(attribute)])
        return rid


def _take_inner_sections(children: list[_Element]) -> list[tuple[int, CT_SectPr]]:
    """Remove the section breaks inside the body (sectPr in a paragraph), so docxcompose sees one section and leaves
    the dossier's sections alone; returns (index of the paragraph, its sectPr) to put back after appending."""
    found = []
    for index, child in enumerate(children):
        if child.tag != qn("w:p"):
            continue
        sect_pr = child.find("./w:pPr/w:sectPr", child.nsmap)
        if sect_pr is not None:
            sect_pr.getparent().remove(sect_pr)
            found.append((index, sect_pr))
    return found


def _paragraph_to_end_section(element: _Element, avoid: _Element | None) -> _Element:
    """The paragraph that can carry the section break after `element`: itself, or a new, almost invisible one
    after a table or after the paragraph `avoid` (the document's first, where its bookmark goes: LibreOffice puts
    a bookmark in a paragraph that both opens and ends a section on the page before)."""
    if element.tag == qn("w:p") and element is not avoid:
        return element
    paragraph = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                          'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')  # fmt: skip
    element.addnext(paragraph)
    return paragraph
