"""Installation-wide settings shared by every workstation: the agency's name and code, the simple-procedure loss
ceiling, the time zone and the grade rules. Defaults come from resources/reference; stored values win.

Use cases: `agency_settings` and `settings_form` read; `update_agency_settings` and `save_settings_form` write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.db import hold_named_lock
from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import Setting
from fireinvest.reference_files import load_reference
from fireinvest.rules import text_limits
from fireinvest.rules.document_set import Issuer
from fireinvest.rules.grading import GradeRuleSet, parse_rule_sets
from fireinvest.rules.identifiers import AGENCY_CODE_PATTERN
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.unit_of_work import UnitOfWork

GRADE_RULES_KEY = "fire_grade_rules"
SETTINGS_LOCK = "settings"


@dataclass(frozen=True)
class AgencySettings:
    agency_name: str
    agency_code: str
    simple_procedure_loss_ceiling: Decimal
    timezone: str
    version: int = 0  # 0: still the shipped defaults, nothing stored yet
    # 机关代字 in document numbers (某消火认字〔2026〕第0021号); the next-higher agency that decides on reviews (named
    # in the review notice, heading and numbering the review documents with its own 代字).
    # Empty in a value handed to update_agency_settings means "leave as stored" (editors that do not show them).
    agency_abbreviation: str = ""
    review_agency_name: str = ""
    review_agency_abbreviation: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def issuer(self, issuer: Issuer) -> tuple[str, str]:
        """The name and the 代字 a document of this issuer is headed, sealed and numbered with."""
        if issuer == Issuer.REVIEW_AGENCY:
            return self.review_agency_name, self.review_agency_abbreviation
        return self.agency_name, self.agency_abbreviation


def _stored(session: Session, keys: list[str]) -> dict[str, Setting]:
    rows = session.scalars(select(Setting).where(Setting.key.in_(keys)))
    return {row.key: row for row in rows}


def _value(stored: dict[str, Setting], key: str, default: Any) -> Any:
    row = stored.get(key)
    return json.loads(row.value_json) if row is not None else default


def load_agency_settings(session: Session) -> AgencySettings:
    """The settings in force, stored values over shipped defaults."""
    defaults = load_reference("settings")
    keys = ["agency_name", "agency_code", "simple_procedure_loss_ceiling_yuan", "timezone", "agency_abbreviation",
            "review_agency_name", "review_agency_abbreviation"]  # fmt: skip
    stored = _stored(session, keys)
    return AgencySettings(
        agency_name=_value(stored, "agency_name", defaults["agency_name"]),
        agency_code=_value(stored, "agency_code", defaults["agency_code"]),
        simple_procedure_loss_ceiling=Decimal(
            _value(stored, "simple_procedure_loss_ceiling_yuan", defaults["simple_procedure_loss_ceiling_yuan"])
        ),
        timezone=_value(stored, "timezone", defaults["timezone"]),
        version=sum(row.version for row in stored.values()),
        agency_abbreviation=_value(stored, "agency_abbreviation", defaults["agency_abbreviation"]),
        review_agency_name=_value(stored, "review_agency_name", defaults["review_agency_name"]),
        review_agency_abbreviation=_value(stored, "review_agency_abbreviation", defaults["review_agency_abbreviation"]),
    )


def validate_agency_settings(new: AgencySettings) -> list[FieldError]:
    errors = []
    if not new.agency_name.strip():
        errors.append(FieldError("agency_name", "请填写机构名称。"))
    if not AGENCY_CODE_PATTERN.match(new.agency_code):
        errors.append(FieldError("agency_code", "机构代码应为2至20位字母或数字，例如行政区划代码 320100。"))
    try:
        ceiling = Decimal(new.simple_procedure_loss_ceiling)
        if not ceiling.is_finite() or ceiling <= 0:
            raise InvalidOperation
    except InvalidOperation:
        errors.append(FieldError("simple_procedure_loss_ceiling", "简易程序财产损失上限应为正数。"))
    try:
        ZoneInfo(new.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(FieldError("timezone", f"未知时区“{new.timezone}”。"))
    names = {"agency_name": new.agency_name, "review_agency_name": new.review_agency_name}
    labels = {"agency_name": "机构名称", "review_agency_name": "复核机构"}
    errors += text_limits.text_problems(names, dict.fromkeys(names, 100), labels)
    if len(new.agency_abbreviation.strip()) > 10:
        errors.append(FieldError("agency_abbreviation", "机关代字最多10个字，例如“宁”。"))
    if len(new.review_agency_abbreviation.strip()) > 10:
        errors.append(FieldError("review_agency_abbreviation", "复核机关代字最多10个字，例如“苏”。"))
    return errors


@reads
def agency_settings(uow: UnitOfWork) -> AgencySettings:
    """The agency's settings in force."""
    return load_agency_settings(uow.session)


