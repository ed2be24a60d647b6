"""Checks a case draft against the rules before anything is saved; every problem gets a Chinese message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from fireinvest.errors import FieldError
from fireinvest.rules import text_limits
from fireinvest.rules.case_facts import ARSON_CAUSE, CaseDraft, Procedure, in_the_future

# Labels of the fields as a user sees them, used in every message so the user knows which box to fix.
FIELD_LABELS: dict[str, str] = {
    "case_number": "案件编号",
    "alarm_time": "接警时间",
    "extinguished_time": "扑灭时间",
    "address": "起火地址",
    "district": "辖区",
    "place_type": "场所类型",
    "is_key_unit": "重点单位",
    "unit_name": "单位或住户",
    "procedure": "调查程序",
    "facts_disputed": "当事人对事实有争议",
    "summary": "简要案情",
    "dispatched_units": "出动力量",
    "disaster_causes": "灾害成因",
    "cause_finding": "起火原因认定",
    "ignition_time": "起火时间",
    "ignition_area": "起火部位",
    "ignition_point": "起火点",
    "cause_category": "起火原因",
    "cause_detail": "细分原因",
    "burned_area_m2": "过火面积",
    "deaths": "死亡人数",
    "serious_injuries": "重伤人数",
    "minor_injuries": "轻伤人数",
    "affected_households": "受灾户数",
    "direct_property_loss": "直接财产损失",
    "direct_economic_loss": "直接经济损失",
    "lead_investigator_id": "主办调查人员",
    "other_investigator_ids": "协办调查人员",
    "parties": "当事人",
}
PARTY_LABELS = {"name": "姓名或名称", "id_number": "身份证号或统一社会信用代码", "contact": "联系方式"}
# How long each text of a case may be: its column's length, or LONG_TEXT for the long texts.
CASE_TEXT_LIMITS: dict[str, int] = {
    **{name: text_limits.FIRE_CASES[name] for name in (
        "address", "district", "place_type", "unit_name", "ignition_area", "ignition_point", "cause_category",
        "cause_detail")},
    **dict.fromkeys(("summary", "dispatched_units", "disaster_causes", "cause_finding"), text_limits.LONG_TEXT),
}  # fmt: skip


# The ranges of a case's numbers and times: far beyond any real fire, well within what the columns hold (a count
# is a 32-bit integer on PostgreSQL, an amount a 64-bit count of hundredths), so an absurd value gets a message.
MAX_COUNT = 1_000_000
MAX_AMOUNT = {"burned_area_m2": Decimal("1e9"), "direct_property_loss": Decimal("1e13"),
              "direct_economic_loss": Decimal("1e13")}  # fmt: skip
EARLIEST_YEAR = 1949


@dataclass(frozen=True)
class ValidationContext:
    """The reference data and settings the checks need, loaded by the caller."""

    cause_details: Mapping[str, frozenset[str]]  # category -> allowed sub-causes
    place_types: frozenset[str]
    districts: frozenset[str]
    simple_loss_ceiling: Decimal
    investigator_ids: frozenset[int] = field(default_factory=frozenset)
    now: dt.datetime | None = None  # times later than this are refused (None: not checked)


def validate_case(draft: CaseDraft, ctx: ValidationContext) -> list[FieldError]:
    """All problems with the draft, in form order; an empty list means it may be saved."""
    errors: list[FieldError] = []

    def fail(name: str, message: str) -> None:
        errors.append(FieldError(name, message))

    _check_required(draft, fail)
    errors += text_limits.text_problems({name: getattr(draft, name) for name in CASE_TEXT_LIMITS},
                                          CASE_TEXT_LIMITS, FIELD_LABELS)  # fmt: skip
    _check_times(draft, fail, ctx.now)
    _check_reference_values(draft, ctx, fail)
    _check_numbers(draft, fail)
    _check_investigators(draft, ctx, fail)
    _check_parties(draft, fail)
    if draft.procedure == Procedure.SIMPLE:
        _check_simple_procedure(draft, ctx, fail)
    return errors


def _check_required(draft: CaseDraft, fail) -> None:
    if draft.alarm_time is None:
        fail("alarm_time", "请填写接警时间。")
    for name in ("address", "district", "place_type"):
        if not str(getattr(draft, name)).strip():
            fail(name, f"请填写{FIELD_LABELS[name]}。")


def _check_times(draft: CaseDraft, fail, now: dt.datetime | None) -> None:
    for name in ("alarm_time", "extinguished_time", "ignition_time"):
        value = getattr(draft, name)
        if value is not None and value.tzinfo is None:
            fail(name, f"{FIELD_LABELS[name]}缺少时区。")
            return
        if value is not None and not EARLIEST_YEAR <= value.year <= 9000:  # 9000: far from datetime's edge
            fail(name, f"{FIELD_LABELS[name]}的年份不在合理范围（{EARLIEST_YEAR}年以后），请检查日期。")
            return
        if in_the_future(value, now):
            fail(name, f"{FIELD_LABELS[name]}不能晚于现在，请检查日期（以及本机时钟）。")
            return
    alarm, out, ignition = draft.alarm_time, draft.extinguished_time, draft.ignition_time
    if alarm and out and out < alarm:
        fail("extinguished_time", "扑灭时间不能早于接警时间。")
    if alarm and ignition and ignition > alarm:
        fail("ignition_time", "起火时间不能晚于接警时间。")


def _check_reference_values(draft: CaseDraft, ctx: ValidationContext, fail) -> None:
    if draft.district.strip() and draft.district not in ctx.districts:
        fail("district", f"辖区“{draft.district}”不在辖区列表中。")
    if draft.place_type.strip() and draft.place_type not in ctx.place_types:
        fail("place_type", f"场所类型“{draft.place_type}”不在场所类型列表中。")
    if draft.cause_category:
        allowed = ctx.cause_details.get(draft.cause_category)
        if allowed is None:
            fail("cause_category", f"起火原因“{draft.cause_category}”不在原因分类中。")
        elif draft.cause_detail and draft.cause_detail not in allowed:
            fail("cause_detail", f"细分原因“{draft.cause_detail}”不属于“{draft.cause_category}”。")
    elif draft.cause_detail:
        fail("cause_detail", "填写细分原因前请先选择起火原因分类。")


def _check_numbers(draft: CaseDraft, fail) -> None:
    for name in ("deaths", "serious_injuries", "minor_injuries", "affected_households"):
        count = getattr(draft, name)
        if count < 0:
            fail(name, f"{FIELD_LABELS[name]}不能为负数。")
        elif count > MAX_COUNT:
            fail(name, f"{FIELD_LABELS[name]}超出合理范围（最多{MAX_COUNT:,}），请检查。")
    for name in ("burned_area_m2", "direct_property_loss", "direct_economic_loss"):
        value: Decimal = getattr(draft, name)
        if not value.is_finite():
            fail(name, f"{FIELD_LABELS[name]}不是有效数字。")
        elif value < 0:
            fail(name, f"{FIELD_LABELS[name]}不能为负数。")
        elif value > MAX_AMOUNT[name]:
            fail(name, f"{FIELD_LABELS[name]}超出合理范围（最多{MAX_AMOUNT[name]:,}），请检查单位和位数。")
        elif value.as_tuple().exponent < -2:  # type: ignore[operator]
            fail(name, f"{FIELD_LABELS[name]}最多保留两位小数。")
    property_loss, economic_loss = draft.direct_property_loss, draft.direct_economic_loss
    if property_loss.is_finite() and economic_loss.is_finite() and economic_loss < property_loss:
        # XF 185: economic loss = property loss + scene handling + casualty costs, so it can never be smaller.
        fail("direct_economic_loss", "直接经济损失不能小于直接财产损失（直接经济损失包含直接财产损失）。")


def _check_investigators(draft: CaseDraft, ctx: ValidationContext, fail) -> None:
    chosen = [i for i in [draft.lead_investigator_id, *draft.other_investigator_ids] if i is not None]
    unknown = [i for i in chosen if i not in ctx.investigator_ids]
    if unknown:
        fail("other_investigator_ids", "所选调查人员不在人员名册中或已停用。")
    if draft.lead_investigator_id is not None and draft.lead_investigator_id in draft.other_investigator_ids:
        fail("other_investigator_ids", "主办调查人员不能同时列为协办人员。")


def _check_parties(draft: CaseDraft, fail) -> None:
    for number, party in enumerate(draft.parties, start=1):
        if not party.name.strip():
            fail("parties", f"第{number}个当事人缺少姓名或名称。")
        texts = {"name": party.name, "id_number": party.id_number, "contact": party.contact}
        for problem in text_limits.text_problems(texts, text_limits.PARTIES, PARTY_LABELS,
                                                   prefix=f"第{number}个当事人的"):  # fmt: skip
            fail("parties", problem.message)


def _check_simple_procedure(draft: CaseDraft, ctx: ValidationContext, fail) -> None:
    # 火灾事故调查规定: the simple procedure needs ALL of these; each one that fails is named.
    if draft.casualties > 0:
        fail("procedure", "有人员伤亡的火灾不能适用简易调查程序。")
    if draft.direct_property_loss.is_finite() and draft.direct_property_loss >= ctx.simple_loss_ceiling:
        fail(
            "procedure",
            f"直接财产损失达到{ctx.simple_loss_ceiling}元，超过简易调查程序的上限，应适用一般程序。",
        )
    if draft.cause_category == ARSON_CAUSE:
        fail("procedure", "有放火嫌疑的火灾不能适用简易调查程序。")
    if draft.facts_disputed:
        fail("procedure", "当事人对火灾事实有异议，不能适用简易调查程序。")
