"""The facts of a fire case as plain values: what a user or an import file hands to the case services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Procedure(StrEnum):
    SIMPLE = "simple"  # 简易调查程序
    GENERAL = "general"  # 一般程序

    @property
    def label(self) -> str:
        return {"simple": "简易程序", "general": "一般程序"}[self.value]


class CaseStatus(StrEnum):
    """Where a case stands; the workflow moves it, registration starts it at REGISTERED."""

    REGISTERED = "registered"
    INVESTIGATING = "investigating"
    HEARING = "hearing"
    DETERMINED = "determined"
    SERVED = "served"
    UNDER_REVIEW = "under_review"
    CLOSED = "closed"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    CaseStatus.REGISTERED: "已登记",
    CaseStatus.INVESTIGATING: "调查中",
    CaseStatus.HEARING: "认定前说明",
    CaseStatus.DETERMINED: "已认定",
    CaseStatus.SERVED: "已送达",
    CaseStatus.UNDER_REVIEW: "复核中",
    CaseStatus.CLOSED: "已结案",
    CaseStatus.VOIDED: "已作废",
}


class PartyRole(StrEnum):
    OWNER = "owner"
    OCCUPANT = "occupant"
    RESPONSIBLE_UNIT = "responsible_unit"
    VICTIM = "victim"
    SUSPECT = "suspect"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    PartyRole.OWNER: "所有人",
    PartyRole.OCCUPANT: "使用人",
    PartyRole.RESPONSIBLE_UNIT: "责任单位",
    PartyRole.VICTIM: "受害人",
    PartyRole.SUSPECT: "嫌疑人",
    PartyRole.OTHER: "其他",
}

ARSON_CAUSE = "放火"
# How far ahead of this workstation's clock a time may lie: workstations' clocks differ by a few minutes.
CLOCK_TOLERANCE = dt.timedelta(minutes=10)


def in_the_future(moment: dt.datetime | None, now: dt.datetime | None) -> bool:
    """Whether `moment` lies later than `now` (beyond CLOCK_TOLERANCE); False when either is unknown."""
    return moment is not None and now is not None and moment > now + CLOCK_TOLERANCE


UNDETERMINED_CAUSE = "不明确原因"  # the category of a cause that could not be found (原因无法查明)


def cause_found(category: str) -> bool:
    """Whether the case's cause category states a cause found (not pending, not undetermined)."""
    return bool(category.strip()) and category.strip() != UNDETERMINED_CAUSE


@dataclass
class PartyDraft:
    name: str
    role: PartyRole = PartyRole.OWNER
    id_number: str = ""
    contact: str = ""


@dataclass
class CaseDraft:
    """Everything a user edits on a case. Times are timezone-aware; money is Decimal yuan."""

    alarm_time: dt.datetime | None = None
    extinguished_time: dt.datetime | None = None
    address: str = ""
    district: str = ""
    place_type: str = ""
    is_key_unit: bool = False
    unit_name: str = ""
    procedure: Procedure = Procedure.GENERAL
    facts_disputed: bool = False
    summary: str = ""
    dispatched_units: str = ""  # 出动力量: units and vehicles sent, as the determination states them
    ignition_time: dt.datetime | None = None
    ignition_area: str = ""
    ignition_point: str = ""
    cause_category: str = ""
    cause_detail: str = ""
    disaster_causes: str = ""  # 灾害成因: alarm, first response, evacuation, spread, violations that made it worse
    # 起火原因认定: the cause as the determination states it, in prose ("电动自行车锂电池充电时发生热失控，引燃周围
    # 可燃物"); the category and detail above are the statistics' classification of it.
    cause_finding: str = ""
    burned_area_m2: Decimal = Decimal(0)
    deaths: int = 0
    serious_injuries: int = 0
    minor_injuries: int = 0
    affected_households: int = 0
    direct_property_loss: Decimal = Decimal(0)
    direct_economic_loss: Decimal = Decimal(0)
    lead_investigator_id: int | None = None
    other_investigator_ids: list[int] = field(default_factory=list)
    parties: list[PartyDraft] = field(default_factory=list)

    @property
    def casualties(self) -> int:
        return self.deaths + self.serious_injuries + self.minor_injuries
