"""Registering, editing and voiding cases through the use cases, on a real database."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.rules.case_facts import CaseStatus, PartyDraft, PartyRole, Procedure
from fireinvest.rules.grading import FireGrade
from fireinvest.services import case_query, cases, people, settings
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from tests.factories import local, make_draft


def count(workstation, **filters) -> int:
    """How many cases the case list shows with these filters."""
    case_filter = case_query.CaseFilter(**filters)
    page = case_query.case_list_page(workstation, case_filter, case_query.CaseSort(), 0, 0, with_total=True)
    assert page.total is not None
    return page.total


def create(workstation, **overrides):
    return cases.create_case(workstation, make_draft(**overrides)).value


def test_facts_are_stored_exactly(workstation):
    created = create(
        workstation,
        direct_property_loss=Decimal("12345678901.23"),
        direct_economic_loss=Decimal("12345678999.99"),
        burned_area_m2=Decimal("1234.56"),
        parties=[PartyDraft("王某某", PartyRole.OWNER, "320102198001011234", "13800000000"),
                 PartyDraft("某某超市", PartyRole.RESPONSIBLE_UNIT, "91320100MA1XXXXX0X", "025-88888888")],
    )  # fmt: skip
    facts = cases.get_case(workstation, created.id).facts
    assert facts.direct_property_loss == Decimal("12345678901.23")
    assert facts.direct_economic_loss == Decimal("12345678999.99")
    assert facts.burned_area_m2 == Decimal("1234.56")
    assert facts.alarm_time == local(2026, 3, 1, 10, 5)
    assert [(p.name, p.role) for p in facts.parties] == [
        ("王某某", PartyRole.OWNER),
        ("某某超市", PartyRole.RESPONSIBLE_UNIT),
    ]
    assert created.status == CaseStatus.REGISTERED


def test_numbers_run_per_agency_and_year(workstation):
    first = create(workstation)
    second = create(workstation)
    other_year = create(workstation, alarm_time=local(2025, 12, 31, 23, 0), ignition_time=None, extinguished_time=None)
    assert [first.case_number, second.case_number] == ["320100-2026-00001", "320100-2026-00002"]
    assert other_year.case_number == "320100-2025-00001"
    current = settings.agency_settings(workstation)
    settings.update_agency_settings(workstation, replace(current, agency_code="320200"))
    assert create(workstation).case_number == "320200-2026-00001"


def test_year_is_the_local_year_of_the_alarm(workstation):
    # 00:30 on 1 January in Beijing is still the old year in UTC; the number and the grade go by local time.
    new_year = create(workstation, alarm_time=local(2026, 1, 1, 0, 30), ignition_time=None, extinguished_time=None)
    assert new_year.case_number == "320100-2026-00001"


def test_grade_is_computed_under_the_rules_of_the_local_fire_date(workstation):
    loss = dict(direct_property_loss=Decimal("20000000"), direct_economic_loss=Decimal("20000000"))
    # 2025-05-01 00:30 in Beijing is 2025-04-30 in UTC: the 2025 rules apply, 2000万 is 一般 there.
    since = create(workstation, alarm_time=local(2025, 5, 1, 0, 30), ignition_time=None, extinguished_time=None,
                   **loss)  # fmt: skip
    before = create(workstation, alarm_time=local(2025, 4, 30, 23, 30), ignition_time=None, extinguished_time=None,
                    **loss)  # fmt: skip
    assert since.fire_grade == FireGrade.ORDINARY
    assert before.fire_grade == FireGrade.LARGER


def test_invalid_case_saves_nothing(workstation):
    with pytest.raises(ValidationFailed) as failure:
        create(workstation, extinguished_time=local(2026, 3, 1, 9, 0), deaths=-1)
    assert {e.field for e in failure.value.errors} == {"extinguished_time", "deaths"}
    assert "扑灭时间不能早于接警时间" in failure.value.message
    assert count(workstation, include_voided=True) == 0
    # The refused registration did not use up a number.
    assert create(workstation).case_number == "320100-2026-00001"


def test_simple_procedure_conditions_are_enforced(workstation):
    with pytest.raises(ValidationFailed, match="有人员伤亡"):
        create(workstation, procedure=Procedure.SIMPLE, minor_injuries=1)
    with pytest.raises(ValidationFailed, match="超过简易调查程序的上限"):
        create(workstation, procedure=Procedure.SIMPLE, direct_property_loss=Decimal("50000"),
               direct_economic_loss=Decimal("50000"))  # fmt: skip
    with pytest.raises(ValidationFailed, match="放火嫌疑"):
        create(workstation, procedure=Procedure.SIMPLE, cause_category="放火", cause_detail="故意放火")
    assert count(workstation, include_voided=True) == 0


def test_the_ceiling_is_a_setting(workstation):
    current = settings.agency_settings(workstation)
    settings.update_agency_settings(workstation, replace(current, simple_procedure_loss_ceiling=Decimal("10000")))
    with pytest.raises(ValidationFailed, match="达到10000元"):
        create(workstation, procedure=Procedure.SIMPLE, direct_property_loss=Decimal("20000"))
    ok = create(workstation, procedure=Procedure.SIMPLE, direct_property_loss=Decimal("9999.99"))
    assert ok.facts.procedure == Procedure.SIMPLE


def test_update_and_lost_update_refused(db, workstation):
    created = create(workstation)
    draft = created.facts
    draft.address = "秦淮区夫子庙1号"
    updated = cases.update_case(Workstation(db, Actor("李四")), created.id, created.version, draft).value
    assert updated.version == created.version + 1
    assert updated.updated_by == "李四"
    # A second workstation still holding the old version must not overwrite 李四's change.
    stale = created.facts
    stale.address = "建邺区某路"
    with pytest.raises(ConcurrentEditError, match="案件 320100-2026-00001 已被 李四 在其他工作站修改并保存"):
        cases.update_case(workstation, created.id, created.version, stale)
    assert cases.get_case(workstation, created.id).facts.address == "秦淮区夫子庙1号"


def test_grade_follows_edits(workstation):
    created = create(workstation)
    draft = created.facts
    draft.deaths = 3
    assert cases.update_case(workstation, created.id, created.version, draft).value.fire_grade == FireGrade.LARGER


def test_investigators_lead_and_others(workstation):
    lead = people.save_person(workstation, people.PersonRecord(None, "张明", title="中级调查员")).value
    other = people.save_person(workstation, people.PersonRecord(None, "李强")).value
    created = create(workstation, lead_investigator_id=lead.id, other_investigator_ids=[other.id])
    assert [(i.name, i.is_lead) for i in created.investigators] == [("张明", True), ("李强", False)]
    with pytest.raises(ValidationFailed, match="人员名册"):
        create(workstation, lead_investigator_id=9999)


def test_void_keeps_the_number_and_hides_the_case(workstation):
    created = create(workstation)
    with pytest.raises(ValidationFailed, match="作废原因"):
        cases.void_case(workstation, created.id, created.version, " ")
    voided = cases.void_case(workstation, created.id, created.version, "重复登记").value
    assert voided.status == CaseStatus.VOIDED
    assert count(workstation) == 0
    assert count(workstation, status=CaseStatus.VOIDED) == 1
    assert create(workstation).case_number == "320100-2026-00002"
    with pytest.raises(ValidationFailed, match="已作废"):
        cases.update_case(workstation, created.id, voided.version, voided.facts)


def test_unknown_case(workstation):
    with pytest.raises(NotFound):
        cases.find_case_id(workstation, "320100-2026-99999")


def test_settings_refuse_bad_values_and_stale_edits(workstation):
    current = settings.agency_settings(workstation)
    with pytest.raises(ValidationFailed) as failure:
        settings.update_agency_settings(workstation, replace(current, agency_code="32 01", agency_name=""))
    assert {e.field for e in failure.value.errors} == {"agency_code", "agency_name"}
    settings.update_agency_settings(workstation, replace(current, agency_name="南京市消防救援支队"))
    with pytest.raises(ConcurrentEditError, match="机构设置已被 .* 在其他工作站修改并保存"):
        settings.update_agency_settings(workstation, replace(current, agency_name="另一个名字"))
    assert settings.agency_settings(workstation).agency_name == "南京市消防救援支队"
