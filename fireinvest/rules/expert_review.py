"""Expert reviews (专家论证 / 案例评析) as plain values: purposes and statuses, the rule that decides which cases
need a concluded review before the determination, and the checks a review must pass to be saved or concluded.

The rule is provincial practice rather than national law, so it is data (resources/reference/
expert_review_rule.json, overridable per installation): by default a death, a grade of 较大 or higher, or a
disputed cause makes the review required.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fireinvest.errors import FieldError
from fireinvest.rules import text_limits
from fireinvest.rules.grading import FireGrade


class ReviewPurpose(StrEnum):
    CAUSE_DETERMINATION = "cause_determination"  # 起火原因认定论证
    CASE_EVALUATION = "case_evaluation"  # 案例评析
    REVIEW_SUPPORT = "review_support"  # 复核支持

    @property
    def label(self) -> str:
        return _PURPOSE_LABELS[self]


_PURPOSE_VALUES = frozenset(p.value for p in ReviewPurpose)  # a StrEnum member equals its value
_PURPOSE_LABELS = {
    ReviewPurpose.CAUSE_DETERMINATION: "起火原因认定论证",
    ReviewPurpose.CASE_EVALUATION: "案例评析",
    ReviewPurpose.REVIEW_SUPPORT: "复核支持",
}


class ReviewStatus(StrEnum):
    DRAFT = "draft"  # being written up; may be edited
    CONCLUDED = "concluded"  # frozen: what the experts said that day
    SUPERSEDED = "superseded"  # frozen, and replaced by a later concluded review

    @property
    def label(self) -> str:
        return {"draft": "草稿", "concluded": "已结论", "superseded": "已被取代"}[self.value]


# Both frozen statuses were concluded at some time: a superseded review did stand before its successor concluded.
EVER_CONCLUDED = frozenset({ReviewStatus.CONCLUDED, ReviewStatus.SUPERSEDED})

REVIEW_TEXT_LIMITS = {"place": text_limits.EXPERT_REVIEWS["place"]}

REVIEW_LABELS = {
    "purpose": "论证类型",
    "held_on": "论证日期",
    "place": "论证地点",
    "question": "论证事项",
    "opinions": "出席专家",
    "conclusion": "论证结论",
    "dissent": "不同意见",
}

# --- which cases need a review -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRule:
    """When a concluded cause review is required before the determination; None/False disables a criterion."""

    min_deaths: int | None = 1
    min_serious_injuries: int | None = None
    min_grade: FireGrade | None = FireGrade.LARGER
    facts_disputed: bool = True


@dataclass(frozen=True)
class ReviewFacts:
    """The facts of a case the rule looks at."""

    deaths: int
    serious_injuries: int
    grade: FireGrade
    facts_disputed: bool

    @classmethod
    def of(cls, source: Any, grade: FireGrade | str) -> ReviewFacts:
        """The facts of anything that has them by name (a CaseDraft, a case row), with its computed grade."""
        return cls(source.deaths, source.serious_injuries, FireGrade(grade), bool(source.facts_disputed))


def _optional_count(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{key} 应为正整数或 null，而不是 {value!r}")
    return value


def parse_review_rule(data: Mapping[str, Any]) -> ReviewRule:
    """The rule from its JSON structure; ValueError names the first bad value."""
    grade = data.get("min_grade")
    if grade is not None and grade not in {g.value for g in FireGrade}:
        raise ValueError(f"min_grade 应为 {'、'.join(g.value for g in FireGrade)} 之一或 null，而不是 {grade!r}")
    disputed = data.get("facts_disputed", False)
    if not isinstance(disputed, bool):
        raise ValueError(f"facts_disputed 应为 true 或 false，而不是 {disputed!r}")
    return ReviewRule(
        min_deaths=_optional_count(data, "min_deaths"),
        min_serious_injuries=_optional_count(data, "min_serious_injuries"),
        min_grade=None if grade is None else FireGrade(grade),
        facts_disputed=disputed,
    )


_GRADE_RANK = {grade: rank for rank, grade in enumerate(FireGrade)}  # 0 is the highest grade


def review_required_reasons(facts: ReviewFacts, rule: ReviewRule) -> list[str]:
    """Why the case needs a concluded expert review before its determination; empty when it does not."""
    reasons = []
    if rule.min_deaths is not None and facts.deaths >= rule.min_deaths:
        reasons.append(f"有人员死亡（{facts.deaths}人）" if rule.min_deaths == 1
                       else f"死亡人数达到{rule.min_deaths}人（{facts.deaths}人）")  # fmt: skip
    if rule.min_serious_injuries is not None and facts.serious_injuries >= rule.min_serious_injuries:
        reasons.append(f"重伤人数达到{rule.min_serious_injuries}人（{facts.serious_injuries}人）")
    if rule.min_grade is not None and _GRADE_RANK[facts.grade] <= _GRADE_RANK[rule.min_grade]:
        reasons.append(f"火灾等级为{rule.min_grade.value}及以上（{facts.grade.value}）")
    if rule.facts_disputed and facts.facts_disputed:
        reasons.append("当事人对火灾事实或起火原因有争议")
    return reasons


# --- a review being written up ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpertOpinion:
    """One expert present, what they said and whether they disagree with the conclusion."""

    expert_id: int
    opinion: str = ""
    dissents: bool = False


@dataclass
class ReviewDraft:
    """Everything a user edits on a review; long texts keep their whitespace (paragraph indents)."""

    purpose: ReviewPurpose = ReviewPurpose.CAUSE_DETERMINATION
    held_on: dt.date | None = None
    place: str = ""
    question: str = ""
    opinions: list[ExpertOpinion] = field(default_factory=list)
    conclusion: str = ""
    dissent: str = ""


def validate_review(
    draft: ReviewDraft, today: dt.date, *, earliest: dt.date | None = None, concluding: bool = False
) -> list[FieldError]:
    """All problems with a review, in form order; `concluding` adds what a conclusion needs. `earliest` is the day
    of the fire: nobody reviews a fire before it happened."""
    errors: list[FieldError] = []

    def fail(name: str, message: str) -> None:
        errors.append(FieldError(name, message))

    if draft.purpose not in _PURPOSE_VALUES:
        fail("purpose", "请选择论证类型。")
    if draft.held_on is None:
        fail("held_on", "请填写论证日期。")
    elif draft.held_on > today:
        fail("held_on", f"论证日期（{draft.held_on.isoformat()}）不能晚于今天：只能记录已经举行的论证。")
    elif earliest is not None and draft.held_on < earliest:
        fail("held_on", f"论证日期（{draft.held_on.isoformat()}）不能早于火灾发生的日期（{earliest.isoformat()}）。")
    for problem in text_limits.text_problems({"place": draft.place.strip()}, REVIEW_TEXT_LIMITS, REVIEW_LABELS):
        fail(problem.field, problem.message)
    if not draft.opinions:
        fail("opinions", "请至少填写一名出席的专家。")
    first_seat: dict[int, int] = {}
    for number, opinion in enumerate(draft.opinions, start=1):
        if opinion.expert_id in first_seat:
            fail("opinions", f"第{number}名专家与第{first_seat[opinion.expert_id]}名是同一人，请删除重复的一行。")
        else:
            first_seat[opinion.expert_id] = number
    if concluding:
        _check_conclusion(draft, fail)
    return errors


def _check_conclusion(draft: ReviewDraft, fail) -> None:
    for number, opinion in enumerate(draft.opinions, start=1):
        if not opinion.opinion.strip():
            fail("opinions", f"第{number}名专家的意见尚未填写，形成结论前应记录每名专家的意见。")
    if not draft.conclusion.strip():
        fail("conclusion", "请填写论证结论。")
    dissenters = [n for n, o in enumerate(draft.opinions, start=1) if o.dissents]
    if dissenters and not draft.dissent.strip():
        seats = "、".join(f"第{n}名" for n in dissenters)
        fail("dissent", f"{seats}专家持不同意见，请在“不同意见”中记录其意见及持有人。")


# --- supersession ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewLink:
    """What the supersession check needs of one review of a case (listed in the order they were held)."""

    purpose: ReviewPurpose
    status: ReviewStatus
    held_on: dt.date
    supersedes: int | None = None  # position in the same list of the review this one replaces


def check_supersession(reviews: Sequence[ReviewLink]) -> list[tuple[int, str]]:
    """(position, problem) for each review whose supersession could not have happened here: a review replaces an
    earlier concluded one of the same purpose, once; the replaced one counts as superseded exactly when its
    successor has concluded."""
    problems: list[tuple[int, str]] = []
    successors: dict[int, int] = {}
    for index, review in enumerate(reviews):
        target = review.supersedes
        if target is None:
            continue
        if not 0 <= target < index:
            problems.append((index, "只能取代列在它前面的论证。"))
            continue
        old = reviews[target]
        if target in successors:
            problems.append((index, f"第{target + 1}份论证已被第{successors[target] + 1}份取代，不能再被取代。"))
        successors[target] = index
        if old.purpose != review.purpose:
            problems.append((index, f"取代的论证应与被取代的第{target + 1}份论证类型相同（{old.purpose.label}）。"))
        if review.held_on < old.held_on:
            problems.append((index, f"论证日期不能早于被取代的第{target + 1}份论证。"))
        expected = ReviewStatus.SUPERSEDED if review.status in EVER_CONCLUDED else ReviewStatus.CONCLUDED
        if old.status != expected:
            done = "已" if expected == ReviewStatus.SUPERSEDED else "尚未"
            problems.append(
                (index, f"被取代的第{target + 1}份论证的状态应为“{expected.label}”（取代它的论证{done}形成结论）。")
            )
    for index, review in enumerate(reviews):
        if review.status == ReviewStatus.SUPERSEDED and index not in successors:
            problems.append((index, "状态为“已被取代”，但没有取代它的论证。"))
    return sorted(problems)
