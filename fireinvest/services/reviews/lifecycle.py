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

The gate itself (which cases need a concluded cause review before their determination) is in review_gate.py; it is
re-exported here so callers find every review operation in one module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from fireinvest.clock import format_local, local_date, utc_now
from fireinvest.errors import ConcurrentEditError, FieldError, NotFound, ValidationFailed
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
from fireinvest.services.experts import find_or_create_expert
from fireinvest.services.reviews.gate import review_gate
from fireinvest.services.reviews.reads import (
    OpinionRecord,
    ReviewRecord,
    review_detail,
    reviews_of_case,
    reviews_of_cases,
)
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.versioning import flush_or_raise

__all__ = [
    "OpinionRecord", "RecordedOpinion", "RecordedReview", "ReviewRecord", "attach_review_material",
    "conclude_review", "create_review", "delete_review_draft", "detach_review_material", "import_reviews",
    "review_detail", "review_gate", "reviews_of_case", "reviews_of_cases", "supersede_review", "update_review",
]  # fmt: skip


# --- guards --------------------------------------------------------------------------------------------------------


def _refused(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([FieldError(field, message)])


def _open_case(session: Session, case_id: int) -> FireCase:
    case = session.get(FireCase, case_id)
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    if case.status == CaseStatus.VOIDED:
        raise _refused("case", f"案件 {case.case_number} 已作废，不能再记录专家论证。")
    return case


def _load(session: Session, review_id: int) -> ExpertReview:
    row = session.get(ExpertReview, review_id)
    if row is None:
        raise NotFound(f"专家论证（内部编号 {review_id}）不存在，可能已被删除。")
    return row


def _stale(held_on: dt.date, saved_by: str) -> ConcurrentEditError:
    return ConcurrentEditError(
        f"该专家论证（{held_on.isoformat()}）已被 {saved_by} 在其他工作站修改。为避免覆盖对方的修改，"
        "本次操作未执行；请关闭后重新打开再操作。"
    )


def _editable(session: Session, review_id: int, expected_version: int | None) -> ExpertReview:
    """The review if it is still a draft and, when a version is given, unchanged since it was read."""
    row = _load(session, review_id)
    if row.status == ReviewStatus.SUPERSEDED:
        raise _refused(
            "status", f"该专家论证（{row.held_on.isoformat()}）已被后来的论证取代，作为历史记录保存，不能再修改。"
        )
    if row.status == ReviewStatus.CONCLUDED:
        zone = load_agency_settings(session).zone
        when = format_local(row.concluded_at, zone) if row.concluded_at else row.held_on.isoformat()
        who = row.concluded_by or "他人"
        raise _refused(
            "status", f"该专家论证已于 {when} 由 {who} 形成结论，不能再修改；如需改变结论，请重新组织论证以取代它。"
        )
    if expected_version is not None and row.version != expected_version:
        raise _stale(row.held_on, row.updated_by)
    return row


def _flush(session: Session, row: ExpertReview) -> None:
    flush_or_raise(session, _stale(row.held_on, "其他用户"))


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


# --- writing -------------------------------------------------------------------------------------------------------


def _apply(session: Session, row: ExpertReview, draft: ReviewDraft, actor: Actor) -> None:
    if row.id is not None:
        # Before the row changes: this statement autoflushes, and a stale row must fail in _flush, not here.
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


def create_review(session: Session, actor: Actor, case_id: int, draft: ReviewDraft) -> ReviewRecord:
    """Write up a review session on a case as a draft."""
    case = _open_case(session, case_id)
    draft = _checked(session, case, draft, concluding=False)
    row = ExpertReview(case_id=case.id, status=ReviewStatus.DRAFT.value)
    _apply(session, row, draft, actor)
    session.flush()
    return review_detail(session, row.id)


def update_review(
    session: Session, actor: Actor, review_id: int, expected_version: int, draft: ReviewDraft
) -> ReviewRecord:
    """Save an edited draft; refused once it is concluded or superseded, or if someone saved it since."""
    row = _editable(session, review_id, expected_version)
    case = _open_case(session, row.case_id)
    draft = _checked(session, case, draft, concluding=False, seated=_seated(session, row.id))
    old = _load(session, row.supersedes_id) if row.supersedes_id is not None else None
    if old is not None:
        _check_successor(old, draft)
    _apply(session, row, draft, actor)
    _flush(session, row)
    return review_detail(session, row.id)


def conclude_review(session: Session, actor: Actor, review_id: int, expected_version: int) -> ReviewRecord:
    """Conclude a draft after checking it is complete; it is frozen from now on."""
    row = _editable(session, review_id, expected_version)
    case = _open_case(session, row.case_id)
    current = review_detail(session, row.id).to_draft()
    _checked(session, case, current, concluding=True, seated=_seated(session, row.id))
    _conclude(session, row, actor)
    _flush(session, row)
    return review_detail(session, row.id)


def _check_successor(old: ExpertReview, draft: ReviewDraft) -> None:
    errors = []
    if ReviewPurpose(draft.purpose).value != old.purpose:
        errors.append(FieldError("purpose", f"取代的论证应与原论证类型相同（{ReviewPurpose(old.purpose).label}）。"))
    if draft.held_on is not None and draft.held_on < old.held_on:
        errors.append(FieldError("held_on", f"论证日期不能早于被取代的论证（{old.held_on.isoformat()}）。"))
    if errors:
        raise ValidationFailed(errors)


def supersede_review(
    session: Session, actor: Actor, review_id: int, draft: ReviewDraft, *, conclude: bool = False
) -> ReviewRecord:
    """Write a new review replacing a concluded one (as a draft, or concluded at once); the old one is marked
    superseded when the new one concludes."""
    old = _load(session, review_id)
    if old.status == ReviewStatus.DRAFT:
        raise _refused("supersedes", "该论证尚未形成结论，可以直接修改，无需取代。")
    if old.status == ReviewStatus.SUPERSEDED:
        raise _refused("supersedes", "该论证已被取代；如需再次改变结论，请取代最新的论证。")
    pending = session.scalar(select(ExpertReview.held_on).where(ExpertReview.supersedes_id == old.id).limit(1))
    if pending is not None:
        when = pending.isoformat()
        raise _refused("supersedes", f"已有一份取代该论证的草稿（论证日期 {when}），请继续编辑那一份。")
    case = _open_case(session, old.case_id)
    draft = _checked(session, case, draft, concluding=conclude)
    _check_successor(old, draft)
    row = ExpertReview(case_id=case.id, status=ReviewStatus.DRAFT.value, supersedes_id=old.id)
    _apply(session, row, draft, actor)
    if conclude:
        _conclude(session, row, actor)
    _flush(session, old)
    return review_detail(session, row.id)


def delete_review_draft(session: Session, actor: Actor, review_id: int, expected_version: int) -> None:
    """Discard a draft that was never concluded; its material stays attached to the case."""
    row = _editable(session, review_id, expected_version)
    session.execute(update(Attachment).where(Attachment.expert_review_id == row.id).values(expert_review_id=None))
    session.execute(delete(ReviewOpinion).where(ReviewOpinion.review_id == row.id))
    session.delete(row)
    _flush(session, row)


# --- material ------------------------------------------------------------------------------------------------------


def _material(session: Session, actor: Actor, review_id: int, attachment_id: int, attach: bool) -> ReviewRecord:
    row = _editable(session, review_id, None)
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
    # Touching the review bumps its version, so a conclusion saved meanwhile elsewhere refuses one of the two.
    row.updated_at, row.updated_by = utc_now(), actor.name
    _flush(session, row)
    return review_detail(session, row.id)


def attach_review_material(session: Session, actor: Actor, review_id: int, attachment_id: int) -> ReviewRecord:
    """File an attachment of the case (added through services/attachments) as material of a draft review."""
    return _material(session, actor, review_id, attachment_id, attach=True)


def detach_review_material(session: Session, actor: Actor, review_id: int, attachment_id: int) -> ReviewRecord:
    """Take an attachment off a draft review's material; it stays attached to the case."""
    return _material(session, actor, review_id, attachment_id, attach=False)


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


def import_reviews(session: Session, actor: Actor, case_id: int, reviews: Sequence[RecordedReview]) -> list[str]:
    """Store a case's reviews as recorded elsewhere, already checked by the exchange (rules/expert_review.py),
    registering experts not yet in the register by name and unit; returns the names registered."""
    added: list[str] = []
    ids: list[int] = []
    for recorded in reviews:
        seats = []
        for o in recorded.opinions:
            expert, new = find_or_create_expert(session, actor, o.name, o.unit, o.specialty, o.title)
            if new:
                added.append(o.name)
            seats.append(ExpertOpinion(expert.id, o.opinion, o.dissents))  # type: ignore[arg-type]
        draft = replace(recorded.draft(), opinions=seats)
        supersedes = ids[recorded.supersedes] if recorded.supersedes is not None else None
        row = ExpertReview(case_id=case_id, status=recorded.status.value, supersedes_id=supersedes)
        _apply(session, row, draft, actor)
        if recorded.status in EVER_CONCLUDED:
            row.concluded_at = recorded.concluded_at or row.updated_at
            row.concluded_by = recorded.concluded_by or actor.name
        session.flush()
        ids.append(row.id)
    return added
