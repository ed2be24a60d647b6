"""Questions the program asks: confirmations, save-before-closing, and the reason for voiding a case.

Message boxes use standard buttons with Chinese texts set explicitly, so they read right even where Qt's own
translations are missing, and so tests can answer them by patching `QMessageBox.exec`.
"""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fireinvest import __version__

translate = QCoreApplication.translate


def ask_unsaved_changes(parent: QWidget | None, what: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel for `what` (e.g. the case number); Escape means Cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("dialogs", "未保存的修改"))
    box.setText(translate("dialogs", "“%1”有尚未保存的修改。").replace("%1", what))
    box.setInformativeText(translate("dialogs", "是否在关闭前保存？"))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    )
    box.button(QMessageBox.StandardButton.Save).setText(translate("dialogs", "保存"))
    box.button(QMessageBox.StandardButton.Discard).setText(translate("dialogs", "不保存"))
    box.button(QMessageBox.StandardButton.Cancel).setText(translate("dialogs", "取消"))
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec())


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
    """A yes/no question whose safe answer (No) is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.button(QMessageBox.StandardButton.No).setText(translate("dialogs", "取消"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(translate("dialogs", "确定"))
    box.exec()


def show_about(parent: QWidget | None, agency_name: str, database_url: str) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(translate("dialogs", "关于 FireInvest"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        translate(
            "dialogs",
            "<h3>FireInvest %1</h3><p>火灾事故调查案件管理</p><p>机构：%2</p><p>数据库：%3</p><p>界面：PySide6 %4</p>",
        )
        .replace("%1", __version__)
        .replace("%2", html.escape(agency_name))
        .replace("%3", html.escape(database_url))
        .replace("%4", pyside_version)
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(translate("dialogs", "确定"))
    box.exec()


class VoidCaseDialog(QDialog):
    """Confirms voiding (作废) a case by its number and asks why; the reason is recorded with the case."""

    def __init__(self, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voidCaseDialog")
        self.setWindowTitle(self.tr("作废案件"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        question = QLabel(
            self.tr("确定要作废案件 %1 吗？").replace("%1", case_number)
            + "\n"
            + self.tr("作废后案件从列表中移除，编号保留并记录为已作废，不能再修改。"),
            self,
        )
        question.setWordWrap(True)
        layout.addWidget(question)
        layout.addWidget(QLabel(self.tr("作废原因（必填）："), self))
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("voidReason")
        self.reason_edit.setPlaceholderText(self.tr("例如：重复登记，与案件 … 为同一起火灾"))
        self.reason_edit.setFixedHeight(80)
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(self)
        self.void_button = self.buttons.addButton(self.tr("作废"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.void_button.setObjectName("confirmVoid")
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.void_button.setEnabled(False)
        self.reason_edit.textChanged.connect(lambda: self.void_button.setEnabled(bool(self.reason())))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    @classmethod
    def ask(cls, case_number: str, parent: QWidget | None = None) -> str | None:
        """The reason the user gave, or None when they cancelled."""
        dialog = cls(case_number, parent)
        try:
            return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
