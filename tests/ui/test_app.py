"""Starting the program: fonts that can show Chinese, and a clear message when the archive cannot be opened."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QLocale, QSettings, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from fireinvest.ui.app import choose_font_family, run_gui
from fireinvest.ui.main.window import MainWindow


def test_font_choice_prefers_cjk_families_in_order():
    assert choose_font_family(["DejaVu Sans", "SimSun", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert choose_font_family(["Arial", "Microsoft YaHei"]) == "Microsoft YaHei"
    assert choose_font_family(["DejaVu Sans", "WenQuanYi Micro Hei"]) == "WenQuanYi Micro Hei"
    assert choose_font_family(["DejaVu Sans", "Liberation Serif"]) is None


@pytest.fixture
def restore_application(qapp, tmp_path):
    """run_gui configures the one QApplication (font, locale, translators); put it back for the other tests."""
    font, locale = qapp.font(), QLocale()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    yield qapp
    qapp.setQuitOnLastWindowClosed(True)
    qapp.setFont(font)
    QLocale.setDefault(locale)


def test_unreachable_database_is_explained_and_the_exit_code_is_1(restore_application, message_boxes):
    code = run_gui("postgresql+psycopg://fireinvest:secret@127.0.0.1:9/nothing")
    assert code == 1
    (box,) = message_boxes
    assert box.windowTitle() == "无法打开案件数据库"
    assert "无法连接数据库服务器" in box.text()
    assert "secret" not in box.text()  # never show the password
    assert not any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_run_gui_opens_the_main_window_on_the_archive(restore_application, database_url):
    shown = []
    # Leave the event loop with exit(), not quit(): quit() puts the shared test QApplication into its closing-down
    # state, in which no window can be activated any more (later tests rely on activation).
    restore_application.setQuitOnLastWindowClosed(False)

    deadline = time.monotonic() + 30

    def close_main_window() -> None:
        # Wait for the window to show its agency (the settings arrive from the database thread), not for a time.
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not any("—" in w.windowTitle() for w in windows) and time.monotonic() < deadline:
            QTimer.singleShot(20, close_main_window)
            return
        for widget in windows:
            shown.append(widget.windowTitle())
            widget.close()
        QApplication.exit(0)

    QTimer.singleShot(0, close_main_window)
    assert run_gui(database_url) == 0
    assert shown == ["FireInvest 火灾事故调查案件管理 — 某市消防救援支队"]
    expected = choose_font_family(QFontDatabase.families())
    if expected is not None:  # a CJK font is installed: the whole interface uses it
        assert QApplication.font().family() == expected
