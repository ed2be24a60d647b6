"""How long each stored text may be and what it may contain: one table for the whole schema, and one check that
every rule uses.

The models take their column lengths from here, and every rule that accepts text from a person or a file checks it
against the same numbers (`text_problems`). So a text a form accepts always fits its column on both backends —
SQLite does not enforce VARCHAR lengths at all, PostgreSQL refuses the whole statement with an error that would
reach the user untranslated — and what one installation exports, another installation imports.

Long texts (the summary of a case, a finding, an opinion: TEXT columns) have no column limit; `LONG_TEXT` keeps
them within what an Excel cell holds (32,767 characters), so an export never cuts one short.

Lengths are in characters, as people count them (Python's str length; PostgreSQL's VARCHAR counts characters too).

No text may hold control characters other than tab and line breaks: a vertical tab (what Word puts into text copied
with soft line breaks) or a form feed cannot be written to an Excel cell, a NUL cannot be stored in PostgreSQL, and
a lone surrogate cannot be encoded at all. Refusing them where text comes in means no later export can fail on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from fireinvest.errors import FieldError

LONG_TEXT = 30_000

# Column lengths, by table (the models' String columns). A test keeps this table and the models equal.
ACCOUNTABILITY_ENTRIES = {
    "party": 100,
    "party_kind": 20,
    "legal_basis": 200,
    "measure": 30,
    "deciding_body": 100,
    "status": 20,
    "updated_by": 50,
}
ATTACHMENT_CHUNKS = {"sha256": 64}
ATTACHMENT_CONTENTS = {"sha256": 64}
ATTACHMENTS = {"sha256": 64, "kind": 20, "original_name": 255, "media_type": 100, "added_by": 50}
CALENDAR_ENTRIES = {"note": 100}
CASE_DEADLINES = {"kind": 40, "label": 50, "responsible": 10}
CASE_EVENTS = {"type": 40, "performed_by": 100, "recorded_by": 50}
CASE_NUMBER_COUNTERS = {"agency_code": 20}
CORRECTIVE_MEASURES = {"owner": 100, "status": 20, "verified_by": 50, "verdict": 20, "updated_by": 50}
CUSTODY_EVENTS = {
    "kind": 30,
    "from_holder": 100,
    "to_holder": 100,
    "place": 200,
    "purpose": 200,
    "signed_by": 100,
    "recorded_by": 50,
}
DOCUMENT_COUNTERS = {"agency_code": 20, "kind": 40}
DOCUMENT_NUMBERS = {"agency_code": 20, "kind": 40, "number_text": 80, "allocated_by": 50, "voided_by": 50}
EVIDENCE_COUNTERS = {"agency_code": 20}
EVIDENCE_ITEMS = {
    "evidence_number": 40,
    "agency_code": 20,
    "name": 100,
    "found_position": 200,
    "measurements": 200,
    "collector": 50,
    "witness": 50,
    "seal_number": 50,
    "photo_refs": 200,
    "created_by": 50,
}
EXPERT_REVIEWS = {"purpose": 30, "place": 200, "status": 20, "concluded_by": 50, "updated_by": 50}
EXPERTS = {"name": 50, "unit": 100, "specialty": 100, "title": 50, "contact": 100, "updated_by": 50}
FIRE_CASES = {
    "case_number": 40,
    "agency_code": 20,
    "status": 20,
    "address": 200,
    "district": 50,
    "place_type": 50,
    "unit_name": 200,
    "procedure": 10,
    "ignition_area": 200,
    "ignition_point": 200,
    "cause_category": 50,
    "cause_detail": 100,
    "fire_grade": 10,
    "created_by": 50,
    "updated_by": 50,
}
INTERVIEWS = {"interviewee": 100, "id_number": 40, "role": 30, "contact": 100, "place": 200, "updated_by": 50}
ISSUED_DOCUMENTS = {"kind": 40, "title": 200, "sha256": 64, "generated_by": 50}
PARTIES = {"name": 100, "role": 30, "id_number": 40, "contact": 100}
PEOPLE = {"name": 50, "unit": 100, "title": 50, "badge_number": 30, "phone": 30, "login_name": 50}
PREVENTION_RECOMMENDATIONS = {"addressee": 100, "addressee_kind": 20, "updated_by": 50}
RECTIFICATION_ASSESSMENTS = {"report_number": 60, "updated_by": 50}
REFERENCE_ITEMS = {"kind": 30, "name": 100, "parent": 100}
SEARCH_ENTRIES = {"part": 20, "source_kind": 20, "label": 300}
SCENE_INSPECTIONS = {
    "place": 200,
    "witness": 100,
    "weather_sky": 30,
    "wind": 30,
    "temperature": 30,
    "lighting": 100,
    "updated_by": 50,
}
SETTINGS = {"key": 60}


def too_long(label: str, limit: int) -> str:
    """The refusal of an over-long text, naming the field as the user sees it."""
    return f"{label}最多{limit}个字，请删减。"


# C0 controls except tab, line feed and carriage return; DEL; and the surrogate code points (never valid alone).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def control_characters(label: str) -> str:
    """The refusal of a text holding control characters, naming the field as the user sees it."""
    return (f"{label}含有不可见的控制字符（例如从 Word 复制时带入的软换行），无法保存；"
            "请删除后重新输入，换行请用回车。")  # fmt: skip


def text_problems(
    values: Mapping[str, str], limits: Mapping[str, int], labels: Mapping[str, str], *, prefix: str = ""
) -> list[FieldError]:
    """A FieldError for each of `values` longer than its limit (values without a limit are not measured) or holding
    control characters.

    `labels` names each field in the message; `prefix` names where it is ("第2个当事人的") when a form holds several
    of the same kind. The message never repeats the text itself (it may be personal data)."""
    problems = []
    for name, value in values.items():
        label = labels.get(name, name)
        limit = limits.get(name)
        if limit is not None and len(value) > limit:
            problems.append(FieldError(name, prefix + too_long(label, limit)))
        elif _CONTROL.search(value):
            problems.append(FieldError(name, prefix + control_characters(label)))
    return problems
