"""节假日设置: an administrator enters the holidays and adjusted working days of a year whose official schedule the
holiday package does not carry yet (or corrects one), and deadlines are recomputed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from fireinvest.rules.working_calendar import CalendarDay
from fireinvest.services import deadlines
from fireinvest.services.deadlines import CalendarYear
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.dialogs import inform

_SOURCE_TEXT = {
    "published": "该年节假日安排已由日历数据包提供；此处录入的日期会覆盖它。",
    "entered": "该年节假日安排由管理员录入。",
    "weekends": "该年节假日安排尚未发布：期限暂按周六、周日休息估算。请录入国务院公布的节假日和调休上班日。",
}


class CalendarDialog(QDialog):
    def __init__(self, runner: Runner, year: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calendarDialog")
        self.setWindowTitle(self.tr("节假日设置"))
        self.resize(560, 480)
        self._runner = runner
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(year or dt.date.today().year + 1)
        self.source = QLabel(self)
        self.source.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("calendarEntries")
        self.table.setHorizontalHeaderLabels([self.tr("日期"), self.tr("类型"), self.tr("说明")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # The cells are editor widgets, which ResizeToContents does not measure: give the columns their room.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, self.fontMetrics().horizontalAdvance("2027-10-01") + 60)
        self.table.setColumnWidth(1, self.fontMetrics().horizontalAdvance("休息日（节假日）") + 60)
        add, remove = QPushButton(self.tr("添加日期"), self), QPushButton(self.tr("删除所选"), self)
        add.clicked.connect(lambda: self.add_row(CalendarDay(dt.date(self.year.value(), 1, 1), False)))
        remove.clicked.connect(self._remove_selected)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年份："), self))
        top.addWidget(self.year)
        top.addStretch(1)
        edit = QHBoxLayout()
        edit.addWidget(add)
        edit.addWidget(remove)
        edit.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.source)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self.load)
        self.load()

    def load(self) -> None:
        """Read the year shown (again)."""
        year = self.year.value()
        self._runner.run(lambda ws: deadlines.calendar_year(ws, year), done=self._show_year, owner=self,
                         error_title=self.tr("无法读取节假日"))  # fmt: skip

    def _show_year(self, calendar: CalendarYear) -> None:
        if calendar.year != self.year.value():
            return  # the user has moved on to another year meanwhile
        self.source.setText(self.tr(_SOURCE_TEXT[calendar.source]))
        self.table.setRowCount(0)
        for entry in calendar.entries:
            self.add_row(entry)

    def add_row(self, entry: CalendarDay) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        day = QDateEdit(QDate(entry.day.year, entry.day.month, entry.day.day), self.table)
        day.setCalendarPopup(True)
        day.setDisplayFormat("yyyy-MM-dd")
        kind = QComboBox(self.table)
        kind.addItem(self.tr("休息日（节假日）"), False)
        kind.addItem(self.tr("上班日（调休）"), True)
        kind.setCurrentIndex(1 if entry.is_working_day else 0)
        self.table.setCellWidget(row, 0, day)
        self.table.setCellWidget(row, 1, kind)
        self.table.setCellWidget(row, 2, QLineEdit(entry.note, self.table))

    def _remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def entries(self) -> list[CalendarDay]:
        days = []
        for row in range(self.table.rowCount()):
            day, kind, note = (self.table.cellWidget(row, column) for column in range(3))
            # add_row puts these widgets in every row.
            assert isinstance(day, QDateEdit) and isinstance(kind, QComboBox) and isinstance(note, QLineEdit)
            date = day.date()
            days.append(
                CalendarDay(dt.date(date.year(), date.month(), date.day()), bool(kind.currentData()), note.text())
            )
        return days

    def save(self) -> None:
        """Store the year's entries; the deadlines they move reach every open view through the hub."""
        year, entries = self.year.value(), self.entries()

        def saved(recomputed: int) -> None:
            text = self.tr("已重新计算 %1 个未结案件的期限。").replace("%1", str(recomputed))
            inform(self, self.tr("节假日已保存"), text)
            self.load()

        self._runner.run(lambda ws: deadlines.set_calendar_entries(ws, year, entries), done=saved, owner=self,
                         error_title=self.tr("无法保存"))  # fmt: skip
