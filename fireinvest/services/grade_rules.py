"""Replacing the fire grade rules of an installation, e.g. to enter the province's affected-household bands.

Grades are stored on the cases so the list can filter and sort by them; new rules therefore regrade every case.

Use cases: `grade_rules_data` reads, `replace_grade_rules` writes.
"""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import FireCase
from fireinvest.reference_files import load_reference
from fireinvest.rules.grading import GradeFacts, grade_fire, parse_rule_sets
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.settings import (
    GRADE_RULES_KEY,
    load_agency_settings,
    load_grade_rules,
    load_setting,
    store_setting_values,
)
from fireinvest.services.unit_of_work import UnitOfWork

_BATCH = 5000


@reads
def grade_rules_data(uow: UnitOfWork) -> dict[str, Any]:
    """The grade thresholds in force, in the file format `replace_grade_rules` takes."""
    return load_setting(uow.session, GRADE_RULES_KEY) or load_reference("fire_grades")


@writes
def replace_grade_rules(uow: UnitOfWork, data: dict[str, Any]) -> int:
    """Store new grade rules after checking them; returns how many cases changed grade."""
    try:
        rule_sets = parse_rule_sets(data)
    except (KeyError, ValueError, TypeError, InvalidOperation) as exc:
        raise ValidationFailed([FieldError(GRADE_RULES_KEY, f"火灾等级标准格式错误：{exc}")]) from exc
    if not any(r.effective_from is None for r in rule_sets):
        raise ValidationFailed(
            [FieldError(GRADE_RULES_KEY, "火灾等级标准必须有一套不设生效日期的规则，以覆盖早年的火灾。")]
        )
    store_setting_values(uow.session, {GRADE_RULES_KEY: data})
    uow.changed_register(Register.RULES)
    uow.changed_every_case(Part.FACTS)  # the grade is shown with the facts
    return regrade_cases(uow.session)


def regrade_cases(session: Session) -> int:
    """Recompute the stored grade of every case under the rules in force; returns how many changed."""
    rules = load_grade_rules(session)
    zone = load_agency_settings(session).zone
    columns = (
        FireCase.id, FireCase.alarm_time, FireCase.deaths, FireCase.serious_injuries, FireCase.minor_injuries,
        FireCase.affected_households, FireCase.direct_property_loss, FireCase.direct_economic_loss, FireCase.fire_grade,
    )  # fmt: skip
    changes = []
    for row in session.execute(select(*columns).execution_options(yield_per=_BATCH)):
        grade = grade_fire(GradeFacts.of(row, zone), rules).value
        if grade != row.fire_grade:
            changes.append({"case_id": row.id, "grade": grade})
    # A derived column, not a user's edit: written through the table so the version counter is left alone and a
    # workstation holding the case open can still save (its save recomputes the grade anyway).
    table = FireCase.__table__
    assert isinstance(table, Table)  # a mapped class's own table (FromClause in the stubs)
    statement = update(table).where(table.c.id == bindparam("case_id")).values(fire_grade=bindparam("grade"))
    for start in range(0, len(changes), _BATCH):
        session.execute(statement, changes[start : start + _BATCH])
    return len(changes)
