"""Bringing a document's styles into the dossier so that its text looks as it did when it was issued.

Two documents may define a style of the same name differently: an official report's "Normal" is 仿宋 三号, the
dossier's is 宋体 小四. docxcompose keeps the dossier's definition of a shared name, and its preserve_styles option
rewrites every style reference inside a table to one style, which breaks forms. So before appending, each style of
the document that clashes with one of the dossier's is renamed within the document (id and name get the item's
suffix), every reference to it follows, paragraphs that relied on the default paragraph style name it explicitly,
and the document's styles are copied into the dossier. docxcompose then finds every style already present.
"""

from __future__ import annotations

from copy import deepcopy

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from lxml.etree import _Element

_STYLE = qn("w:style")
_ID, _VAL, _DEFAULT, _TYPE = qn("w:styleId"), qn("w:val"), qn("w:default"), qn("w:type")
_USED = ".//w:pStyle/@w:val | .//w:rStyle/@w:val | .//w:tblStyle/@w:val | .//w:styleLink/@w:val" \
        " | .//w:numStyleLink/@w:val"  # fmt: skip
_REFERENCES = ".//w:pStyle | .//w:rStyle | .//w:tblStyle | .//w:basedOn | .//w:next | .//w:link" \
              " | .//w:styleLink | .//w:numStyleLink"  # fmt: skip


def _canonical(element: _Element | None) -> bytes | None:
    return etree.tostring(element, method="c14n") if element is not None else None


def _definition(style: _Element) -> bytes:
    """How the style formats text, without what only names it (id, name, default flag, linked and next style) and
    without revision ids (w:rsid), which differ between identical definitions."""
    copy = deepcopy(style)
    for attribute in (_ID, _DEFAULT):
        copy.attrib.pop(attribute, None)
    for tag in ("w:name", "w:rsid", "w:link", "w:next"):
        for child in copy.findall(qn(tag)):
            copy.remove(child)
    return etree.tostring(copy, method="c14n")


def _name(style: _Element) -> str:
    name = style.find(qn("w:name"))
    return name.get(_VAL) if name is not None else ""


def _story_roots(source: Document) -> list[_Element]:
    """The body and every header and footer of the document: where paragraphs and tables refer to styles."""
    roots = [source.element.body]
    for relationship in source.part.rels.values():
        if relationship.reltype in (RT.HEADER, RT.FOOTER):
            roots.append(relationship.target_part.element)
    return roots


class StyleMerger:
    """Merges the styles of each appended document into the dossier (see the module docstring). Only the styles a
    document uses (and those they are based on) are compared and copied, the dossier's definitions are compared in
    a cached form, and a renamed variant is shared by every document that defines the style the same way (forty
    interview records add one "Normal" of their own to the volume, not forty)."""

    def __init__(self, master: Document) -> None:
        self.master = master
        self.ours = {style.get(_ID): style for style in master.styles.element.iter(_STYLE)}
        self.our_names = {_name(style): style for style in self.ours.values()}
        self._definitions: dict[str, bytes] = {}
        self._variants: dict[tuple[str, bytes], str] = {}  # (the document's style id, definition) -> id in the volume
        self._defaults = {kind: _canonical(master.styles.element.find(_DEFAULTS_PATH.format(kind=kind), _NS))
                          for kind in ("rPr", "pPr")}  # fmt: skip

    def _our_definition(self, style: _Element) -> bytes:
        style_id = style.get(_ID)
        if style_id not in self._definitions:
            self._definitions[style_id] = _definition(style)
        return self._definitions[style_id]

    def merge(self, source: Document, suffix: str) -> None:
        """Give the source's styles the ids they have in the volume, adding those the volume lacks; a style that
        differs from the volume's of the same name becomes a variant named with `suffix`."""
        _bake_document_defaults(source, self._defaults)
        theirs = {style.get(_ID): style for style in source.styles.element.iter(_STYLE)}
        defaults = {
            style.get(_TYPE): style.get(_ID) for style in theirs.values() if style.get(_DEFAULT) in ("1", "true")
        }
        roots = _story_roots(source)
        numbering = _numbering_root(source)
        references = [*roots, *([numbering] if numbering is not None else [])]
        used = _with_ancestors({v for root in references for v in root.xpath(_USED)} | set(defaults.values()), theirs)
        renamed: dict[str, str] = {}
        for style_id in _parents_first(used, theirs):
            renamed[style_id] = self._volume_id(theirs[style_id], renamed, suffix)
        renamed = {old: new for old, new in renamed.items() if old != new}
        for kind, tag, path in (("paragraph", "w:pStyle", ".//w:p"), ("table", "w:tblStyle", ".//w:tbl")):
            default_id = defaults.get(kind)
            if default_id in renamed:  # text that relied on the default must now name it, or it takes the dossier's
                for root in roots:
                    _name_default_style(root, path, tag, default_id)
        for root in [*references, source.styles.element]:
            for reference in root.xpath(_REFERENCES):
                if reference.get(_VAL) in renamed:
                    reference.set(_VAL, renamed[reference.get(_VAL)])
        for style_id in sorted(used):
            new_id = renamed.get(style_id, style_id)
            if new_id in self.ours:
                continue
            copy = deepcopy(theirs[style_id])
            copy.set(_ID, new_id)
            if new_id != style_id:
                copy.attrib.pop(_DEFAULT, None)  # the dossier keeps its own defaults
                name = copy.find(qn("w:name"))
                if name is not None:
                    name.set(_VAL, f"{name.get(_VAL)} {suffix}")
            self.master.styles.element.append(copy)
            self.ours[new_id] = copy
            self.our_names[_name(copy)] = copy

    def _volume_id(self, style: _Element, renamed: dict[str, str], suffix: str) -> str:
        """The id the style gets in the volume: its own when the volume has none like it or the same one, the id of
        an equal variant added for an earlier document, or a new variant's. The style's parent is resolved first
        (parents come first), so a style based on a renamed one differs from the volume's and is renamed too."""
        based_on = style.find(qn("w:basedOn"))
        if based_on is not None and based_on.get(_VAL) in renamed:
            based_on.set(_VAL, renamed[based_on.get(_VAL)])
        style_id = style.get(_ID)
        twin = self.ours.get(style_id)
        if twin is None:
            twin = self.our_names.get(_name(style))
        if twin is None:
            return style_id
        definition = _definition(style)
        if self._our_definition(twin) == definition:
            return twin.get(_ID)
        return self._variants.setdefault((style_id, definition), f"{style_id}{suffix}")


