"""One case as an exchange record: the JSON object of the format `fireinvest-cases/1`.

Both file formats meet here: the JSON file holds these records as they are, the Excel sheet is turned into them
row by row, so every value is checked by one set of rules whatever file it came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from fireinvest.exchange.evidence_record import ImportedEvidence, evidence_to_records, parse_evidence
from fireinvest.exchange.loop_record import loop_to_record, parse_loop
from fireinvest.exchange.records_record import (
    inspections_to_records,
    interviews_to_records,
    parse_inspections,
    parse_interviews,
)
from fireinvest.exchange.review_record import parse_reviews, reviews_to_records
from fireinvest.exchange.timeline_record import parse_events, timeline_to_records
from fireinvest.exchange.values import (
    FieldProblem,
    format_amount,
    format_time,
    numbered_objects,
    parse_amount,
    parse_count,
    parse_flag,
    parse_text,
    parse_time,
)
from fireinvest.rules import text_limits
from fireinvest.rules.case_facts import CaseDraft, CaseStatus, PartyDraft, PartyRole, Procedure
from fireinvest.rules.case_validation import CASE_TEXT_LIMITS, FIELD_LABELS
from fireinvest.rules.records import InspectionDraft, InterviewDraft
from fireinvest.services.cases import CaseDetail
from fireinvest.services.evidence import CustodyEntry, EvidenceRecord
from fireinvest.services.loop.transfer import LoopTransfer
from fireinvest.services.records import InspectionRecord, InterviewRecord
from fireinvest.services.reviews.lifecycle import RecordedReview, ReviewRecord
from fireinvest.services.workflow import TimelineEntry, TimelineStep

FORMAT_TAG = "fireinvest-cases/1"

TIME_KEYS = ("alarm_time", "extinguished_time", "ignition_time")
TEXT_KEYS = ("address", "district", "place_type", "unit_name", "cause_category", "cause_detail", "ignition_area",
             "ignition_point", "cause_finding", "summary", "dispatched_units", "disaster_causes")  # fmt: skip
COUNT_KEYS = ("deaths", "serious_injuries", "minor_injuries", "affected_households")
FLAG_KEYS = ("is_key_unit", "facts_disputed")
# Record key -> the draft field it fills (money keys name their unit in the file).
AMOUNT_KEYS = {
    "burned_area_m2": "burned_area_m2",
    "direct_property_loss_yuan": "direct_property_loss",
    "direct_economic_loss_yuan": "direct_economic_loss",
}
# Written for the reader; on import the grade is recomputed by the rules in force and the status follows the
# case's events (a case without events starts registered).
EXPORT_ONLY_KEYS = ("fire_grade", "status")

# The keys of a case object in the order they are written.
RECORD_KEYS = (
    "case_number", "alarm_time", "extinguished_time", "address", "district", "place_type", "unit_name", "procedure",
    "cause_category", "cause_detail", "cause_finding", "ignition_area", "ignition_point", "deaths", "serious_injuries",
    "minor_injuries", "affected_households", "burned_area_m2", "direct_property_loss_yuan",
    "direct_economic_loss_yuan", "summary", "dispatched_units", "disaster_causes", "parties", "is_key_unit",
    "facts_disputed", "ignition_time", "investigators", "fire_grade", "status", "events", "evidence", "inspections",
    "interviews", "reviews", "loop",
)  # fmt: skip
PARTY_KEYS = ("name", "role", "id_number", "contact")
INVESTIGATOR_KEYS = ("name", "lead")

_DRAFT_FIELD_OF_KEY = {**AMOUNT_KEYS, "investigators": "lead_investigator_id"}
_KEY_OF_DRAFT_FIELD = {
    **{draft_field: key for key, draft_field in AMOUNT_KEYS.items()},
    "lead_investigator_id": "investigators",
    "other_investigator_ids": "investigators",
}
_OWN_LABELS = {
    "investigators": "调查人员",
    "fire_grade": "火灾等级",
    "status": "案件状态",
    "events": "程序事件",
    "evidence": "物证",
    "reviews": "专家论证",
    "loop": "闭环管理",
}


def key_label(key: str) -> str:
    """The Chinese name of a record key, as the case form shows it."""
    return _OWN_LABELS.get(key) or FIELD_LABELS.get(_DRAFT_FIELD_OF_KEY.get(key, key), key)


def key_of_draft_field(field_name: str) -> str:
    """The record key a validation message about a draft field belongs to."""
    return _KEY_OF_DRAFT_FIELD.get(field_name, field_name)


# Texts must fit their columns (the rules' lengths): found while reading the file, each named by row and key.
_CASE_LENGTHS = {**CASE_TEXT_LIMITS, "case_number": text_limits.FIRE_CASES["case_number"]}
_PARTY_LENGTHS = text_limits.PARTIES
_PERSON_NAME_LENGTH = text_limits.PEOPLE["name"]


@dataclass
class ImportedCase:
    """A record turned into what the case service takes, plus what needs the database to resolve."""

    case_number: str  # "" when the file leaves the number to the numbering service
    draft: CaseDraft
    lead_investigator: str | None = None
    other_investigators: list[str] = field(default_factory=list)
    steps: list[TimelineStep] = field(default_factory=list)  # the timeline after registration, if the file has one
    evidence: list[ImportedEvidence] = field(default_factory=list)
    inspections: list[InspectionDraft] = field(default_factory=list)
    interviews: list[InterviewDraft] = field(default_factory=list)
    reviews: list[RecordedReview] = field(default_factory=list)
    loop: LoopTransfer = field(default_factory=LoopTransfer)


def case_to_record(
    detail: CaseDetail,
    zone: ZoneInfo,
    timeline: Sequence[TimelineEntry] = (),
    evidence: Sequence[tuple[EvidenceRecord, list[CustodyEntry]]] = (),
    records: tuple[list[InspectionRecord], list[InterviewRecord]] = ([], []),
    reviews: Sequence[ReviewRecord] = (),
    loop: LoopTransfer | None = None,
) -> dict[str, Any]:
    """The exchange record of a case, times in the agency's zone and amounts as exact strings."""
    facts = detail.facts
    record: dict[str, Any] = {"case_number": detail.case_number}
    for key in RECORD_KEYS[1:]:
        if key in TIME_KEYS:
            record[key] = format_time(getattr(facts, key), zone)
        elif key in AMOUNT_KEYS:
            record[key] = format_amount(getattr(facts, AMOUNT_KEYS[key]))
        elif key == "procedure":
            record[key] = facts.procedure.value
        elif key == "parties":
            record[key] = [
                {"name": p.name, "role": p.role.value, "id_number": p.id_number, "contact": p.contact}
                for p in facts.parties
            ]
        elif key == "investigators":
            record[key] = [{"name": i.name, "lead": i.is_lead} for i in detail.investigators]
        elif key == "fire_grade":
            record[key] = detail.fire_grade.value
        elif key == "status":
            record[key] = detail.status.value
        elif key == "events":
            record[key] = timeline_to_records(timeline, zone)
        elif key == "evidence":
            record[key] = evidence_to_records(evidence, zone)
        elif key == "inspections":
            record[key] = inspections_to_records(records[0], zone)
        elif key == "interviews":
            record[key] = interviews_to_records(records[1], zone)
        elif key == "reviews":
            record[key] = reviews_to_records(reviews, zone)
        elif key == "loop":
            record[key] = loop_to_record(loop or LoopTransfer())
        else:
            record[key] = getattr(facts, key)
    return record


