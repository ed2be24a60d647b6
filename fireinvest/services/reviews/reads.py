"""Reading expert reviews back: a case's reviews with the experts' names, units and titles, the attachments filed
as their material, and which review replaced which. A few queries per call, whatever the number of cases.

These are building blocks taking a session, for the documents, the exports and the read use cases of the same
names in lifecycle.py, which are what the desktop program and the command line call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.errors import NotFound
from fireinvest.models import Attachment, Expert, ExpertReview, ReviewOpinion
from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft, ReviewPurpose, ReviewStatus


@dataclass(frozen=True)
class OpinionRecord:
    """An expert present at a review, as the register names them, with the opinion they gave."""

    expert_id: int
    name: str
    unit: str
    specialty: str
    title: str
    opinion: str
    dissents: bool


@dataclass(frozen=True)
class ReviewRecord:
    """Read model of one review session; `read_only` once it is concluded or superseded."""

    id: int
    case_id: int
    version: int
    purpose: ReviewPurpose
    held_on: dt.date
    place: str
    question: str
    opinions: tuple[OpinionRecord, ...]
    conclusion: str
    dissent: str
    status: ReviewStatus
    supersedes_id: int | None
    superseded_by_id: int | None  # the review replacing this one (a draft while it is being written up)
    concluded_at: dt.datetime | None
    concluded_by: str
    updated_at: dt.datetime
    updated_by: str
    attachment_ids: tuple[int, ...]  # case attachments filed as this review's material

    @property
    def read_only(self) -> bool:
        return self.status != ReviewStatus.DRAFT

    def to_draft(self) -> ReviewDraft:
        """The review as an editable draft, to hand back to update_review (or, changed, to supersede_review)."""
        opinions = [ExpertOpinion(o.expert_id, o.opinion, o.dissents) for o in self.opinions]
        return ReviewDraft(self.purpose, self.held_on, self.place, self.question, opinions, self.conclusion,
                           self.dissent)  # fmt: skip


def reviews_of_cases(session: Session, case_ids: Sequence[int]) -> dict[int, list[ReviewRecord]]:
    """The reviews of many cases, each case's in the order they were held (four queries in all)."""
    found: dict[int, list[ReviewRecord]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return found
    for record in _records(session, ExpertReview.case_id.in_(case_ids)):
        found[record.case_id].append(record)
    return found


def reviews_of_case(session: Session, case_id: int) -> list[ReviewRecord]:
    """A case's reviews in the order they were held."""
    return reviews_of_cases(session, [case_id])[case_id]


def review_detail(session: Session, review_id: int) -> ReviewRecord:
    """One review with its experts, material and supersession links."""
    case_id = session.scalar(select(ExpertReview.case_id).where(ExpertReview.id == review_id))
    if case_id is None:
        raise NotFound(f"专家论证（内部编号 {review_id}）不存在，可能已被删除。")
    # The whole case's reviews: the one replacing this review is found among them without another query.
    return next(r for r in reviews_of_case(session, case_id) if r.id == review_id)


def _records(session: Session, condition) -> list[ReviewRecord]:
    rows = list(session.scalars(select(ExpertReview).where(condition).order_by(ExpertReview.held_on,
                                                                              ExpertReview.id)))  # fmt: skip
    ids = [row.id for row in rows]
    if not ids:
        return []
    opinions: dict[int, list[OpinionRecord]] = {review_id: [] for review_id in ids}
    seats = session.execute(
        select(ReviewOpinion, Expert)
        .join(Expert, Expert.id == ReviewOpinion.expert_id)
        .where(ReviewOpinion.review_id.in_(ids))
        .order_by(ReviewOpinion.review_id, ReviewOpinion.position, ReviewOpinion.id)
    )
    for seat, expert in seats:
        opinions[seat.review_id].append(OpinionRecord(expert.id, expert.name, expert.unit, expert.specialty,
                                                      expert.title, seat.opinion, seat.dissents))  # fmt: skip
    material: dict[int, list[int]] = {review_id: [] for review_id in ids}
    attached = session.execute(
        select(Attachment.expert_review_id, Attachment.id)
        .where(Attachment.expert_review_id.in_(ids))
        .order_by(Attachment.added_at, Attachment.id)
    )
    for review_id, attachment_id in attached:
        material[review_id].append(attachment_id)  # type: ignore[index]  # never None: the query asks for ids
    successor: dict[int, int] = {}
    for row in rows:  # a concluded successor wins over a draft one; both point back with supersedes_id
        if row.supersedes_id is not None and (row.supersedes_id not in successor or row.status != "draft"):
            successor[row.supersedes_id] = row.id
    return [
        ReviewRecord(
            id=row.id, case_id=row.case_id, version=row.version, purpose=ReviewPurpose(row.purpose),
            held_on=row.held_on, place=row.place, question=row.question, opinions=tuple(opinions[row.id]),
            conclusion=row.conclusion, dissent=row.dissent, status=ReviewStatus(row.status),
            supersedes_id=row.supersedes_id, superseded_by_id=successor.get(row.id), concluded_at=row.concluded_at,
            concluded_by=row.concluded_by, updated_at=row.updated_at, updated_by=row.updated_by,
            attachment_ids=tuple(material[row.id]),
        )
        for row in rows
    ]  # fmt: skip