def _parents_first(style_ids: set[str], theirs: dict[str, _Element]) -> list[str]:
    """The styles ordered so that each comes after the style it is based on."""
    ordered: list[str] = []
    seen: set[str] = set()

    def visit(style_id: str) -> None:
        if style_id in seen or style_id not in style_ids:
            return
        seen.add(style_id)
        for parent in theirs[style_id].xpath("./w:basedOn/@w:val"):
            visit(parent)
        ordered.append(style_id)

    for style_id in sorted(style_ids):
        visit(style_id)
    return ordered


def _with_ancestors(style_ids: set[str], theirs: dict[str, _Element]) -> set[str]:
    """The styles with every style they are based on, linked to or followed by, as far as the document has them."""
    found, pending = set(), [i for i in style_ids if i in theirs]
    while pending:
        style_id = pending.pop()
        if style_id in found:
            continue
        found.add(style_id)
        related = theirs[style_id].xpath("./w:basedOn/@w:val | ./w:link/@w:val | ./w:next/@w:val")
        pending.extend(i for i in related if i in theirs and i not in found)
    return found


def _name_default_style(root: _Element, path: str, tag: str, style_id: str) -> None:
    properties_tag = "w:pPr" if tag == "w:pStyle" else "w:tblPr"
    for element in root.xpath(path):
        properties = element.find(qn(properties_tag))
        if properties is None:
            properties = etree.SubElement(element, qn(properties_tag))
            element.insert(0, properties)  # properties come first in a paragraph or table
        if properties.find(qn(tag)) is None:
            reference = etree.SubElement(properties, qn(tag))
            reference.set(_VAL, style_id)
            properties.insert(0, reference)  # the style comes first among the properties


def _numbering_root(source: Document) -> _Element | None:
    """The numbering definitions (lists refer to paragraph styles), when the document has any."""
    try:
        return source.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _bake_document_defaults(source: Document, ours: dict[str, bytes | None]) -> None:
    """Copy the source's document-wide defaults (w:docDefaults: fonts, size, spacing) into its default paragraph
    style, when they differ from the dossier's (`ours`, by kind); the dossier's would otherwise apply to its text.
    That style then differs from the dossier's and is carried over under a name of its own."""
    normal = source.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    if normal is None:
        return
    for kind, order in (("rPr", _RPR_ORDER), ("pPr", _PPR_ORDER)):
        theirs = source.styles.element.find(_DEFAULTS_PATH.format(kind=kind), _NS)
        if theirs is None or etree.tostring(theirs, method="c14n") == ours[kind]:
            continue
        target = normal.element.get_or_add_rPr() if kind == "rPr" else normal.element.get_or_add_pPr()
        present = {child.tag for child in target}
        merged = list(target) + [deepcopy(child) for child in theirs if child.tag not in present]
        rank = {qn(f"w:{name}"): position for position, name in enumerate(order)}
        for child in list(target):
            target.remove(child)
        # Word rejects properties out of the schema's order.
        for child in sorted(merged, key=lambda element: rank.get(element.tag, len(rank))):
            target.append(child)


_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_DEFAULTS_PATH = "./w:docDefaults/w:{kind}Default/w:{kind}"
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
              "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
              "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")  # fmt: skip
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
              "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
              "pPrChange")  # fmt: skip
