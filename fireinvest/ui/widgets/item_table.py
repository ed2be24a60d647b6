"""A read-only table of rows that each stand for one stored thing (a review, a measure, a case on the board), known
by its id rather than by its row, so selection and double-click survive sorting and reloading.

    table = ItemTable(["整改措施", "责任单位", "整改期限"], "measureTable", parent, stretch=0)
    table.set_rows([(m.id, [m.title, m.owner, Cell(m.deadline.isoformat(), colour=red)]) for m in measures])
    table.activatedId.connect(open_measure)       # double-click or Enter
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from fireinvest.rules.closed_loop import MeasureStatus, Verdict, measure_is_open, measure_is_overdue
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.ui.widgets.deadline_style import days_left_text, deadline_colour

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_COLUMN_WIDTH = 320  # a long text column is cut (full text in the tooltip) rather than pushing the rest away


@dataclass(frozen=True)
class Cell:
    """One cell: its text, and optionally a colour, a tooltip and the value it sorts by (numbers, dates)."""

    text: str
    colour: QColor | None = None
    tooltip: str = ""
    sort_key: Any = None
    bold: bool = False


def measure_deadline_cells(
    due: dt.date, status: MeasureStatus, verdict: Verdict | None, today: dt.date
) -> tuple[Cell, Cell]:
    """A measure's deadline and how it stands (还有 N 天 / 逾期 N 天 / 已完成 / 已评估), coloured like any deadline."""
    if not measure_is_open(status, verdict):
        done = "已完成" if status == MeasureStatus.COMPLETED else "已评估"  # judged by the assessment before completion
        return Cell(due.isoformat(), sort_key=due), Cell(QCoreApplication.translate("deadlines", done), sort_key=due)
    late = measure_is_overdue(due, status, verdict, today)
    colour = deadline_colour(DeadlineStatus.OVERDUE if late else DeadlineStatus.OPEN, due, today)
    return Cell(due.isoformat(), colour, sort_key=due), Cell(days_left_text(due, today), colour, sort_key=due)


class _Item(QTableWidgetItem):
    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        # Not super().__lt__: PySide routes that back to this override and recurses until the stack overflows.
        return self.text() < other.text()


class ItemTable(QTableWidget):
    """Rows of cells, one id per row; `activatedId(id)` on double-click or Enter."""

    activatedId = Signal(int)

    def __init__(
        self, headers: Sequence[str], name: str, parent: QWidget | None = None, *, stretch: int | None = None,
        sortable: bool = False, sort_column: int = 0, descending: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(0, len(headers), parent)
        self.setObjectName(name)
        self._wanted: int | None = None  # a row to select once set_rows lists it (see select_when_listed)
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)  # as dense as the case list
        if sortable:  # the first fill is sorted by this column; the user may click another header
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(sort_column, order)
        self._stretch = stretch
        self._sortable = sortable
        self.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.activated.connect(lambda index: self._activate(index.row()))

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str | Cell]]]) -> None:
        """Show these rows (id, cells), keeping the selected id selected when it is still there."""
        selected = self.selected_id()
        self.setSortingEnabled(False)  # sorting while filling would move rows under the loop
        self.setRowCount(len(rows))
        for row, (item_id, cells) in enumerate(rows):
            for column, value in enumerate(cells):
                cell = value if isinstance(value, Cell) else Cell(value)
                item = _Item(cell.text)
                item.setData(ID_ROLE, item_id)
                if cell.sort_key is not None:
                    item.setData(SORT_ROLE, cell.sort_key)
                if cell.colour is not None:
                    item.setForeground(QBrush(cell.colour))
                if cell.bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setToolTip(cell.tooltip or (cell.text if len(cell.text) > 16 else ""))
                self.setItem(row, column, item)
        if self._sortable:
            self.setSortingEnabled(True)
        self.fit_columns()
        if selected is not None:
            self.select_id(selected)
        if self._wanted is not None and self.select_id(self._wanted):
            self._wanted = None

    def fit_columns(self) -> None:
        """Columns as wide as their contents (capped), the stretch column taking the rest."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.resizeColumnsToContents()
        for column in range(self.columnCount()):
            self.setColumnWidth(column, min(self.columnWidth(column) + 12, MAX_COLUMN_WIDTH))
        if self._stretch is not None:
            header.setSectionResizeMode(self._stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)

    def id_at(self, row: int) -> int | None:
        item = self.item(row, 0)
        return item.data(ID_ROLE) if item is not None else None

    def ids(self) -> list[int]:
        """The ids in the order shown."""
        return [self.id_at(row) for row in range(self.rowCount())]  # type: ignore[misc]

    def selected_id(self) -> int | None:
        rows = {index.row() for index in self.selectedIndexes()}
        return self.id_at(rows.pop()) if len(rows) == 1 else None

    def select_id(self, item_id: int) -> bool:
        for row in range(self.rowCount()):
            if self.id_at(row) == item_id:
                self.selectRow(row)
                return True
        return False

    def select_when_listed(self, item_id: int | None) -> None:
        """Select the row of `item_id` now if the table lists it, else as soon as set_rows does: a record just
        written appears only when the screen has read the list again."""
        self._wanted = None if item_id is None or self.select_id(item_id) else item_id

    def column_texts(self, column: int) -> list[str]:
        """What a column shows, top to bottom (tests and screen readers)."""
        items = (self.item(row, column) for row in range(self.rowCount()))
        return [item.text() if item is not None else "" for item in items]  # a row given fewer cells has no item

    def _activate(self, row: int) -> None:
        item_id = self.id_at(row)
        if item_id is not None:
            self.activatedId.emit(item_id)