def record_to_case(record: Any, zone: ZoneInfo, problems: list[FieldProblem]) -> ImportedCase | None:
    """The case a record describes; every unusable value is added to `problems` (None if there were any)."""
    if not isinstance(record, Mapping):
        problems.append(FieldProblem("", "应为一个对象 {…}。"))
        return None
    before = len(problems)
    for key in record:
        if key not in RECORD_KEYS:
            problems.append(FieldProblem(str(key), f"未知的字段“{key}”。"))
    draft = CaseDraft()
    imported = ImportedCase(case_number="", draft=draft)

    def take(key: str, parse) -> None:
        if key not in record:
            return
        try:
            parse(record[key])
        except FieldProblem as problem:
            problems.append(problem)

    take(
        "case_number",
        lambda v: setattr(imported, "case_number", parse_text("case_number", v, _CASE_LENGTHS["case_number"])),
    )
    for key in TIME_KEYS:
        take(key, lambda v, key=key: setattr(draft, key, parse_time(key, v, zone)))
    for key in TEXT_KEYS:
        take(key, lambda v, key=key: setattr(draft, key, parse_text(key, v, _CASE_LENGTHS[key])))
    for key in COUNT_KEYS:
        take(key, lambda v, key=key: setattr(draft, key, parse_count(key, v)))
    for key in FLAG_KEYS:
        take(key, lambda v, key=key: setattr(draft, key, parse_flag(key, v)))
    for key, draft_field in AMOUNT_KEYS.items():
        take(key, lambda v, key=key, draft_field=draft_field: setattr(draft, draft_field, parse_amount(key, v)))
    take("procedure", lambda v: setattr(draft, "procedure", _parse_procedure(v)))
    take("parties", lambda v: setattr(draft, "parties", _parse_parties(v)))
    take("investigators", lambda v: _parse_investigators(v, imported))
    take("fire_grade", lambda v: parse_text("fire_grade", v))
    take("status", _check_status)
    take("events", lambda v: setattr(imported, "steps", parse_events(v, zone)))
    take("evidence", lambda v: setattr(imported, "evidence", parse_evidence(v, zone)))
    take("inspections", lambda v: setattr(imported, "inspections", parse_inspections(v, zone)))
    take("interviews", lambda v: setattr(imported, "interviews", parse_interviews(v, zone)))
    take("reviews", lambda v: setattr(imported, "reviews", parse_reviews(v, zone, draft.alarm_time)))
    take("loop", lambda v: setattr(imported, "loop", parse_loop(v)))
    return imported if len(problems) == before else None


