"""Whether a case may be determined yet as far as expert reviews go: the rule in force and the gate it makes.

Kept apart from lifecycle.py so that the workflow, which asks before every determination, does not pull in the
review editing and attachment code. The functions taking a session are building blocks that the workflow, the
importer and the documents compose inside their own transactions; the use case that asks about one case is
lifecycle.review_gate. `replace_review_rule` is the use case that stores an installation's own rule.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import ExpertReview, FireCase
from fireinvest.reference_files import load_reference
from fireinvest.rules.expert_review import (
    ReviewFacts,
    ReviewPurpose,
    ReviewRule,
    ReviewStatus,
    parse_review_rule,
    review_required_reasons,
)
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import writes
from fireinvest.services.settings import load_setting, store_setting_values
from fireinvest.services.unit_of_work import UnitOfWork

REVIEW_RULE_KEY = "expert_review_rule"


def load_review_rule(session: Session) -> ReviewRule:
    """The rule in force: an installation's stored rule, else the shipped default."""
    return parse_review_rule(load_setting(session, REVIEW_RULE_KEY) or load_reference(REVIEW_RULE_KEY))


@writes
def replace_review_rule(uow: UnitOfWork, data: dict[str, Any]) -> ReviewRule:
    """Store the installation's own rule (a province's practice) after checking it."""
    try:
        rule = parse_review_rule(data)
    except (ValueError, TypeError, AttributeError) as exc:
        raise ValidationFailed([FieldError(REVIEW_RULE_KEY, f"专家论证规则格式错误：{exc}")]) from exc
    store_setting_values(uow.session, {REVIEW_RULE_KEY: data})
    uow.changed_register(Register.RULES)
    uow.changed_every_case(Part.REVIEWS)  # every case's gate may have opened or closed
    return rule


def required_review_reasons(session: Session, case: FireCase, rule: ReviewRule | None = None) -> list[str]:
    """Why the case needs a concluded cause review before its determination (empty: it needs none)."""
    return review_required_reasons(ReviewFacts.of(case, case.fire_grade), rule or load_review_rule(session))


def has_standing_cause_review(session: Session, case_id: int) -> bool:
    """Whether a concluded cause determination review stands (not superseded) on the case."""
    found = session.scalar(
        select(ExpertReview.id)
        .where(
            ExpertReview.case_id == case_id,
            ExpertReview.purpose == ReviewPurpose.CAUSE_DETERMINATION.value,
            ExpertReview.status == ReviewStatus.CONCLUDED.value,
        )
        .limit(1)
    )
    return found is not None


def missing_review_reasons(session: Session, case: FireCase) -> list[str]:
    """The gate for a loaded case: the reasons its determination is still blocked, empty when it is not."""
    reasons = required_review_reasons(session, case)
    if not reasons or has_standing_cause_review(session, case.id):
        return []
    return reasons


def review_gate(session: Session, case_id: int) -> list[str]:
    """The reasons a determination of the case is still blocked for want of a concluded expert review; empty when
    the rule does not require one or a concluded, not superseded cause determination review exists."""
    case = session.get(FireCase, case_id)
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    return missing_review_reasons(session, case)
