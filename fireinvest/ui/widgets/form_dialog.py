"""The form dialog every record editor builds on: a form, a red error panel for refusals, Save/Cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fireinvest.errors import ConcurrentEditError, ValidationFailed
from fireinvest.ui.widgets.fields import INVALID_STYLE, DateTimeField
from fireinvest.ui.widgets.operations import show_error


class FormDialog(QDialog):
    """A form whose OK runs `save()`; a refusal (invalid input, a newer save elsewhere) stays in the dialog in the
    red error panel, so the user can fix it without typing everything again. Read-only mode shows the same form
    with nothing editable."""

    def __init__(self, title: str, parent: QWidget | None, *, read_only: bool = False, width: int = 520) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(width)
        self.read_only = read_only
        self.error_panel = QLabel(self)
        self.error_panel.setObjectName("errorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        close_text = self.tr("关闭") if read_only else self.tr("取消")
        self.buttons.addButton(close_text, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.error_panel)
        self.body.addLayout(self.form)
        self.result_record: Any = None

    def add_rows(self, rows: Sequence[tuple[str, QWidget]]) -> None:
        for label, widget in rows:
            self.form.addRow(self.tr(label) + "：", widget)

    def finish(self) -> None:
        """Add the buttons last; in read-only mode nothing can be changed or saved."""
        self.body.addWidget(self.buttons)
        if not self.read_only:
            return
        self.ok_button.hide()
        for edit in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
            edit.setReadOnly(True)
        for field in self.findChildren(DateTimeField) + self.findChildren(QCheckBox):
            field.setEnabled(False)
        for rows in self.findChildren(QWidget):
            if hasattr(rows, "set_read_only"):
                rows.set_read_only()

    def show_refusal(self, message: str) -> None:
        self.error_panel.setText(message)
        self.error_panel.show()

    def run_write(self, write: Callable[[], Any]) -> None:
        if self.read_only:
            return
        try:
            self.result_record = write()
        except (ValidationFailed, ConcurrentEditError) as refused:
            self.show_refusal(refused.message)
            return
        except Exception as exc:  # shown to the user, never swallowed
            show_error(self, exc, self.tr("无法保存"))
            return
        self.accept()

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
