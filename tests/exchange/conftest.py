"""Shared builders for the exchange tests: a varied set of cases, and a way to compare two archives' cases."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from fireinvest.exchange import FORMAT_TAG
from fireinvest.rules.case_facts import PartyDraft, PartyRole, Procedure
from fireinvest.services import case_query, cases, people
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.people import PersonRecord
from tests.factories import local, make_draft

# Who checks an archive's contents in these tests (reading never depends on who reads).
CHECKER = Actor("检查员")


def _investigators(workstation: Workstation) -> tuple[int, int]:
    lead = people.save_person(workstation, PersonRecord(id=None, name="张建国", title="科长")).value
    other = people.save_person(workstation, PersonRecord(id=None, name="李明")).value
    assert lead.id is not None and other.id is not None
    return lead.id, other.id


def create_varied_cases(db, actor) -> list[str]:
    """Cases that exercise every field and the awkward values: big exact amounts, other offsets, missing times,
    foreign case numbers, parentheses and commas in parties, simple procedure. Returns their case numbers."""
    workstation = Workstation(db, actor)
    lead, other = _investigators(workstation)
    drafts = [
        (None, make_draft(lead_investigator_id=lead, other_investigator_ids=[other])),
        (
            None,
            make_draft(
                direct_property_loss=Decimal("12345678901.23"),
                direct_economic_loss=Decimal("12345678999.99"),
                burned_area_m2=Decimal("1234.56"),
                deaths=3,
                serious_injuries=2,
                minor_injuries=7,
                affected_households=12,
                is_key_unit=True,
                facts_disputed=True,
                place_type="厂房",
                unit_name="某某有限公司(南京)",
                cause_category="生产作业",
                cause_detail="电焊气割",
                parties=[
                    PartyDraft(
                        "某某有限公司(南京)",
                        PartyRole.RESPONSIBLE_UNIT,
                        "91320100MA1XXXXX0X",
                        "025-88888888, 13900000000",
                    ),
                    PartyDraft("赵某", PartyRole.VICTIM),
                    PartyDraft("钱某某", PartyRole.SUSPECT, "", "在押"),
                ],
                lead_investigator_id=other,
                other_investigator_ids=[lead],
            ),
        ),
        # Given in UTC: the instant must survive although files carry the agency's +08:00.
        (
            None,
            make_draft(
                alarm_time=dt.datetime(2025, 12, 31, 16, 30, 15, tzinfo=dt.UTC),
                extinguished_time=dt.datetime(2025, 12, 31, 18, 0, tzinfo=dt.UTC),
                ignition_time=None,
                summary="跨年夜（本地时间2026年1月1日0时30分）起火。",
            ),
        ),
        (
            None,
            make_draft(
                procedure=Procedure.SIMPLE,
                direct_property_loss=Decimal("800.50"),
                direct_economic_loss=Decimal("800.50"),
                burned_area_m2=Decimal("0.5"),
                parties=[],
                extinguished_time=None,
                ignition_time=None,
                cause_category="不明确原因",
                cause_detail="",
                ignition_area="",
                ignition_point="",
                unit_name="",
                summary="",
            ),
        ),
        (
            "旧系统-2019-117",
            make_draft(
                alarm_time=local(2019, 7, 3, 2, 15),
                extinguished_time=local(2019, 7, 3, 4, 0),
                ignition_time=local(2019, 7, 3, 1, 40),
                district="江宁区",
                place_type="户外",
            ),
        ),
    ]
    return [cases.create_case(workstation, draft, case_number=number).value.case_number for number, draft in drafts]


def snapshot(db) -> dict[str, tuple]:
    """Every imported fact of every case by case number, with investigators by name (ids differ between archives)."""
    with db.reading() as session:
        ids = case_query.case_ids(session, case_query.CaseFilter(include_voided=True), case_query.CaseSort())
        details = cases.load_case_details(session, ids)
    result = {}
    for detail in details:
        facts = detail.facts
        facts.lead_investigator_id, facts.other_investigator_ids = None, []
        staff = tuple((i.name, i.is_lead) for i in detail.investigators)
        result[detail.case_number] = (facts, staff, detail.fire_grade)
    return result


def case_count(db) -> int:
    everything = case_query.CaseFilter(include_voided=True)
    page = case_query.case_list_page(Workstation(db, CHECKER), everything, case_query.CaseSort(), 0, 0, with_total=True)
    assert page.total is not None
    return page.total


def people_count(db) -> int:
    return len(people.people_register(Workstation(db, CHECKER), include_inactive=True))


def record(number: int) -> dict:
    """A valid exchange record of a dwelling fire on 2026-03-<number>, with a new investigator."""
    return {
        "alarm_time": f"2026-03-{number:02d}T10:05:00+08:00",
        "extinguished_time": f"2026-03-{number:02d}T11:30:00+08:00",
        "address": f"玄武区中山路{number}号",
        "district": "玄武区",
        "place_type": "住宅",
        "unit_name": "住户王某某",
        "procedure": "general",
        "cause_category": "电气",
        "cause_detail": "短路",
        "direct_property_loss_yuan": "30000.00",
        "direct_economic_loss_yuan": 32000,
        "parties": [{"name": "王某某", "role": "owner", "id_number": "", "contact": ""}],
        "investigators": [{"name": f"新调查员{number}", "lead": True}],
    }


def write_json(path, records, format_tag=FORMAT_TAG):
    path.write_text(json.dumps({"format": format_tag, "cases": records}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def varied_cases(db, actor) -> list[str]:
    return create_varied_cases(db, actor)
