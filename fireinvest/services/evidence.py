"""Evidence items and their chain of custody.

Registering an item gives it the agency-unique evidence number and records its collection as the first custody
event. Sending an item to a laboratory and receiving the report also record the laboratory interval on the case's
timeline (lab_sent / lab_returned), in the same transaction, so the determination period follows the evidence.

Use cases: `register_evidence` and `record_custody` write; `list_evidence` and `custody_history` read. Documents
read a case's items with `evidence_of`, exports many cases' with `evidence_of_cases`, and an import stores whole
chains with `import_evidence` inside its own unit of work.

Recording a custody step is a "check, then write" rule: two workstations handing over and destroying the same item
at the same moment must not both find the chain allowing their step. The case and then the item are locked before
the chain is read, so the second one reads the chain with the first one's step in it (and is refused).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.clock import local_date, utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import CustodyEvent, EvidenceCounter, EvidenceItem
from fireinvest.rules.custody import CustodyKind, CustodyState, CustodyStep, check_custody_step, derive_state
from fireinvest.rules.evidence import EvidenceDraft, validate_evidence
from fireinvest.rules.identifiers import EvidenceNumber, parse_evidence_number
from fireinvest.rules.workflow import EventType
from fireinvest.services.actor import Actor
from fireinvest.services.attachments.intake import AttachmentKind, add_attachment
from fireinvest.services.changes import Part
from fireinvest.services.front_door import reads, writes
from fireinvest.services.numbering import allocate_sequences, claim_sequence
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork
from fireinvest.services.workflow import record_step

_LAB_EVENTS = {CustodyKind.SENT_TO_LAB: EventType.LAB_SENT, CustodyKind.REPORT_RECEIVED: EventType.LAB_RETURNED}


@dataclass(frozen=True)
class EvidenceRecord:
    id: int
    case_id: int
    evidence_number: str
    version: int
    draft: EvidenceDraft
    state: CustodyState


@dataclass(frozen=True)
class CustodyEntry:
    id: int
    step: CustodyStep
    recorded_at: dt.datetime
    recorded_by: str
    corrected_by: int | None  # id of the correction that replaced this entry, if any


def _step(event: CustodyEvent) -> CustodyStep:
    return CustodyStep(
        CustodyKind(event.kind),
        event.occurred_at,
        event.from_holder,
        event.to_holder,
        event.place,
        event.purpose,
        event.signed_by,
        event.note,
        event.corrects_event_id,
        event.id,
    )


def _events(session: Session, item_ids: list[int]) -> dict[int, list[CustodyEvent]]:
    found: dict[int, list[CustodyEvent]] = {i: [] for i in item_ids}
    query = (
        select(CustodyEvent)
        .where(CustodyEvent.item_id.in_(item_ids))
        .order_by(CustodyEvent.occurred_at, CustodyEvent.id)
    )
    for event in session.scalars(query):
        found[event.item_id].append(event)
    return found


def _event(item_id: int, step: CustodyStep, actor: Actor, now: dt.datetime) -> CustodyEvent:
    return CustodyEvent(
        item_id=item_id,
        kind=step.kind.value,
        occurred_at=step.time,
        from_holder=step.from_holder.strip(),
        to_holder=step.to_holder.strip(),
        place=step.place.strip(),
        purpose=step.purpose.strip(),
        signed_by=step.signed_by.strip(),
        note=step.note.strip(),
        corrects_event_id=step.corrects,
        recorded_at=now,
        recorded_by=actor.name,
    )


def _draft_columns(draft: EvidenceDraft) -> dict:
    return {name: (value.strip() if isinstance(value, str) else value) for name, value in draft.__dict__.items()}


def _record(item: EvidenceItem, events: list[CustodyEvent]) -> EvidenceRecord:
    draft = EvidenceDraft(
        item.name,
        item.collected_at,
        item.collector,
        item.description,
        item.found_position,
        item.measurements,
        item.witness,
        item.seal_number,
        item.photo_refs,
    )
    return EvidenceRecord(
        item.id, item.case_id, item.evidence_number, item.version, draft, derive_state([_step(e) for e in events])
    )


def _missing_item(item_id: int) -> str:
    return f"物证（内部编号 {item_id}）不存在，可能已被删除。"


@writes
def register_evidence(uow: UnitOfWork, case_id: int, draft: EvidenceDraft) -> EvidenceRecord:
    """Register a collected item with the next evidence number; its collection is the first custody event."""
    session, actor = uow.session, uow.actor
    uow.lock_case(case_id)
    errors = validate_evidence(draft, utc_now())
    if errors:
        raise ValidationFailed(errors)
    settings = load_agency_settings(session)
    year = local_date(draft.collected_at, settings.zone).year
    (sequence,) = allocate_sequences(session, EvidenceCounter, settings.agency_code, year)
    now = utc_now()
    item = EvidenceItem(
        case_id=case_id,
        evidence_number=str(EvidenceNumber(settings.agency_code, year, sequence)),
        agency_code=settings.agency_code,
        year=year,
        sequence=sequence,
        **_draft_columns(draft),
        created_at=now,
        created_by=actor.name,
    )
    session.add(item)
    uow.flush()
    collection = CustodyStep(
        CustodyKind.COLLECTED,
        draft.collected_at,
        "",
        draft.collector,
        draft.found_position,
        "现场提取",
        draft.collector,
    )
    collected = _event(item.id, collection, actor, now)
    session.add(collected)
    uow.flush()
    uow.changed(case_id, Part.EVIDENCE)
    return _record(item, [collected])


@writes
def record_custody(uow: UnitOfWork, item_id: int, step: CustodyStep, report: Path | None = None) -> EvidenceRecord:
    """Append a custody event after checking the chain allows it; laboratory steps also go on the case timeline,
    and the laboratory's report (a file) is filed as an attachment of the item with the returned evidence."""
    session, actor = uow.session, uow.actor
    if report is not None and step.kind != CustodyKind.REPORT_RECEIVED:
        raise ValidationFailed([FieldError("report", "只有“检验报告返回”可以附检验报告文件。")])
    case_id = session.scalar(select(EvidenceItem.case_id).where(EvidenceItem.id == item_id))
    if case_id is None:
        raise NotFound(_missing_item(item_id))
    # The case, then the item: nobody else records a step of this item (or of its case) until this one is done,
    # so the chain read below is the one this step is appended to.
    case = uow.lock_case(case_id)
    item = uow.lock(EvidenceItem, item_id, missing=_missing_item(item_id))
    existing = _events(session, [item_id])[item_id]
    problems = check_custody_step([_step(e) for e in existing], step, utc_now())
    if problems:
        errors = [FieldError("custody", p) for p in problems]
        raise ValidationFailed(errors, prefix=f"物证 {item.evidence_number} 不能记录“{step.kind.label}”：\n")
    event = _event(item_id, step, actor, utc_now())
    session.add(event)
    uow.flush()
    uow.changed(case_id, Part.EVIDENCE)
    timeline_event = _LAB_EVENTS.get(step.kind)
    if timeline_event is not None:
        details = {
            "item": item.evidence_number,
            "lab": step.to_holder if step.kind == CustodyKind.SENT_TO_LAB else step.from_holder,
        }
        # On the case as it is now (locked above): a laboratory step is never "based on" an older version.
        record_step.within(uow, case.id, case.version, timeline_event, step.time, details, step.signed_by)
    if report is not None:
        caption = f"{item.evidence_number} {item.name} 检验报告（{step.from_holder.strip()}）"
        add_attachment(
            session,
            actor,
            case_id,
            report,
            original_name=report.name,
            kind=AttachmentKind.LAB_REPORT,
            caption=caption,
            evidence_item_id=item.id,
        )
        uow.changed(case_id, Part.ATTACHMENTS)
    return _record(item, [*existing, event])


