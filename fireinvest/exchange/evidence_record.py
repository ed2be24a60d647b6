"""A case's evidence in the exchange format: `"evidence": [{..., "custody": [...]}]`.

Each item keeps its evidence number; its custody events travel in order, and a correction names the event it
corrects by its position in the item's list (`"corrects": 2` is the second event), since database ids differ
between installations. On import every chain is replayed through the custody rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from fireinvest.clock import utc_now
from fireinvest.exchange.values import FieldProblem, format_time, numbered_objects, parse_text, parse_time
from fireinvest.rules import text_limits
from fireinvest.rules.custody import CustodyKind, CustodyStep, check_custody_chain
from fireinvest.rules.evidence import EvidenceDraft
from fireinvest.services.evidence import CustodyEntry, EvidenceRecord

ITEM_TEXT_KEYS = ("name", "description", "found_position", "measurements", "collector", "witness", "seal_number",
                  "photo_refs")  # fmt: skip
ITEM_KEYS = ("evidence_number", "collected_at", *ITEM_TEXT_KEYS, "custody")
STEP_TEXT_KEYS = ("from_holder", "to_holder", "place", "purpose", "signed_by", "note")
STEP_KEYS = ("kind", "time", *STEP_TEXT_KEYS, "corrects")


@dataclass(frozen=True)
class ImportedEvidence:
    evidence_number: str  # "" to have one assigned
    draft: EvidenceDraft
    steps: list[CustodyStep]  # ids are positions in the list; `corrects` points at a position


def evidence_to_records(
    items: Sequence[tuple[EvidenceRecord, list[CustodyEntry]]], zone: ZoneInfo
) -> list[dict[str, Any]]:
    records = []
    for item, history in items:
        position = {entry.id: n for n, entry in enumerate(history, start=1)}
        record: dict[str, Any] = {"evidence_number": item.evidence_number,
                                  "collected_at": format_time(item.draft.collected_at, zone)}  # fmt: skip
        record.update({key: getattr(item.draft, key) for key in ITEM_TEXT_KEYS})
        record["custody"] = [
            {
                "kind": e.step.kind.value,
                "time": format_time(e.step.time, zone),
                **{key: getattr(e.step, key) for key in STEP_TEXT_KEYS},
                **({"corrects": position[e.step.corrects]} if e.step.corrects in position else {}),
            }
            for e in history
        ]
        records.append(record)
    return records


def parse_evidence(value: Any, zone: ZoneInfo) -> list[ImportedEvidence]:
    """The evidence of a record, each chain checked; the first problem raises FieldProblem("evidence", …)."""
    not_a_list = '应为物证列表 [{"name": …, "custody": […]}, …]。'
    items = numbered_objects("evidence", value, "物证", ITEM_KEYS, counter="件", not_a_list=not_a_list)
    return [_item(where, raw, zone) for where, raw in items]


def _item(where: str, raw: Mapping[str, Any], zone: ZoneInfo) -> ImportedEvidence:
    try:
        texts = {key: parse_text("evidence", raw.get(key)) for key in ITEM_TEXT_KEYS}
        collected_at = parse_time("evidence", raw.get("collected_at"), zone)
        evidence_number = parse_text(
            "evidence", raw.get("evidence_number"), text_limits.EVIDENCE_ITEMS["evidence_number"]
        )
    except FieldProblem as exc:
        raise FieldProblem("evidence", f"{where}：{exc.reason}") from None
    if collected_at is None or not texts["name"] or not texts["collector"]:
        raise FieldProblem("evidence", f"{where}缺少名称、提取时间或提取人。")
    steps = _steps(where, raw.get("custody"), zone)
    for index, problem in check_custody_chain(steps, utc_now())[:1]:
        raise FieldProblem("evidence", f"{where}的第{index + 1}条保管记录：{problem}")
    return ImportedEvidence(evidence_number, EvidenceDraft(collected_at=collected_at, **texts), steps)


def _steps(where: str, value: Any, zone: ZoneInfo) -> list[CustodyStep]:
    if not isinstance(value, list) or not value:
        raise FieldProblem("evidence", f"{where}缺少保管记录（custody），至少应有“提取”。")
    steps = []
    for position, raw in enumerate(value):
        label = f"{where}的第{position + 1}条保管记录"
        if not isinstance(raw, Mapping) or any(k not in STEP_KEYS for k in raw):
            raise FieldProblem("evidence", f"{label}应为对象，字段为 {', '.join(STEP_KEYS)}。")
        try:
            kind = CustodyKind(raw["kind"])
        except (KeyError, ValueError):
            raise FieldProblem("evidence", f"{label}的类型“{raw.get('kind')}”无法识别。") from None
        try:
            time = parse_time("evidence", raw.get("time"), zone)
            texts = {key: parse_text("evidence", raw.get(key)) for key in STEP_TEXT_KEYS}
        except FieldProblem as problem:
            raise FieldProblem("evidence", f"{label}：{problem.reason}") from None
        corrects = raw.get("corrects")
        if corrects is not None and (not isinstance(corrects, int) or not 1 <= corrects <= position):
            raise FieldProblem("evidence", f"{label}的 corrects 应指向前面某条记录的序号（从 1 起）。")
        if time is None:
            raise FieldProblem("evidence", f"{label}缺少时间。")
        steps.append(CustodyStep(kind, time, corrects=None if corrects is None else corrects - 1, id=position, **texts))
    return steps
