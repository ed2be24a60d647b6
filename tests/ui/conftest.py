"""Fixtures for driving the real widgets on a real database (the `db` fixture: SQLite, and PostgreSQL when set)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from fireinvest.ui.main.window import MainWindow
from fireinvest.ui.widgets import operations


@pytest.fixture(autouse=True)
def synchronous_operations() -> Iterator[None]:
    """Background operations run inline, so a test sees their outcome on the next line."""
    with operations.synchronous_operations():
        yield


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> list[QMessageBox]:
    """A modal message box would block a test forever (nobody clicks offscreen). Every box a test does not answer
    itself is recorded here and answered with the cautious choice: Discard / Cancel / No / OK. This also lets the
    windows close at teardown when a failed test left unsaved edits behind."""
    shown: list[QMessageBox] = []

    def answer(box: QMessageBox) -> QMessageBox.StandardButton:
        shown.append(box)
        buttons = box.standardButtons()
        for choice in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel,
                       QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok):  # fmt: skip
            if buttons & choice:
                return choice
        return QMessageBox.StandardButton.NoButton

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return shown


@pytest.fixture
def window(qtbot, db, actor) -> MainWindow:
    main = MainWindow(db, actor)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main
