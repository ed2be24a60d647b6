"""WordprocessingML pieces python-docx has no API for: bookmarks, and fields turned into the text they show.

The dossier's page numbers are computed from the layout (each document laid out by LibreOffice, see
archive.dossier), so they are written as text: a field left for the word processor to fill would show nothing
until the reader updated fields, and could count pages of the wrong thing (NUMPAGES in a volume counts the volume).
"""

from __future__ import annotations

from copy import deepcopy

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element


def add_bookmark(paragraph: _Element, name: str, bookmark_id: int) -> None:
    """An empty bookmark at the start of the paragraph (after its properties), where a reader can jump."""
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


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def freeze_fields(story: _Element, name: str, value: str) -> None:
    """Replace every field `name` (e.g. NUMPAGES) in this header, footer or body by `value` as plain text, in the
    formatting of the field's result."""
    for simple in story.xpath(".//w:fldSimple"):
        if _field_name(simple.get(qn("w:instr"), "")) == name:
            runs = simple.findall(qn("w:r"))
            simple.addprevious(_text_run(runs[0] if runs else None, value))
            simple.getparent().remove(simple)
    for begin in story.xpath(".//w:r[w:fldChar/@w:fldCharType='begin']"):
        if begin.getparent() is None:  # removed with an enclosing field
            continue
        runs, instruction, result = _complex_field(begin)
        if _field_name(instruction) == name:
            begin.addprevious(_text_run(next((r for r in result if r.find(qn("w:t")) is not None), begin), value))
            for run in runs:
                run.getparent().remove(run)


def _complex_field(begin: _Element) -> tuple[list[_Element], str, list[_Element]]:
    """The runs of the field that `begin` opens (to its matching end, in the same paragraph), its instruction and
    its result runs."""
    runs, instruction, result = [begin], list[_Element](), list[_Element]()
    depth, in_result = 1, False
    for run in begin.itersiblings(qn("w:r")):
        runs.append(run)
        kind = run.find(qn("w:fldChar"))
        kind = kind.get(qn("w:fldCharType")) if kind is not None else None
        if kind == "begin":
            depth += 1
        elif kind == "end":
            depth -= 1
            if depth == 0:
                break
        elif kind == "separate" and depth == 1:
            in_result = True
        elif depth == 1:
            (result if in_result else instruction).append(run)
    text = "".join(t.text or "" for run in instruction for t in run.findall(qn("w:instrText")))
    return runs, text, result


def _text_run(template: _Element | None, text: str) -> _Element:
    """A run showing `text`, formatted as `template` (a run of the field) when there is one."""
    run = OxmlElement("w:r")
    properties = template.find(qn("w:rPr")) if template is not None else None
    if properties is not None:
        run.append(deepcopy(properties))
    shown = OxmlElement("w:t")
    shown.set(qn("xml:space"), "preserve")
    shown.text = text
    run.append(shown)
    return run