def import_evidence(
    uow: UnitOfWork, case_id: int, number: str, draft: EvidenceDraft, steps: list[CustodyStep]
) -> EvidenceRecord:
    """Store an imported item with its whole chain, already checked by check_custody_chain, as it was recorded
    elsewhere: no new collection event and no timeline events (the imported timeline brings its own). Runs in the
    import's unit of work, on a case it has just created."""
    session, actor = uow.session, uow.actor
    settings = load_agency_settings(session)
    year = local_date(draft.collected_at, settings.zone).year
    if number:
        if session.scalar(select(EvidenceItem.id).where(EvidenceItem.evidence_number == number)) is not None:
            raise ValidationFailed([FieldError("evidence_number", f"物证编号“{number}”已存在。")])
        parsed = parse_evidence_number(number)
        agency, sequence = ("", None) if parsed is None or parsed.year != year else (parsed.agency_code,
                                                                                     parsed.sequence)  # fmt: skip
        if sequence is not None:
            claim_sequence(session, EvidenceCounter, agency, year, sequence)
    else:
        agency = settings.agency_code
        (sequence,) = allocate_sequences(session, EvidenceCounter, agency, year)
        number = str(EvidenceNumber(agency, year, sequence))
    now = utc_now()
    item = EvidenceItem(
        case_id=case_id,
        evidence_number=number,
        agency_code=agency,
        year=year,
        sequence=sequence,
        created_at=now,
        created_by=actor.name,
        **_draft_columns(draft),
    )
    session.add(item)
    session.flush()
    ids: dict[int, int] = {}  # position in the file -> id of the stored event
    events = []
    for position, step in enumerate(steps):
        event = _event(item.id, step, actor, now)
        event.corrects_event_id = ids[step.corrects] if step.corrects is not None else None
        session.add(event)
        session.flush()
        ids[position] = event.id
        events.append(event)
    uow.changed(case_id, Part.EVIDENCE)
    return _record(item, events)


