"""A file with any bad row is refused as a whole, with the row, the field and the reason; the archive is unchanged."""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import FORMAT_TAG, OperationCancelled, import_cases_file
from fireinvest.exchange.importer import check_import, import_ticker, read_cases_file, write_checked_import
from fireinvest.services.front_door import writes
from fireinvest.services.unit_of_work import UnitOfWork
from tests.exchange.conftest import case_count, create_varied_cases, people_count, record, snapshot, write_json
from tests.factories import local


def assert_refused(workstation, path, *expected_parts):
    db = workstation.database
    cases_before, people_before = case_count(db), people_count(db)
    with pytest.raises(ImportRejected) as refused:
        import_cases_file(workstation, path)
    for part in expected_parts:
        assert part in refused.value.message, refused.value.message
    assert (case_count(db), people_count(db)) == (cases_before, people_before)
    return refused.value.message


BAD_THIRD_CASE = [
    ("direct_property_loss_yuan", "-5.00", ["直接财产损失", "不能为负数"]),
    ("extinguished_time", "2026-03-03T09:00:00+08:00", ["扑灭时间", "不能早于接警时间"]),
    ("district", "火星区", ["辖区", "不在辖区列表中"]),
    ("direct_economic_loss_yuan", Decimal("32000.5"), ["直接经济损失", "JSON 数字", "写成字符串"]),
    ("alarm_time", "2026-02-30 10:05", ["接警时间", "不是有效的时间"]),
    ("burned_area_m2", "12.345", ["过火面积", "最多保留两位小数"]),
    ("deaths", "2", ["死亡人数", "应为整数"]),
    ("parties", [{"name": "王某", "role": "boss"}], ["当事人", "身份“boss”无法识别"]),
    ("weather", "晴", ["未知的字段“weather”"]),
    ("procedure", "simple", ["调查程序", "简易调查程序"]),  # with losses at the ceiling, set below
    # Absurd values: a message each, never a traceback (an int too large for the column, a year datetime cannot
    # shift into local time).
    ("deaths", 10**30, ["死亡人数", "超出合理范围"]),
    ("deaths", 2**63, ["死亡人数", "超出合理范围"]),
    ("minor_injuries", 2**31, ["轻伤人数", "超出合理范围"]),
    ("direct_property_loss_yuan", "1e30", ["直接财产损失", "数值过大"]),
    ("burned_area_m2", "99999999999", ["过火面积", "超出合理范围"]),
    ("alarm_time", "0001-01-01T00:05:00+08:00", ["接警时间", "年份不在合理范围"]),
    ("alarm_time", "9999-12-31T23:59:00+08:00", ["接警时间", "年份不在合理范围"]),
]


@pytest.mark.parametrize(
    ("key", "value", "reason"), BAD_THIRD_CASE, ids=[c[0] + "-" + str(i) for i, c in enumerate(BAD_THIRD_CASE)]
)
def test_bad_third_of_five_cases_refuses_the_file(db, actor, workstation, tmp_path, key, value, reason):
    create_varied_cases(db, actor)
    records = [record(n) for n in range(1, 6)]
    records[2][key] = value
    if key == "procedure":
        records[2]["direct_property_loss_yuan"] = "50000.00"  # at the ceiling: simple procedure not allowed
        records[2]["direct_economic_loss_yuan"] = "50000.00"
    # Decimal is written as a bare JSON number, the way another program's float would arrive.
    text = json.dumps({"format": FORMAT_TAG, "cases": records}, ensure_ascii=False, default=float)
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    message = assert_refused(workstation, path, "第3个案件", "cases[2]", key, *reason)
    assert "第1个案件" not in message and "第4个案件" not in message


def test_every_bad_row_is_listed(workstation, tmp_path):
    records = [record(n) for n in range(1, 6)]
    records[1]["district"] = "火星区"
    records[4]["deaths"] = -1
    message = assert_refused(workstation, write_json(tmp_path / "bad.json", records), "第2个案件", "第5个案件")
    assert "数据库没有任何改动" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("这不是 JSON", "不是有效的 JSON"),
        ('{"format": "other-format/2", "cases": []}', "格式标记是“other-format/2”"),
        ('{"cases": []}', "不是 FireInvest 案件交换文件"),
        ('{"format": "fireinvest-cases/1"}', "缺少案件列表"),
        ('{"format": "fireinvest-cases/1", "cases": [1]}', "第1个案件（cases[0]）：应为一个对象"),
        ('{"format": "fireinvest-cases/1", "cases": [{"deaths": NaN}]}', "非数字的值"),
    ],
)
def test_not_an_exchange_file(workstation, tmp_path, content, expected):
    path = tmp_path / "file.json"
    path.write_text(content, encoding="utf-8")
    assert_refused(workstation, path, expected)


