"""Expert review sessions on a case: writing one up, concluding it, superseding it, filing material with it.

Life of a review:
- create_review / update_review: a draft, freely edited (version-checked), with the experts present, each one's
  opinion and dissent flag, the conclusion and any dissent; attach_review_material files case attachments with it.
- conclude_review: checks what a conclusion needs (every opinion, the conclusion, the dissent when anyone dissents)
  and freezes the review. A concluded review is never edited again; neither is its material changed.
- supersede_review: when the experts meet again and the conclusion changes, a NEW review is written that points at
  the old one (supersedes_id). The old review keeps standing - and keeps satisfying the determination gate - until
  the new one concludes; in that same transaction the old one becomes "superseded". A new review written straight
  from a session already held may be concluded at once (conclude=True). Only a concluded review can be superseded,
  only once, by a review of the same purpose held no earlier; a superseded review stays on file as it was.

Every write locks the review's case first, so two workstations never both pass a check about the same case's
reviews (one superseding draft per review, a conclusion that supersedes a review still standing) and both write.

This module is the reviews' front door: the write use cases above, and the read use cases `reviews_of_case`,
`review_detail`, `review_gate` and `case_reviews` (what the 专家论证 tab shows, in one read). The building blocks of
the same names that take a session, for other services' transactions, are in reads.py and gate.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from fireinvest.clock import format_local, local_date, utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import Attachment, Expert, ExpertReview, FireCase, ReviewOpinion
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.expert_review import (
    EVER_CONCLUDED,
    ExpertOpinion,
    ReviewDraft,
    ReviewPurpose,
    ReviewStatus,
    validate_review,
)
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part
from fireinvest.services.experts import find_or_create_expert
from fireinvest.services.front_door import reads, writes
from fireinvest.services.reviews import gate
from fireinvest.services.reviews import reads as stored
from fireinvest.services.reviews.reads import OpinionRecord, ReviewRecord
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork

__all__ = [
    "CaseReviews", "OpinionRecord", "RecordedOpinion", "RecordedReview", "ReviewRecord", "attach_review_material",
    "case_reviews", "change_review_material", "conclude_review", "create_review", "delete_review_draft",
    "detach_review_material", "import_reviews", "review_detail", "review_gate", "reviews_of_case", "supersede_review",
    "update_review",
]  # fmt: skip


# --- reading -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseReviews:
    """What the 专家论证 tab shows of a case: its reviews and where its determination stands with them."""

    reviews: tuple[ReviewRecord, ...]  # in the order they were held
    required: tuple[str, ...]  # why the review rule asks for a concluded cause review (empty: it asks for none)
    blocked: tuple[str, ...]  # the gate: why the determination still waits (empty: it does not)


@reads
def case_reviews(uow: UnitOfWork, case_id: int) -> CaseReviews:
    """A case's reviews with the reasons the rule asks for one and the reasons its determination still waits."""
    session = uow.session
    case = session.get(FireCase, case_id)
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    required = gate.required_review_reasons(session, case)
    blocked = gate.missing_review_reasons(session, case)
    return CaseReviews(tuple(stored.reviews_of_case(session, case_id)), tuple(required), tuple(blocked))


@reads
def reviews_of_case(uow: UnitOfWork, case_id: int) -> list[ReviewRecord]:
    """A case's reviews in the order they were held."""
    return stored.reviews_of_case(uow.session, case_id)


@reads
def review_detail(uow: UnitOfWork, review_id: int) -> ReviewRecord:
    """One review with its experts, material and supersession links."""
    return stored.review_detail(uow.session, review_id)


@reads
def review_gate(uow: UnitOfWork, case_id: int) -> list[str]:
    """The reasons a determination of the case is still blocked for want of a concluded expert review; empty when
    the rule does not require one or a concluded, not superseded cause determination review exists."""
    return gate.review_gate(uow.session, case_id)


# --- guards --------------------------------------------------------------------------------------------------------


def _refused(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldError(field, message)])


def _refuse_voided(case: FireCase) -> None:
    if case.status == CaseStatus.VOIDED:
        raise _refused("case", f"案件 {case.case_number} 已作废，不能再记录专家论证。")


def _missing(review_id: int) -> str:
    return f"专家论证（内部编号 {review_id}）不存在，可能已被删除。"


def _load(session: Session, review_id: int) -> ExpertReview:
    row = session.get(ExpertReview, review_id)
    if row is None:
        raise NotFound(_missing(review_id))
    return row


