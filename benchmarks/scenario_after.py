"""Drives FireInvest as it is now ("after"): every use case through the window's runner on the database thread.
Same interface as scenario_before.py; used by editor_open.py and gui_pause.py in their children.

Everything is started the way the window starts it: MainWindow.open_case, the 附件 tab's add_files and
edit_caption, the case menu's CaseOutputs.export_dossier (the main window's own `outputs`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fireinvest.services.actor import workstation_actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from fireinvest.ui.app import create_application
from fireinvest.ui.main.window import MainWindow
from fireinvest.ui.runner import Runner

VERSION = "after"


class Program:
    """FireInvest started as run_gui starts it, on `url`, its main window shown."""

    def __init__(self, url: str) -> None:
        self.app = create_application([])
        self.database = open_prepared_database(url)
        self.runner = Runner(Workstation(self.database, workstation_actor()))
        self.window = MainWindow(self.runner)
        self.window.show_on_screen()

    @property
    def engine(self) -> Any:
        return self.database.engine

    def list_shown(self) -> bool:
        return self.window.model.rowCount() > 0 and self.window.model.cached_page_count > 0

    def busy(self) -> bool:
        """Work asked of the database thread whose results have not been delivered yet."""
        return self.runner.pending > 0

    def open_case(self, case_id: int) -> None:
        self.window.open_case(case_id)

    @staticmethod
    def case_tabs(editor: Any) -> list[Any]:
        """The tabs that show a part of the case (物证 … 文书), in the editor's order: the places of the pages,
        which are built when a tab is first shown, as the user turning to it builds them."""
        return [editor.tabs.widget(index) for index in range(len(editor.fact_pages), editor.tabs.count())]

    @staticmethod
    def when_tab_shows_data(tab: Any, shown: Callable[[], None]) -> None:
        """`shown()` once the tab shows its case's data (now, or when its read arrives)."""
        tab = getattr(tab, "page", tab)  # a tab's place: its page is built by now (the tab is current)
        if tab.loaded:
            shown()
            return
        original = tab.show_data

        def show_data(data: Any) -> None:
            original(data)
            tab.show_data = original
            shown()

        tab.show_data = show_data

    @staticmethod
    def attachments(editor: Any) -> list[Any]:
        return editor.attachments.records

    @staticmethod
    def start_intake(editor: Any, paths: list[Path]) -> None:
        editor.attachments.add_files(paths)

    @staticmethod
    def intake_running(editor: Any) -> bool:
        return editor.attachments.intake is not None

    def start_dossier(self, case_id: int, case_number: str, path: Path) -> None:
        self.window.outputs.export_dossier(case_id, case_number, str(path))

    def dossier_running(self) -> bool:
        return self.window.outputs.exporting is not None

    @staticmethod
    def edit_caption(editor: Any, record: Any, text: str, shown: Callable[[bool], None]) -> None:
        """Save the caption as the 附件 tab does; `shown(True)` once the tab lists the file with it."""
        page = editor.attachments
        original = page.show_data

        def show_data(data: Any) -> None:
            original(data)
            if any(r.id == record.id and r.caption == text for r in page.records):
                page.show_data = original
                shown(True)

        page.show_data = show_data
        page.edit_caption(record, text)

    def close(self) -> None:
        self.runner.shutdown()
        self.database.dispose()
