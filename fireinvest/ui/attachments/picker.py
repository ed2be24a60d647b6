"""Choosing among a case's attachments (added on its 附件 tab) the files that belong to one thing: the material of
an expert review, the evidence that a measure was completed, the rectification assessment report.

    chosen = pick_attachments(parent, "论证材料", "勾选作为本次论证材料的附件：", records, already_linked_ids)
    if chosen is not None:
        linked, unlinked = chosen - already, already - chosen
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from fireinvest.services.attachments.intake import AttachmentRecord

ATTACHMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def attachment_text(record: AttachmentRecord) -> str:
    """How a list names a file: 现场照片01.jpg（照片：起火部位）."""
    detail = record.kind.label + (f"：{record.caption}" if record.caption else "")
    return f"{record.original_name}（{detail}）"


class AttachmentPicker(QDialog):
    """A checklist of the case's attachments, the ones already linked ticked."""

    def __init__(
        self, title: str, prompt: str, attachments: Sequence[AttachmentRecord], chosen: Collection[int],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("attachmentPicker")
        self.setWindowTitle(title)
        self.setMinimumSize(480, 360)
        self.list = QListWidget(self)
        for record in attachments:
            item = QListWidgetItem(attachment_text(record), self.list)
            item.setData(ATTACHMENT_ID_ROLE, record.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if record.id in chosen else Qt.CheckState.Unchecked)
        note = prompt if attachments else self.tr("本案尚无附件。请先在“附件”页添加文件，再回到这里选择。")
        label = QLabel(note, self)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(bool(attachments))
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def set_checked(self, attachment_id: int, checked: bool) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ATTACHMENT_ID_ROLE) == attachment_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_ids(self) -> set[int]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return {item.data(ATTACHMENT_ID_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked}


def pick_attachments(
    parent: QWidget | None, title: str, prompt: str, attachments: Sequence[AttachmentRecord], chosen: Collection[int]
) -> set[int] | None:
    """The ids ticked when the user pressed OK; None when they cancelled."""
    dialog = AttachmentPicker(title, prompt, attachments, chosen, parent)
    try:
        return dialog.chosen_ids() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
