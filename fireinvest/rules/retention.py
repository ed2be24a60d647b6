"""Retention period (保管期限) and archive number (档号) of a case's archive volume, by the weight of the case.

The rules are data (resources/reference/retention.json) because provinces keep volumes longer than the national
minimum; this module only evaluates them over plain values, so the rule is testable without a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fireinvest.reference_files import load_reference

RETENTION_FILE = "retention"


@dataclass(frozen=True)
class RetentionFacts:
    """What the retention rule looks at."""

    fire_grade: str
    deaths: int
    injuries: int  # seriously and slightly injured together
    procedure: str  # "simple" or "general"
    reviewed: bool  # a party applied for a review (复核)


@dataclass(frozen=True)
class Retention:
    """A retention period, as printed and as coded, with the reason it applies."""

    label: str  # printed on the cover: 永久, 30年, 10年
    code: str  # inside the archive number: Y, D30, D10
    reason: str  # why, for the closing note sheet


def _holds(criteria: Mapping[str, Any], facts: RetentionFacts) -> str | None:
    """The first criterion of `criteria` that the facts meet, as a reason in Chinese; None when none does."""
    if facts.fire_grade in criteria.get("fire_grades", ()):
        return f"火灾等级为{facts.fire_grade}"
    if "min_deaths" in criteria and facts.deaths >= int(criteria["min_deaths"]):
        return f"死亡{facts.deaths}人"
    if "min_injuries" in criteria and facts.injuries >= int(criteria["min_injuries"]):
        return f"受伤{facts.injuries}人"
    if criteria.get("reviewed") and facts.reviewed:
        return "当事人申请过复核"
    if facts.procedure in criteria.get("procedures", ()):
        return "按一般程序调查" if facts.procedure == "general" else "按简易程序调查"
    return None


def retention_for(facts: RetentionFacts, data: Mapping[str, Any] | None = None) -> Retention:
    """The retention period of the first rule that holds (rules from retention.json unless `data` is given)."""
    data = data if data is not None else load_reference(RETENTION_FILE)
    for rule in data["rules"]:
        criteria = rule.get("any") or {}
        reason = "其他案件" if not criteria else _holds(criteria, facts)
        if reason is not None:
            return Retention(rule["retention"], rule["code"], reason)
    raise ValueError("retention rules must end with a rule without criteria")


def archive_category(data: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """The volume's category (门类) as (label, code), e.g. ("火灾事故调查", "HZ")."""
    data = data if data is not None else load_reference(RETENTION_FILE)
    return data["category"]["label"], data["category"]["code"]


def archive_number(
    agency_code: str, year: int, retention: Retention, volume: str, data: Mapping[str, Any] | None = None
) -> str:
    """The archive number (档号) from the pattern in retention.json; `volume` is the case's place in its year."""
    data = data if data is not None else load_reference(RETENTION_FILE)
    return data["archive_number"].format(
        agency_code=agency_code,
        category_code=data["category"]["code"],
        year=year,
        retention_code=retention.code,
        volume=volume,
    )