def _parse_procedure(value: Any) -> Procedure:
    if value is None:
        return Procedure.GENERAL
    for procedure in Procedure:
        if value in (procedure.value, procedure.label):
            return procedure
    raise FieldProblem("procedure", f"“{value}”不是调查程序，应为 simple（简易程序）或 general（一般程序）。")


_STATUS_NAMES = frozenset({s.value for s in CaseStatus} | {s.label for s in CaseStatus})
_ROLES = {name: role for role in PartyRole for name in (role.value, role.label)}


def _check_status(value: Any) -> None:
    if value is not None and value not in _STATUS_NAMES:
        raise FieldProblem("status", f"“{value}”不是案件状态。")


def party_role(text: str) -> PartyRole:
    """A party role from its code (owner) or its Chinese name (所有人); empty means owner."""
    text = text.strip()
    if not text:
        return PartyRole.OWNER
    if text in _ROLES:
        return _ROLES[text]
    names = "、".join(f"{role.label}（{role.value}）" for role in PartyRole)
    raise FieldProblem("parties", f"当事人身份“{text}”无法识别，应为{names}之一。")


def _parse_parties(value: Any) -> list[PartyDraft]:
    not_a_list = '应为当事人列表 [{"name": …, "role": …}, …]。'
    parties = []
    for where, item in numbered_objects("parties", value, "当事人", PARTY_KEYS, not_a_list=not_a_list):
        try:
            role = item.get("role")
            if role is not None and not isinstance(role, str):
                raise FieldProblem("parties", f"身份应为文字，而不是“{role}”。")
            parties.append(
                PartyDraft(
                    name=parse_text("parties", item.get("name"), _PARTY_LENGTHS["name"]),
                    role=party_role(role or ""),
                    id_number=parse_text("parties", item.get("id_number"), _PARTY_LENGTHS["id_number"]),
                    contact=parse_text("parties", item.get("contact"), _PARTY_LENGTHS["contact"]),
                )
            )
        except FieldProblem as problem:
            raise FieldProblem("parties", f"{where}：{problem.reason}") from None
    return parties


def _parse_investigators(value: Any, imported: ImportedCase) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        raise FieldProblem("investigators", '应为调查人员列表 [{"name": …, "lead": true}, …]。')
    seen: set[str] = set()
    for number, item in enumerate(value, start=1):
        if not isinstance(item, Mapping) or any(k not in INVESTIGATOR_KEYS for k in item):
            raise FieldProblem("investigators", f'第{number}个调查人员应为 {{"name": …, "lead": true/false}}。')
        try:
            name = parse_text("investigators", item.get("name"), _PERSON_NAME_LENGTH)
            lead = parse_flag("investigators", item.get("lead"))
        except FieldProblem as problem:
            raise FieldProblem("investigators", f"第{number}个调查人员：{problem.reason}") from None
        if not name:
            raise FieldProblem("investigators", f"第{number}个调查人员缺少姓名。")
        if name in seen:
            raise FieldProblem("investigators", f"调查人员“{name}”重复。")
        seen.add(name)
        if lead and imported.lead_investigator is not None:
            raise FieldProblem("investigators", "只能有一名主办调查人员（lead 为 true）。")
        if lead:
            imported.lead_investigator = name
        else:
            imported.other_investigators.append(name)
