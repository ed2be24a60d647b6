"""`fireinvest search …` run as a user would: the hits as a list and as JSON, the filters on the command line,
rebuilding the index and its status, and the queries it refuses."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fireinvest.rules.case_facts import PartyDraft, PartyRole
from fireinvest.rules.records import InterviewDraft, QuestionAnswer
from fireinvest.services import cases, records
from fireinvest.services.people import PersonRecord, save_person
from tests.factories import local, make_draft
from tests.test_cli import run


def plain(**overrides):
    """A case whose only words the tests look for are those given."""
    alarm = overrides.get("alarm_time", local(2026, 3, 1, 10, 5))
    values = dict(summary="", dispatched_units="", disaster_causes="", ignition_area="", ignition_point="",
                  cause_category="", cause_detail="", cause_finding="", address="玄武区中山路1号", unit_name="某公司",
                  parties=[PartyDraft("赵某", PartyRole.OWNER)], ignition_time=alarm - dt.timedelta(minutes=10),
                  extinguished_time=alarm + dt.timedelta(hours=1))  # fmt: skip
    values.update(overrides)
    return make_draft(**values)


@pytest.fixture
def archive(workstation) -> dict[str, str]:
    """Three cases: short circuits in the facts of one and in an interview of another, and a third without."""
    lead = save_person(workstation, PersonRecord(None, "钱多多", "某大队", "火灾调查员")).value
    facts = cases.create_case(workstation, plain(
        summary="配电箱内线路短路起火", alarm_time=local(2025, 6, 1), district="鼓楼区", cause_category="电气",
        cause_detail="短路", place_type="商场市场", lead_investigator_id=lead.id,
        parties=[PartyDraft("孙小美", PartyRole.OWNER)])).value  # fmt: skip
    talk = cases.create_case(workstation, plain(alarm_time=local(2026, 2, 1))).value
    records.create_interview(workstation, talk.id, InterviewDraft(
        "王某", started_at=local(2026, 2, 1, 14), place="询问室", interviewers=["钱多多"],
        questions=[QuestionAnswer("看到了什么？", "插座冒火花，像是短路")]))  # fmt: skip
    other = cases.create_case(workstation, plain(summary="烟头引燃垃圾", alarm_time=local(2026, 2, 2))).value
    return {"facts": facts.case_number, "talk": talk.case_number, "other": other.case_number}


def search(capsys, url: str, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--database", url, "search", *argv)


def search_json(capsys, url: str, *argv: str) -> dict:
    code, out, err = search(capsys, url, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_search_as_json(capsys, database_url, archive):
    found = search_json(capsys, database_url, "短路")
    assert (found["query"], found["total"], found["more_than_total"], found["empty_reason"]) == ("短路", 2, False, "")
    first, second = found["hits"]
    assert (first["case_number"], first["where"], first["score"]) == (archive["facts"], "案件信息", 3)
    assert "配电箱内线路【短路】起火" in first["snippet"]
    assert first["places"] == ["案件信息"] and first["alarm_time"].startswith("2025-06-01T")
    assert first["address"] == "玄武区中山路1号"
    assert (second["case_number"], second["where"], second["score"]) == (archive["talk"], "询问笔录 · 王某 · 第1次", 2)
    assert "像是【短路】" in second["snippet"]


def test_search_as_a_list(capsys, database_url, archive):
    code, out, err = search(capsys, database_url, "短路", "火花")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "找到 1 件，列出前 1 件："
    assert lines[1] == f"{archive['talk']}  2026-02-01  玄武区中山路1号  [询问笔录 · 王某 · 第1次]"
    assert "【火花】" in lines[2] and "【短路】" in lines[2]
    code, out, err = search(capsys, database_url, "短路", "--limit", "1", "--order", "newest")
    assert out.splitlines()[:2] == ["找到 2 件，列出前 1 件：", lines[1]]


def test_nothing_found_says_why(capsys, database_url, archive):
    code, out, err = search(capsys, database_url, "短路", "垃圾")
    assert (code, err) == (0, "")
    assert out.startswith("没有找到。") and "同时" in out
    found = search_json(capsys, database_url, "不存在的词")
    assert (found["total"], found["hits"]) == (0, [])
    assert "“不存在的词”" in found["empty_reason"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), {"facts", "talk"}),
        (("--year", "2025"), {"facts"}),
        (("--from", "2026-01-01", "--to", "2026-12-31"), {"talk"}),
        (("--to", "2026-01-31"), {"facts"}),
        (("--district", "鼓楼区"), {"facts"}),
        (("--cause", "电气", "--sub-cause", "短路"), {"facts"}),
        (("--place-type", "住宅"), {"talk"}),
        (("--grade", "一般"), {"facts", "talk"}),
        (("--grade", "较大"), set()),
        (("--status", "已登记"), {"facts", "talk"}),
        (("--investigator", "钱多多"), {"facts"}),
        (("--party", "小美"), {"facts"}),
        (("--district", "鼓楼区", "--year", "2026"), set()),
    ],
)
def test_filters_on_the_command_line(capsys, database_url, archive, options, expected):
    found = search_json(capsys, database_url, "短路", *options)
    assert {hit["case_number"] for hit in found["hits"]} == {archive[name] for name in expected}
    if not expected:
        assert found["empty_reason"]


def test_voided_cases_only_when_included(capsys, database_url, workstation, archive):
    case = cases.get_case(workstation, cases.find_case_id(workstation, archive["facts"]))
    cases.void_case(workstation, case.id, case.version, "重复登记")
    assert [h["case_number"] for h in search_json(capsys, database_url, "配电箱")["hits"]] == []
    found = search_json(capsys, database_url, "配电箱", "--include-voided")
    assert [h["case_number"] for h in found["hits"]] == [archive["facts"]]


def test_reindex_and_status(capsys, database_url, archive):
    code, out_before, err = search(capsys, database_url, "status")
    assert (code, err) == (0, "")
    assert out_before.strip() == "检索索引：8 条，覆盖 3 / 3 件案件；与程序的分析方式一致。"
    before = search_json(capsys, database_url, "短路")
    code, out, err = search(capsys, database_url, "reindex")
    assert (code, out.strip(), err) == (0, "检索索引已重建：3 件案件。", "")
    assert search_json(capsys, database_url, "短路") == before
    assert search(capsys, database_url, "status")[1] == out_before


def test_refused_queries_and_filters_exit_with_1(capsys, database_url, archive):
    code, out, err = search(capsys, database_url, "--", "-abc")
    assert (code, out) == (1, "")
    assert err.startswith("错误：") and "至少输入一个要查找的词" in err
    code, out, err = search(capsys, database_url, "短路", "--grade", "超大")
    assert (code, out) == (1, "") and err.startswith("错误：") and "超大" in err
    code, out, err = search(capsys, database_url, "短路", "--from", "2026-13-01")
    assert code == 2 and "不是日期" in err


def test_an_exclusion_after_two_dashes(capsys, database_url, archive):
    code, out, err = search(capsys, database_url, "--json", "--", "短路", "-火花")
    assert (code, err) == (0, "")
    assert [hit["case_number"] for hit in json.loads(out)["hits"]] == [archive["facts"]]


def test_an_exclusion_as_documented(capsys, database_url, archive):
    code, out, err = search(capsys, database_url, "短路", "-火花", "--json")
    assert (code, err) == (0, "")
    assert [hit["case_number"] for hit in json.loads(out)["hits"]] == [archive["facts"]]


def test_imported_and_generated_cases_are_searchable_at_once(
    capsys, database_url, second_database_url, archive, tmp_path
):
    path = tmp_path / "cases.json"
    assert run(capsys, "--database", database_url, "export", str(path))[0] == 0
    code, out, err = run(capsys, "--database", second_database_url, "import", str(path))
    assert (code, err) == (0, "")
    assert search_json(capsys, second_database_url, "配电箱")["hits"][0]["case_number"] == archive["facts"]
    assert "覆盖 3 / 3 件案件" in search(capsys, second_database_url, "status")[1]
    assert run(capsys, "--database", second_database_url, "demo", "--cases", "20")[0] == 0
    assert "覆盖 23 / 23 件案件" in search(capsys, second_database_url, "status")[1]
