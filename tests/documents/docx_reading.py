"""Reading generated Word documents back as a reader meets them: their text, runs, styles and page setup."""

from __future__ import annotations

import io
from collections.abc import Iterator

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Every paragraph of the body, tables included, in order."""

    def walk(container) -> Iterator[Paragraph]:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                yield block
            else:
                for row in block.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue  # a merged cell appears once per grid column it spans
                        seen.add(id(cell._tc))
                        yield from walk(cell)

    yield from walk(document)


def body_text(document: DocxDocument) -> str:
    return "\n".join(p.text for p in paragraphs(document))


def footer_text(document: DocxDocument) -> str:
    section = document.sections[0]
    return "\n".join(p.text for f in (section.footer, section.even_page_footer) for p in f.paragraphs)


def struck_runs(document: DocxDocument) -> list[str]:
    """The text of every run drawn with a strike line."""
    return [r.text for p in paragraphs(document) for r in p.runs if r.font.strike]


def paragraph_with(document: DocxDocument, text: str) -> Paragraph:
    return next(p for p in paragraphs(document) if text in p.text)


def style_chain_value(style, getter):
    """A style's own value, else its base style's (what a word processor shows for the style)."""
    while style is not None:
        value = getter(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def east_asian_font(style) -> str | None:
    def own(s):
        rpr = s.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        return fonts.get(qn("w:eastAsia")) if fonts is not None else None

    return style_chain_value(style, own)


def font_size_pt(style) -> float | None:
    size = style_chain_value(style, lambda s: s.font.size)
    return size.pt if size is not None else None
