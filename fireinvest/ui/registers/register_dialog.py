"""A register of people the program never deletes (investigators, experts): a table with 新增 / 编辑 / 停用 buttons.

Entries are deactivated, not deleted, because the cases and reviews they took part in keep naming them; a
deactivated entry stays in the list, greyed, and can be reactivated. A subclass says what the register lists, how a
row reads, which editor edits an entry and how the service saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fireinvest.db import Database
from fireinvest.errors import FireInvestError
from fireinvest.services.actor import Actor
from fireinvest.ui.widgets.dialogs import confirm
from fireinvest.ui.widgets.item_table import Cell, ItemTable
from fireinvest.ui.widgets.operations import show_error

if TYPE_CHECKING:  # only named in hints: the register passes its unit of work's session to the service
    from sqlalchemy.orm import Session

INACTIVE = QColor("#8a8a8a")


class RegisterDialog(QDialog):
    """The register's table and buttons; entries are frozen records with `id`, `active` and `version`."""

    def __init__(
        self, database: Database, actor: Actor, parent: QWidget | None, *, name: str, title: str,
        headers: Sequence[str], add_text: str, stretch: int, width: int, deactivate_title: str,
        deactivate_text: str, error_title: str,
    ) -> None:  # fmt: skip
        """Texts are given untranslated, like FormDialog's labels; `deactivate_text` asks before deactivating, "%1"
        standing for the entry's name. The last header is the status column the register fills in."""
        super().__init__(parent)
        self.setObjectName(f"{name}Dialog")
        self.setWindowTitle(self.tr(title))
        self.resize(width, 480)
        self._database, self._actor = database, actor
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
        self.reload()

    # -- what a register says about its entries ---------------------------------------------------------------------

    def list_entries(self, session: Session) -> list[Any]:  # pragma: no cover - overridden
        """Every entry, deactivated ones included, in the order shown."""
        raise NotImplementedError

    def cells(self, entry: Any) -> Sequence[str]:  # pragma: no cover - overridden
        """The row of an entry, without the status column the register adds."""
        raise NotImplementedError

    def save_entry(self, session: Session, entry: Any) -> Any:  # pragma: no cover - overridden
        """Save a new (id None) or edited entry through its service; returns the stored record."""
        raise NotImplementedError

    def deactivate_entry(self, session: Session, entry: Any) -> None:
        """Take the entry off the lists new work picks from (by default: save it as inactive)."""
        self.save_entry(session, replace(entry, active=False))

    def new_entry(self) -> Any:  # pragma: no cover - overridden
        """A blank entry for 新增."""
        raise NotImplementedError

    def editor(self, entry: Any) -> QDialog:  # pragma: no cover - overridden
        """The dialog that edits one entry and saves it through `self.store`."""
        raise NotImplementedError

    # -- the register -----------------------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        with self._database.reading() as session:
            found = self.list_entries(session)
        self.records = {e.id: e for e in found if e.id is not None}
        rows = []
        for entry in found:
            colour = None if entry.active else INACTIVE
            values = (*self.cells(entry), self.tr("在用") if entry.active else self.tr("已停用"))
            rows.append((entry.id, [Cell(v, colour) for v in values]))
        self.table.set_rows(rows)
        if select_id is not None:
            self.table.select_id(select_id)
        self._update_buttons()

    def selected(self) -> Any | None:
        entry_id = self.table.selected_id()
        return self.records.get(entry_id) if entry_id is not None else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.edit_button.setEnabled(entry is not None)
        self.active_button.setEnabled(entry is not None)
        self.active_button.setText(self.tr("重新启用") if entry is not None and not entry.active else self.tr("停用"))

    def store(self, entry: Any) -> Any:
        """Save the entry and show it selected; raises what the service refuses, for the editor to show."""
        # One small row, saved on the GUI thread in milliseconds, so the editor can show a refusal where it is.
        with self._database.writing() as session:
            stored = self.save_entry(session, entry)
        self.reload(stored.id)
        return stored

    def _edit(self, entry: Any) -> None:
        dialog = self.editor(entry)
        dialog.exec()
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
        try:
            if entry.active:
                with self._database.writing() as session:
                    self.deactivate_entry(session, entry)
                self.reload(entry.id)
            else:
                self.store(replace(entry, active=True))
        except FireInvestError as exc:
            show_error(self, exc, self._error_title)
            self.reload(entry.id)
