"""The `fireinvest` command, run as a user would: exit codes, stdout, stderr, and what it did to the database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types

import pytest

from fireinvest.cli.main import main
from fireinvest.db import open_database
from fireinvest.exchange import FORMAT_TAG
from fireinvest.services import case_query
from fireinvest.services.actor import Actor
from fireinvest.services.startup import open_workstation


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def count_cases(url: str) -> int:
    workstation = open_workstation(url, Actor("检查员"))
    try:
        everything = case_query.CaseFilter(include_voided=True)
        return case_query.case_list_page(workstation, everything, case_query.CaseSort(), 0, 0, with_total=True).total
    finally:
        workstation.database.dispose()


def test_db_upgrade_creates_the_schema_of_an_empty_database(capsys, empty_database_url):
    code, out, err = run(capsys, "--database", empty_database_url, "db", "upgrade")
    assert (code, err) == (0, "")
    assert "数据库结构已是最新版本" in out
    open_database(empty_database_url, migrate=False).dispose()  # refuses a database that is not up to date
    code, out, _err = run(capsys, "db", "info", "--database", empty_database_url)
    assert code == 0 and "案件数：0" in out


def test_demo_then_list_as_json(capsys, database_url):
    code, out, err = run(capsys, "--database", database_url, "demo", "--cases", "50", "--seed", "3")
    assert (code, out.strip(), err) == (0, "已生成 50 个演示案件。", "")
    code, out, err = run(capsys, "--database", database_url, "cases", "list", "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["format"] == FORMAT_TAG
    assert len(document["cases"]) == 50
    assert all(case["fire_grade"] in ("轻微", "一般", "较大", "重大", "特别重大") for case in document["cases"])
    code, out, _err = run(capsys, "--database", database_url, "cases", "list", "--year", "2023")
    assert code == 0 and out.splitlines()[0].startswith("案件编号") and out.rstrip().endswith("个案件。")
    assert all("-2023-" in line for line in out.splitlines()[1:-1])


def test_export_and_import_into_another_database(capsys, database_url, second_database_url, tmp_path):
    assert run(capsys, "--database", database_url, "demo", "--cases", "40")[0] == 0
    for suffix in (".json", ".xlsx"):
        path = tmp_path / f"cases{suffix}"
        code, out, _err = run(capsys, "--database", database_url, "export", str(path))
        assert (code, out.strip()) == (0, f"已导出 40 个案件到 {path}。")
    code, out, err = run(capsys, "--database", second_database_url, "import", str(tmp_path / "cases.json"))
    assert (code, err) == (0, "")
    assert out.startswith("已导入 40 个案件（沿用原编号 40 个，新编号 0 个）。")
    assert "新登记调查人员" in out
    # The same cases again from Excel: every number is now taken, so the whole file is refused.
    code, out, err = run(capsys, "--database", second_database_url, "import", str(tmp_path / "cases.xlsx"))
    assert code == 1 and out == ""
    assert err.startswith("错误：导入被拒绝") and "第2行" in err and "已存在于数据库中" in err
    assert count_cases(second_database_url) == 40


def test_export_filters(capsys, database_url, tmp_path):
    run(capsys, "--database", database_url, "demo", "--cases", "60")
    path = tmp_path / "year.json"
    code, out, _err = run(
        capsys, "--database", database_url, "export", str(path), "--year", "2022", "--district", "玄武区"
    )
    assert code == 0
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    assert out.strip() == f"已导出 {len(cases)} 个案件到 {path}。"
    assert all(c["alarm_time"].startswith("2022") and c["district"] == "玄武区" for c in cases)


def test_bad_import_file_exits_non_zero_and_changes_nothing(capsys, database_url, tmp_path):
    run(capsys, "--database", database_url, "demo", "--cases", "5")
    path = tmp_path / "bad.json"
    good = {
        "alarm_time": "2026-03-01T10:05:00+08:00",
        "address": "玄武区中山路1号",
        "district": "玄武区",
        "place_type": "住宅",
    }
    bad = dict(good, direct_property_loss_yuan="-1.00")
    path.write_text(
        json.dumps({"format": FORMAT_TAG, "cases": [good, good, bad]}, ensure_ascii=False), encoding="utf-8"
    )
    code, out, err = run(capsys, "--database", database_url, "import", str(path))
    assert (code, out) == (1, "")
    assert "第3个案件" in err and "直接财产损失" in err and "不能为负数" in err
    assert "Traceback" not in err
    assert count_cases(database_url) == 5


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["demo"], "--cases"),
        (["demo", "--cases", "0"], "应为正整数"),
        (["frobnicate"], "frobnicate"),
        (["cases"], "错误："),
    ],
)
def test_usage_errors_exit_with_2(capsys, database_url, argv, expected):
    code, _out, err = run(capsys, "--database", database_url, *argv)
    assert code == 2
    assert "错误：" in err and expected in err


def test_unreachable_database_is_a_message_not_a_traceback(capsys, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    code, _out, err = run(capsys, "--database", f"sqlite:///{blocker}/db.sqlite3", "db", "info")
    assert code == 1 and err.startswith("错误：")
    code, _out, err = run(capsys, "--database", "nonsense://nowhere", "db", "info")
    assert code == 1 and err.startswith("错误：数据库地址无效")


def test_no_command_starts_the_window_with_the_resolved_database(monkeypatch, tmp_path):
    started = []
    fake_app = types.ModuleType("fireinvest.ui.app")
    fake_app.run_gui = lambda url: started.append(url) or 0
    monkeypatch.setitem(sys.modules, "fireinvest.ui.app", fake_app)
    monkeypatch.setenv("FIREINVEST_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert main([]) == 0
    assert main(["--database", "sqlite:///explicit.sqlite3"]) == 0
    assert started == [f"sqlite:///{tmp_path / 'env.sqlite3'}", "sqlite:///explicit.sqlite3"]


def test_output_is_utf8_even_when_the_locale_says_otherwise(database_url):
    """As a separate process with an ASCII locale and a Latin-1 stream encoding: Chinese must still come out."""
    environment = dict(os.environ, LC_ALL="C", LANG="C", PYTHONIOENCODING="latin-1")
    environment.pop("PYTHONUTF8", None)
    command = [sys.executable, "-m", "fireinvest", "--database", database_url]
    done = subprocess.run(
        [*command, "demo", "--cases", "3"], check=False, capture_output=True, env=environment, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.decode("utf-8").strip() == "已生成 3 个演示案件。"
    failed = subprocess.run(
        [*command, "import", "missing.json"], check=False, capture_output=True, env=environment, timeout=120
    )
    assert failed.returncode == 1
    assert failed.stderr.decode("utf-8").startswith("错误：找不到文件")


def test_case_show_and_deadlines(capsys, database_url, workstation):
    import datetime as dt

    from fireinvest.services import cases
    from tests.factories import SHANGHAI, make_draft

    now = dt.datetime.now(SHANGHAI).replace(microsecond=0)
    late = cases.create_case(workstation, make_draft(alarm_time=now - dt.timedelta(days=60), ignition_time=None,
                                                     extinguished_time=None)).value  # fmt: skip
    fresh = cases.create_case(workstation, make_draft(alarm_time=now - dt.timedelta(days=2), ignition_time=None,
                                                      extinguished_time=None)).value  # fmt: skip

    code, out, err = run(capsys, "--database", database_url, "case", "show", late.case_number, "--json")
    assert (code, err) == (0, "")
    shown = json.loads(out)
    assert shown["case_number"] == late.case_number
    assert [e["type"] for e in shown["events"]] == ["registered"]
    determination = next(d for d in shown["deadlines"] if d["kind"] == "determination")
    assert determination["status"] == "overdue"
    assert determination["basis"].startswith(f"接警 {(now - dt.timedelta(days=60)).date().isoformat()} 起 30日")

    code, out, err = run(capsys, "--database", database_url, "deadlines", "--within", "40", "--json")
    assert (code, err) == (0, "")
    listed = {(d["case_number"], d["kind"]): d for d in json.loads(out)}
    assert listed[(late.case_number, "determination")]["status"] == "overdue"
    assert listed[(fresh.case_number, "determination")]["status"] == "open"
    code, out, _ = run(capsys, "--database", database_url, "deadlines", "--within", "1", "--json")
    assert [d["case_number"] for d in json.loads(out)] == [late.case_number]

    code, out, err = run(capsys, "--database", database_url, "case", "show", "320100-1999-99999")
    assert code == 1 and "没有编号为" in err


def test_rules_export_edit_import(capsys, database_url, workstation, tmp_path):
    from fireinvest.rules.grading import FireGrade
    from fireinvest.services import cases, deadlines, workflow
    from tests.factories import make_draft

    case = cases.create_case(workstation, make_draft(affected_households=40)).value
    path = tmp_path / "grades.json"
    assert run(capsys, "--database", database_url, "rules", "export", "grades", str(path))[0] == 0
    grades = json.loads(path.read_text(encoding="utf-8"))
    grades["rule_sets"][1]["thresholds"]["较大"]["affected_households"] = 30
    path.write_text(json.dumps(grades, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--database", database_url, "rules", "import", "grades", str(path))
    assert (code, err) == (0, "") and "1 个案件的等级随之改变" in out
    assert cases.get_case(workstation, case.id).fire_grade == FireGrade.LARGER

    periods = tmp_path / "periods.json"
    assert run(capsys, "--database", database_url, "rules", "export", "periods", str(periods))[0] == 0
    data = json.loads(periods.read_text(encoding="utf-8"))
    data["periods"]["determination"]["length"] = 20
    periods.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "--database", database_url, "rules", "import", "periods", str(periods))[0] == 0
    due = {d.kind: d.due for d in workflow.case_timeline(workstation, case.id).deadlines}
    assert due["determination"].isoformat() == "2026-03-23"  # 20 days from 1 March is Saturday the 21st

    del data["periods"]["service"]
    periods.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--database", database_url, "rules", "import", "periods", str(periods))
    assert code == 1 and "期限规则缺少：service" in err
    assert deadlines.period_rules_data(workstation)["periods"]["service"]["length"] == 7
