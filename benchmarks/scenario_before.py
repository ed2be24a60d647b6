"""Drives FireInvest as it was before the redesign (commit 562b988, "before"): the window, the case editor, its tabs
and the caption edit read and write the database on the GUI thread; the dossier export and the attachment intake
run on QThreadPool workers (ui/operations.run_in_background). Same interface as scenario_after.py; run only in a
child whose PYTHONPATH starts with the worktree of that commit (versions.py).

Everything is started the way that window started it: MainWindow.open_case, the 附件 tab's add_files and caption
edit (edit_caption, then reload, as its edit_selected_caption did), the case menu's CaseOutputs.export_dossier.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fireinvest.services.actor import workstation_actor
from fireinvest.services.archive_setup import open_case_archive
from fireinvest.ui.app import create_application
from fireinvest.ui.main_window import MainWindow
from fireinvest.ui.operations import running_count

VERSION = "before"


class Program:
    """FireInvest started as its run_gui started it, on `url`, its main window shown."""

    def __init__(self, url: str) -> None:
        self.app = create_application([])
        self.database = open_case_archive(url)
        self.window = MainWindow(self.database, workstation_actor())
        self.window.show_on_screen()

    @property
    def engine(self) -> Any:
        return self.database.engine

    def list_shown(self) -> bool:
        return self.window.model.rowCount() > 0

    def busy(self) -> bool:
        """Background operations whose results have not been delivered yet."""
        return running_count() > 0

    def open_case(self, case_id: int) -> None:
        self.window.open_case(case_id)

    @staticmethod
    def case_tabs(editor: Any) -> list[Any]:
        """The tabs that show a part of the case (物证 … 文书), in the editor's order."""
        return [editor.evidence, editor.records, editor.attachments, editor.timeline, editor.reviews, editor.loop,
                editor.documents]  # fmt: skip

    @staticmethod
    def when_tab_shows_data(tab: Any, shown: Callable[[], None]) -> None:
        shown()  # every tab read its part when the editor was made

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
        """Save the caption as the 附件 tab did (on the GUI thread); `shown(saved)` when the call has returned."""
        page = editor.attachments
        try:
            saved = page.edit_caption(record, text) is not None  # a refusal was shown in a message box
        except Exception:  # an error the old code let through is a failed edit too
            saved = False
        if saved:
            page.reload()
        shown(saved and any(r.id == record.id and r.caption == text for r in page.records))

    def close(self) -> None:
        self.database.dispose()
