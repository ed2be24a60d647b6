"""A calendar day that may be left empty ("未填写"), for the loop's and the reviews' dates (deadlines, visits,
decisions): typed or picked from a calendar, read back as a `datetime.date` or None."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

DATE_FORMAT = "yyyy-MM-dd"


class DateField(QWidget):
    """A day; with `unset_text` the user may tick it to leave the day empty."""

    changed = Signal()

    def __init__(self, unset_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setMinimumWidth(120)
        self.edit.dateChanged.connect(self.changed)
        layout.addWidget(self.edit)
        self.unset_box: QCheckBox | None = None
        if unset_text is not None:
            self.unset_box = QCheckBox(unset_text, self)
            self.unset_box.toggled.connect(self._unset_toggled)
            layout.addWidget(self.unset_box)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.set_value(None)

    def _unset_toggled(self, unset: bool) -> None:
        self.edit.setEnabled(not unset)
        self.changed.emit()

    def set_value(self, value: dt.date | None, default: dt.date | None = None) -> None:
        """Show `value`; None leaves the field empty (when it may be) and shows `default` (or today) greyed."""
        shown = value or default or dt.date.today()
        self.edit.setDate(QDate(shown.year, shown.month, shown.day))
        if self.unset_box is not None:
            self.unset_box.setChecked(value is None)
            self.edit.setEnabled(value is not None)

    def value(self) -> dt.date | None:
        if self.unset_box is not None and self.unset_box.isChecked():
            return None
        return self.edit.date().toPython()

    def set_read_only(self) -> None:
        """Shown, not changed: FormDialog calls this on every child that has it when the form is read-only."""
        self.edit.setReadOnly(True)
        self.edit.setCalendarPopup(False)
        self.edit.setButtonSymbols(QDateEdit.ButtonSymbols.NoButtons)
        if self.unset_box is not None:
            self.unset_box.setEnabled(False)
