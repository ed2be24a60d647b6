"""Similar cases for a case evaluation: earlier fires of the same cause and place type, newest first, with the
prevention recommendations drawn from them."""

from __future__ import annotations

from fireinvest.services import cases
from fireinvest.services.loop import items as loop_items
from fireinvest.services.similar_cases import similar_cases
from tests.factories import local
from tests.loop_factories import recommendation, registered_case


def test_earlier_cases_of_the_same_cause_and_place_with_their_recommendations(db, actor, workstation):
    target = registered_case(db, actor, local(2026, 3, 1))
    recent = registered_case(db, actor, local(2025, 5, 2), address="玄武区长江路1号")
    older = registered_case(db, actor, local(2024, 1, 9), address="玄武区中山路9号")
    registered_case(db, actor, local(2025, 7, 1), cause_category="用火不慎", cause_detail="")
    registered_case(db, actor, local(2025, 8, 1), place_type="厂房")
    registered_case(db, actor, local(2026, 6, 1))  # later than the case evaluated
    voided = registered_case(db, actor, local(2025, 9, 1))
    cases.void_case(workstation, voided.id, voided.version, "重复登记")
    first = loop_items.create_recommendation(workstation, older.id, recommendation()).value
    second = loop_items.create_recommendation(workstation, older.id, recommendation(addressee="中山街道办事处")).value
    found = similar_cases(workstation, target.id)
    newest = similar_cases(workstation, target.id, limit=1)
    advised = similar_cases(workstation, target.id, with_recommendations_only=True)
    assert [c.case_number for c in found] == [recent.case_number, older.case_number]
    assert found[0].recommendations == ()
    assert [r.id for r in found[1].recommendations] == [first.id, second.id]
    assert found[1].recommendations[1].draft.addressee == "中山街道办事处"
    assert found[1].address == "玄武区中山路9号" and found[1].fire_grade == older.fire_grade.value
    assert [c.case_number for c in newest] == [recent.case_number]
    assert [c.case_number for c in advised] == [older.case_number]


def test_a_case_without_a_cause_has_no_similar_cases(db, actor, workstation):
    registered_case(db, actor, local(2025, 1, 1), cause_category="", cause_detail="")
    target = registered_case(db, actor, local(2026, 1, 1), cause_category="", cause_detail="")
    assert similar_cases(workstation, target.id) == []
