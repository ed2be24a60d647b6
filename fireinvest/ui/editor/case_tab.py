"""What every tab of the case editor that shows a part of the case (物证, 笔录, 附件, 程序与期限, 专家论证, 闭环管理,
文书) has in common: it reads its part through one read use case, on the database thread, when it is first shown,
and reads it again whenever the hub says that part of its case changed.

    class EvidencePage(CaseTab):
        PARTS = (Part.EVIDENCE,)

        def read(self, workstation: Workstation, case_id: int) -> list[EvidenceRecord]:
            return evidence.list_evidence(workstation, case_id)

        def show_data(self, records: list[EvidenceRecord]) -> None:
            ...fill the table...

Reading only what is looked at keeps opening a case cheap (the facts and nothing else), and a tab that is not
visible when its part changes just notes it and reads again when the user turns to it. No tab ever tells another
to refresh: a use case says what it changed, the hub announces it, and each tab asks itself whether that concerns it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from fireinvest.services.changes import Changes, Part
from fireinvest.services.front_door import Workstation
from fireinvest.ui.runner import Runner


class CaseTab(QWidget):
    """A tab showing `PARTS` of one case. Subclasses implement `read` (database thread) and `show_data` (GUI)."""

    PARTS: ClassVar[tuple[Part, ...]] = ()

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.case_id: int | None = None
        self.editable = False
        self.loaded = False  # the shown data is that of the case's current state
        self._reading = False
        self._read_again = False
        self._to_reveal: tuple[str, int] | None = None  # a record to select once the data has arrived
        runner.hub.changed.connect(self._on_changes)

    # -- for subclasses -------------------------------------------------------------------------------------------

    def read(self, workstation: Workstation, case_id: int) -> Any:  # pragma: no cover - overridden
        """The tab's data (runs on the database thread: only use cases here)."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:  # pragma: no cover - overridden
        """Show what `read` returned (GUI thread)."""
        raise NotImplementedError

    def show_no_case(self) -> None:
        """Show the tab of a case not saved yet (default: no data)."""

    def select_record(self, kind: str, record_id: int) -> None:
        """Select the record of this kind and id in the tab's list (a search hit opens the case there)."""

    def reveal(self, kind: str, record_id: int) -> None:
        """Select the record now if the tab's data is there, else as soon as it arrives."""
        if self.loaded:
            self.select_record(kind, record_id)
        else:
            self._to_reveal = (kind, record_id)

    # -- the tab's life -------------------------------------------------------------------------------------------

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        """Show this case (None: a new case, not saved yet); read now if the tab is on screen, else when shown."""
        self.case_id, self.editable = case_id, case_id is not None and editable
        self.loaded = False
        if case_id is None:
            self.show_no_case()
        elif self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Read the tab's part again now (one read at a time; a change meanwhile reads once more afterwards)."""
        if self.case_id is None:
            return
        if self._reading:
            self._read_again = True
            return
        self._reading, case_id = True, self.case_id
        self.runner.run(
            lambda workstation: self.read(workstation, case_id),
            done=lambda data: self._arrived(case_id, data),
            finished=self._read_finished,
            owner=self,
            error_title=self.tr("无法读取案件"),
        )

    def _arrived(self, case_id: int, data: Any) -> None:
        if case_id == self.case_id:
            self.loaded = True
            self.show_data(data)
            if self._to_reveal is not None:
                kind, record_id = self._to_reveal
                self._to_reveal = None
                self.select_record(kind, record_id)

    def _read_finished(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded and self.case_id is not None:
            self.reload()

    def _on_changes(self, changes: Changes) -> None:
        if self.case_id is None or not changes.touches(self.case_id, *self.PARTS):
            return
        self.loaded = False
        if self.isVisible():
            self.reload()
