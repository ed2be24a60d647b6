"""Printable evidence labels (火灾痕迹物品标签) as an A4 PDF, one label a page or several with cut lines.

Each sealed package is labelled with the fire, the item's name and number, the time of collection and the sealer's
signature (DOMAIN.md section 5, 火灾痕迹物品提取清单); the QR code carries the evidence number so that custody steps
can later be recorded by scanning the package.

`evidence_labels_pdf` is the use case (a read: the 物证 tab and `fireinvest evidence labels` call it);
`evidence_labels` gives the labels themselves inside a caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from fireinvest.clock import format_local
from fireinvest.documents.evidence_label_drawing import (
    DESIGN_HEIGHT,
    DESIGN_WIDTH,
    TITLE,
    EvidenceLabel,
    draw_evidence_label,
)
from fireinvest.documents.fonts import cjk_font
from fireinvest.documents.label_sheet import GRIDS, PAGE_HEIGHT, PAGE_WIDTH, SheetLayout, sheet_layout
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.files import OutputTarget, write_output
from fireinvest.services.cases import case_detail
from fireinvest.services.evidence import EvidenceRecord, evidence_of
from fireinvest.services.front_door import reads
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork


def _chosen(records: list[EvidenceRecord], item_ids: Sequence[int] | None, case_number: str) -> list[EvidenceRecord]:
    if item_ids is None:
        return records
    by_id = {r.id: r for r in records}
    missing = [i for i in item_ids if i not in by_id]
    if missing:
        raise NotFound(f"案件 {case_number} 中没有内部编号为 {'、'.join(map(str, missing))} 的物证。")
    return [by_id[i] for i in dict.fromkeys(item_ids)]  # the caller's order, each item once


def evidence_labels(session: Session, case_id: int, item_ids: Sequence[int] | None = None) -> list[EvidenceLabel]:
    """The labels of the case's items (all, or those ids in that order), formatted in the agency's time zone."""
    case = case_detail(session, case_id)
    settings = load_agency_settings(session)
    zone = settings.zone
    facts = case.facts
    alarm = format_local(facts.alarm_time, zone)[:10]
    fire = " ".join(part for part in (alarm, facts.address or facts.unit_name) if part)
    chosen = _chosen(evidence_of(session, case_id), item_ids, case.case_number)
    if not chosen:
        reason = "还没有登记物证" if item_ids is None else "没有选择物证"
        raise ValidationFailed([FieldError("item_ids", f"案件 {case.case_number} {reason}，没有可打印的标签。")])
    return [
        EvidenceLabel(
            agency_name=settings.agency_name,
            case_number=case.case_number,
            fire=fire,
            item_name=record.draft.name,
            evidence_number=record.evidence_number,
            collected_at=format_local(record.draft.collected_at, zone),
            collector=record.draft.collector,
            witness=record.draft.witness,
            seal_number=record.draft.seal_number,
        )
        for record in chosen
    ]


def _layout(per_page: int) -> SheetLayout:
    layout = sheet_layout(per_page, DESIGN_WIDTH, DESIGN_HEIGHT)
    if layout is None:
        offered = "、".join(map(str, GRIDS))
        raise ValidationFailed([FieldError("per_page", f"每页标签数只能是 {offered}，不能是 {per_page}。")])
    return layout


def render_labels(labels: Sequence[EvidenceLabel], stream: BinaryIO, per_page: int = 8) -> int:
    """Write the labels as an A4 PDF to `stream`; returns how many were drawn."""
    layout = _layout(per_page)
    font = cjk_font().name
    canvas = Canvas(stream, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(f"{TITLE} {labels[0].case_number}" if labels else TITLE)
    canvas.setAuthor(labels[0].agency_name if labels else "")
    canvas.setCreator("FireInvest")
    for start in range(0, len(labels), layout.per_page):
        page = labels[start : start + layout.per_page]
        if layout.per_page > 1:
            layout.draw_cut_lines(canvas)
        for label, place in zip(page, layout.placements()):
            canvas.saveState()
            canvas.translate(place.x, place.y)
            canvas.scale(place.scale, place.scale)
            draw_evidence_label(canvas, label, font)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return len(labels)


@reads
def evidence_labels_pdf(
    uow: UnitOfWork,
    case_id: int,
    target: OutputTarget,
    *,
    item_ids: Sequence[int] | None = None,
    per_page: int = 8,
) -> int:
    """Write the labels of the case's evidence (all items, or `item_ids` in that order) as an A4 PDF to a path
    (replaced atomically) or a binary stream; returns the number of labels."""
    _layout(per_page)  # refuse a wrong count before reading the database or touching any file
    labels = evidence_labels(uow.session, case_id, item_ids)
    return write_output(target, lambda stream: render_labels(labels, stream, per_page), "PDF 阅读器")
