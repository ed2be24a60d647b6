"""The codes a file from another detachment names that this installation's lists lack (its district 丙区, its place
type 人员密集场所): for each the user chooses to add it to our list or to map it onto a code in force (丙区 →
江宁区), then the file is imported with that choice (exchange/code_mapping.py)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from fireinvest.services.reference import (
    CAUSE_CATEGORY,
    CAUSE_DETAIL,
    DISTRICT,
    KIND_LABELS,
    PLACE_TYPE,
    Code,
    ReferenceLists,
)
from fireinvest.ui.widgets.form_dialog import FormDialog


def choices_for(code: Code, lists: ReferenceLists) -> list[str]:
    """The codes in force a file's code may be mapped onto: its list's (a sub-cause: its category's)."""
    if code.kind == CAUSE_DETAIL:
        return list(lists.cause_details.get(code.parent, ()))
    return {DISTRICT: list(lists.districts), PLACE_TYPE: lists.place_type_names,
            CAUSE_CATEGORY: lists.cause_names}[code.kind]  # fmt: skip


class CodeMappingDialog(FormDialog):
    """One row per missing code: 类别, the file's code, and what to do with it (add, or map onto one of ours)."""

    def __init__(self, codes: Sequence[Code], lists: ReferenceLists, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("导入案件：本机代码表没有的代码"), parent, width=640)
        self.setObjectName("codeMappingDialog")
        self.codes = list(codes)
        explanation = QLabel(self.tr("文件中有 %1 项本机代码表没有的代码（通常来自其他大队或支队）。请逐项选择：加入"
                                     "本机代码表，或对照为本机已有的代码（例如对方的“丙区”即本机的“江宁区”）。导入仍是"
                                     "全部或全不。").replace("%1", str(len(self.codes))), self)  # fmt: skip
        explanation.setWordWrap(True)
        self.body.insertWidget(1, explanation)
        self.table = QTableWidget(len(self.codes), 3, self)
        self.table.setObjectName("missingCodes")
        self.table.setHorizontalHeaderLabels([self.tr("类别"), self.tr("文件中的代码"), self.tr("本机处理")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.choosers: list[QComboBox] = []
        for row, code in enumerate(self.codes):
            self.table.setItem(row, 0, QTableWidgetItem(KIND_LABELS[code.kind]))
            self.table.setItem(row, 1, QTableWidgetItem(str(code)))
            chooser = QComboBox(self.table)
            chooser.addItem(self.tr("加入本机代码表"), "")
            for name in choices_for(code, lists):
                chooser.addItem(self.tr("对照为“%1”").replace("%1", name), name)
            self.table.setCellWidget(row, 2, chooser)
            self.choosers.append(chooser)
        self.table.setMinimumHeight(min(360, 40 + 32 * len(self.codes)))
        self.body.insertWidget(2, self.table)
        self.ok_button.setText(self.tr("导入"))
        self.finish()

    def mapping(self) -> dict[Code, str]:
        """The codes the user mapped onto ours; the others are to be added."""
        return {code: chooser.currentData() for code, chooser in zip(self.codes, self.choosers)
                if chooser.currentData()}  # fmt: skip

    def save(self) -> None:
        self.accept()

    @classmethod
    def ask(cls, codes: Sequence[Code], lists: ReferenceLists, parent: QWidget | None = None) -> dict[Code, str] | None:
        """The mapping chosen (empty: add them all), or None when the user cancelled."""
        dialog = cls(codes, lists, parent)
        try:
            return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
