"""Each rule a case draft must satisfy, and the Chinese message the user sees when it does not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fireinvest.rules.case_facts import PartyDraft, Procedure
from fireinvest.rules.case_validation import ValidationContext, validate_case
from tests.factories import local, make_draft

CTX = ValidationContext(
    cause_details={"电气": frozenset({"短路", "过负荷"}), "放火": frozenset({"故意放火"}), "不明确原因": frozenset()},
    place_types=frozenset({"住宅", "厂房"}),
    districts=frozenset({"玄武区", "秦淮区"}),
    simple_loss_ceiling=Decimal("50000"),
    investigator_ids=frozenset({1, 2}),
)


def problems(**overrides) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in validate_case(make_draft(**overrides), CTX):
        found.setdefault(error.field, []).append(error.message)
    return found


def simple(**overrides):
    values = dict(
        procedure=Procedure.SIMPLE, direct_property_loss=Decimal("3000"), direct_economic_loss=Decimal("3000")
    )
    values.update(overrides)
    return problems(**values)


def test_valid_draft_has_no_problems():
    assert problems() == {}
    assert simple() == {}


def test_extinguished_before_alarm():
    found = problems(extinguished_time=local(2026, 3, 1, 9, 0))
    assert found == {"extinguished_time": ["扑灭时间不能早于接警时间。"]}


def test_ignition_after_alarm():
    assert "ignition_time" in problems(ignition_time=local(2026, 3, 1, 12, 0))


def test_naive_time_is_refused():
    assert "alarm_time" in problems(
        alarm_time=dt.datetime(2026, 3, 1, 10, 0), ignition_time=None, extinguished_time=None
    )


@pytest.mark.parametrize(
    "field,label",
    [
        ("deaths", "死亡人数"),
        ("serious_injuries", "重伤人数"),
        ("minor_injuries", "轻伤人数"),
        ("affected_households", "受灾户数"),
    ],
)
def test_negative_counts(field, label):
    assert problems(**{field: -1})[field] == [f"{label}不能为负数。"]


@pytest.mark.parametrize("field", ["burned_area_m2", "direct_property_loss", "direct_economic_loss"])
def test_negative_amounts(field):
    assert any("不能为负数" in m for m in problems(**{field: Decimal("-0.01")})[field])


def test_fen_is_the_smallest_unit():
    assert problems(direct_economic_loss=Decimal("32000.001"))["direct_economic_loss"] == [
        "直接经济损失最多保留两位小数。"
    ]


def test_economic_loss_cannot_be_below_property_loss():
    assert "direct_economic_loss" in problems(
        direct_property_loss=Decimal("5000"), direct_economic_loss=Decimal("4000")
    )


@pytest.mark.parametrize(
    "field,overrides,message",
    [
        ("alarm_time", dict(alarm_time=None, ignition_time=None, extinguished_time=None), "请填写接警时间。"),
        ("address", dict(address="  "), "请填写起火地址。"),
        ("district", dict(district=""), "请填写辖区。"),
        ("place_type", dict(place_type=""), "请填写场所类型。"),
    ],
)
def test_missing_required_facts(field, overrides, message):
    assert problems(**overrides)[field] == [message]


def test_values_must_come_from_the_code_lists():
    assert problems(district="火星区")["district"] == ["辖区“火星区”不在辖区列表中。"]
    assert "place_type" in problems(place_type="宇宙飞船")
    assert "cause_category" in problems(cause_category="外星人", cause_detail="")
    assert problems(cause_detail="故意放火")["cause_detail"] == ["细分原因“故意放火”不属于“电气”。"]
    assert "cause_detail" in problems(cause_category="", cause_detail="短路")


def test_cause_may_still_be_undetermined_at_registration():
    assert problems(cause_category="", cause_detail="") == {}


def test_simple_procedure_refused_with_casualties():
    assert simple(minor_injuries=1)["procedure"] == ["有人员伤亡的火灾不能适用简易调查程序。"]
    assert "procedure" in simple(deaths=1)
    assert "procedure" in simple(serious_injuries=1)


def test_simple_procedure_loss_ceiling():
    assert simple(direct_property_loss=Decimal("49999.99"), direct_economic_loss=Decimal("49999.99")) == {}
    found = simple(direct_property_loss=Decimal("50000"), direct_economic_loss=Decimal("50000"))
    assert found["procedure"] == ["直接财产损失达到50000元，超过简易调查程序的上限，应适用一般程序。"]


def test_simple_procedure_refused_for_arson_and_disputes():
    assert simple(cause_category="放火", cause_detail="故意放火")["procedure"] == [
        "有放火嫌疑的火灾不能适用简易调查程序。"
    ]
    assert "procedure" in simple(facts_disputed=True)


def test_every_failed_simple_condition_is_named():
    found = simple(deaths=1, cause_category="放火", cause_detail="", facts_disputed=True,
                   direct_property_loss=Decimal("80000"), direct_economic_loss=Decimal("80000"))  # fmt: skip
    assert len(found["procedure"]) == 4


def test_investigators_must_be_registered():
    assert "other_investigator_ids" in problems(lead_investigator_id=99)
    assert "other_investigator_ids" in problems(lead_investigator_id=1, other_investigator_ids=[1])
    assert problems(lead_investigator_id=1, other_investigator_ids=[2]) == {}


def test_parties_need_a_name():
    assert problems(parties=[PartyDraft("张三"), PartyDraft(" ")])["parties"] == ["第2个当事人缺少姓名或名称。"]
