"""A register of people the program never deletes (investigators, experts): a table with 新增 / 编辑 / 停用 buttons.

Entries are deactivated, not deleted, because the cases and reviews they took part in keep naming them; a
deactivated entry stays in the list, greyed, and can be reactivated. A subclass says which register it shows, how
its use cases list and save an entry, how a row reads and which editor edits an entry.

Everything runs through the runner: the list is read by a read use case on the database thread, an editor saves
with a write use case (its refusals stay in the editor's red panel), and the register reads its list again whenever
the hub announces that the register changed - after its own saves, and after another window's import that added
experts or investigators.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fireinvest.errors import FireInvestError
from fireinvest.services.changes import Changes, Register
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.dialogs import confirm
from fireinvest.ui.widgets.item_table import Cell, ItemTable

INACTIVE = QColor("#8a8a8a")

Saving = Callable[[Workstation], Outcome[Any]]


class RegisterDialog(QDialog):
    """The register's table and buttons; entries are frozen records with `id`, `name`, `active` and `version`."""

    REGISTER: ClassVar[Register]

    def __init__(
        self, runner: Runner, parent: QWidget | None, *, name: str, title: str, headers: Sequence[str],
        add_text: str, stretch: int, width: int, deactivate_title: str, deactivate_text: str, error_title: str,
    ) -> None:  # fmt: skip
        """Texts are given untranslated, like FormDialog's labels; `deactivate_text` asks before deactivating, "%1"
        standing for the entry's name. The last header is the status column the register fills in."""
        super().__init__(parent)
        self.setObjectName(f"{name}Dialog")
        self.setWindowTitle(self.tr(title))
        self.resize(width, 480)
        self.runner = runner
        self._deactivate_title, self._deactivate_text = self.tr(deactivate_title), self.tr(deactivate_text)
        self._error_title = self.tr(error_title)
        self.records: dict[int, Any] = {}

        self.table = ItemTable([self.tr(h) for h in headers], f"{name}Table", self, stretch=stretch)
        self.table.activatedId.connect(lambda _id: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr(add_text), self)
        self.edit_button = QPushButton(self.tr("编辑…"), self)
        self.active_button = QPushButton(self.tr("停用"), self)
        close_button = QPushButton(self.tr("关闭"), self)
        self.add_button.clicked.connect(lambda: self.add_entry())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.active_button.clicked.connect(lambda: self.toggle_active())
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.active_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close_button.setAutoDefault(False)  # Enter in the table opens the entry, it does not close the register
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        runner.hub.changed.connect(self._on_changes)
        self.reload()

    # -- what a register says about its entries ---------------------------------------------------------------------

    def list_entries(self, workstation: Workstation) -> list[Any]:  # pragma: no cover - overridden
        """Every entry, deactivated ones included, in the order shown (database thread: a read use case)."""
        raise NotImplementedError

    def cells(self, entry: Any) -> Sequence[str]:  # pragma: no cover - overridden
        """The row of an entry, without the status column the register adds."""
        raise NotImplementedError

    def save_entry(self, workstation: Workstation, entry: Any) -> Outcome[Any]:  # pragma: no cover - overridden
        """Save a new (id None) or edited entry through its write use case (database thread)."""
        raise NotImplementedError

    def deactivate_entry(self, workstation: Workstation, entry: Any) -> Outcome[Any]:
        """Take the entry off the lists new work picks from (by default: save it as inactive)."""
        return self.save_entry(workstation, replace(entry, active=False))

    def new_entry(self) -> Any:  # pragma: no cover - overridden
        """A blank entry for 新增."""
        raise NotImplementedError

    def editor(self, entry: Any) -> QDialog:  # pragma: no cover - overridden
        """The form that edits one entry and saves it with `self.saving(entry)`."""
        raise NotImplementedError

    # -- the register -----------------------------------------------------------------------------------------------

    def saving(self, entry: Any) -> Saving:
        """The work that saves `entry`, for an editor's run_write."""
        return lambda workstation: self.save_entry(workstation, entry)

    def reload(self) -> None:
        """Read the register again (the hub also does this whenever it changes)."""
        self.runner.run(self.list_entries, done=self.show_entries, owner=self, error_title=self.tr("无法读取名册"))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches_register(self.REGISTER):
            self.reload()

    def show_entries(self, found: list[Any]) -> None:
        self.records = {e.id: e for e in found if e.id is not None}
        rows = []
        for entry in found:
            colour = None if entry.active else INACTIVE
            values = (*self.cells(entry), self.tr("在用") if entry.active else self.tr("已停用"))
            rows.append((entry.id, [Cell(v, colour) for v in values]))
        self.table.set_rows(rows)  # keeps the selected entry selected
        self._update_buttons()

    def selected(self) -> Any | None:
        entry_id = self.table.selected_id()
        return self.records.get(entry_id) if entry_id is not None else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.edit_button.setEnabled(entry is not None)
        self.active_button.setEnabled(entry is not None)
        self.active_button.setText(self.tr("重新启用") if entry is not None and not entry.active else self.tr("停用"))

    def _edit(self, entry: Any) -> None:
        dialog = self.editor(entry)
        dialog.exec()
        stored = getattr(dialog, "result_record", None)
        if stored is not None:
            self.table.select_when_listed(stored.id)
        dialog.deleteLater()

    def add_entry(self) -> None:
        self._edit(self.new_entry())

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._edit(entry)

    def toggle_active(self) -> None:
        """Deactivate the selected entry after asking, or reactivate it."""
        entry = self.selected()
        if entry is None or entry.id is None:
            return
        question = self._deactivate_text.replace("%1", entry.name)
        if entry.active and not confirm(self, self._deactivate_title, question, self.tr("停用")):
            return

        def work(workstation: Workstation) -> Outcome[Any]:
            if entry.active:
                return self.deactivate_entry(workstation, entry)
            return self.save_entry(workstation, replace(entry, active=True))

        def refused(_error: FireInvestError) -> bool:
            self.reload()  # show what was saved meanwhile, under the runner's message
            return False

        self.runner.run(work, refused=refused, owner=self, error_title=self._error_title)
