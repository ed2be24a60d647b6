"""Custody sequences accepted and refused, corrections, and the holder derived from the events."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.rules.custody import CustodyKind, CustodyStep, ItemStatus, check_custody_step, derive_state
from tests.factories import SHANGHAI

K = CustodyKind


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=SHANGHAI)


def chain(*steps: CustodyStep) -> list[CustodyStep]:
    """Record steps one by one, each checked against those before it, with ids as the database would give."""
    recorded: list[CustodyStep] = []
    for number, step in enumerate(steps, start=1):
        assert check_custody_step(recorded, step) == [], step
        recorded.append(CustodyStep(**{**step.__dict__, "id": number}))
    return recorded


COLLECTED = CustodyStep(K.COLLECTED, at(1), "", "张明", "起火点东侧", "提取物证")
SEALED = CustodyStep(K.SEALED, at(1, 10), "张明", "", "现场", "封存", "张明")
HANDED = CustodyStep(K.HANDED_OVER, at(2), "张明", "物证保管室王芳", "大队物证室", "入库保管", "王芳")
TO_LAB = CustodyStep(K.SENT_TO_LAB, at(5), "物证保管室王芳", "省火灾物证鉴定中心", "", "检验熔痕", "王芳")
BACK = CustodyStep(K.REPORT_RECEIVED, at(12), "省火灾物证鉴定中心", "物证保管室王芳", "大队物证室", "报告返回")


def test_full_chain_and_derived_holder():
    steps = chain(COLLECTED, SEALED, HANDED, TO_LAB)
    state = derive_state(steps)
    assert (state.status, state.holder, state.sealed) == (ItemStatus.AT_LAB, "省火灾物证鉴定中心", True)
    steps = chain(COLLECTED, SEALED, HANDED, TO_LAB, BACK)
    assert (derive_state(steps).status, derive_state(steps).holder) == (ItemStatus.IN_CUSTODY, "物证保管室王芳")
    assert derive_state([]).status == ItemStatus.NOT_COLLECTED


def refused(steps, new) -> str:
    problems = check_custody_step(steps, new)
    assert problems, f"{new.kind} should have been refused"
    return " ".join(problems)


def test_first_event_must_be_collection():
    assert "第一条保管记录必须是“提取”" in refused([], HANDED)
    assert "请填写提取人" in refused([], CustodyStep(K.COLLECTED, at(1)))


def test_received_from_someone_who_did_not_hold_it():
    steps = chain(COLLECTED, SEALED)
    wrong = CustodyStep(K.HANDED_OVER, at(2), "李强", "王芳")
    assert "交出人“李强”并不持有该物证，当前持有人是“张明”" in refused(steps, wrong)


def test_nothing_after_destruction_or_return():
    destroyed = chain(COLLECTED, CustodyStep(K.DESTROYED, at(3), "张明", "", "焚烧炉", "结案销毁"))
    assert "物证已销毁" in refused(destroyed, CustodyStep(K.HANDED_OVER, at(4), "张明", "王芳"))
    returned = chain(COLLECTED, CustodyStep(K.RETURNED_TO_OWNER, at(3), "张明", "物主赵某"))
    assert "已发还给“物主赵某”" in refused(returned, CustodyStep(K.HANDED_OVER, at(4), "物主赵某", "王芳"))


@pytest.mark.parametrize(
    "steps,new,reason",
    [
        ((COLLECTED,), BACK, "没有可返回的检验"),
        (
            (COLLECTED, SEALED, HANDED, TO_LAB),
            CustodyStep(K.HANDED_OVER, at(6), "物证保管室王芳", "李强"),
            "请先记录检验报告返回",
        ),
        ((COLLECTED,), CustodyStep(K.COLLECTED, at(2), "", "李强"), "不能再次记录“提取”"),
        ((COLLECTED, SEALED), CustodyStep(K.SEALED, at(2), "张明"), "已经封存"),
        ((COLLECTED,), CustodyStep(K.HANDED_OVER, at(2), "张明", "张明"), "不能是同一人"),
        ((COLLECTED,), CustodyStep(K.SENT_TO_LAB, at(2), "张明", ""), "请填写检验机构"),
        ((COLLECTED, SEALED), CustodyStep(K.HANDED_OVER, at(1, 8), "张明", "王芳"), "不能早于"),
    ],
)
def test_impossible_links(steps, new, reason):
    assert reason in refused(chain(*steps), new)


def test_correction_replaces_the_wrong_event():
    steps = chain(COLLECTED, SEALED, HANDED)
    # The hand-over was really to 李强, not to 王芳: corrected by a new event that points at event 3.
    fix = CustodyStep(K.CORRECTION, at(3), "张明", "李强", "大队物证室", "入库保管", "李强", "接收人记错", corrects=3)
    assert check_custody_step(steps, fix) == []
    corrected = [*steps, CustodyStep(**{**fix.__dict__, "id": 4})]
    assert derive_state(corrected).holder == "李强"
    # The chain continues from the corrected holder.
    assert "当前持有人是“李强”" in refused(corrected, CustodyStep(K.HANDED_OVER, at(4), "物证保管室王芳", "赵磊"))


def test_correction_that_breaks_the_chain_is_refused():
    steps = chain(COLLECTED, SEALED, HANDED, TO_LAB)
    fix = CustodyStep(K.CORRECTION, at(3), "李强", "王芳", corrects=3)  # 李强 never held it
    assert "更正后保管记录不成立" in refused(steps, fix)
    assert "必须指明要更正的保管记录" in refused(steps, CustodyStep(K.CORRECTION, at(3), corrects=99))
