"""Code lists and settings from elsewhere and from scripts: a file from another detachment names codes this
installation's lists lack, all named at once and added on request (`--add-missing-codes`); the `codes` and
`settings` commands set up an installation."""

from __future__ import annotations

import pytest

from fireinvest.cli.main import main
from fireinvest.errors import ImportRejected, MissingCodes, ValidationFailed
from fireinvest.exchange import import_cases_file
from fireinvest.services.reference import (
    CAUSE_DETAIL,
    DISTRICT,
    PLACE_TYPE,
    Code,
    add_codes,
    reference_lists,
    retire_codes,
)
from tests.exchange.conftest import record, snapshot, write_json


def foreign_records() -> list[dict]:
    records = [record(1), record(2), record(3)]
    records[0]["district"] = "丙区"
    records[1]["place_type"] = "人员密集场所"
    records[2].update(cause_category="生产作业", cause_detail="电焊")
    records[2]["district"] = "丙区"  # named twice, listed once
    return records


def test_unknown_codes_are_named_at_once_and_added_on_request(db, workstation, tmp_path):
    path = write_json(tmp_path / "foreign.json", foreign_records())
    with pytest.raises(MissingCodes) as refused:
        import_cases_file(workstation, path)
    assert "代码表没有的代码：辖区“丙区”、场所类型“人员密集场所”、细分原因“生产作业/电焊”" in refused.value.message
    assert refused.value.codes == (("district", "丙区", ""), ("place_type", "人员密集场所", ""),
                                   ("cause_detail", "电焊", "生产作业"))  # fmt: skip
    assert "第1个案件" in refused.value.message  # and each case that names one
    assert "--add-missing-codes" in refused.value.message and snapshot(db) == {}
    assert "丙区" not in reference_lists(workstation).districts  # nothing added by the refused import

    report = import_cases_file(workstation, path, add_missing_codes=True).value
    assert report.imported == 3 and report.codes_added == ("丙区", "人员密集场所", "生产作业/电焊")
    lists = reference_lists(workstation)
    assert lists.districts[-1] == "丙区" and "电焊" in lists.cause_details["生产作业"]
    assert "人员密集场所" in lists.place_type_names


def test_unknown_codes_mapped_onto_ours(db, workstation, tmp_path):
    """The other detachment's 丙区 is our 江宁区: mapped, the cases read as if typed here, the timeline's
    determination included; a mapping onto a code not in force is refused before anything is checked."""
    records = foreign_records()
    records[2]["events"] = [
        {"type": "investigation_started", "time": "2026-03-03T12:00:00+08:00"},
        {"type": "hearing_held", "time": "2026-03-05T10:00:00+08:00"},
        {"type": "determined", "time": "2026-03-06T10:00:00+08:00", "cause_category": "生产作业"},
    ]
    path = write_json(tmp_path / "foreign.json", records)
    wrong = {Code(DISTRICT, "丙区"): "火星区"}
    with pytest.raises(ImportRejected) as refused:
        import_cases_file(workstation, path, code_mapping=wrong)
    assert "辖区“丙区”→“火星区”：“火星区”不在本机辖区代码表中" in refused.value.message and snapshot(db) == {}

    mapping = {Code(DISTRICT, "丙区"): "江宁区", Code(PLACE_TYPE, "人员密集场所"): "商场市场",
               Code(CAUSE_DETAIL, "电焊", "生产作业"): "电焊气割", Code(DISTRICT, "丁区"): "鼓楼区"}  # fmt: skip
    report = import_cases_file(workstation, path, code_mapping=mapping).value
    assert report.imported == 3 and report.codes_added == ()
    assert report.codes_mapped == (
        "辖区“丙区”→“江宁区”",
        "场所类型“人员密集场所”→“商场市场”",
        "细分原因“生产作业/电焊”→“电焊气割”",
    )  # fmt: skip  (丁区: in no case)
    facts = {f.address: f for f, _staff, _grade in snapshot(db).values()}
    assert facts["玄武区中山路1号"].district == "江宁区" and facts["玄武区中山路2号"].place_type == "商场市场"
    assert (facts["玄武区中山路3号"].district, facts["玄武区中山路3号"].cause_detail) == ("江宁区", "电焊气割")
    assert "丙区" not in reference_lists(workstation).districts