def _locked(uow: UnitOfWork, review_id: int) -> tuple[FireCase, ExpertReview]:
    """The review's case, locked first as every write to a case is, and then the review, read fresh."""
    case_id = uow.session.scalar(select(ExpertReview.case_id).where(ExpertReview.id == review_id))
    if case_id is None:
        raise NotFound(_missing(review_id))
    case = uow.lock_case(case_id)
    return case, uow.lock(ExpertReview, review_id, missing=_missing(review_id))


def _what(row: ExpertReview) -> str:
    """How a refusal names a review: 专家论证（2026-03-18）."""
    return f"专家论证（{row.held_on.isoformat()}）"


def _editable(uow: UnitOfWork, row: ExpertReview, expected_version: int | None) -> None:
    """Refuse unless the review is still a draft and, when a version is given, unchanged since it was read."""
    if row.status == ReviewStatus.SUPERSEDED:
        raise _refused("status", f"该{_what(row)}已被后来的论证取代，作为历史记录保存，不能再修改。")
    if row.status == ReviewStatus.CONCLUDED:
        zone = load_agency_settings(uow.session).zone
        when = format_local(row.concluded_at, zone) if row.concluded_at else row.held_on.isoformat()
        who = row.concluded_by or "他人"
        raise _refused(
            "status", f"该专家论证已于 {when} 由 {who} 形成结论，不能再修改；如需改变结论，请重新组织论证以取代它。"
        )
    if expected_version is not None:
        uow.check_version(row, expected_version, _what(row))


# --- checks --------------------------------------------------------------------------------------------------------


def _checked(
    session: Session, case: FireCase, draft: ReviewDraft, *, concluding: bool, seated: frozenset[int] = frozenset()
) -> ReviewDraft:
    """The draft with its place trimmed, or ValidationFailed with every problem. Experts already seated on the
    review may have retired since; new seats must go to active experts of the register."""
    draft = replace(draft, place=draft.place.strip(), opinions=list(draft.opinions))
    zone = load_agency_settings(session).zone
    errors = validate_review(draft, local_date(utc_now(), zone), earliest=local_date(case.alarm_time, zone),
                             concluding=concluding)  # fmt: skip
    ids = {o.expert_id for o in draft.opinions}
    experts = {e.id: e for e in session.scalars(select(Expert).where(Expert.id.in_(ids)))} if ids else {}
    for number, opinion in enumerate(draft.opinions, start=1):
        expert = experts.get(opinion.expert_id)
        if expert is None:
            errors.append(FieldError("opinions", f"第{number}名专家不在专家库中（内部编号 {opinion.expert_id}）。"))
        elif not expert.active and expert.id not in seated:
            errors.append(FieldError("opinions", f"第{number}名专家“{expert.name}”已停用，不能再选为论证专家。"))
    if errors:
        raise ValidationFailed(errors)
    return draft


def _seated(session: Session, review_id: int) -> frozenset[int]:
    return frozenset(session.scalars(select(ReviewOpinion.expert_id).where(ReviewOpinion.review_id == review_id)))


def _check_successor(old: ExpertReview, draft: ReviewDraft) -> None:
    errors = []
    if ReviewPurpose(draft.purpose).value != old.purpose:
        errors.append(FieldError("purpose", f"取代的论证应与原论证类型相同（{ReviewPurpose(old.purpose).label}）。"))
    if draft.held_on is not None and draft.held_on < old.held_on:
        errors.append(FieldError("held_on", f"论证日期不能早于被取代的论证（{old.held_on.isoformat()}）。"))
    if errors:
        raise ValidationFailed(errors)


# --- writing -------------------------------------------------------------------------------------------------------


def _apply(session: Session, row: ExpertReview, draft: ReviewDraft, actor: Actor) -> None:
    if row.id is not None:
        # Before the row changes: this statement autoflushes, and a stale row must fail at the use case's flush.
        session.execute(delete(ReviewOpinion).where(ReviewOpinion.review_id == row.id))
    row.purpose = ReviewPurpose(draft.purpose).value
    row.held_on = draft.held_on  # type: ignore[assignment]  # validated
    row.place, row.question, row.conclusion, row.dissent = draft.place, draft.question, draft.conclusion, draft.dissent
    row.updated_at, row.updated_by = utc_now(), actor.name
    if row.id is None:
        session.add(row)
        session.flush()
    session.add_all(
        ReviewOpinion(review_id=row.id, expert_id=o.expert_id, position=n, opinion=o.opinion, dissents=o.dissents)
        for n, o in enumerate(draft.opinions)
    )


