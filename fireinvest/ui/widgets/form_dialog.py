"""The form dialog every record editor builds on: a form, a red error panel for refusals, Save/Cancel.

Saving runs the use case through the runner (on the database thread) while the dialog stays open with its save
button disabled; the dialog closes when the use case succeeds, and a refusal stays in the red panel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

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

from fireinvest.errors import ConcurrentEditError, FireInvestError, ValidationFailed
from fireinvest.services.front_door import Workstation
from fireinvest.ui.widgets.fields import INVALID_STYLE, DateTimeField

if TYPE_CHECKING:  # the runner imports widgets; a form only needs its type
    from fireinvest.ui.runner import Runner


class FormDialog(QDialog):
    """A form whose OK runs `save()`; a refusal (invalid input, a newer save elsewhere) stays in the dialog in the
    red error panel, so the user can fix it without typing everything again. Read-only mode shows the same form
    with nothing editable."""

    def __init__(
        self, title: str, parent: QWidget | None, *, runner: Runner | None = None, read_only: bool = False,
        width: int = 520,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._runner = runner
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

    def run_write(self, work: Callable[[Workstation], Any]) -> None:
        """Save with the use case `work`; the dialog closes when it succeeds (`result_record` holds its value)."""
        if self.read_only:
            return
        assert self._runner is not None, "a form that saves needs the runner"
        self.ok_button.setEnabled(False)
        self._runner.run(work, done=self._saved, refused=self._refused, finished=self._ready, owner=self,
                         error_title=self.tr("无法保存"))  # fmt: skip

    def _saved(self, record: Any) -> None:
        self.result_record = record
        self.accept()

    def _refused(self, error: FireInvestError) -> bool:
        if isinstance(error, ValidationFailed | ConcurrentEditError):
            self.show_refusal(error.message)
            return True
        return False  # anything else: the runner shows it in a dialog

    def _ready(self) -> None:
        self.ok_button.setEnabled(True)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
