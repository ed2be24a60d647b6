"""Case numbers on import: a file's own numbers are kept and move the counter on; missing ones are assigned."""

from __future__ import annotations

import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import import_cases_file
from fireinvest.services import cases, people
from fireinvest.services.actor import Actor
from fireinvest.services.startup import open_workstation
from tests.exchange.conftest import record, snapshot, write_json
from tests.factories import make_draft
from tests.workstations import race_workstations


def test_missing_numbers_are_assigned_in_file_order(db, workstation, tmp_path):
    records = [record(1), record(2)]
    records[1]["case_number"] = ""
    report = import_cases_file(workstation, write_json(tmp_path / "new.json", records)).value
    assert (report.numbers_kept, report.numbers_assigned) == (0, 2)
    by_address = {facts.address: number for number, (facts, _staff, _grade) in snapshot(db).items()}
    assert by_address == {"玄武区中山路1号": "320100-2026-00001", "玄武区中山路2号": "320100-2026-00002"}


def test_given_numbers_are_kept_and_the_counter_moves_past_them(db, workstation, tmp_path):
    records = [record(1), record(2), record(3), record(4)]
    records[1]["case_number"] = "320100-2026-00001"  # after a row without number: still no collision
    records[2]["case_number"] = "旧系统-2018-0042"  # another system's number, kept as it is
    records[3]["case_number"] = "320200-2026-00500"  # another detachment's: its register, not ours
    report = import_cases_file(workstation, write_json(tmp_path / "mixed.json", records)).value
    assert (report.numbers_kept, report.numbers_assigned) == (3, 1)
    assert sorted(snapshot(db)) == ["320100-2026-00001", "320100-2026-00002", "320200-2026-00500", "旧系统-2018-0042"]
    assert cases.create_case(workstation, make_draft()).value.case_number == "320100-2026-00003"


def test_own_numbers_that_would_leave_a_hole_in_the_register_are_refused(db, workstation, tmp_path):
    """The register is gapless: 00500 imported now would leave 00002-00499 never issued; a sequence of twelve digits
    is no number at all. Refused naming the next number, nothing stored; the register continues where it was."""
    cases.create_case(workstation, make_draft())  # 320100-2026-00001
    records = [record(1), record(2), record(3)]
    records[0]["case_number"] = "320100-2026-00500"
    records[1]["case_number"] = "320100-2026-99999999999"
    records[2]["case_number"] = "320100-2026-00002"  # continues the register: would be kept
    with pytest.raises(ImportRejected) as refused:
        import_cases_file(workstation, write_json(tmp_path / "holes.json", records))
    message = refused.value.message
    assert "案件编号“320100-2026-00500”不能保留：本机2026年的下一个编号是320100-2026-00003" in message
    assert "“320100-2026-99999999999”不能保留：序号应为1至99999" in message
    assert "00002”不能保留" not in message
    assert sorted(snapshot(db)) == ["320100-2026-00001"]
    assert cases.create_case(workstation, make_draft()).value.case_number == "320100-2026-00002"


def test_known_investigators_are_matched_by_name(db, workstation, tmp_path):
    first = [record(1)]
    second = [record(2)]
    second[0]["investigators"] = [{"name": "新调查员1", "lead": True}, {"name": "王五", "lead": False}]
    assert import_cases_file(workstation, write_json(tmp_path / "a.json", first)).value.investigators_added == (
        "新调查员1",
    )
    assert import_cases_file(workstation, write_json(tmp_path / "b.json", second)).value.investigators_added == (
        "王五",
    )
    staff = {facts.address: team for facts, team, _grade in snapshot(db).values()}
    assert staff["玄武区中山路2号"] == (("新调查员1", True), ("王五", False))


SHARED_INVESTIGATOR = "周共同"
CASES_PER_FILE = 15


def import_file(workstation, path: str) -> tuple[str, ...]:
    """A workstation imports a file; the investigators it registered."""
    return import_cases_file(workstation, path).value.investigators_added


def test_two_imports_at_once_register_a_new_investigator_once(database_url, tmp_path):
    """Two workstations import different files at the same moment, both bringing the same new investigator."""
    files = {}
    for name, first in (("甲", 1), ("乙", 1 + CASES_PER_FILE)):
        records = [record(n) for n in range(first, first + CASES_PER_FILE)]
        for case in records:
            case["investigators"] = [{"name": SHARED_INVESTIGATOR, "lead": True}]
        files[name] = [str(write_json(tmp_path / f"{name}.json", records))]
    reported = race_workstations(database_url, import_file, files)

    workstation = open_workstation(database_url, Actor("检查员"))
    try:
        register = people.people_register(workstation, include_inactive=True)
        imported = snapshot(workstation.database)
    finally:
        workstation.database.dispose()
    assert [person.name for person in register] == [SHARED_INVESTIGATOR]
    assert len(imported) == 2 * CASES_PER_FILE
    # Every case of both files names that one person.
    assert {team for _facts, team, _grade in imported.values()} == {((SHARED_INVESTIGATOR, True),)}
    # One import registered the investigator; the other found them registered.
    assert sorted(added for (added,) in reported.values()) == [(), (SHARED_INVESTIGATOR,)]