def _conclude(session: Session, row: ExpertReview, actor: Actor) -> None:
    """Freeze the review; the review it replaces becomes superseded in the same transaction."""
    if row.supersedes_id is not None:
        old = _load(session, row.supersedes_id)
        if old.status != ReviewStatus.CONCLUDED:
            when = old.held_on.isoformat()
            raise _refused("supersedes", f"要取代的论证（{when}）已被另一份论证取代，本论证不能再形成结论。")
        old.status = ReviewStatus.SUPERSEDED.value
        old.updated_at, old.updated_by = utc_now(), actor.name
    row.status = ReviewStatus.CONCLUDED.value
    row.concluded_at, row.concluded_by = utc_now(), actor.name
    row.updated_at, row.updated_by = row.concluded_at, actor.name


def _written(uow: UnitOfWork, row: ExpertReview) -> ReviewRecord:
    """Write what is pending, say that the case's reviews changed, and read the review back."""
    uow.flush()
    uow.changed(row.case_id, Part.REVIEWS)
    return stored.review_detail(uow.session, row.id)


@writes
def create_review(uow: UnitOfWork, case_id: int, draft: ReviewDraft) -> ReviewRecord:
    """Write up a review session on a case as a draft."""
    case = uow.lock_case(case_id)
    _refuse_voided(case)
    draft = _checked(uow.session, case, draft, concluding=False)
    row = ExpertReview(case_id=case.id, status=ReviewStatus.DRAFT.value)
    _apply(uow.session, row, draft, uow.actor)
    return _written(uow, row)


@writes
def update_review(uow: UnitOfWork, review_id: int, expected_version: int, draft: ReviewDraft) -> ReviewRecord:
    """Save an edited draft; refused once it is concluded or superseded, or if someone saved it since."""
    session = uow.session
    case, row = _locked(uow, review_id)
    _editable(uow, row, expected_version)
    _refuse_voided(case)
    draft = _checked(session, case, draft, concluding=False, seated=_seated(session, row.id))
    if row.supersedes_id is not None:
        _check_successor(_load(session, row.supersedes_id), draft)
    _apply(session, row, draft, uow.actor)
    return _written(uow, row)


@writes
def conclude_review(uow: UnitOfWork, review_id: int, expected_version: int) -> ReviewRecord:
    """Conclude a draft after checking it is complete; it is frozen from now on."""
    session = uow.session
    case, row = _locked(uow, review_id)
    _editable(uow, row, expected_version)
    _refuse_voided(case)
    current = stored.review_detail(session, row.id).to_draft()
    _checked(session, case, current, concluding=True, seated=_seated(session, row.id))
    _conclude(session, row, uow.actor)
    return _written(uow, row)


@writes
def supersede_review(uow: UnitOfWork, review_id: int, draft: ReviewDraft, *, conclude: bool = False) -> ReviewRecord:
    """Write a new review replacing a concluded one (as a draft, or concluded at once); the old one is marked
    superseded when the new one concludes."""
    session = uow.session
    case, old = _locked(uow, review_id)
    if old.status == ReviewStatus.DRAFT:
        raise _refused("supersedes", "该论证尚未形成结论，可以直接修改，无需取代。")
    if old.status == ReviewStatus.SUPERSEDED:
        raise _refused("supersedes", "该论证已被取代；如需再次改变结论，请取代最新的论证。")
    pending = session.scalar(select(ExpertReview.held_on).where(ExpertReview.supersedes_id == old.id).limit(1))
    if pending is not None:
        when = pending.isoformat()
        raise _refused("supersedes", f"已有一份取代该论证的草稿（论证日期 {when}），请继续编辑那一份。")
    _refuse_voided(case)
    draft = _checked(session, case, draft, concluding=conclude)
    _check_successor(old, draft)
    row = ExpertReview(case_id=case.id, status=ReviewStatus.DRAFT.value, supersedes_id=old.id)
    _apply(session, row, draft, uow.actor)
    if conclude:
        _conclude(session, row, uow.actor)
    return _written(uow, row)


@writes
def delete_review_draft(uow: UnitOfWork, review_id: int, expected_version: int) -> None:
    """Discard a draft that was never concluded; its material stays attached to the case."""
    session = uow.session
    _case, row = _locked(uow, review_id)
    _editable(uow, row, expected_version)
    session.execute(update(Attachment).where(Attachment.expert_review_id == row.id).values(expert_review_id=None))
    session.execute(delete(ReviewOpinion).where(ReviewOpinion.review_id == row.id))
    session.delete(row)
    uow.flush()
    uow.changed(row.case_id, Part.REVIEWS)


# --- material ------------------------------------------------------------------------------------------------------


