"""Helpers for the UI tests: realistic cases created through the services, and reading a model's columns."""

from __future__ import annotations

import datetime as dt

from fireinvest.rules.case_facts import CaseDraft
from fireinvest.services import cases
from fireinvest.services.cases import load_case_context
from fireinvest.services.front_door import Workstation, writes
from fireinvest.services.unit_of_work import UnitOfWork
from tests.factories import make_draft

DISTRICTS = ("玄武区", "秦淮区", "建邺区", "鼓楼区")
STREETS = ("中山路", "汉中路", "龙蟠路", "珠江路", "北京东路", "江东中路")


@writes
def register_cases(uow: UnitOfWork, drafts: list[CaseDraft]) -> list[int]:
    """Register many cases in one unit of work (as an import does); their ids in order."""
    ctx = load_case_context(uow.session)
    return [cases.create_case.within(uow, draft, ctx=ctx).id for draft in drafts]


def add_cases(db, actor, count: int, start: dt.datetime | None = None) -> list[int]:
    """`count` valid cases, one hour apart, spread over districts and streets; returns their ids in creation order."""
    first = start or dt.datetime(2026, 1, 1, 8, 0, tzinfo=make_draft().alarm_time.tzinfo)
    drafts = []
    for n in range(count):
        alarm = first + dt.timedelta(hours=n)
        drafts.append(
            make_draft(
                alarm_time=alarm,
                ignition_time=alarm - dt.timedelta(minutes=10),
                extinguished_time=alarm + dt.timedelta(hours=1),
                district=DISTRICTS[n % len(DISTRICTS)],
                address=f"{DISTRICTS[n % len(DISTRICTS)]}{STREETS[n % len(STREETS)]}{n + 1}号",
                unit_name=f"住户{n + 1:04d}",
            )
        )
    return register_cases(Workstation(db, actor), drafts).value


def refused_save(dialog) -> tuple[bool, str]:
    """Press save on a form dialog the service is expected to refuse, then cancel it; whether the dialog stayed open
    after saving, and what its red error panel said."""
    dialog.save()
    outcome = (dialog.isVisible(), dialog.error_panel.text())
    dialog.reject()
    return outcome


def model_column(model, column: int, rows: int | None = None) -> list[str]:
    count = model.rowCount() if rows is None else min(rows, model.rowCount())
    return [model.data(model.index(row, column)) for row in range(count)]


def type_text(qtbot, widget, text: str) -> None:
    """Type into a widget as a user would. Chinese arrives from the input method as committed text (QTest can only
    synthesise ASCII key presses); digits and Latin letters are typed key by key."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def replace_text(qtbot, widget, text: str) -> None:
    """Select everything in the field (Ctrl+A) and type over it."""
    from PySide6.QtCore import Qt

    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, widget, text)


def answer_next_modal(qtbot, handler) -> None:
    """Run `handler(dialog)` on the next modal dialog as soon as it is shown (a modal exec() blocks the test)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if tries < 200:
                QTimer.singleShot(10, lambda: attempt(tries + 1))
            return
        handler(dialog)

    QTimer.singleShot(0, attempt)


def activate(qtbot, widget) -> None:
    """Make `widget`'s window the active one, as a click on it would; window shortcuts (Ctrl+S) act only there.
    (qtbot.waitActive returns at once for a dialog whose parent window is active, so wait for the real thing.)"""
    from PySide6.QtWidgets import QApplication

    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=2000)
