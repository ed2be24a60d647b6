"""Case numbers on import: a file's own numbers are kept and move the counter on; missing ones are assigned."""

from __future__ import annotations

from fireinvest.exchange import import_cases_file
from fireinvest.services import cases
from tests.exchange.conftest import record, snapshot, write_json
from tests.factories import make_draft


def test_missing_numbers_are_assigned_in_file_order(db, actor, tmp_path):
    records = [record(1), record(2)]
    records[1]["case_number"] = ""
    with db.writing() as session:
        report = import_cases_file(session, actor, write_json(tmp_path / "new.json", records))
    assert (report.numbers_kept, report.numbers_assigned) == (0, 2)
    by_address = {facts.address: number for number, (facts, _staff, _grade) in snapshot(db).items()}
    assert by_address == {"玄武区中山路1号": "320100-2026-00001", "玄武区中山路2号": "320100-2026-00002"}


def test_given_numbers_are_kept_and_the_counter_moves_past_them(db, actor, tmp_path):
    records = [record(1), record(2), record(3)]
    records[1]["case_number"] = "320100-2026-00007"  # after a row without number: still no collision
    records[2]["case_number"] = "旧系统-2018-0042"
    with db.writing() as session:
        report = import_cases_file(session, actor, write_json(tmp_path / "mixed.json", records))
    assert (report.numbers_kept, report.numbers_assigned) == (2, 1)
    assert sorted(snapshot(db)) == ["320100-2026-00007", "320100-2026-00008", "旧系统-2018-0042"]
    with db.writing() as session:
        assert cases.create_case(session, actor, make_draft()).case_number == "320100-2026-00009"


def test_known_investigators_are_matched_by_name(db, actor, tmp_path):
    first = [record(1)]
    second = [record(2)]
    second[0]["investigators"] = [{"name": "新调查员1", "lead": True}, {"name": "王五", "lead": False}]
    with db.writing() as session:
        assert import_cases_file(session, actor, write_json(tmp_path / "a.json", first)).investigators_added == (
            "新调查员1",
        )
    with db.writing() as session:
        assert import_cases_file(session, actor, write_json(tmp_path / "b.json", second)).investigators_added == (
            "王五",
        )
    staff = {facts.address: team for facts, team, _grade in snapshot(db).values()}
    assert staff["玄武区中山路2号"] == (("新调查员1", True), ("王五", False))
