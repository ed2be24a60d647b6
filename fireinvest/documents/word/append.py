"""Appending whole Word documents to the dossier with docxcompose, each keeping its page setup, headers and footers.

docxcompose copies a document's body, numbering and images (its styles are merged beforehand by docx_styles), but
gives every appended document the page setup and headers of the volume it lands in (it drops the appended body's
own w:sectPr and header references). An issued document must print in the dossier as it was issued, so around
docxcompose each of its sections is put back: its w:sectPr is copied onto its last paragraph, with its header and
footer parts copied into the dossier.

Page numbers run through the whole volume (the archive's 页号, which the file list refers to), so a document's own
restart at 1 is dropped and its "第 x 页 共 y 页" counts pages of the volume: NUMPAGES in its headers and footers
becomes a reference to the volume's last page (NUMPAGES would also count the cover, the list and the closing
sheet). Word fields cannot do arithmetic that LibreOffice evaluates (nested fields), so a document cannot show its
own page numbers and the volume's at once; the volume's win. A document that prints no page numbers gets the
archive page-number header (see docx_sections).
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
from fireinvest.documents.word.sections import (
    DOSSIER_PAGE,
    HEADER_TYPES,
    HeaderFooterRefs,
    SharedHeaderParts,
    end_section,
    prints_page_numbers,
    restart_page_numbers,
    section_properties,
    set_header_footer_refs,
)
from fireinvest.documents.word.styles import StyleMerger

_REFERENCE_TAGS = {"header": "w:headerReference", "footer": "w:footerReference"}


@dataclass(frozen=True)
class AppendedDocument:
    """Where an appended document begins and ends in the dossier's body (for bookmarks)."""

    first_paragraph: _Element
    last_paragraph: _Element


class SectionKeepingComposer:
    """docxcompose's Composer over the dossier, appending each document as sections of its own."""

    def __init__(self, master: Document, shared: SharedHeaderParts, last_page_bookmark: str) -> None:
        self.master = master
        self.shared = shared
        self.last_page_bookmark = last_page_bookmark
        self.composer = VolumeComposer(master)
        self.styles = StyleMerger(master)
        self.appended = 0

    @property
    def next_drawing_id(self) -> int:
        """The next drawing id free in the whole volume (for pictures added after the documents)."""
        return self.composer.next_drawing_id

    def append(self, source: Document) -> AppendedDocument:
        """Append `source` (parsed for this purpose; it is changed) at the end of the dossier's body."""
        self.appended += 1
        self.styles.merge(source, f"D{self.appended}")
        children = [child for child in source.element.body if not isinstance(child, CT_SectPr)]
        if not children:
            source.add_paragraph()
            children = [child for child in source.element.body if not isinstance(child, CT_SectPr)]
        sections = _take_inner_sections(children)
        sections.append((len(children) - 1, source.element.body.sectPr))
        uses_even_pages = source.settings.odd_and_even_pages_header_footer
        refs = self._copy_header_footer_refs(source, [sect_pr for _index, sect_pr in sections], uses_even_pages)
        if uses_even_pages:
            self.master.settings.odd_and_even_pages_header_footer = True

        inserted = self.composer.append_document(source)
        first = inserted[0] if inserted[0].tag == qn("w:p") else inserted[0].xpath(".//w:p")[0]

        last_paragraph = inserted[-1]
        for number, ((index, original), section_refs) in enumerate(zip(sections, refs)):
            sect_pr = deepcopy(original) if original is not None else section_properties(DOSSIER_PAGE, section_refs)
            set_header_footer_refs(sect_pr, section_refs)
            restart_page_numbers(sect_pr, None)  # numbering runs on through the volume
            if number == 0 and sect_pr.start_type not in (WD_SECTION.ODD_PAGE, WD_SECTION.EVEN_PAGE):
                sect_pr.start_type = WD_SECTION.NEW_PAGE  # every document starts on a page of its own
            last_paragraph = _paragraph_to_end_section(inserted[index], avoid=first if number == 0 else None)
            end_section(last_paragraph, sect_pr)
        return AppendedDocument(first, last_paragraph)

    def _copy_header_footer_refs(
        self, source: Document, sections: list[CT_SectPr | None], uses_even_pages: bool
    ) -> list[HeaderFooterRefs]:
        """For each section of `source`, the dossier's copies of its headers and footers, every kind named. A section
        without a reference of some kind inherits it from the section before, as Word does within one document."""
        copies: dict[str, str] = {}  # source rId -> dossier rId, so a part shared by sections is copied once
        parts = []
        named: list[dict[tuple[str, str], str]] = []
        inherited: dict[tuple[str, str], str] = {}
        for sect_pr in sections:
            own = dict(inherited)
            for what, tag in _REFERENCE_TAGS.items():
                for reference in sect_pr.findall(qn(tag)) if sect_pr is not None else ():
                    rid = reference.get(qn("r:id"))
                    relationship = source.part.rels[rid]
                    parts.append(relationship.target_part)
                    if rid not in copies:
                        copies[rid] = self._copy_story(relationship)
                    own[(what, reference.get(qn("w:type")))] = copies[rid]
            inherited = own
            named.append(own)
        numbered = prints_page_numbers(parts)
        blank_header = self.shared.blank_header if numbered else self.shared.page_number_header
        result = []
        for own in named:
            headers = {kind: own.get(("header", kind)) for kind in HEADER_TYPES}
            footers = {kind: own.get(("footer", kind)) for kind in HEADER_TYPES}
            if not uses_even_pages:  # the document never printed its even-page variants
                headers["even"], footers["even"] = headers["default"], footers["default"]
            result.append(HeaderFooterRefs(
                {kind: rid or headers["default"] or blank_header for kind, rid in headers.items()},
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
        self._count_volume_pages(element)
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

    def _count_volume_pages(self, story: _Element) -> None:
        """Turn the page count in a header or footer (NUMPAGES) into the volume's last page number."""
        volume_pages = f" PAGEREF {self.last_page_bookmark} \\h "
        for instruction in story.xpath(".//w:instrText"):
            if (instruction.text or "").split()[:1] == ["NUMPAGES"]:
                instruction.text = volume_pages
        for simple in story.xpath(".//w:fldSimple"):
            if simple.get(qn("w:instr"), "").split()[:1] == ["NUMPAGES"]:
                simple.set(qn("w:instr"), volume_pages)


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
