"""`fireinvest document …` and `fireinvest documents …` run as a user would: what they print, their exit codes, the
files they write and what they record."""

from __future__ import annotations

import hashlib
import json

from fireinvest.documents.word.render import TEMPLATES_ENV
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from tests.documents.case_builder import BuiltCase, build_case
from tests.documents.docx_reading import body_text, open_docx
from tests.documents.test_templates import broken_copy
from tests.test_cli import run


def make_case(url: str) -> BuiltCase:
    database = open_prepared_database(url)
    try:
        return build_case(Workstation(database, Actor("测试员")))
    finally:
        database.dispose()


def listed(capsys, url: str, number: str, *options: str) -> list[dict]:
    code, out, err = run(capsys, "--database", url, "documents", "list", number, "--json", *options)
    assert (code, err) == (0, "")
    return json.loads(out)


def test_draft_issue_list_export_and_void(capsys, database_url, tmp_path):
    case = make_case(database_url)
    draft = tmp_path / "草稿.docx"
    code, out, err = run(capsys, "--database", database_url, "document", case.number, "determination", "--out",
                         str(draft))  # fmt: skip
    assert (code, err) == (0, "") and "草稿（未编号，未登记）" in out
    assert "（未编号）" in body_text(open_docx(draft.read_bytes()))
    assert listed(capsys, database_url, case.number) == []

    issued = tmp_path / "认定书.docx"
    code, out, err = run(capsys, "--database", database_url, "document", case.number, "determination", "--out",
                         str(issued), "--issue")  # fmt: skip
    assert (code, err) == (0, "")
    assert "已出具“火灾事故认定书”第 1 版，文号 某消火认字〔2026〕第0001号" in out
    assert hashlib.sha256(issued.read_bytes()).hexdigest() in out
    assert "某消火认字〔2026〕第0001号" in body_text(open_docx(issued.read_bytes()))
    (document,) = listed(capsys, database_url, case.number)
    assert (document["kind"], document["number"], document["status"], document["version"]) == (
        "determination", "某消火认字〔2026〕第0001号", "current", 1)  # fmt: skip

    code, out, err = run(capsys, "--database", database_url, "document", case.number, "determination", "--out",
                         str(tmp_path / "again.docx"), "--issue")  # fmt: skip
    assert code == 1 and "已经出具" in err and not (tmp_path / "again.docx").exists()
    code, out, err = run(capsys, "--database", database_url, "document", case.number, "determination", "--out",
                         str(tmp_path / "v2.docx"), "--issue", "--correction", "地址笔误")  # fmt: skip
    assert code == 0 and "第 2 版，文号 某消火认字〔2026〕第0001号" in out
    assert [d["status"] for d in listed(capsys, database_url, case.number, "--all")] == ["superseded", "current"]

    copy = tmp_path / "copy.docx"
    code, out, _ = run(capsys, "--database", database_url, "documents", "export", str(document["id"]), str(copy))
    assert code == 0 and "SHA-256 与出具时一致" in out and copy.read_bytes() == issued.read_bytes()

    code, out, err = run(capsys, "--database", database_url, "documents", "void", "某消火认字〔2026〕第0001号",
                         "--reason", "送达前发现错误")  # fmt: skip
    assert (code, err) == (0, "") and "已作废文号 某消火认字〔2026〕第0001号" in out
    assert [d["status"] for d in listed(capsys, database_url, case.number)] == ["voided"]


def test_per_record_documents_need_their_record(capsys, database_url, tmp_path):
    case = make_case(database_url)
    out_file = tmp_path / "询问.docx"
    code, _out, err = run(capsys, "--database", database_url, "document", case.number, "interview", "--out",
                          str(out_file))  # fmt: skip
    assert code == 1 and "--subject" in err and f"{case.interview_id}（王某某" in err
    code, _out, err = run(capsys, "--database", database_url, "document", case.number, "interview", "--out",
                          str(out_file), "--subject", str(case.interview_id), "--issue")  # fmt: skip
    assert (code, err) == (0, "")
    assert "问：请讲一下起火经过。" in body_text(open_docx(out_file.read_bytes()))


def test_mistakes_give_a_message_and_exit_1(capsys, database_url, tmp_path, monkeypatch):
    case = make_case(database_url)
    out_file = str(tmp_path / "x.docx")
    for argv, expected in (
        (["document", "320100-2026-99999", "determination", "--out", out_file], "没有编号为“320100-2026-99999”的案件"),
        (["document", case.number, "verdict", "--out", out_file], "没有“verdict”这种文书"),
        (["document", case.number, "determination", "--out", out_file, "--correction", "x"], "只能与 --issue 一起使用"),
        (["document", case.number, "determination", "--out", str(tmp_path / "无此目录" / "x.docx")], "无法写入"),
        (["documents", "void", "某消火认字〔2026〕第0009号", "--reason", "x"], "不存在"),
    ):  # fmt: skip
        code, out, err = run(capsys, "--database", database_url, *argv)
        assert (code, out) == (1, "") and expected in err, (argv, err)
        assert "Traceback" not in err
    broken_copy(tmp_path / "own", "determination.docx", "{{ case.grade }}", "{{ case.grade }")
    monkeypatch.setenv(TEMPLATES_ENV, str(tmp_path / "own"))
    code, _out, err = run(capsys, "--database", database_url, "document", case.number, "determination", "--out",
                          out_file, "--issue")  # fmt: skip
    assert code == 1 and "determination.docx" in err and "{{ case.grade }" in err
    assert listed(capsys, database_url, case.number) == []  # nothing issued, no number used


def test_kinds(capsys):
    code, out, err = run(capsys, "documents", "kinds", "--json")
    kinds = {k["kind"]: k for k in json.loads(out)}
    assert (code, err) == (0, "") and len(kinds) == 16
    assert kinds["investigation_report"]["layout"] == "official" and kinds["interview"]["per_record"] == "interview"
    code, out, _ = run(capsys, "documents", "kinds")
    assert "determination" in out and "火灾事故认定书" in out