def evidence_of_cases(
    session: Session, case_ids: list[int]
) -> dict[int, list[tuple[EvidenceRecord, list[CustodyEntry]]]]:
    """Items and custody histories of many cases in two queries (for exports)."""
    found: dict[int, list[tuple[EvidenceRecord, list[CustodyEntry]]]] = {i: [] for i in case_ids}
    if not case_ids:
        return found
    items = list(
        session.scalars(select(EvidenceItem).where(EvidenceItem.case_id.in_(case_ids)).order_by(EvidenceItem.id))
    )
    events = _events(session, [i.id for i in items])
    for item in items:
        found[item.case_id].append((_record(item, events[item.id]), _entries(events[item.id])))
    return found


def evidence_of(session: Session, case_id: int) -> list[EvidenceRecord]:
    """The case's items in number order, each with where it is now (two queries whatever the count)."""
    items = list(session.scalars(select(EvidenceItem).where(EvidenceItem.case_id == case_id).order_by(EvidenceItem.id)))
    events = _events(session, [i.id for i in items])
    return [_record(item, events[item.id]) for item in items]


@reads
def list_evidence(uow: UnitOfWork, case_id: int) -> list[EvidenceRecord]:
    """The case's items in number order, each with where it is now."""
    return evidence_of(uow.session, case_id)


@reads
def custody_history(uow: UnitOfWork, item_id: int) -> list[CustodyEntry]:
    """Every custody event as recorded, corrections included, with which correction replaced which entry."""
    return _entries(_events(uow.session, [item_id])[item_id])


def _entries(events: list[CustodyEvent]) -> list[CustodyEntry]:
    corrected_by = {e.corrects_event_id: e.id for e in events if e.corrects_event_id is not None}
    return [CustodyEntry(e.id, _step(e), e.recorded_at, e.recorded_by, corrected_by.get(e.id)) for e in events]
