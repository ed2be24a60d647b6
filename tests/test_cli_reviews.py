"""`fireinvest experts list` and `fireinvest reviews list`, run as a user would: output, exit codes and the gate."""

from __future__ import annotations

import datetime as dt
import json

from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.experts import ExpertRecord, deactivate_expert, save_expert
from fireinvest.services.front_door import Workstation
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.services.startup import open_prepared_database
from tests.factories import make_draft
from tests.test_cli import run

ACTOR = Actor("测试员")


def prepare(url: str) -> str:
    """A fatal fire with a dissenting review still in draft, and a retired expert; returns the case number."""
    database = open_prepared_database(url)
    try:
        workstation = Workstation(database, ACTOR)
        case = cases.create_case(workstation, make_draft(deaths=1)).value
        people = [("陈立新", "应急管理部天津消防研究所", "电气火灾", "研究员", "022-58380001"),
                  ("刘建华", "某省消防救援总队", "火灾调查", "高级工程师"),
                  ("周敏", "某大学", "燃烧学", "副教授")]  # fmt: skip
        chen, liu, old = [save_expert(workstation, ExpertRecord(None, *person)).value for person in people]
        assert chen.id is not None and liu.id is not None and old.id is not None
        deactivate_expert(workstation, old.id, old.version)
        seats = [ExpertOpinion(chen.id, "同意。"), ExpertOpinion(liu.id, "不能排除吸烟。", dissents=True)]
        draft = ReviewDraft(held_on=dt.date(2026, 3, 18), place="支队会议室", conclusion="起火原因为电气故障。",
                            opinions=seats)  # fmt: skip
        reviews.create_review(workstation, case.id, draft)
        return case.case_number
    finally:
        database.dispose()


def test_experts_list(capsys, database_url):
    prepare(database_url)
    code, out, err = run(capsys, "--database", database_url, "experts", "list", "--json")
    assert (code, err) == (0, "")
    listed = json.loads(out)
    assert [(e["name"], e["title"], e["active"]) for e in listed] == [("刘建华", "高级工程师", True),
                                                                      ("陈立新", "研究员", True)]  # fmt: skip
    assert listed[1]["unit"] == "应急管理部天津消防研究所" and listed[1]["contact"] == "022-58380001"

    code, out, _err = run(capsys, "--database", database_url, "experts", "list", "--all")
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "共 3 名专家。"
    assert any(line.startswith("周敏") and line.endswith("某大学  （已停用）") for line in lines)


def test_reviews_list_shows_the_review_and_the_waiting_determination(capsys, database_url):
    number = prepare(database_url)
    code, out, err = run(capsys, "--database", database_url, "reviews", "list", number, "--json")
    assert (code, err) == (0, "")
    (review,) = json.loads(out)
    assert (review["purpose"], review["status_label"], review["held_on"]) == ("cause_determination", "草稿",
                                                                              "2026-03-18")  # fmt: skip
    assert [(e["name"], e["unit"], e["dissents"]) for e in review["experts"]] == [
        ("陈立新", "应急管理部天津消防研究所", False), ("刘建华", "某省消防救援总队", True),
    ]  # fmt: skip

    code, out, _err = run(capsys, "--database", database_url, "reviews", "list", number)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("2026-03-18  起火原因认定论证") and lines[0].endswith("专家：陈立新、刘建华（不同意见）")
    assert lines[1] == "    结论：起火原因为电气故障。"
    assert lines[-1] == "注意：作出认定前需要经专家论证并形成结论（原因：有人员死亡（1人））。"


def test_unknown_case_is_an_error(capsys, database_url):
    code, out, err = run(capsys, "--database", database_url, "reviews", "list", "320100-2026-09999")
    assert (code, out) == (1, "")
    assert err.strip() == "错误：没有编号为“320100-2026-09999”的案件。"
