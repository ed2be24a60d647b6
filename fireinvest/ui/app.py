"""Starting the desktop program: `run_gui(database_url)` is what `fireinvest` (without a sub-command) calls."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QThreadPool, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from fireinvest import __version__
from fireinvest.errors import FireInvestError
from fireinvest.reference_files import resource_path
from fireinvest.services.actor import workstation_actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from fireinvest.ui.main.window import MainWindow
from fireinvest.ui.runner import Runner

log = logging.getLogger(__name__)

ORGANISATION = "FireInvest"
# Fonts that have the Chinese glyphs, in order of preference: Linux (Kylin, UOS, Debian), Windows.
PREFERRED_FONTS = ("Noto Sans CJK SC", "Microsoft YaHei", "Microsoft YaHei UI", "SimSun", "WenQuanYi")
translate = QCoreApplication.translate


def choose_font_family(families: list[str]) -> str | None:
    """The first preferred family installed; "WenQuanYi" matches its Micro Hei and Zen Hei variants."""
    for wanted in PREFERRED_FONTS:
        for family in families:
            if family == wanted or (wanted == "WenQuanYi" and family.startswith(wanted)):
                return family
    return None


def _install_font(app: QApplication) -> None:
    family = choose_font_family(QFontDatabase.families())
    if family is None:
        log.warning("no preferred CJK font found; Chinese text relies on the platform's fallback fonts")
        return
    font = QFont(family)
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(font)


def _install_translators(app: QApplication) -> None:
    """FireInvest's own strings are written in Chinese; other languages come from resources/translations."""
    locale = QLocale.system()
    translators = []
    ours = QTranslator(app)
    if locale.language() != QLocale.Language.Chinese and ours.load(
        locale, "fireinvest", "_", str(resource_path("translations"))
    ):
        translators.append(ours)
        ui_locale = locale
    else:
        # The interface is Chinese: make calendars, number formats and Qt's own dialogs Chinese to match.
        ui_locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        QLocale.setDefault(ui_locale)
    qt_own = QTranslator(app)
    if qt_own.load(ui_locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt_own)
    for translator in translators:
        app.installTranslator(translator)


# How long a thread may hold the interpreter before another gets its turn (CPython's default is 5 ms). Composing a
# dossier on the thread pool is Python through and through; a shorter turn lets the GUI thread in sooner, so a window
# built meanwhile is not held up for many turns of 5 ms.
SWITCH_INTERVAL_S = 0.001


def create_application(argv: list[str] | None = None) -> QApplication:
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("FireInvest")
    app.setApplicationDisplayName("FireInvest")
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    _install_font(app)
    _install_translators(app)
    return app


def _fatal(message: str) -> int:
    box = QMessageBox(QMessageBox.Icon.Critical, translate("app", "无法打开案件数据库"), message)
    box.addButton(translate("app", "退出"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return 1


def run_gui(database_url: str | None) -> int:
    """Open the database at `database_url` (None: the configured default) in the main window; the exit code.

    The database is opened (its schema checked, with one query on an everyday start) before any window exists;
    from then on every use case runs on the runner's database thread."""
    app = create_application()
    try:
        database = open_prepared_database(database_url)
    except FireInvestError as exc:
        return _fatal(exc.message)
    runner = Runner(Workstation(database, workstation_actor()))
    try:
        window = MainWindow(runner, state=QSettings())
        window.show_when_listed()
        code = app.exec()
        QThreadPool.globalInstance().waitForDone()  # file work still running (a conversion, a saved copy)
        return code
    finally:
        runner.shutdown()  # let a save that is still running finish, never cut it off
        database.dispose()
