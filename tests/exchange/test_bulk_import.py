"""Bulk import: the file is checked without the write lock, written in batches, and checked again when the register
or the rules changed between the two."""

from __future__ import annotations

import pytest

from fireinvest.errors import ImportRejected
from fireinvest.exchange import export_cases_file, import_cases_file, importer
from fireinvest.exchange.importer import check_import, import_ticker, read_cases_file, write_checked_import
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.case_query import CaseFilter
from fireinvest.services.front_door import Workstation
from fireinvest.services.reference import DISTRICT, Code, retire_codes
from fireinvest.services.startup import open_workstation
from fireinvest.services.workflow import case_timeline
from tests.exchange.conftest import case_count, record, snapshot, write_json
from tests.factories import make_draft
from tests.workstations import race_workstations


def test_another_workstation_saves_while_the_file_is_checked(db, workstation, database_url, tmp_path):
    """Parsing and checking run in a read-only transaction: a case registered meanwhile elsewhere is saved at once
    (on SQLite a held write lock would make it fail with 'database is locked'), and the import numbers after it."""
    other = open_workstation(database_url, Actor("值班员"))
    registered = []

    def progress(done, total):
        if done <= 2 * total // 3 and not registered:  # still parsing or checking
            registered.append(cases.create_case(other, make_draft()).value.case_number)

    try:
        report = import_cases_file(workstation, write_json(tmp_path / "cases.json", [record(1), record(2)]),
                                   progress).value  # fmt: skip
    finally:
        other.database.dispose()
    assert registered == ["320100-2026-00001"]
    assert report.imported == 2
    assert sorted(snapshot(db)) == ["320100-2026-00001", "320100-2026-00002", "320100-2026-00003"]


def test_a_number_taken_after_the_check_is_refused_when_writing(db, workstation, tmp_path):
    records = [record(1), record(2)]
    records[1]["case_number"] = "320200-2026-00007"  # another detachment's number
    source = read_cases_file(write_json(tmp_path / "cases.json", records))
    ticker = import_ticker(None, source)
    checked = check_import(workstation, source, ticker)
    cases.create_case(workstation, make_draft(), case_number="320200-2026-00007")  # meanwhile, elsewhere
    with pytest.raises(ImportRejected) as refused:
        write_checked_import(workstation, checked, ticker)
    assert "第2个案件" in refused.value.message and "“320200-2026-00007”已存在于数据库中" in refused.value.message
    assert case_count(db) == 1


def test_a_code_retired_after_the_check_is_found_when_writing(db, workstation, tmp_path):
    """The rules and lists the file was checked against are compared under the write lock; changed, the file is
    checked again and refused like any file naming a code the lists lack."""
    source = read_cases_file(write_json(tmp_path / "cases.json", [record(1), record(2)]))
    ticker = import_ticker(None, source)
    checked = check_import(workstation, source, ticker)
    retire_codes(workstation, [Code(DISTRICT, "玄武区")])
    with pytest.raises(ImportRejected) as refused:
        write_checked_import(workstation, checked, ticker)
    assert "辖区“玄武区”" in refused.value.message
    assert case_count(db) == 0


def test_batches_write_what_one_batch_writes(db, workstation, second_db, actor, varied_cases, tmp_path, monkeypatch):
    """Cases spread over batches of two: the same facts, numbers kept, assigned numbers gapless after them, the
    same timelines and deadlines."""
    for number in range(1, 4):  # open cases with deadlines, and one without a number
        cases.create_case(workstation, make_draft(address=f"鼓楼区中山北路{number}号"))
    path = tmp_path / "cases.json"
    export_cases_file(workstation, path, CaseFilter())
    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    target = Workstation(second_db, actor)
    report = import_cases_file(target, path).value
    assert (report.imported, report.numbers_kept) == (len(varied_cases) + 3, len(varied_cases) + 3)
    assert snapshot(second_db) == snapshot(db)
    for number in snapshot(db):
        here, there = (case_timeline(w, cases.find_case_id(w, number)) for w in (workstation, target))
        assert [(e.type, e.time, e.details) for e in there.events] == [(e.type, e.time, e.details) for e in here.events]
        assert there.status == here.status and there.deadlines == here.deadlines, number
    assert cases.create_case(target, make_draft()).value.case_number == cases.create_case(
        workstation, make_draft()).value.case_number  # fmt: skip


def import_or_refusal(workstation, path: str) -> str:
    """A workstation imports a file: what it was told."""
    try:
        return f"已导入 {import_cases_file(workstation, path).value.imported} 个"
    except ImportRejected as refused:
        return "已存在" if "已存在于数据库中" in refused.message else refused.message


def test_two_imports_bringing_the_same_numbers_at_once_store_them_once(database_url, tmp_path):
    """Two workstations import, at the same moment, files bringing the same numbers of another detachment: one
    stores them, the other is refused naming them (on PostgreSQL the numbers are checked again under a lock both
    imports take, so neither meets a unique-index failure)."""
    files = {}
    for name in ("甲", "乙"):
        records = [record(n) for n in range(1, 11)]
        for n, case in enumerate(records, start=1):
            case["case_number"] = f"320200-2026-{n:05d}"
        files[name] = [str(write_json(tmp_path / f"{name}.json", records))]
    reported = race_workstations(database_url, import_or_refusal, files)
    assert sorted(result for (result,) in reported.values()) == ["已存在", "已导入 10 个"]
    workstation = open_workstation(database_url, Actor("检查员"))
    try:
        assert len(snapshot(workstation.database)) == 10
    finally:
        workstation.database.dispose()
