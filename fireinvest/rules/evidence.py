"""What an evidence item (物证) must state when it is registered: its name, who collected it and when (not in the
future), and texts that fit their columns. The chain of custody that follows is rules/custody.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fireinvest.errors import FieldError
from fireinvest.rules import text_limits
from fireinvest.rules.case_facts import in_the_future

LABELS = {"name": "物证名称", "collector": "提取人", "description": "描述", "found_position": "提取部位",
          "measurements": "位置与尺寸", "witness": "见证人", "seal_number": "封装编号",
          "photo_refs": "照片编号"}  # fmt: skip
TEXT_LIMITS = {**{name: text_limits.EVIDENCE_ITEMS[name] for name in LABELS if name != "description"},
               "description": text_limits.LONG_TEXT}  # fmt: skip


@dataclass(frozen=True)
class EvidenceDraft:
    """An evidence item as typed or imported, before it has a number."""

    name: str
    collected_at: dt.datetime
    collector: str
    description: str = ""
    found_position: str = ""
    measurements: str = ""
    witness: str = ""
    seal_number: str = ""
    photo_refs: str = ""


def validate_evidence(draft: EvidenceDraft, now: dt.datetime) -> list[FieldError]:
    """Every problem with the draft; an empty list means it may be registered."""
    errors = []
    if not draft.name.strip():
        errors.append(FieldError("name", "请填写物证名称。"))
    if not draft.collector.strip():
        errors.append(FieldError("collector", "请填写提取人。"))
    if draft.collected_at.tzinfo is None:
        errors.append(FieldError("collected_at", "提取时间缺少时区。"))
    elif in_the_future(draft.collected_at, now):
        errors.append(FieldError("collected_at", "提取时间不能晚于现在。"))
    texts = {name: getattr(draft, name) for name in LABELS}
    return errors + text_limits.text_problems(texts, TEXT_LIMITS, LABELS)
