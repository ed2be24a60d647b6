"""Writing the items of a case's loop: accountability entries (责任追究), prevention recommendations (事故防范) and
corrective measures (措施改进). Each change is checked by rules/loop_items.py, guarded by the case (not voided, loop
not closed) and by the row's version, so a save never overwrites what another workstation saved meanwhile.

The three kinds share one create / update / delete path (`_ItemKind`); the public functions name the kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import AccountabilityEntry, Attachment, CorrectiveMeasure, PreventionRecommendation
from fireinvest.rules.loop_items import (
    AccountabilityDraft,
    MeasureDraft,
    RecommendationDraft,
    validate_accountability,
    validate_measure,
    validate_recommendation,
)
from fireinvest.services.actor import Actor
from fireinvest.services.loop.case_loop import (
    AccountabilityRecord,
    MeasureRecord,
    RecommendationRecord,
    accountability_record,
    measure_record,
    recommendation_record,
)
from fireinvest.services.loop.guard import LoopContext, loop_open_for_writing, raise_if
from fireinvest.services.versioning import check_version, flush_versioned

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
    model: type
    what: str  # how messages name one item
    check: Callable[[Session, Any, LoopContext], list[FieldError]]
    record: Callable[[Session, Any, LoopContext], Any]


def _load(session: Session, kind: _ItemKind, item_id: int) -> Any:
    row = session.get(kind.model, item_id)
    if row is None:
        raise NotFound(f"{kind.what}（内部编号 {item_id}）不存在，可能已被删除。")
    return row


def _apply(row: Any, draft: Draft, actor: Actor) -> None:
    for name, value in draft_columns(draft).items():
        setattr(row, name, value)
    row.updated_at, row.updated_by = utc_now(), actor.name


def _create(session: Session, actor: Actor, kind: _ItemKind, case_id: int, draft: Draft) -> Any:
    ctx = loop_open_for_writing(session, case_id)
    draft = stripped(draft)
    raise_if(kind.check(session, draft, ctx))
    row = kind.model(case_id=case_id)
    _apply(row, draft, actor)
    session.add(row)
    session.flush()
    return kind.record(session, row, ctx)


def _update(session: Session, actor: Actor, kind: _ItemKind, item_id: int, expected_version: int, draft: Draft) -> Any:
    row = _load(session, kind, item_id)
    ctx = loop_open_for_writing(session, row.case_id)
    check_version(row, expected_version, kind.what)
    draft = stripped(draft)
    raise_if(kind.check(session, draft, ctx))
    _apply(row, draft, actor)
    flush_versioned(session, kind.what)
    return kind.record(session, row, ctx)


def _delete(session: Session, kind: _ItemKind, item_id: int, expected_version: int) -> Any:
    row = _load(session, kind, item_id)
    loop_open_for_writing(session, row.case_id)
    check_version(row, expected_version, kind.what)
    return row


# --- accountability ------------------------------------------------------------------------------------------------


def _accountability_record(session: Session, row: AccountabilityEntry, ctx: LoopContext) -> AccountabilityRecord:
    return accountability_record(row)


_ACCOUNTABILITY = _ItemKind(
    AccountabilityEntry, "责任追究记录",
    lambda session, draft, ctx: validate_accountability(draft, ctx.fire_date, ctx.today), _accountability_record,
)  # fmt: skip


def create_accountability(
    session: Session, actor: Actor, case_id: int, draft: AccountabilityDraft
) -> AccountabilityRecord:
    """Add a responsible unit or person with the breach, its legal basis and the measure taken."""
    return _create(session, actor, _ACCOUNTABILITY, case_id, draft)


def update_accountability(
    session: Session, actor: Actor, entry_id: int, expected_version: int, draft: AccountabilityDraft
) -> AccountabilityRecord:
    """Save an edited accountability entry (e.g. its status and outcome once the deciding body has acted)."""
    return _update(session, actor, _ACCOUNTABILITY, entry_id, expected_version, draft)


def delete_accountability(session: Session, actor: Actor, entry_id: int, expected_version: int) -> None:
    """Remove an accountability entry entered by mistake (a referral removed this way must be made again)."""
    session.delete(_delete(session, _ACCOUNTABILITY, entry_id, expected_version))
    flush_versioned(session, _ACCOUNTABILITY.what)


# --- prevention recommendations ------------------------------------------------------------------------------------


def _recommendation_record(session: Session, row: PreventionRecommendation, ctx: LoopContext) -> RecommendationRecord:
    return recommendation_record(row)


_RECOMMENDATION = _ItemKind(
    PreventionRecommendation, "防范建议", lambda session, draft, ctx: validate_recommendation(draft),
    _recommendation_record,
)  # fmt: skip


def create_recommendation(
    session: Session, actor: Actor, case_id: int, draft: RecommendationDraft
) -> RecommendationRecord:
    """Add a lesson and recommendation addressed to a unit, a sector department or a local government."""
    return _create(session, actor, _RECOMMENDATION, case_id, draft)


def update_recommendation(
    session: Session, actor: Actor, recommendation_id: int, expected_version: int, draft: RecommendationDraft
) -> RecommendationRecord:
    """Save an edited recommendation."""
    return _update(session, actor, _RECOMMENDATION, recommendation_id, expected_version, draft)


def delete_recommendation(session: Session, actor: Actor, recommendation_id: int, expected_version: int) -> None:
    """Remove a recommendation; measures that carried it out stay, no longer linked to it."""
    row = _delete(session, _RECOMMENDATION, recommendation_id, expected_version)
    # What the foreign key's ON DELETE SET NULL does, done here so the measures loaded in this session agree.
    session.execute(
        update(CorrectiveMeasure)
        .where(CorrectiveMeasure.recommendation_id == recommendation_id)
        .values(recommendation_id=None)
        .execution_options(synchronize_session="fetch")
    )
    session.delete(row)
    flush_versioned(session, _RECOMMENDATION.what)


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


_MEASURE = _ItemKind(CorrectiveMeasure, "整改措施", _check_measure, _measure_record)


def create_measure(session: Session, actor: Actor, case_id: int, draft: MeasureDraft) -> MeasureRecord:
    """Add a corrective measure with its owner and deadline."""
    return _create(session, actor, _MEASURE, case_id, draft)


def update_measure(
    session: Session, actor: Actor, measure_id: int, expected_version: int, draft: MeasureDraft
) -> MeasureRecord:
    """Save an edited measure: progress, completion, verification (its verdict is recorded separately)."""
    return _update(session, actor, _MEASURE, measure_id, expected_version, draft)


def delete_measure(session: Session, actor: Actor, measure_id: int, expected_version: int) -> None:
    """Remove a measure entered by mistake; its evidence files stay attached to the case. Refused once the measure
    was referred back to accountability, whose entry names it."""
    row = _delete(session, _MEASURE, measure_id, expected_version)
    referral = session.scalar(
        select(AccountabilityEntry.party).where(AccountabilityEntry.referred_measure_id == row.id)
    )
    if referral is not None:
        message = f"该整改措施已移交责任追究（{referral}），不能删除；如确属误录，请先删除对应的责任追究记录。"
        raise ValidationFailed([FieldError("measure", message)])
    session.execute(
        update(Attachment)
        .where(Attachment.corrective_measure_id == row.id)
        .values(corrective_measure_id=None)
        .execution_options(synchronize_session="fetch")
    )
    session.delete(row)
    flush_versioned(session, _MEASURE.what)