@writes
def update_agency_settings(uow: UnitOfWork, new: AgencySettings) -> AgencySettings:
    """Store the agency settings; refuses if another workstation changed them since `new.version` was read."""
    from fireinvest.services.deadlines import ensure_deadlines_current  # deadlines depend on settings: no cycle

    errors = validate_agency_settings(new)
    if errors:
        raise ValidationFailed(errors)
    session = uow.session
    hold_named_lock(session, SETTINGS_LOCK)  # the version is the sum of the rows': keep other savers out
    uow.check_version(load_agency_settings(session), new.version, "机构设置")
    values = {
        "agency_name": new.agency_name.strip(),
        "agency_code": new.agency_code.strip(),
        "simple_procedure_loss_ceiling_yuan": str(new.simple_procedure_loss_ceiling),
        "timezone": new.timezone,
    }
    for key in ("agency_abbreviation", "review_agency_name", "review_agency_abbreviation"):
        if getattr(new, key).strip():
            values[key] = getattr(new, key).strip()
    store_setting_values(session, values)
    uow.changed_register(Register.SETTINGS)
    if ensure_deadlines_current(session):  # a new time zone moves the local days deadlines are counted in
        uow.changed_every_case(Part.TIMELINE)
    return load_agency_settings(session)


@dataclass(frozen=True)
class SettingsForm:
    """What the settings dialog edits: the agency's settings and the district list."""

    settings: AgencySettings
    districts: tuple[str, ...]


@reads
def settings_form(uow: UnitOfWork) -> SettingsForm:
    """The agency's settings and the districts, as the settings dialog shows them."""
    from fireinvest.services.reference import load_reference_lists

    return SettingsForm(load_agency_settings(uow.session), load_reference_lists(uow.session).districts)


@writes
def save_settings_form(uow: UnitOfWork, new: AgencySettings, districts: list[str]) -> AgencySettings:
    """Store the agency's settings and the district list together: a refused district list keeps the settings
    unchanged too."""
    from fireinvest.services.reference import set_districts

    stored = update_agency_settings.within(uow, new)
    set_districts.within(uow, districts)
    return stored


def store_setting_values(session: Session, values: dict[str, Any]) -> None:
    """Write settings (JSON-serialisable values); callers check them first."""
    stored = _stored(session, list(values))
    for key, value in values.items():
        text = json.dumps(value, ensure_ascii=False)
        row = stored.get(key)
        if row is None:
            session.add(Setting(key=key, value_json=text))
        elif row.value_json != text:
            row.value_json = text
    session.flush()


def load_setting(session: Session, key: str) -> Any | None:
    """A stored setting's value, or None when the installation has not stored one."""
    return _value(_stored(session, [key]), key, None)


def load_grade_rules(session: Session) -> list[GradeRuleSet]:
    """Grade rule sets in force: an installation's stored rules, else the shipped national ones."""
    data = load_setting(session, GRADE_RULES_KEY) or load_reference("fire_grades")
    return parse_rule_sets(data)
