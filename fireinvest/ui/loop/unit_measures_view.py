"""The per-unit view of the loop board (责任单位): choose a responsible unit and see every corrective measure addressed
to it across cases, with its deadline coloured when due or late; double-click opens the measure's case. The board
window hands it the units and the day the board was read for, and so also refreshes it when the board refreshes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fireinvest.services.loop import board as loop_board
from fireinvest.services.loop.board import UnitMeasure
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.item_table import Cell, ItemTable, measure_deadline_cells

_HEADERS = ("案件编号", "起火地址", "辖区", "整改措施", "整改期限", "期限状态", "整改状态", "核查", "评估结论")


class UnitMeasuresView(QWidget):
    openCase = Signal(int)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitMeasuresView")
        self._runner = runner
        self.measures: list[UnitMeasure] = []
        self._today: dt.date | None = None  # the day lateness is judged by: the board's (the agency's today)
        self._shown = False  # a unit's measures were asked for: read them again whenever the board is
        self._asked = 0  # the newest request; older answers arriving late are dropped
        self.unit = QComboBox(self)
        self.unit.setObjectName("unitChoice")
        self.unit.setMinimumContentsLength(24)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit.currentIndexChanged.connect(lambda _index: self.reload())
        self.summary = QLabel(self)
        self.summary.setObjectName("unitSummary")
        self.table = ItemTable(
            [self.tr(h) for h in _HEADERS], "unitMeasuresTable", self, stretch=3, sortable=True, sort_column=4
        )  # by deadline
        self.table.activatedId.connect(self._open)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("责任单位："), self))
        row.addWidget(self.unit)
        row.addSpacing(16)
        row.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def set_units(self, units: list[str], today: dt.date) -> None:
        """Offer these units (every owner of a measure), keeping the chosen one; `today` is the board's day. The
        measures shown are read again, as the board was."""
        self._today = today
        current = self.unit.currentText()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItems(units)
        self.unit.setCurrentIndex(max(self.unit.findText(current), 0))
        self.unit.blockSignals(False)
        if self._shown:
            self.reload()

    def show_unit(self, unit: str) -> None:
        index = self.unit.findText(unit)
        if index >= 0 and index != self.unit.currentIndex():
            self.unit.setCurrentIndex(index)  # reloads
        elif index >= 0:
            self.reload()

    def reload(self) -> None:
        self._asked += 1
        unit, today = self.unit.currentText(), self._today
        if not unit or today is None:
            self._show(dt.date.today(), [])
            return
        asked, self._shown = self._asked, True
        self.summary.setText(self.tr("正在查询…"))
        self._runner.run(lambda ws: loop_board.unit_measures(ws, unit, today),
                         done=lambda found: self._show(today, found) if asked == self._asked else None,
                         owner=self, error_title=self.tr("无法读取责任单位的整改措施"))  # fmt: skip

    def _show(self, today: dt.date, measures: list[UnitMeasure]) -> None:
        self.measures = measures
        rows: list[tuple[int, list[str | Cell]]] = []
        for m in measures:
            rows.append((m.measure_id, [
                m.case_number, m.address, m.district, Cell(m.description, tooltip=m.description),
                *measure_deadline_cells(m.deadline, m.status, m.verdict, today),
                m.status.label, self.tr("已核查") if m.verified else "", m.verdict.label if m.verdict else "",
            ]))  # fmt: skip
        self.table.set_rows(rows)
        open_items = sum(m.is_open for m in measures)
        overdue = sum(m.overdue for m in measures)
        self.summary.setText(self.tr("共 %1 项整改措施，未完成 %2 项，逾期 %3 项")
                             .replace("%1", str(len(measures))).replace("%2", str(open_items))
                             .replace("%3", str(overdue)))  # fmt: skip

    def _open(self, measure_id: int) -> None:
        found = next((m for m in self.measures if m.measure_id == measure_id), None)
        if found is not None:
            self.openCase.emit(found.case_id)
