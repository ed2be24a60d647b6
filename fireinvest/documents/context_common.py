"""What every document says about its case: the agency, the document's own title, number and date, and the facts
of the case, read through the services once and written the way documents write them.

Templates see plain values: strings (empty when a fact is not recorded, struck through by the `field` filter),
booleans for the alternatives a template chooses between, and lists of dicts for tables and enumerations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from fireinvest.documents.fill import (
    chinese_count,
    date_text,
    joined,
    numbered,
    paragraphs,
    square_metres,
    time_text,
    yuan,
)
from fireinvest.rules.case_facts import cause_found
from fireinvest.rules.document_set import DocumentKind
from fireinvest.rules.workflow import EventType
from fireinvest.services.cases import CaseDetail, case_detail
from fireinvest.services.deadlines import load_deadline_rules
from fireinvest.services.people import PeopleNames, PersonRecord, list_people
from fireinvest.services.settings import AgencySettings, load_agency_settings
from fireinvest.services.workflow import CaseTimeline, TimelineEntry, timeline_of


@dataclass(frozen=True)
class CaseFile:
    """The case as read once for one document."""

    settings: AgencySettings
    detail: CaseDetail
    timeline: CaseTimeline
    people: dict[int, PersonRecord]
    periods: dict[str, str]  # statutory periods as documents write them: 十五日, or 十五个工作日

    @property
    def zone(self) -> ZoneInfo:
        return self.settings.zone

    def time(self, moment: dt.datetime | None) -> str:
        return time_text(moment, self.zone)

    def day(self, moment: dt.datetime | None) -> str:
        return date_text(moment.astimezone(self.zone).date()) if moment is not None else ""

    @cached_property
    def names(self) -> PeopleNames:
        return PeopleNames.of(self.people.values())

    def named(self, who: str) -> str:
        """A person as documents name them: the register's name for a workstation login."""
        return self.names.name(who)

    def last_event(self, *types: EventType) -> TimelineEntry | None:
        """The latest event of these types on the timeline."""
        return next((e for e in reversed(self.timeline.events) if e.type in types), None)


def load_case_file(session: Session, case_id: int) -> CaseFile:
    """Read the case, its timeline and the people register for one document."""
    people = {p.id: p for p in list_people(session, include_inactive=True) if p.id is not None}
    rules = load_deadline_rules(session).periods
    periods = {kind: chinese_count(rule.period.length) + rule.period.count.label for kind, rule in rules.items()}
    return CaseFile(load_agency_settings(session), case_detail(session, case_id), timeline_of(session, case_id), people,
                    periods)  # fmt: skip


def casualties_text(deaths: int, serious: int, minor: int) -> str:
    """死亡1人、重伤2人, or 无人员伤亡."""
    parts = [f"{label}{n}人" for label, n in (("死亡", deaths), ("重伤", serious), ("轻伤", minor)) if n]
    return "、".join(parts) if parts else "无人员伤亡"


def cause_statement(facts) -> str:
    """The cause as a document states it: the finding in prose when the case records one, else the most specific
    words of its classification (the detail, else the category), never the statistics' "电气（短路）" form."""
    return facts.cause_finding.strip() or facts.cause_detail or facts.cause_category


# Where a case records the causes its evidence excludes: the determination (the latest one), or before it the
# hearing, at which the proposed finding is put to the parties.
_EXCLUDING_EVENTS = (EventType.REDETERMINED, EventType.DETERMINED, EventType.SIMPLE_DETERMINED, EventType.HEARING_HELD)


def _excluded_causes(file: CaseFile) -> str:
    """The causes excluded, as a cause-not-found finding states them (放火、吸烟); "" when none is recorded."""
    for event in reversed(file.timeline.events):
        excluded = event.details.get("excluded_causes") if event.type in _EXCLUDING_EVENTS else None
        if excluded:
            return joined(str(c) for c in excluded) if isinstance(excluded, list) else str(excluded).strip()
    return ""