def _material(uow: UnitOfWork, review_id: int, attachment_id: int, attach: bool) -> ReviewRecord:
    session = uow.session
    _case, row = _locked(uow, review_id)
    _editable(uow, row, None)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound(f"附件（内部编号 {attachment_id}）不存在，可能已被删除。")
    name = attachment.original_name
    if attachment.case_id != row.case_id:
        raise _refused("attachment", f"附件“{name}”不属于本案，不能作为论证材料。")
    if attach and attachment.expert_review_id not in (None, row.id):
        raise _refused("attachment", f"附件“{name}”已是另一份论证的材料。")
    if not attach and attachment.expert_review_id != row.id:
        raise _refused("attachment", f"附件“{name}”不是本论证的材料。")
    attachment.expert_review_id = row.id if attach else None
    # Touching the review bumps its version, so a workstation still showing the review as it was refuses to save
    # over the new material.
    row.updated_at, row.updated_by = utc_now(), uow.actor.name
    return _written(uow, row)


@writes
def attach_review_material(uow: UnitOfWork, review_id: int, attachment_id: int) -> ReviewRecord:
    """File an attachment of the case (added through services/attachments) as material of a draft review."""
    return _material(uow, review_id, attachment_id, attach=True)


@writes
def detach_review_material(uow: UnitOfWork, review_id: int, attachment_id: int) -> ReviewRecord:
    """Take an attachment off a draft review's material; it stays attached to the case."""
    return _material(uow, review_id, attachment_id, attach=False)


@writes
def change_review_material(
    uow: UnitOfWork, review_id: int, attach: Collection[int] = (), detach: Collection[int] = ()
) -> ReviewRecord:
    """File some attachments with a draft review and take others off it, all or none (the tab's picker)."""
    for attachment_id in sorted(attach):
        attach_review_material.within(uow, review_id, attachment_id)
    for attachment_id in sorted(detach):
        detach_review_material.within(uow, review_id, attachment_id)
    return stored.review_detail(uow.session, review_id)


# --- reviews recorded elsewhere (imports) -------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedOpinion:
    """An expert's opinion as another installation recorded it: the expert by name and unit, not by id."""

    name: str
    unit: str = ""
    specialty: str = ""
    title: str = ""
    opinion: str = ""
    dissents: bool = False


@dataclass(frozen=True)
class RecordedReview:
    """A review with its status and history as recorded elsewhere; `supersedes` is a position in the same list."""

    purpose: ReviewPurpose
    held_on: dt.date
    place: str = ""
    question: str = ""
    opinions: tuple[RecordedOpinion, ...] = ()
    conclusion: str = ""
    dissent: str = ""
    status: ReviewStatus = ReviewStatus.DRAFT
    supersedes: int | None = None
    concluded_at: dt.datetime | None = None
    concluded_by: str = ""

    def draft(self) -> ReviewDraft:
        """The review as a draft for the rules, each distinct expert (name and unit) numbered by first seat."""
        seat_of: dict[tuple[str, str], int] = {}
        opinions = [ExpertOpinion(seat_of.setdefault((o.name, o.unit), len(seat_of)), o.opinion, o.dissents)
                    for o in self.opinions]  # fmt: skip
        return ReviewDraft(self.purpose, self.held_on, self.place, self.question, opinions, self.conclusion,
                           self.dissent)  # fmt: skip


def import_reviews(
    uow: UnitOfWork, case_id: int, reviews: Sequence[RecordedReview], experts: dict[tuple[str, str], int]
) -> list[str]:
    """Store a case's reviews as recorded elsewhere, already checked by the exchange (rules/expert_review.py),
    registering experts not yet in the register by name and unit; returns the names registered. A building block
    of the import, in its unit of work; `experts` (name, unit -> id) remembers the experts met across its cases."""
    session, actor = uow.session, uow.actor
    added: list[str] = []
    ids: list[int] = []
    for recorded in reviews:
        seats = []
        for o in recorded.opinions:
            if (o.name, o.unit) not in experts:
                expert, new = find_or_create_expert(uow, o.name, o.unit, o.specialty, o.title)
                experts[o.name, o.unit] = expert.id  # type: ignore[assignment]
                if new:
                    added.append(o.name)
            seats.append(ExpertOpinion(experts[o.name, o.unit], o.opinion, o.dissents))
        draft = replace(recorded.draft(), opinions=seats)
        supersedes = ids[recorded.supersedes] if recorded.supersedes is not None else None
        row = ExpertReview(case_id=case_id, status=recorded.status.value, supersedes_id=supersedes)
        _apply(session, row, draft, actor)
        if recorded.status in EVER_CONCLUDED:
            row.concluded_at = recorded.concluded_at or row.updated_at
            row.concluded_by = recorded.concluded_by or actor.name
        uow.flush()
        ids.append(row.id)
    if reviews:
        uow.changed(case_id, Part.REVIEWS)
    return added
