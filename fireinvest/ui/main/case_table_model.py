"""The case list as a lazy table model: it knows how many cases match and fetches only the pages being looked at.

    model = CaseTableModel(runner, zone)              # zone: the agency's time zone, for the alarm times shown
    model.set_filter(CaseFilter(district="玄武区"))    # counts (and reads the first page) on the database thread
    model.rowCount()                                   # the count, once it has arrived
    model.data(model.index(0, 0))                      # a row of a page not read yet asks for that page
    model.page_size = 200                              # public; change before use

Every read goes through the runner (services/case_query.py's use cases); the GUI thread never waits for the
database. A new filter or sort keeps the rows shown until the new count and first page arrive, and a result that
a newer request has superseded is dropped. A row whose page is not read yet is painted blank and its page asked
for once; when it arrives the rows repaint. (With a synchronous runner, as in the tests, the page is there as
soon as `data()` asks.)

Memory stays bounded whatever the archive size: at most `max_cached_pages` pages of small `CaseRow`s are kept, in
least-recently-used order, so scrolling through 100,000 cases never holds more than a few thousand rows.

A QGuiApplication must exist before `data()` is asked for fonts or colours (Qt's rule for QFont); display text and
the custom roles work without one.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from PySide6 import QtCore
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from fireinvest.clock import format_local
from fireinvest.errors import FireInvestError
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.rules.grading import FireGrade
from fireinvest.services import case_query
from fireinvest.services.case_query import CaseFilter, CasePage, CaseRow, CaseSort, SortKey
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.deadline_style import days_left_text, deadline_colour

CaseIdRole = Qt.ItemDataRole.UserRole + 1  # int: FireCase id of the row
SortKeyRole = Qt.ItemDataRole.UserRole + 2  # the raw value the column sorts by (datetime, Decimal, str, int)
CaseRowRole = Qt.ItemDataRole.UserRole + 3  # the whole CaseRow read model

# Marks a text for translation tools and returns it unchanged (PySide6's stub says object). The name is kept so
# that lupdate still finds the texts.
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)

# (header, sort key, attribute of CaseRow). Headers are translated in headerData.
COLUMNS: tuple[tuple[str, SortKey, str], ...] = (
    (QT_TRANSLATE_NOOP("CaseTableModel", "案件编号"), SortKey.CASE_NUMBER, "case_number"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "接警时间"), SortKey.ALARM_TIME, "alarm_time"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "辖区"), SortKey.DISTRICT, "district"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "起火地址"), SortKey.ADDRESS, "address"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "单位/住户"), SortKey.UNIT_NAME, "unit_name"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "场所类型"), SortKey.PLACE_TYPE, "place_type"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "起火原因"), SortKey.CAUSE, "cause_category"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "火灾等级"), SortKey.GRADE, "fire_grade"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "死亡"), SortKey.DEATHS, "deaths"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "直接经济损失(元)"), SortKey.LOSS, "direct_economic_loss"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "状态"), SortKey.STATUS, "status"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "下一期限"), SortKey.NEXT_DEADLINE, "next_deadline"),
)
COLUMN_OF_KEY = {key: n for n, (_, key, _) in enumerate(COLUMNS)}
ALARM_COLUMN = COLUMN_OF_KEY[SortKey.ALARM_TIME]
_GRADE_COLUMN = COLUMN_OF_KEY[SortKey.GRADE]
_DEADLINE_COLUMN = COLUMN_OF_KEY[SortKey.NEXT_DEADLINE]
_SEVERE_GRADES = frozenset({FireGrade.LARGER, FireGrade.MAJOR, FireGrade.EXTRAORDINARY})
_NUMBER_COLUMNS = frozenset({COLUMN_OF_KEY[SortKey.DEATHS], COLUMN_OF_KEY[SortKey.LOSS]})
_SEVERE_COLOUR = QColor("#b3261e")
_VOIDED_COLOUR = QColor("#8a8a8a")
_ROOT = QModelIndex()  # the invisible parent of every row of a flat table


def format_yuan(amount: Decimal) -> str:
    """12,345,678.90 — money always with two places and thousands separators, straight from the Decimal."""
    return f"{amount:,.2f}"


class CaseTableModel(QAbstractTableModel):
    """Read-only, lazily paged model of the case list for one filter and one sort order."""

    # A page could not be read (database gone away); the message is fit for the status bar.
    loadFailed = Signal(str)
    # True while a new filter or sort is being counted.
    loadingChanged = Signal(bool)

    def __init__(
        self,
        runner: Runner,
        zone: ZoneInfo,
        parent=None,
        *,
        case_filter: CaseFilter | None = None,
        page_size: int = 200,
        max_cached_pages: int = 6,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._zone = zone
        self.page_size = page_size
        self.max_cached_pages = max_cached_pages
        self._generation = 0  # bumped per filter or sort asked for, so a slow, superseded result is dropped
        self._filter = case_filter or CaseFilter()
        self._sort = CaseSort()
        self._pages: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self._asked: set[int] = set()  # pages asked for and not arrived yet
        self._count = 0
        self._bold: QFont | None = None
        self._reload(self._filter, self._sort)

    # -- state ------------------------------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        """The filter of the rows shown (a filter still loading is not yet this)."""
        return self._filter

    @property
    def case_sort(self) -> CaseSort:
        return self._sort

    @property
    def cached_page_count(self) -> int:
        return len(self._pages)

    def set_filter(self, case_filter: CaseFilter) -> None:
        self._reload(case_filter, self._sort)

    def set_zone(self, zone: ZoneInfo) -> None:
        self._zone = zone
        if self._count:
            self.dataChanged.emit(self.index(0, ALARM_COLUMN), self.index(self._count - 1, ALARM_COLUMN))

    def refresh(self) -> None:
        """Re-count and forget every cached page, e.g. after a save here or on another workstation."""
        self._reload(self._filter, self._sort)

    def _failed(self, error: FireInvestError) -> bool:
        self.loadFailed.emit(error.message)
        return True  # shown in the status bar, not in a dialog: the list keeps what it shows

    def _reload(self, f: CaseFilter, sort: CaseSort) -> None:
        self._generation += 1
        generation = self._generation
        self.loadingChanged.emit(True)
        self._runner.run(
            lambda ws: case_query.case_list_page(ws, f, sort, 0, self.page_size, with_total=True),
            done=lambda page: self._apply(generation, f, sort, page),
            refused=self._failed,
            finished=lambda: self.loadingChanged.emit(generation != self._generation),
            owner=self,
        )

    def _apply(self, generation: int, f: CaseFilter, sort: CaseSort, page: CasePage) -> None:
        if generation != self._generation:
            return  # superseded by a newer request: keep what is shown until that one arrives
        self.beginResetModel()
        self._filter, self._sort, self._count = f, sort, page.total or 0
        self._pages.clear()
        self._asked.clear()
        if page.rows:
            self._pages[0] = list(page.rows)
        self.endResetModel()

    # -- rows ---------------------------------------------------------------------------------------------------

    def _page(self, number: int) -> list[CaseRow] | None:
        """The page if it has been read; else ask for it (once) and return None."""
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        if number not in self._asked:
            self._asked.add(number)
            generation, f, sort = self._generation, self._filter, self._sort
            self._runner.run(
                lambda ws: case_query.case_list_page(ws, f, sort, number * self.page_size, self.page_size),
                done=lambda result: self._page_arrived(generation, number, result),
                refused=self._failed,
                finished=lambda: self._asked.discard(number),
                owner=self,
            )
        return self._pages.get(number)  # already there when the runner is synchronous

    def _page_arrived(self, generation: int, number: int, page: CasePage) -> None:
        if generation != self._generation:
            return
        self._pages[number] = list(page.rows)
        while len(self._pages) > self.max_cached_pages:
            self._pages.popitem(last=False)
        first = number * self.page_size
        last = min(first + len(page.rows), self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def case_row(self, row: int) -> CaseRow | None:
        """The row's case, if its page has been read (else it is asked for and None returned meanwhile)."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.page_size)
        offset = row % self.page_size
        # The archive may have shrunk since the count (a case voided on another workstation).
        return page[offset] if page is not None and offset < len(page) else None

    def case_id_at(self, row: int) -> int | None:
        found = self.case_row(row)
        return found.id if found else None

    def cached_row_of_case(self, case_id: int) -> int | None:
        """Where the case is in the current list, if one of the pages read holds it."""
        for number, page in self._pages.items():
            for offset, found in enumerate(page):
                if found.id == case_id:
                    return number * self.page_size + offset
        return None

    def locate_case(self, case_id: int, done: Callable[[int | None], object]) -> None:
        """`done(row)` with where the case is in the current list (None when the filter excludes it): at once when
        a page read holds it, else after asking the database."""
        row = self.cached_row_of_case(case_id)
        if row is not None:
            done(row)
            return
        generation, f, sort = self._generation, self._filter, self._sort
        self._runner.run(
            lambda ws: case_query.case_list_position(ws, f, sort, case_id),
            done=lambda position: done(position if generation == self._generation else None),
            refused=self._failed,
            owner=self,
        )

    # -- Qt model interface -------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][0])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section in _NUMBER_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in _NUMBER_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole, CaseIdRole, SortKeyRole, CaseRowRole,
        ):  # fmt: skip
            return None  # answer Qt's many other role queries without touching the database
        found = self.case_row(index.row())
        if found is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(found, column)
        if role == CaseIdRole:
            return found.id
        if role == SortKeyRole:
            return getattr(found, COLUMNS[column][2])
        if role == CaseRowRole:
            return found
        if role == Qt.ItemDataRole.ToolTipRole:
            if found.status == CaseStatus.VOIDED:
                return self.tr("已作废")
            if column == _DEADLINE_COLUMN and found.next_deadline is not None:
                today = dt.datetime.now(self._zone).date()
                return f"{found.next_deadline_label}：{days_left_text(found.next_deadline, today)}"
            return (
                self._display(found, column)
                if column in (COLUMN_OF_KEY[SortKey.ADDRESS], COLUMN_OF_KEY[SortKey.UNIT_NAME])
                else None
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            if found.status == CaseStatus.VOIDED:
                return _VOIDED_COLOUR
            if column == _GRADE_COLUMN and found.fire_grade in _SEVERE_GRADES:
                return _SEVERE_COLOUR
            if column == _DEADLINE_COLUMN and found.next_deadline is not None:
                today = dt.datetime.now(self._zone).date()
                status = DeadlineStatus.OVERDUE if found.next_deadline < today else DeadlineStatus.OPEN
                return deadline_colour(status, found.next_deadline, today)
            return None
        if role == Qt.ItemDataRole.FontRole and column == _GRADE_COLUMN and found.fire_grade in _SEVERE_GRADES:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        return None

    def _display(self, found: CaseRow, column: int) -> str:
        key = COLUMNS[column][1]
        if key == SortKey.NEXT_DEADLINE:
            due = found.next_deadline
            return f"{due:%m-%d} {found.next_deadline_label}" if due else ""
        if key == SortKey.ALARM_TIME:
            return format_local(found.alarm_time, self._zone)
        if key == SortKey.LOSS:
            return format_yuan(found.direct_economic_loss)
        if key == SortKey.STATUS:
            return found.status.label
        if key == SortKey.GRADE:
            return found.fire_grade.value
        if key == SortKey.DEATHS:
            return str(found.deaths)
        if key == SortKey.CAUSE and not found.cause_category:
            return self.tr("待认定")
        return str(getattr(found, COLUMNS[column][2]))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        new_sort = CaseSort(COLUMNS[column][1], descending=order == Qt.SortOrder.DescendingOrder)
        if new_sort != self._sort:
            # A reset, not a layout change: every row now shows another case; the window re-selects by case id.
            self._reload(self._filter, new_sort)
