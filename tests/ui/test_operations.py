"""The background-operation helper: work off the GUI thread, results and errors back on it."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from fireinvest.errors import ConcurrentEditError
from fireinvest.ui.widgets import operations


@pytest.fixture
def threaded():
    operations.set_synchronous(False)
    yield
    operations.set_synchronous(True)


def test_work_runs_off_the_gui_thread_and_the_callback_on_it(qtbot, threaded):
    gui_thread = threading.get_ident()
    seen = {}

    def work() -> int:
        seen["work"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["result"] = result

    operations.run_in_background(None, work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["work"] != gui_thread
    assert seen["callback"] == gui_thread
    assert seen["result"] == 42
    assert operations.running_count() == 0


def test_user_error_is_shown_as_its_chinese_message(qtbot, threaded, message_boxes):
    finished = []

    def work() -> None:
        raise ConcurrentEditError("案件已被其他人修改。")

    operations.run_in_background(None, work, error_title="无法保存", on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: finished == [True], timeout=5000)
    assert [(box.windowTitle(), box.text()) for box in message_boxes] == [("无法保存", "案件已被其他人修改。")]


def test_unexpected_error_gets_a_generic_message_with_details(qtbot, message_boxes):
    def work() -> None:
        raise ZeroDivisionError("division by zero")

    operations.run_in_background(None, work)
    (box,) = message_boxes
    assert box.icon() == QMessageBox.Icon.Critical
    assert "意外错误" in box.text()
    assert "ZeroDivisionError" in box.detailedText()


def test_failure_handler_can_take_over_the_error(qtbot, message_boxes):
    handled = []
    operations.run_in_background(None, lambda: 1 / 0, on_failure=lambda exc: handled.append(exc) or True)
    assert isinstance(handled[0], ZeroDivisionError)
    assert message_boxes == []


def test_the_qt_binding_keeps_references_to_none_and_booleans():
    # PySide6 6.12.0 on Python 3.11 loses a reference to None on every void call and to True/False on every emit,
    # so a day's work aborts the interpreter ("none_dealloc"); pyproject.toml pins the binding below it. This
    # catches a future upgrade that brings the defect back.
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        fired = Signal()

    probe = Probe()
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        probe.setObjectName("")
        probe.fired.emit()
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert all(b - a < 100 for b, a in zip(before, after)), (before, after)
