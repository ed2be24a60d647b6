"""Fixtures for driving the real widgets on a real database (SQLite, and PostgreSQL when set).

The window works as in production: every use case runs through the runner on its database thread, on a Database of
its own that refuses any session opened on another thread (the GUI thread included). The runner is synchronous:
`run` waits for the database thread and delivers the callbacks before it returns, so a test sees the outcome on its
next line without sleeping. The test itself sets up and checks data through the `db` and `workstation` fixtures, a
second connection to the same database, like another workstation.

Every message box is answered with the cautious choice and recorded in `message_boxes`. A warning or an error box
that the test did not look at fails the test: an error dialog nobody expected is a bug, not a detail.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from fireinvest.ui.main.window import MainWindow
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets import operations


@pytest.fixture(autouse=True)
def synchronous_operations() -> Iterator[None]:
    """Work off the database (LibreOffice, files) runs inline too, so a test sees its outcome on the next line."""
    with operations.synchronous_operations():
        yield


class ShownBoxes(list):
    """The message boxes shown so far; reading the list counts as having looked at them."""

    looked_at = 0

    def __init__(self) -> None:
        super().__init__()
        self.said: list[tuple[QMessageBox.Icon, str, str]] = []  # icon, title and text of each box, in order

    def _look(self) -> None:
        self.looked_at = super().__len__()

    def __iter__(self):
        self._look()
        return super().__iter__()

    def __getitem__(self, index):
        self._look()
        return super().__getitem__(index)

    def __len__(self) -> int:
        self._look()
        return super().__len__()


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch) -> Iterator[ShownBoxes]:
    """A modal message box would block a test forever (nobody clicks offscreen). Every box is recorded here and
    answered with the cautious choice: Discard / Cancel / No / OK. This also lets the windows close at teardown when
    a failed test left unsaved edits behind."""
    shown = ShownBoxes()

    def answer(box: QMessageBox) -> QMessageBox.StandardButton:
        list.append(shown, box)
        shown.said.append((box.icon(), box.windowTitle(), box.text()))
        buttons = box.standardButtons()
        for choice in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel,
                       QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok):  # fmt: skip
            if buttons & choice:
                return choice
        return QMessageBox.StandardButton.NoButton

    monkeypatch.setattr(QMessageBox, "exec", answer)
    yield shown
    problems = (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical)
    # What a box said is kept when it is shown: a box whose window was closed is gone by teardown.
    unseen = [said for said in list(list.__iter__(shown.said))[shown.looked_at :] if said[0] in problems]
    if unseen:
        listed = " | ".join(f"{title}: {text}" for _icon, title, text in unseen)
        pytest.fail(f"error dialogs the test did not expect: {listed}")


@pytest.fixture
def runner(qtbot, database_url, actor) -> Iterator[Runner]:
    """The window's runner, on its own connection to the test's database, confined to its database thread."""
    database = open_prepared_database(database_url)
    runner = Runner(Workstation(database, actor), synchronous=True)
    yield runner
    runner.shutdown()
    database.dispose()


@pytest.fixture
def threaded_runner(qtbot, database_url, actor) -> Iterator[Runner]:
    """A runner as the program has it: `run` returns at once and the results arrive later on the GUI thread."""
    database = open_prepared_database(database_url)
    runner = Runner(Workstation(database, actor))
    yield runner
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    runner.shutdown()
    database.dispose()


@pytest.fixture
def window(qtbot, runner, db) -> MainWindow:
    """The main window, shown; `db` is opened first so the test can set data up before the window reads it."""
    main = MainWindow(runner)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main
