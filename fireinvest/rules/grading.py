"""Fire grade (火灾等级) from the counts and losses of a fire, under the rule set in force on the fire's date.

The grade is always computed, never typed. Thresholds come from reference data (resources/reference/fire_grades.json,
overridable per installation in the settings table) because the 2025 rules leave the affected-household bands to
the provinces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from fireinvest.clock import local_date


class FireGrade(StrEnum):
    """Grades from the highest down; MINOR (轻微) is the sub-class of ORDINARY (一般) for trivial fires."""

    EXTRAORDINARY = "特别重大"
    MAJOR = "重大"
    LARGER = "较大"
    ORDINARY = "一般"
    MINOR = "轻微"


# Grades that have thresholds, checked from the highest down so the first one reached wins.
_BANDED_GRADES = (FireGrade.EXTRAORDINARY, FireGrade.MAJOR, FireGrade.LARGER)


@dataclass(frozen=True)
class GradeFacts:
    """The numbers a grade is computed from."""

    fire_date: dt.date
    deaths: int = 0
    serious_injuries: int = 0
    minor_injuries: int = 0
    affected_households: int = 0
    direct_property_loss: Decimal = Decimal(0)
    direct_economic_loss: Decimal = Decimal(0)

    @classmethod
    def of(cls, source: Any, zone: ZoneInfo) -> GradeFacts:
        """The grading numbers of anything that has them by name: a CaseDraft, a case row, a query row."""
        return cls(
            fire_date=local_date(source.alarm_time, zone),
            deaths=source.deaths,
            serious_injuries=source.serious_injuries,
            minor_injuries=source.minor_injuries,
            affected_households=source.affected_households,
            direct_property_loss=source.direct_property_loss,
            direct_economic_loss=source.direct_economic_loss,
        )


@dataclass(frozen=True)
class Thresholds:
    """Lower bounds (included, 以上) of one grade; None means the criterion does not apply."""

    deaths: int | None
    serious_injuries: int | None
    loss_yuan: Decimal | None
    affected_households: int | None


@dataclass(frozen=True)
class GradeRuleSet:
    """One edition of the grading rules and the first fire date it applies to (None: since always)."""

    name: str
    title: str
    effective_from: dt.date | None
    loss_basis: str  # "direct_property_loss" or "direct_economic_loss"
    thresholds: Mapping[FireGrade, Thresholds]
    minor_loss_below: Decimal

    def loss_of(self, facts: GradeFacts) -> Decimal:
        return facts.direct_economic_loss if self.loss_basis == "direct_economic_loss" else facts.direct_property_loss


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def parse_rule_sets(data: Mapping[str, Any]) -> list[GradeRuleSet]:
    """Rule sets from the JSON reference structure, sorted by the date they take effect."""
    rule_sets = []
    for raw in data["rule_sets"]:
        if raw["loss_basis"] not in ("direct_property_loss", "direct_economic_loss"):
            raise ValueError(f"unknown loss_basis {raw['loss_basis']!r} in grade rule set {raw['name']!r}")
        thresholds = {
            FireGrade(grade): Thresholds(
                deaths=_optional_int(band.get("deaths")),
                serious_injuries=_optional_int(band.get("serious_injuries")),
                loss_yuan=None if band.get("loss_yuan") is None else Decimal(str(band["loss_yuan"])),
                affected_households=_optional_int(band.get("affected_households")),
            )
            for grade, band in raw["thresholds"].items()
        }
        effective = raw.get("effective_from")
        rule_sets.append(
            GradeRuleSet(
                name=raw["name"],
                title=raw.get("title", raw["name"]),
                effective_from=dt.date.fromisoformat(effective) if effective else None,
                loss_basis=raw["loss_basis"],
                thresholds=thresholds,
                minor_loss_below=Decimal(str(raw["minor_loss_below_yuan"])),
            )
        )
    return sorted(rule_sets, key=lambda r: r.effective_from or dt.date.min)


def rule_set_for(fire_date: dt.date, rule_sets: Sequence[GradeRuleSet]) -> GradeRuleSet:
    """The rule set in force on the fire's date: the latest one that took effect on or before it."""
    applicable = [r for r in rule_sets if r.effective_from is None or r.effective_from <= fire_date]
    if not applicable:
        raise ValueError(f"no fire grade rules cover {fire_date.isoformat()}")
    return max(applicable, key=lambda r: r.effective_from or dt.date.min)


def _reaches(value: int | Decimal, bound: int | Decimal | None) -> bool:
    return bound is not None and value >= bound


def grade_fire(facts: GradeFacts, rule_sets: Sequence[GradeRuleSet]) -> FireGrade:
    """The highest grade any single criterion reaches; 轻微 when nobody was hurt and the loss is below the bound."""
    rules = rule_set_for(facts.fire_date, rule_sets)
    loss = rules.loss_of(facts)
    for grade in _BANDED_GRADES:
        band = rules.thresholds.get(grade)
        if band is None:
            continue
        if (
            _reaches(facts.deaths, band.deaths)
            or _reaches(facts.serious_injuries, band.serious_injuries)
            or _reaches(loss, band.loss_yuan)
            or _reaches(facts.affected_households, band.affected_households)
        ):
            return grade
    nobody_hurt = facts.deaths == 0 and facts.serious_injuries == 0 and facts.minor_injuries == 0
    if nobody_hurt and loss < rules.minor_loss_below:
        return FireGrade.MINOR
    return FireGrade.ORDINARY