def test_wrong_file_type_and_missing_file(workstation, tmp_path):
    csv = tmp_path / "cases.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    assert_refused(workstation, csv, "不支持的文件类型", ".csv")
    assert_refused(workstation, tmp_path / "missing.json", "找不到文件")


def test_duplicate_case_numbers_in_the_file(workstation, tmp_path):
    records = [record(n) for n in range(1, 6)]
    records[1]["case_number"] = records[3]["case_number"] = "320100-2026-00042"
    assert_refused(
        workstation, write_json(tmp_path / "dup.json", records), "第4个案件", "案件编号", "在文件中重复", "第2个案件"
    )


def test_case_number_already_in_the_archive(db, actor, workstation, tmp_path):
    existing = create_varied_cases(db, actor)
    records = [record(n) for n in range(1, 6)]
    records[2]["case_number"] = existing[0]
    assert_refused(workstation, write_json(tmp_path / "dup.json", records), "第3个案件", f"“{existing[0]}”已存在")


@writes
def import_and_carry_on(uow: UnitOfWork, checked, ticker) -> None:
    """A larger use case that writes a checked file as one of its steps, and goes on when that is cancelled."""
    with pytest.raises(OperationCancelled):
        write_checked_import.within(uow, checked, ticker)


def test_cancelling_holds_even_if_the_caller_keeps_the_session(db, workstation, tmp_path):
    """The import writes inside a savepoint, so a caller that catches the cancellation and commits commits nothing
    of it: neither its cases nor the investigators it registered."""
    source = read_cases_file(write_json(tmp_path / "cases.json", [record(n) for n in range(1, 6)]))
    ticker = import_ticker(lambda done, total: done <= 2 * total // 3, source)  # cancel once writing has begun
    checked = check_import(workstation, source, ticker)
    import_and_carry_on(workstation, checked, ticker)  # catches the cancellation, then commits
    assert (case_count(db), people_count(db)) == (0, 0)


def test_cancelling_during_the_writes_changes_nothing(db, workstation, tmp_path):
    path = write_json(tmp_path / "cases.json", [record(n) for n in range(1, 6)])
    reports = []

    def progress(done, total):
        reports.append((done, total))
        return done < total - 1  # cancel just before the end, when most cases are written

    with pytest.raises(OperationCancelled):
        import_cases_file(workstation, path, progress=progress)
    assert (case_count(db), people_count(db)) == (0, 0)
    assert reports[-1] == (15, 15)  # parsed (1-5), checked (6-10), written (15): cancelled after the last batch
    assert [done for done, _total in reports] == sorted({done for done, _total in reports})


def excel_file(path, header, rows, sheet="案件"):
    workbook = openpyxl.Workbook()
    workbook.active.title = sheet
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


HEADER = ["接警时间", "起火地址", "辖区", "场所类型", "直接财产损失(元)", "直接经济损失(元)"]


def good_row(n):
    return [f"2026-03-0{n} 10:05", f"玄武区中山路{n}号", "玄武区", "住宅", 30000, "32000.00"]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (4, 123.456, ["直接财产损失", "最多保留两位小数"]),
        (0, "2026-03-0x 10:05", ["接警时间", "不是有效的时间"]),
        (0, 12, ["接警时间", "不是日期时间"]),  # a count typed into the time column, no date's serial
        (2, "火星区", ["辖区", "不在辖区列表中"]),
        (4, -1, ["直接财产损失", "不能为负数"]),
    ],
)
def test_bad_excel_row_names_the_sheet_row(workstation, tmp_path, column, value, expected):
    rows = [good_row(n) for n in range(1, 6)]
    rows[2][column] = value
    path = excel_file(tmp_path / "bad.xlsx", HEADER, rows)
    assert_refused(workstation, path, "第4行", f"列“{HEADER[column]}”", *expected)


