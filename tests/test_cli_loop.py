"""`fireinvest loop status|unit`, run as a user would, on loops built through the services."""

from __future__ import annotations

import datetime as dt
import json

from fireinvest.services.front_door import Workstation
from fireinvest.services.loop import items as loop_items
from tests.factories import local
from tests.loop_factories import closed_case, measure, recommendation, registered_case
from tests.test_cli import run

OWNER = "南京某某物业管理有限公司"


def build(db, actor):
    late = closed_case(db, actor, deaths=1)
    calm = registered_case(db, actor, local(2026, 5, 1), district="鼓楼区", address="鼓楼区中山北路2号")
    workstation = Workstation(db, actor)
    loop_items.create_measure(workstation, late.id, measure())
    loop_items.create_recommendation(workstation, calm.id, recommendation())
    loop_items.create_measure(workstation, calm.id, measure(deadline=dt.date(2099, 12, 31)))
    loop_items.create_measure(workstation, calm.id, measure(owner="中山街道办事处", deadline=dt.date(2099, 6, 1)))
    return late, calm


def test_loop_status_lists_loops_with_what_is_open_and_late(capsys, db, database_url, actor):
    late, calm = build(db, actor)
    code, out, err = run(capsys, "--database", database_url, "loop", "status", "--json")
    assert (code, err) == (0, "")
    rows = {row["case_number"]: row for row in json.loads(out)}
    assert rows[late.case_number] == {
        "case_number": late.case_number, "address": late.facts.address, "district": "玄武区", "fire_grade": "一般",
        "case_status": "closed", "closed_on": "2025-03-01", "required": True, "stage": "measures",
        "stage_label": "措施改进", "measures": 1, "open_items": 2, "overdue_items": 2, "next_due": "2025-06-30",
        "owners": [OWNER],
    }  # fmt: skip
    assert rows[calm.case_number]["required"] is False and rows[calm.case_number]["overdue_items"] == 0
    assert rows[calm.case_number]["owners"] == ["中山街道办事处", OWNER]

    code, out, _err = run(capsys, "--database", database_url, "loop", "status", "--overdue", "--json")
    assert code == 0 and [row["case_number"] for row in json.loads(out)] == [late.case_number]
    code, out, _err = run(capsys, "--database", database_url, "loop", "status", "--district", "鼓楼区", "--json")
    assert code == 0 and [row["case_number"] for row in json.loads(out)] == [calm.case_number]

    code, out, _err = run(capsys, "--database", database_url, "loop", "status")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("案件编号") and "闭环阶段" in lines[0]
    assert lines[1].startswith(late.case_number) and "措施改进" in lines[1] and "2025-06-30" in lines[1]
    assert lines[-1] == "共 2 个案件，其中 1 个有逾期事项。"


def test_loop_unit_lists_every_measure_of_the_unit(capsys, db, database_url, actor):
    late, calm = build(db, actor)
    code, out, err = run(capsys, "--database", database_url, "loop", "unit", OWNER, "--json")
    assert (code, err) == (0, "")
    measures = json.loads(out)
    assert [(m["case_number"], m["deadline"], m["overdue"]) for m in measures] == [
        (late.case_number, "2025-06-30", True),
        (calm.case_number, "2099-12-31", False),
    ]
    assert measures[0]["status_label"] == "未开始" and measures[0]["verdict"] is None
    code, out, _err = run(capsys, "--database", database_url, "loop", "unit", OWNER)
    assert code == 0 and out.splitlines()[-1] == f"“{OWNER}”共有 2 项整改措施，其中 1 项已逾期。"
    code, out, _err = run(capsys, "--database", database_url, "loop", "unit", "无此单位", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_a_mistyped_loop_command_is_a_usage_error(capsys, database_url):
    code, _out, err = run(capsys, "--database", database_url, "loop", "statuses")
    assert code == 2 and "错误" in err
