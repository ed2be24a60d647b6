"""类似案例: earlier fires with the same cause category and place type as this case, and the prevention
recommendations drawn from them, for a case evaluation (案例评析). Double-clicking a case opens it in its own editor
(the dialog closes first, so the new editor is not held behind a modal dialog). The list is read through the
`similar_cases` use case on the database thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.services import similar_cases
from fireinvest.services.similar_cases import SimilarCase
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.boxes import titled_box
from fireinvest.ui.widgets.item_table import Cell, ItemTable

_HEADERS = ("案件编号", "报警时间", "起火地址", "单位/场所", "等级", "起火原因", "死亡", "防范建议")


class SimilarCasesDialog(QDialog):
    openCase = Signal(int)

    def __init__(self, runner: Runner, case_id: int, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similarCasesDialog")
        self.setWindowTitle(self.tr("类似案例"))
        self.resize(1000, 600)
        self._runner, self._case_id, self._zone = runner, case_id, zone
        self._asked = 0  # the newest request; an older answer arriving after it is dropped
        self.found: list[SimilarCase] = []
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.with_recommendations = QCheckBox(self.tr("只看提出过防范建议的案例"), self)
        self.with_recommendations.setChecked(True)  # a case evaluation builds on earlier recommendations
        self.with_recommendations.toggled.connect(lambda _on: self.reload())
        self.table = ItemTable([self.tr(h) for h in _HEADERS], "similarCasesTable", self, stretch=2)
        self.table.itemSelectionChanged.connect(self._show_recommendations)
        self.table.activatedId.connect(self._open)
        self.recommendations = QPlainTextEdit(self)
        self.recommendations.setObjectName("similarRecommendations")
        self.recommendations.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(titled_box(self.tr("<b>所选案例的事故教训与防范建议</b>"), self.recommendations, self))
        splitter.setSizes([340, 200])
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.with_recommendations)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self._asked += 1
        asked, case_id, advised_only = self._asked, self._case_id, self.with_recommendations.isChecked()
        self._runner.run(
            lambda ws: similar_cases.similar_cases(ws, case_id, with_recommendations_only=advised_only),
            done=lambda found: self._show(found) if asked == self._asked else None,
            owner=self,
            error_title=self.tr("无法读取类似案例"),
        )

    def _show(self, found: list[SimilarCase]) -> None:
        self.found = found
        self.table.set_rows([(c.case_id, self._cells(c)) for c in self.found])
        if self.found:
            note = self.tr("起火原因和场所类型与本案相同、发生在本案之前的案例（最近的 %1 起）。双击打开案件。")
            self.note.setText(note.replace("%1", str(len(self.found))))
            self.table.selectRow(0)
        elif self.with_recommendations.isChecked():
            self.note.setText(self.tr("没有提出过防范建议的类似案例；取消勾选可查看全部类似案例。"))
            self.recommendations.clear()
        else:
            self.note.setText(
                self.tr("没有找到起火原因和场所类型与本案相同的既往案例（本案尚未填写起火原因时无法比较）。")
            )
            self.recommendations.clear()

    def _cells(self, c: SimilarCase) -> list:
        return [c.case_number, format_local(c.alarm_time, self._zone), Cell(c.address, tooltip=c.summary),
                c.unit_name, c.fire_grade, c.cause_detail, Cell(str(c.deaths), sort_key=c.deaths),
                str(len(c.recommendations)) if c.recommendations else ""]  # fmt: skip

    def _show_recommendations(self) -> None:
        chosen = next((c for c in self.found if c.case_id == self.table.selected_id()), None)
        if chosen is None:
            self.recommendations.clear()
            return
        if not chosen.recommendations:
            self.recommendations.setPlainText(self.tr("该案例没有记录防范建议。") + "\n\n" + chosen.summary)
            return
        parts = []
        for number, r in enumerate(chosen.recommendations, start=1):
            d = r.draft
            lesson = f"\n   教训：{d.lesson}" if d.lesson else ""
            parts.append(f"{number}. 致{d.addressee}（{d.addressee_kind.label}）：{d.recommendation}{lesson}")
        self.recommendations.setPlainText("\n".join(parts))

    def _open(self, case_id: int) -> None:
        self.accept()
        self.openCase.emit(case_id)
