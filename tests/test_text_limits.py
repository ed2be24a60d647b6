"""Text lengths have one home (fireinvest/rules/text_limits.py): the schema takes its column lengths from it, and
an over-long text is refused with a field message wherever it comes from — the command line's import, the use
cases of case facts, parties, evidence and custody — on both backends, and nothing is stored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import String, Text

from fireinvest.cli.main import main
from fireinvest.errors import ValidationFailed
from fireinvest.models import Base
from fireinvest.rules import text_limits
from fireinvest.rules.case_facts import PartyDraft, PartyRole
from fireinvest.rules.custody import CustodyKind, CustodyStep
from fireinvest.rules.evidence import EvidenceDraft
from fireinvest.services import case_query, cases, evidence
from fireinvest.services.case_query import CaseFilter, CaseSort
from tests.factories import local, make_draft


def test_every_text_column_takes_its_length_from_the_rules():
    """A new String column must get its length from rules/text_limits.py, so the checks know it."""
    mismatched = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String) and not isinstance(column.type, Text):
                limit = getattr(text_limits, table.name.upper(), {}).get(column.name)
                if limit is None or limit != column.type.length:
                    mismatched.append(f"{table.name}.{column.name}: {column.type.length} vs {limit}")
    assert mismatched == []


def stored_cases(workstation) -> int:
    return case_query.case_list_page(workstation, CaseFilter(include_voided=True), CaseSort(), 0, 0,
                                     with_total=True).total  # fmt: skip


def test_over_long_case_texts_and_parties_are_refused_naming_the_field(workstation):
    draft = make_draft(
        unit_name="某" * 201,
        summary="案" * (text_limits.LONG_TEXT + 1),
        parties=[PartyDraft("王某某", PartyRole.OWNER, "3" * 41)],
    )
    with pytest.raises(ValidationFailed) as refused:
        cases.create_case(workstation, draft)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("unit_name", "单位或住户最多200个字，请删减。"),
        ("summary", f"简要案情最多{text_limits.LONG_TEXT}个字，请删减。"),
        ("parties", "第1个当事人的身份证号或统一社会信用代码最多40个字，请删减。"),
    ]
    assert stored_cases(workstation) == 0


def test_over_long_evidence_and_custody_texts_are_refused(workstation):
    case = cases.create_case(workstation, make_draft()).value
    with pytest.raises(ValidationFailed) as refused:
        evidence.register_evidence(workstation, case.id, EvidenceDraft("熔" * 101, local(2026, 3, 1, 14), "张明"))
    assert [(e.field, e.message) for e in refused.value.errors] == [("name", "物证名称最多100个字，请删减。")]
    item = evidence.register_evidence(workstation, case.id, EvidenceDraft("导线熔痕", local(2026, 3, 1, 14), "张明"))
    step = CustodyStep(CustodyKind.HANDED_OVER, local(2026, 3, 2), from_holder="张明", to_holder="李" * 101)
    with pytest.raises(ValidationFailed, match="接收人最多100个字"):
        evidence.record_custody(workstation, item.value.id, step)
    assert len(evidence.custody_history(workstation, item.value.id)) == 1  # only the collection


def test_the_command_line_import_refuses_an_over_long_address_and_saves_nothing(
    workstation, database_url, tmp_path, capsys
):
    record = {
        "alarm_time": "2026-03-01T10:05:00+08:00",
        "address": "玄武区中山路" + "号" * 300,
        "district": "玄武区",
        "place_type": "住宅",
        "procedure": "general",
    }
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"format": "fireinvest-cases/1", "cases": [record]}, ensure_ascii=False), "utf-8")
    assert main(["--database", database_url, "import", str(path)]) == 1
    error = capsys.readouterr().err
    assert "address" in error or "起火地址" in error
    assert "最多200个字" in error
    assert stored_cases(workstation) == 0


@pytest.mark.parametrize("hostile", ["第一行\v第二行", "空\x00字符", "换\x0c页", "孤立\ud800代理"])
def test_control_characters_are_refused_wherever_text_comes_in(workstation, database_url, tmp_path, capsys, hostile):
    """A soft line break copied from Word, a NUL, a form feed, a lone surrogate: refused with the field named and
    the text not repeated, on both backends, through the use case and the import alike; nothing stored."""
    with pytest.raises(ValidationFailed) as refused:
        cases.create_case(workstation, make_draft(summary=hostile, parties=[PartyDraft(hostile, PartyRole.OWNER)]))
    messages = [(e.field, e.message) for e in refused.value.errors]
    assert [field for field, _message in messages] == ["summary", "parties"]
    assert all("不可见的控制字符" in message and hostile not in message for _field, message in messages)
    record = {"alarm_time": "2026-03-01T10:05:00+08:00", "address": "玄武区中山路1号", "district": "玄武区",
              "place_type": "住宅", "procedure": "general", "summary": hostile}  # fmt: skip
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"format": "fireinvest-cases/1", "cases": [record]}), "utf-8")
    assert main(["--database", database_url, "import", str(path)]) == 1
    error = capsys.readouterr().err
    assert "简要案情含有不可见的控制字符" in error and "Traceback" not in error
    assert stored_cases(workstation) == 0
