"""The one way the window reaches the core: use cases on the database thread, results on the GUI thread, what
changed published once through the hub, and no database work anywhere else."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from fireinvest.db import WrongThread
from fireinvest.errors import ConcurrentEditError
from fireinvest.services import cases, settings
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from fireinvest.ui.runner import Runner
from tests.factories import make_draft


def test_use_cases_run_on_the_database_thread_and_callbacks_on_the_gui_thread(qtbot, threaded_runner):
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work(workstation):
        seen["work"] = threading.get_ident()
        return settings.agency_settings(workstation).agency_code

    def done(code) -> None:
        seen["done"] = threading.get_ident()
        seen["code"] = code

    threaded_runner.run(work, done=done)
    assert "done" not in seen  # run returned before the work was delivered
    qtbot.waitUntil(lambda: "code" in seen, timeout=5000)
    assert seen["work"] != gui and seen["done"] == gui
    assert seen["code"] == "320100"


def test_the_gui_thread_cannot_open_a_database_session(qtbot, threaded_runner):
    with pytest.raises(WrongThread):
        settings.agency_settings(threaded_runner.workstation)
    with pytest.raises(WrongThread):
        cases.create_case(threaded_runner.workstation, make_draft())


def test_work_runs_in_the_order_asked_for(qtbot, threaded_runner):
    order: list[int] = []
    for n in range(20):
        threaded_runner.run(lambda _ws, n=n: n, done=order.append)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=5000)
    assert order == list(range(20))


def test_what_a_write_changed_is_published_once_after_its_callback(qtbot, runner):
    heard: list[tuple[str, object]] = []
    runner.hub.changed.connect(lambda changes: heard.append(("hub", changes)))
    runner.run(lambda ws: cases.create_case(ws, make_draft()), done=lambda detail: heard.append(("done", detail)))
    (done, published) = heard
    assert done[0] == "done" and published[0] == "hub"
    detail, changes = done[1], published[1]
    assert changes.touches(detail.id, Part.FACTS) and changes.touches(detail.id, Part.TIMELINE)
    assert changes.touches_register(Register.CASES)
    runner.run(lambda ws: settings.agency_settings(ws))  # a read publishes nothing
    assert len(heard) == 2


def test_callbacks_of_a_closed_window_are_dropped_but_its_changes_still_published(qtbot, threaded_runner):
    owner = QWidget()
    delivered: list[object] = []
    heard: list[object] = []
    threaded_runner.hub.changed.connect(heard.append)
    threaded_runner.run(lambda ws: cases.create_case(ws, make_draft()), done=delivered.append,
                 finished=lambda: delivered.append("finished"), owner=owner)  # fmt: skip
    owner.deleteLater()
    qtbot.waitUntil(lambda: threaded_runner.pending == 0, timeout=5000)
    assert delivered == []
    assert len(heard) == 1


def test_a_refusal_is_shown_as_its_message_unless_the_caller_shows_it(qtbot, runner, message_boxes):
    def refuse(_ws):
        raise ConcurrentEditError("案件已被其他人修改。")

    finished: list[bool] = []
    runner.run(refuse, error_title="无法保存", finished=lambda: finished.append(True))
    assert [(box.windowTitle(), box.text()) for box in message_boxes] == [("无法保存", "案件已被其他人修改。")]
    assert finished == [True]

    handled: list[str] = []
    runner.run(refuse, refused=lambda error: handled.append(error.message) or True)
    assert handled == ["案件已被其他人修改。"]
    assert len(message_boxes) == 1  # no second dialog


def test_an_unexpected_error_gets_a_generic_message_with_the_details_folded_away(qtbot, runner, message_boxes):
    runner.run(lambda _ws: 1 / 0)
    (box,) = message_boxes
    assert box.icon() == QMessageBox.Icon.Critical
    assert "意外错误" in box.text()
    assert "ZeroDivisionError" in box.detailedText()


def test_shutdown_finishes_what_was_asked_for(qtbot, database_url, actor, workstation):
    database = open_prepared_database(database_url)
    runner = Runner(Workstation(database, actor))
    for n in range(3):
        runner.run(lambda ws, n=n: cases.create_case(ws, make_draft(unit_name=f"住户{n}")))
    runner.shutdown()  # never cuts a save off
    database.dispose()
    numbers = [cases.get_case(workstation, case_id).case_number for case_id in (1, 2, 3)]
    assert numbers == ["320100-2026-00001", "320100-2026-00002", "320100-2026-00003"]


def test_work_off_the_gui_thread_reads_through_the_database_thread_one_call_at_a_time(qtbot, threaded_runner):
    """A dossier composed on the thread pool reads each document and photo with `call`: each read runs on the
    database thread, so use cases asked for meanwhile run between the reads."""
    database_thread = threaded_runner._thread.ident
    seen: dict[str, object] = {}

    def compose() -> None:
        seen["pool"] = threading.get_ident()
        seen["code"] = threaded_runner.call(
            lambda ws: (threading.get_ident(), settings.agency_settings(ws).agency_code)
        )
        try:
            threaded_runner.call(lambda ws: cases.get_case(ws, 999_999))
        except Exception as exc:  # the refusal comes back to the caller
            seen["refused"] = exc

    worker = threading.Thread(target=compose)
    worker.start()
    worker.join(timeout=10)
    assert seen["code"] == (database_thread, "320100")
    assert seen["pool"] != database_thread
    assert "999999" in str(seen["refused"])
