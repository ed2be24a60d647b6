"""Asking why: the reason for correcting an issued document or voiding its number, recorded with the act.

The dialog is the confirmation too: it says what will happen, and its button (更正 / 作废) stays disabled until a
reason is written.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QWidget

from fireinvest.ui.widgets.form_dialog import FormDialog


class ReasonDialog(FormDialog):
    def __init__(self, title: str, explanation: str, field: str, action: str, parent: QWidget | None = None,
                 *, placeholder: str = "") -> None:  # fmt: skip
        super().__init__(title, parent, width=480)
        self.setObjectName("reasonDialog")
        self.explanation = QLabel(explanation, self)
        self.explanation.setWordWrap(True)
        self.body.insertWidget(1, self.explanation)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setPlaceholderText(placeholder)
        self.reason_edit.setFixedHeight(80)
        self.reason_edit.setTabChangesFocus(True)
        self.add_rows([(field, self.reason_edit)])
        self.ok_button.setText(action)
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason())))
        self.finish()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def save(self) -> None:
        if self.reason():
            self.accept()

    @classmethod
    def ask(cls, title: str, explanation: str, field: str, action: str, parent: QWidget | None = None,
            *, placeholder: str = "") -> str | None:  # fmt: skip
        """The reason written, or None when the user cancelled."""
        dialog = cls(title, explanation, field, action, parent, placeholder=placeholder)
        try:
            return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