def _case_values(file: CaseFile) -> dict[str, Any]:
    facts = file.detail.facts
    found = cause_found(facts.cause_category)
    assert facts.alarm_time is not None  # every stored case has one
    alarm = facts.alarm_time.astimezone(file.zone)
    return {
        "number": file.detail.case_number,
        "alarm_time": file.time(facts.alarm_time),
        "extinguished_time": file.time(facts.extinguished_time),
        "ignition_time": file.time(facts.ignition_time),
        "address": facts.address,
        "district": facts.district,
        "place_type": facts.place_type,
        "unit_name": facts.unit_name,
        "place": f"{facts.address}（{facts.unit_name}）" if facts.unit_name else facts.address,
        "subject_name": facts.unit_name or facts.address,  # what report titles call the fire by
        "date_tag": f"{alarm.month}·{alarm.day}",  # the customary short name of a fire: the “3·1”火灾
        "key_unit": "是" if facts.is_key_unit else "否",
        "procedure": facts.procedure.label,
        "summary": paragraphs(facts.summary),
        "ignition_area": facts.ignition_area,
        "ignition_point": facts.ignition_point,
        "cause_category": facts.cause_category,
        "cause_detail": facts.cause_detail,
        "cause": cause_statement(facts) if found else "",
        "cause_found": found,
        "excluded_causes": _excluded_causes(file),
        "burned_area": square_metres(facts.burned_area_m2),
        "direct_property_loss": yuan(facts.direct_property_loss),
        "direct_economic_loss": yuan(facts.direct_economic_loss),
        "deaths": facts.deaths,
        "serious_injuries": facts.serious_injuries,
        "minor_injuries": facts.minor_injuries,
        "affected_households": facts.affected_households,
        "casualties": casualties_text(facts.deaths, facts.serious_injuries, facts.minor_injuries),
        "casualty_clause": (
            f"造成{casualties_text(facts.deaths, facts.serious_injuries, facts.minor_injuries)}"
            if facts.casualties
            else "未造成人员伤亡"
        ),  # fmt: skip
        "grade": f"{file.detail.fire_grade.value}火灾",
        "units_dispatched": facts.dispatched_units,
        "disaster_causes": paragraphs(facts.disaster_causes),
    }


def _investigators(file: CaseFile) -> list[dict[str, Any]]:
    rows = []
    for ref in file.detail.investigators:
        person = file.people.get(ref.person_id)
        rows.append({"name": ref.name, "unit": person.unit if person else "", "title": person.title if person else "",
                     "badge_number": person.badge_number if person else "", "lead": ref.is_lead})  # fmt: skip
    return numbered(rows)


def common_context(
    file: CaseFile, kind: DocumentKind, number_text: str, issued_on: dt.date, version: int = 1, correction: str = ""
) -> dict[str, Any]:
    """The values every template may use, whatever its kind."""
    parties = numbered([{"name": p.name, "role": p.role.label, "id_number": p.id_number, "contact": p.contact}
                        for p in file.detail.facts.parties])  # fmt: skip
    investigators = _investigators(file)
    settings = file.settings
    issuer_name, issuer_abbreviation = settings.issuer(kind.issuer)
    return {
        "agency": {
            "name": settings.agency_name,
            "abbreviation": settings.agency_abbreviation,
            "code": settings.agency_code,
            "review_agency": settings.review_agency_name,
        },  # fmt: skip
        # Who heads, seals and numbers this document: the agency, or for the review documents the review agency.
        "issuer": {"name": issuer_name, "abbreviation": issuer_abbreviation},
        "document": {
            "title": kind.title,
            "number": number_text,
            "date": date_text(issued_on),
            "version": version,
            "correction_reason": correction,
        },  # fmt: skip
        "case": _case_values(file),
        "parties": parties,
        "party_names": joined(p["name"] for p in parties),
        "investigators": investigators,
        "investigator_names": joined(i["name"] for i in investigators),
        "periods": file.periods,
    }