def test_excel_file_level_problems(workstation, tmp_path):
    not_excel = tmp_path / "fake.xlsx"
    not_excel.write_text("not a spreadsheet", encoding="utf-8")
    assert_refused(workstation, not_excel, "不是有效的 Excel")
    assert_refused(
        workstation, excel_file(tmp_path / "s.xlsx", HEADER, [good_row(1)], sheet="Sheet1"), "没有名为“案件”的工作表"
    )
    assert_refused(workstation, excel_file(tmp_path / "u.xlsx", [*HEADER, "天气"], [good_row(1)]), "列名“天气”无法识别")
    assert_refused(
        workstation, excel_file(tmp_path / "m.xlsx", HEADER[1:], [good_row(1)[1:]]), "缺少必需的列：接警时间"
    )


def test_excel_reads_a_date_shown_as_its_serial_number(db, workstation, tmp_path):
    """A date typed into a cell without a date format arrives as Excel's serial number: 46082.42 is 10:05."""
    row = good_row(1)
    row[0] = 46082 + (10 * 60 + 5) / (24 * 60)
    import_cases_file(workstation, excel_file(tmp_path / "serial.xlsx", HEADER, [row]))
    ((facts, _staff, _grade),) = snapshot(db).values()
    from tests.factories import local

    assert facts.alarm_time == local(2026, 3, 1, 10, 5)


def test_excel_accepts_reordered_columns_and_typed_values(db, workstation, tmp_path):
    header = [
        "辖区",
        "起火地址",
        "场所类型",
        "接警时间",
        "直接财产损失",
        "直接经济损失（元）",
        "当事人",
        "调查程序",
        "重点单位",
    ]
    rows = [["玄武区", "玄武区中山路1号", "住宅", "2026/03/01 10:05", "1,234.50", 2000.25,
             "王某某(所有人,320102198001011234,138 0000 0000)；李某", "简易程序", "否"]]  # fmt: skip
    path = excel_file(tmp_path / "ok.xlsx", header, rows + [[None] * len(header)])
    report = import_cases_file(workstation, path).value
    assert report.imported == 1
    ((facts, _staff, _grade),) = snapshot(db).values()
    assert facts.direct_property_loss == Decimal("1234.50")
    assert facts.direct_economic_loss == Decimal("2000.25")
    assert [(p.name, p.role.value, p.contact) for p in facts.parties] == [
        ("王某某", "owner", "138 0000 0000"),
        ("李某", "owner", ""),
    ]
    assert facts.procedure.value == "simple"
    assert facts.alarm_time == local(2026, 3, 1, 10, 5)  # typed local time, read in the agency's zone


def _with_saved_results(path, results: dict[str, str]) -> None:
    """Give formula cells the result Excel saves with them (<v>), as a spreadsheet program writes the file."""
    import re
    import shutil
    import zipfile

    patched = path.with_suffix(".patched")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, value in results.items():
                    cell = rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f>(<v>\s*</v>|<v/>)?'
                    text = re.sub(cell, rf"\1<f>\2</f><v>{value}</v>", text)
                data = text.encode()
            target.writestr(item, data)
    shutil.move(patched, path)


def test_a_formula_without_its_saved_result_is_refused_naming_its_cell(workstation, tmp_path):
    """ "=1+2" deaths must not be read as no deaths: a 较大 fire would be graded 轻微 without a word."""
    header = [*HEADER, "死亡人数"]
    rows = [good_row(1) + [0], good_row(2) + ["=1+2"]]
    path = excel_file(tmp_path / "formula.xlsx", header, rows)
    assert_refused(workstation, path, "第3行", "单元格 G3 是公式“=1+2”", "没有它的计算结果")


def test_a_formula_counts_by_the_result_saved_with_it(db, workstation, tmp_path):
    path = excel_file(tmp_path / "saved.xlsx", [*HEADER, "死亡人数"], [good_row(1) + ["=1+2"]])
    _with_saved_results(path, {"G2": "3"})
    assert import_cases_file(workstation, path).value.imported == 1
    ((facts, _staff, _grade),) = snapshot(db).values()
    assert facts.deaths == 3
