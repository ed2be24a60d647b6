"""The chain of custody of one evidence item: who holds it and where it is, derived from its events, and which new
event is possible (DOMAIN.md section 6).

Events are never edited. A correction is a new event pointing at the wrong one and carrying the right values; the
chain is read with each corrected event replaced by its correction, and the whole corrected chain must still be
possible, so a correction cannot smuggle in an impossible history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from fireinvest.rules import text_limits
from fireinvest.rules.case_facts import in_the_future


class CustodyKind(StrEnum):
    COLLECTED = "collected"  # 提取
    SEALED = "sealed"  # 封存
    HANDED_OVER = "handed_over"  # 移交
    SENT_TO_LAB = "sent_to_lab"  # 送检
    REPORT_RECEIVED = "report_received"  # 检验报告返回（物证退回）
    RETURNED_TO_OWNER = "returned_to_owner"  # 发还
    DESTROYED = "destroyed"  # 销毁
    CORRECTION = "correction"  # 更正

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CustodyKind.COLLECTED: "提取",
    CustodyKind.SEALED: "封存",
    CustodyKind.HANDED_OVER: "移交",
    CustodyKind.SENT_TO_LAB: "送检",
    CustodyKind.REPORT_RECEIVED: "检验报告返回",
    CustodyKind.RETURNED_TO_OWNER: "发还",
    CustodyKind.DESTROYED: "销毁",
    CustodyKind.CORRECTION: "更正",
}


class ItemStatus(StrEnum):
    NOT_COLLECTED = "not_collected"
    IN_CUSTODY = "in_custody"
    AT_LAB = "at_lab"
    RETURNED = "returned"
    DESTROYED = "destroyed"

    @property
    def label(self) -> str:
        return {
            "not_collected": "未提取",
            "in_custody": "在管",
            "at_lab": "送检中",
            "returned": "已发还",
            "destroyed": "已销毁",
        }[self.value]


@dataclass(frozen=True)
class CustodyStep:
    kind: CustodyKind
    time: dt.datetime
    from_holder: str = ""
    to_holder: str = ""
    place: str = ""
    purpose: str = ""
    signed_by: str = ""
    note: str = ""
    corrects: int | None = None  # for a correction: the id of the event it corrects
    id: int | None = None  # None for a step not recorded yet


@dataclass(frozen=True)
class CustodyState:
    status: ItemStatus = ItemStatus.NOT_COLLECTED
    holder: str = ""
    location: str = ""
    sealed: bool = False


def effective_steps(steps: Sequence[CustodyStep]) -> list[CustodyStep]:
    """The chain as it stands after corrections: each corrected event replaced by the values of its (latest)
    correction, keeping its own kind; corrections themselves are not links of the chain."""
    corrections = {s.corrects: s for s in steps if s.kind == CustodyKind.CORRECTION and s.corrects is not None}
    chain = []
    for step in steps:
        if step.kind == CustodyKind.CORRECTION:
            continue
        fix = corrections.get(step.id) if step.id is not None else None  # a step not recorded yet has no correction
        if fix is not None:
            step = replace(fix, kind=step.kind, id=step.id, corrects=None)
        chain.append(step)
    return sorted(chain, key=lambda s: s.time)


def derive_state(steps: Sequence[CustodyStep]) -> CustodyState:
    """Where the item is and who holds it, from its (corrected) chain."""
    state = CustodyState()
    for step in effective_steps(steps):
        state = _after(state, step)
    return state


def _after(state: CustodyState, step: CustodyStep) -> CustodyState:
    k = step.kind
    if k == CustodyKind.COLLECTED:
        return CustodyState(ItemStatus.IN_CUSTODY, step.to_holder, step.place)
    if k == CustodyKind.SEALED:
        return replace(state, sealed=True, location=step.place or state.location)
    if k == CustodyKind.HANDED_OVER:
        return replace(state, holder=step.to_holder, location=step.place or state.location)
    if k == CustodyKind.SENT_TO_LAB:
        return replace(state, status=ItemStatus.AT_LAB, holder=step.to_holder, location=step.place or step.to_holder)
    if k == CustodyKind.REPORT_RECEIVED:
        return replace(
            state, status=ItemStatus.IN_CUSTODY, holder=step.to_holder, location=step.place or state.location
        )
    if k == CustodyKind.RETURNED_TO_OWNER:
        return replace(state, status=ItemStatus.RETURNED, holder=step.to_holder, location=step.place)
    if k == CustodyKind.DESTROYED:
        return replace(state, status=ItemStatus.DESTROYED, holder="", location=step.place)
    return state


_TEXT_LABELS = {"from_holder": "交出人", "to_holder": "接收人", "place": "地点", "purpose": "事由", "signed_by": "签名",
                "note": "备注"}  # fmt: skip
_TEXT_LIMITS = {**text_limits.CUSTODY_EVENTS, "note": text_limits.LONG_TEXT}


def check_custody_step(steps: Sequence[CustodyStep], new: CustodyStep, now: dt.datetime | None = None) -> list[str]:
    """Why the new event cannot be recorded (later than `now` among other things); empty when it can."""
    texts = {name: getattr(new, name) for name in _TEXT_LABELS}
    too_long = [problem.message for problem in text_limits.text_problems(texts, _TEXT_LIMITS, _TEXT_LABELS)]
    if too_long:
        return too_long
    if new.time.tzinfo is None:
        return ["时间缺少时区。"]
    if in_the_future(new.time, now):
        return ["保管记录的时间不能晚于现在，请检查日期（以及本机时钟）。"]
    if new.kind == CustodyKind.CORRECTION:
        return _check_correction(steps, new)
    chain = effective_steps(steps)
    problems = []
    if chain and new.time < chain[-1].time:
        problems.append("新记录的时间不能早于保管记录中的最后一次流转。")
    return problems + _check_link(derive_state(steps), new)


def _check_link(state: CustodyState, new: CustodyStep) -> list[str]:
    k = new.kind
    if state.status == ItemStatus.NOT_COLLECTED:
        if k != CustodyKind.COLLECTED:
            return ["物证尚未提取：第一条保管记录必须是“提取”。"]
        return [] if new.to_holder.strip() else ["请填写提取人（物证的第一位保管人）。"]
    if k == CustodyKind.COLLECTED:
        return ["物证已经提取，不能再次记录“提取”。"]
    if state.status == ItemStatus.DESTROYED:
        return ["物证已销毁，不能再记录流转。"]
    if state.status == ItemStatus.RETURNED:
        return [f"物证已发还给“{state.holder}”，不能再记录流转。"]
    if k == CustodyKind.REPORT_RECEIVED:
        if state.status != ItemStatus.AT_LAB:
            return ["物证不在检验机构，没有可返回的检验。"]
    elif state.status == ItemStatus.AT_LAB:
        return [f"物证正在“{state.holder}”检验，请先记录检验报告返回。"]
    problems = []
    giver = new.from_holder.strip()
    if k != CustodyKind.SEALED and giver != state.holder:
        problems.append(f"交出人“{giver or '（空）'}”并不持有该物证，当前持有人是“{state.holder}”。")
    if k == CustodyKind.SEALED and giver and giver != state.holder:
        problems.append(f"封存人“{giver}”并不持有该物证，当前持有人是“{state.holder}”。")
    needs_receiver = {
        CustodyKind.HANDED_OVER: "接收人",
        CustodyKind.SENT_TO_LAB: "检验机构",
        CustodyKind.REPORT_RECEIVED: "接收人",
        CustodyKind.RETURNED_TO_OWNER: "领取人（物主）",
    }
    if k in needs_receiver and not new.to_holder.strip():
        problems.append(f"请填写{needs_receiver[k]}。")
    if k == CustodyKind.HANDED_OVER and new.to_holder.strip() == state.holder:
        problems.append("移交人和接收人不能是同一人。")
    if k == CustodyKind.SEALED and state.sealed:
        problems.append("物证已经封存。")
    return problems


def _check_correction(steps: Sequence[CustodyStep], new: CustodyStep) -> list[str]:
    target = next((s for s in steps if s.id is not None and s.id == new.corrects), None)
    if target is None:
        return ["更正必须指明要更正的保管记录。"]
    if target.kind == CustodyKind.CORRECTION:
        return ["请更正原记录，而不是更正另一条更正。"]
    corrected = [*steps, new]
    chain = effective_steps(corrected)
    # Replay the corrected chain: every link must still have been possible at its time.
    replayed: list[CustodyStep] = []
    for link in chain:
        problems = _check_link(derive_state(replayed), link)
        if problems:
            return [f"更正后保管记录不成立（{link.kind.label}，{link.time:%Y-%m-%d %H:%M}）：{problems[0]}"]
        replayed.append(link)
    return []


def check_custody_chain(steps: Sequence[CustodyStep], now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Replay a whole chain (e.g. from an import) event by event; (index, problem) for each refusal.

    Steps carry their position as id so corrections can point at an earlier step of the same chain.
    """
    problems: list[tuple[int, str]] = []
    recorded: list[CustodyStep] = []
    for index, step in enumerate(steps):
        problems += [(index, p) for p in check_custody_step(recorded, step, now)]
        recorded.append(step)
    return problems