def test_codes_from_the_command_line(workstation, database_url, capsys):
    def run(*arguments) -> tuple[int, str, str]:
        code = main(["--database", database_url, "codes", *arguments])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("add", "district", "丙区", "丁区")[1].strip() == "已添加 2 项：丙区、丁区。"
    assert run("add", "district", "丙区")[1].strip() == "这些代码都已在现行代码表中，没有改动。"
    assert run("add", "sub_cause", "电焊", "--cause", "生产作业")[0] == 0
    code, _out, err = run("add", "sub_cause", "电焊")  # without its category
    assert code != 0 and "细分原因须注明所属起火原因" in err
    code, _out, err = run("add", "sub_cause", "x", "--cause", "火星原因")
    assert code != 0 and "起火原因“火星原因”不在代码表中" in err
    code, _out, err = run("add", "district", "第一\v第二")
    assert code != 0 and "不可见的控制字符" in err and "Traceback" not in err
    assert run("retire", "district", "丁区")[0] == 0
    assert "丁区" not in reference_lists(workstation).districts
    code, out, _err = run("list", "district")
    assert code == 0 and "丙区" in out and "丁区" not in out
    code, _out, err = run("retire", "district", "丁区")
    assert code != 0 and "不在现行代码表中" in err


def test_a_retired_code_comes_back_when_added_again(workstation):
    retire_codes(workstation, [Code(DISTRICT, "玄武区")])
    assert "玄武区" not in reference_lists(workstation).districts
    assert add_codes(workstation, [Code(DISTRICT, "玄武区")]).value == [Code(DISTRICT, "玄武区")]
    assert "玄武区" in reference_lists(workstation).districts
    with pytest.raises(ValidationFailed, match="细分原因须注明所属起火原因"):
        add_codes(workstation, [Code(CAUSE_DETAIL, "电焊")])


def test_settings_from_the_command_line(workstation, database_url, capsys):
    from fireinvest.services.settings import agency_settings

    def run(*arguments) -> tuple[int, str, str]:
        code = main(["--database", database_url, "settings", *arguments])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _err = run("set", "agency_name", "某县消防救援大队", "agency_abbreviation", "某县",
                          "simple_procedure_loss_ceiling_yuan", "30,000")  # fmt: skip
    assert code == 0 and "agency_name = 某县消防救援大队" in out
    stored = agency_settings(workstation)
    assert (stored.agency_name, stored.agency_abbreviation, str(stored.simple_procedure_loss_ceiling)) == (
        "某县消防救援大队", "某县", "30000")  # fmt: skip
    code, out, _err = run("show")
    assert code == 0 and "agency_abbreviation = 某县" in out and "timezone = Asia/Shanghai" in out
    for arguments, message in ((("set", "timezone", "Mars/Olympus"), "未知时区"),
                               (("set", "weather", "晴"), "无法识别的设置：weather"),
                               (("set", "agency_name"), "设置须成对给出"),
                               (("set", "simple_procedure_loss_ceiling_yuan", "五万"), "不是有效的金额"),
                               (("set", "agency_name", "某\x00县"), "不可见的控制字符")):  # fmt: skip
        code, _out, err = run(*arguments)
        assert code != 0 and message in err and "Traceback" not in err, (arguments, err)
    assert agency_settings(workstation) == stored  # refusals changed nothing


def test_codes_mapped_on_the_command_line(db, database_url, tmp_path, capsys):
    path = write_json(tmp_path / "foreign.json", foreign_records())
    code = main(["--database", database_url, "import", str(path), "--map", "district:丙区=江宁区",
                 "--map", "place_type:人员密集场所=商场市场", "--map", "sub_cause:生产作业/电焊=电焊气割"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "已导入 3 个案件" in out and "代码对照：辖区“丙区”→“江宁区”" in out
    code = main(["--database", database_url, "import", str(path), "--map", "sub_cause:电焊=电焊气割"])
    err = capsys.readouterr().err
    assert code != 0 and "sub_cause:起火原因/细分原因=本机细分原因" in err and "Traceback" not in err
