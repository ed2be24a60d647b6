"""Writing the items of a case's loop: accountability entries (责任追究), prevention recommendations (事故防范) and
corrective measures (措施改进). Each change is checked by rules/loop_items.py, guarded by the case (locked, not
voided, loop not closed) and by the row's version, so a save never overwrites what another workstation saved
meanwhile.

Use cases (all write, all change Part.LOOP of the case): create_/update_/delete_accountability, _recommendation and
_measure. The three kinds share one create / update / delete path (`_ItemKind`); the public functions name the kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import AccountabilityEntry, Attachment, CorrectiveMeasure, PreventionRecommendation
from fireinvest.rules.closed_loop import short_text
from fireinvest.rules.loop_items import (
    AccountabilityDraft,
    MeasureDraft,
    RecommendationDraft,
    validate_accountability,
    validate_measure,
    validate_recommendation,
)
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part
from fireinvest.services.front_door import writes
from fireinvest.services.loop.case_loop import (
    AccountabilityRecord,
    MeasureRecord,
    RecommendationRecord,
    accountability_record,
    measure_record,
    recommendation_record,
)
from fireinvest.services.loop.guard import LoopContext, loop_open_for_writing, loop_row_for_writing, raise_if
from fireinvest.services.unit_of_work import UnitOfWork

Draft = AccountabilityDraft | RecommendationDraft | MeasureDraft


def stripped(draft: Any) -> Any:
    """The draft with every text trimmed (people paste names with trailing spaces and line breaks)."""
    # `type(...) is str`: the enums are str subclasses, and strip() would turn them into plain strings.
    texts = {f.name: getattr(draft, f.name).strip() for f in dataclasses.fields(draft)
             if type(getattr(draft, f.name)) is str}  # fmt: skip
    return dataclasses.replace(draft, **texts)


def draft_columns(draft: Draft) -> dict[str, Any]:
    """Column values of a draft: enums stored by their code."""
    return {f.name: getattr(draft, f.name) for f in dataclasses.fields(draft)}


@dataclass(frozen=True)
class _ItemKind:
    model: type[Any]
    what: str  # how messages name one item
    name: Callable[[Any], str]  # how a refusal names this row: 整改措施“更换老化线路”
    check: Callable[[Session, Any, LoopContext], list[FieldError]]
    record: Callable[[Session, Any, LoopContext], Any]


def _missing(kind: _ItemKind, item_id: int) -> str:
    return f"{kind.what}（内部编号 {item_id}）不存在，可能已被删除。"


def _apply(row: Any, draft: Draft, actor: Actor) -> None:
    for name, value in draft_columns(draft).items():
        setattr(row, name, value)
    row.updated_at, row.updated_by = utc_now(), actor.name


def _create(uow: UnitOfWork, kind: _ItemKind, case_id: int, draft: Draft) -> Any:
    ctx = loop_open_for_writing(uow, case_id)
    draft = stripped(draft)
    raise_if(kind.check(uow.session, draft, ctx))
    row = kind.model(case_id=case_id)
    _apply(row, draft, uow.actor)
    uow.session.add(row)
    uow.flush()
    uow.changed(case_id, Part.LOOP)
    return kind.record(uow.session, row, ctx)


def _update(uow: UnitOfWork, kind: _ItemKind, item_id: int, expected_version: int, draft: Draft) -> Any:
    row, ctx = loop_row_for_writing(uow, kind.model, item_id, _missing(kind, item_id))
    uow.check_version(row, expected_version, kind.name(row))
    draft = stripped(draft)
    raise_if(kind.check(uow.session, draft, ctx))
    _apply(row, draft, uow.actor)
    uow.flush()
    uow.changed(row.case_id, Part.LOOP)
    return kind.record(uow.session, row, ctx)


def _deletable(uow: UnitOfWork, kind: _ItemKind, item_id: int, expected_version: int) -> Any:
    """The row to delete, once its case is locked and its loop open, at the version the user saw."""
    row, _ctx = loop_row_for_writing(uow, kind.model, item_id, _missing(kind, item_id))
    uow.check_version(row, expected_version, kind.name(row))
    uow.changed(row.case_id, Part.LOOP)
    return row


# --- accountability ------------------------------------------------------------------------------------------------


def _accountability_record(session: Session, row: AccountabilityEntry, ctx: LoopContext) -> AccountabilityRecord:
    return accountability_record(row)


_ACCOUNTABILITY = _ItemKind(
    AccountabilityEntry, "责任追究记录", lambda row: f"责任追究记录“{short_text(row.party)}”",
    lambda session, draft, ctx: validate_accountability(draft, ctx.fire_date, ctx.today), _accountability_record,
)  # fmt: skip


@writes
def create_accountability(uow: UnitOfWork, case_id: int, draft: AccountabilityDraft) -> AccountabilityRecord:
    """Add a responsible unit or person with the breach, its legal basis and the measure taken."""
    return _create(uow, _ACCOUNTABILITY, case_id, draft)


@writes
def update_accountability(
    uow: UnitOfWork, entry_id: int, expected_version: int, draft: AccountabilityDraft
) -> AccountabilityRecord:
    """Save an edited accountability entry (e.g. its status and outcome once the deciding body has acted)."""
    return _update(uow, _ACCOUNTABILITY, entry_id, expected_version, draft)


@writes
def delete_accountability(uow: UnitOfWork, entry_id: int, expected_version: int) -> None:
    """Remove an accountability entry entered by mistake (a referral removed this way must be made again)."""
    uow.session.delete(_deletable(uow, _ACCOUNTABILITY, entry_id, expected_version))
    uow.flush()


# --- prevention recommendations ------------------------------------------------------------------------------------


def _recommendation_record(session: Session, row: PreventionRecommendation, ctx: LoopContext) -> RecommendationRecord:
    return recommendation_record(row)


_RECOMMENDATION = _ItemKind(
    PreventionRecommendation, "防范建议", lambda row: f"防范建议“{short_text(row.recommendation)}”",
    lambda session, draft, ctx: validate_recommendation(draft), _recommendation_record,
)  # fmt: skip


@writes
def create_recommendation(uow: UnitOfWork, case_id: int, draft: RecommendationDraft) -> RecommendationRecord:
    """Add a lesson and recommendation addressed to a unit, a sector department or a local government."""
    return _create(uow, _RECOMMENDATION, case_id, draft)


@writes
def update_recommendation(
    uow: UnitOfWork, recommendation_id: int, expected_version: int, draft: RecommendationDraft
) -> RecommendationRecord:
    """Save an edited recommendation."""
    return _update(uow, _RECOMMENDATION, recommendation_id, expected_version, draft)


@writes
def delete_recommendation(uow: UnitOfWork, recommendation_id: int, expected_version: int) -> None:
    """Remove a recommendation; measures that carried it out stay, no longer linked to it."""
    row = _deletable(uow, _RECOMMENDATION, recommendation_id, expected_version)
    # What the foreign key's ON DELETE SET NULL does, done here so the measures loaded in this session agree.
    uow.session.execute(
        update(CorrectiveMeasure)
        .where(CorrectiveMeasure.recommendation_id == recommendation_id)
        .values(recommendation_id=None)
        .execution_options(synchronize_session="fetch")
    )
    uow.session.delete(row)
    uow.flush()


# --- corrective measures -------------------------------------------------------------------------------------------


def _check_measure(session: Session, draft: MeasureDraft, ctx: LoopContext) -> list[FieldError]:
    errors = validate_measure(draft, ctx.fire_date, ctx.today)
    if draft.recommendation_id is not None:
        owner_case = session.scalar(
            select(PreventionRecommendation.case_id).where(PreventionRecommendation.id == draft.recommendation_id)
        )
        if owner_case != ctx.case.id:
            errors.append(FieldError("recommendation_id", f"所选防范建议不属于案件 {ctx.case.case_number}。"))
    return errors


def _measure_record(session: Session, row: CorrectiveMeasure, ctx: LoopContext) -> MeasureRecord:
    referred = session.scalar(select(AccountabilityEntry.id).where(AccountabilityEntry.referred_measure_id == row.id))
    return measure_record(row, ctx.today, referred)


def measure_name(row: CorrectiveMeasure) -> str:
    """How a refusal names a measure: 整改措施“更换老化线路”."""
    return f"整改措施“{short_text(row.description)}”"


_MEASURE = _ItemKind(CorrectiveMeasure, "整改措施", measure_name, _check_measure, _measure_record)


@writes
def create_measure(uow: UnitOfWork, case_id: int, draft: MeasureDraft) -> MeasureRecord:
    """Add a corrective measure with its owner and deadline."""
    return _create(uow, _MEASURE, case_id, draft)


@writes
def update_measure(uow: UnitOfWork, measure_id: int, expected_version: int, draft: MeasureDraft) -> MeasureRecord:
    """Save an edited measure: progress, completion, verification (its verdict is recorded separately)."""
    return _update(uow, _MEASURE, measure_id, expected_version, draft)


@writes
def delete_measure(uow: UnitOfWork, measure_id: int, expected_version: int) -> None:
    """Remove a measure entered by mistake; its evidence files stay attached to the case. Refused once the measure
    was referred back to accountability, whose entry names it."""
    session = uow.session
    row = _deletable(uow, _MEASURE, measure_id, expected_version)
    referral = session.scalar(
        select(AccountabilityEntry.party).where(AccountabilityEntry.referred_measure_id == row.id)
    )
    if referral is not None:
        message = f"该整改措施已移交责任追究（{referral}），不能删除；如确属误录，请先删除对应的责任追究记录。"
        raise ValidationFailed([FieldError("measure", message)])
    unlinked = session.execute(
        update(Attachment)
        .where(Attachment.corrective_measure_id == row.id)
        .values(corrective_measure_id=None)
        .execution_options(synchronize_session="fetch")
    )
    if unlinked.rowcount:  # type: ignore[attr-defined]
        uow.changed(row.case_id, Part.ATTACHMENTS)
    session.delete(row)
    uow.flush()
