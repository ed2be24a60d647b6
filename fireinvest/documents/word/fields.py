"""WordprocessingML pieces python-docx has no API for: fields (PAGEREF, NUMPAGES, PAGE), bookmarks and the setting
that makes Word recompute fields when the file is opened.

Page numbers of a dossier are only known once a word processor has laid the pages out, so the file list refers to
bookmarks through PAGEREF fields. Each field carries a result computed here where the page counts are known (what a
reader that does not lay out pages, such as python-docx, sees); Word recomputes them on opening (w:updateFields)
and LibreOffice always lays them out itself.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from fireinvest.documents.word.layout import add_field

# The elements that follow w:updateFields in w:settings (ECMA-376 CT_Settings).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


def page_reference(paragraph: Paragraph, bookmark: str, page: int | None) -> None:
    """The page number on which `bookmark` lies, showing `page` (blank when unknown) until laid out."""
    add_field(paragraph, f"PAGEREF {bookmark} \\h", str(page) if page is not None else "")


def add_bookmark(paragraph: _Element, name: str, bookmark_id: int) -> None:
    """An empty bookmark at the start of the paragraph (after its properties): PAGEREF needs only a position."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    properties = paragraph.find(qn("w:pPr"))
    position = 0 if properties is None else list(paragraph).index(properties) + 1
    paragraph.insert(position, start)
    paragraph.insert(position + 1, end)


def next_bookmark_id(document: Document) -> int:
    """An id above every bookmark id in the body, so new bookmarks never pair with an existing end."""
    ids = [int(value) for value in document.element.body.xpath(".//w:bookmarkStart/@w:id") if value.isdigit()]
    return max(ids, default=0) + 1


def update_fields_on_open(document: Document) -> None:
    """Ask Word to recompute every field (page references, page counts) when it opens the file."""
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        # Word refuses a settings part whose elements are out of the schema's order.
        settings.insert_element_before(update, *_AFTER_UPDATE_FIELDS)
    update.set(qn("w:val"), "true")
