"""docxcompose, adapted to put forty documents into one volume in a few seconds.

docxcompose copies a document's body with its numbering, images and footnotes, which is what the dossier needs,
but around each append it also does work that grows with the volume: it lists every style of the volume for each
paragraph and table it copies, and it renumbers every bookmark and drawing of the whole volume. Appending many
documents that way is quadratic (a volume of forty documents took about twenty seconds). Here the styles are merged
beforehand (docx_styles.StyleMerger), so style handling is skipped, and ids are renumbered only in what each append
inserted, from counters that run through the volume.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docxcompose.composer import Composer
from lxml.etree import _Element

_ID = qn("w:id")


def _highest(root: _Element, path: str) -> int:
    return max((int(v) for v in root.xpath(path) if str(v).isdigit()), default=0)


class VolumeComposer(Composer):
    """A Composer for appending many documents to one volume (see the module docstring)."""

    def __init__(self, volume: Document) -> None:
        super().__init__(volume)
        body = volume.element.body
        self._next_bookmark = _highest(body, ".//w:bookmarkStart/@w:id") + 1
        self._next_drawing = max(_highest(body, ".//wp:docPr/@id"), _highest(body, ".//pic:cNvPr/@id")) + 1
        self._has_lists = False

    def append_document(self, source: Document) -> list[_Element]:
        """Append the source's body at the end of the volume; returns the elements inserted, in order."""
        body = self.doc.element.body
        start, before = self.append_index(), len(body)
        # Restarting list numbering in each document looks up styles per paragraph: only worth it when it has lists.
        listed = set(source.styles.element.xpath("./w:style[.//w:numPr]/@w:styleId"))
        used = set(source.element.body.xpath(".//w:pStyle/@w:val"))
        self._has_lists = bool(listed & used) or bool(source.element.body.xpath(".//w:numPr"))
        self.append(source)
        inserted = list(body)[start : start + len(body) - before]
        self.renumber(inserted)
        return inserted

    def renumber(self, roots: list[_Element]) -> None:
        """Give the bookmarks and drawings under `roots` (one document's body, or a header) ids not used elsewhere
        in the volume. A bookmark's start and end keep their pairing even across paragraphs, which docxcompose's
        renumbering by position could break."""
        bookmarks: dict[str, str] = {}
        for root in roots:
            for start in root.iter(qn("w:bookmarkStart")):
                bookmarks[start.get(_ID)] = str(self._next_bookmark)
                start.set(_ID, str(self._next_bookmark))
                self._next_bookmark += 1
        for root in roots:
            for end in root.iter(qn("w:bookmarkEnd")):
                if end.get(_ID) in bookmarks:
                    end.set(_ID, bookmarks[end.get(_ID)])
            for drawing in root.xpath(".//wp:docPr | .//pic:cNvPr"):
                drawing.set("id", str(self._next_drawing))
                self._next_drawing += 1

    def take_drawing_id(self) -> int:
        """A drawing id not used in the volume, for a picture added to it between or after the documents."""
        self._next_drawing += 1
        return self._next_drawing - 1

    # --- docxcompose's steps that are done differently here ---------------------------------------------------

    def add_styles(self, doc, element) -> None:
        """Nothing: StyleMerger put every style the document uses into the volume already."""

    def _create_style_id_mapping(self, doc) -> None:
        # Read only by add_styles.
        self._style_id2name: dict[str, str] = {}
        self._style_name2id: dict[str, str] = {}

    def renumber_bookmarks(self) -> None:
        """Nothing here: append_document renumbers what was inserted."""

    def renumber_docpr_ids(self) -> None:
        """Nothing here: append_document renumbers what was inserted."""

    def renumber_nvpicpr_ids(self) -> None:
        """Nothing here: append_document renumbers what was inserted."""

    def restart_first_numbering(self, doc, element) -> None:
        """Restart the document's lists at 1, as docxcompose does, but only for a document that has lists."""
        if self._has_lists:
            super().restart_first_numbering(doc, element)
