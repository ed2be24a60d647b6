"""The case list as a lazy table model: it knows how many cases match and fetches only the pages being looked at.

    model = CaseTableModel(database, zone)            # zone: agency time zone; None reads it from the settings
    model.set_filter(CaseFilter(district="玄武区"))    # re-counts and drops the cached pages
    model.rowCount()                                   # one COUNT query per filter, not a row load
    model.data(model.index(0, 0))                      # fetches page 0 (page_size rows) on first touch
    model.page_size = 200                              # public; change before use

Memory stays bounded whatever the archive size: at most `max_cached_pages` pages of small `CaseRow`s are kept, in
least-recently-used order, so scrolling through 100,000 cases never holds more than a few thousand rows. Each page
is one indexed query (see services/case_query.py) run synchronously on the GUI thread; it costs a few
milliseconds, less than handing it to a thread and back.

A QGuiApplication must exist before `data()` is asked for fonts or colours (Qt's rule for QFont); display text and
the custom roles work without one.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from fireinvest.clock import format_local
from fireinvest.db import Database
from fireinvest.errors import FireInvestError
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.rules.grading import FireGrade
from fireinvest.services import case_query
from fireinvest.services.case_query import CaseFilter, CaseRow, CaseSort, SortKey
from fireinvest.services.settings import load_agency_settings
from fireinvest.ui.widgets.deadline_style import days_left_text, deadline_colour
from fireinvest.ui.widgets.operations import run_in_background

CaseIdRole = Qt.ItemDataRole.UserRole + 1  # int: FireCase id of the row
SortKeyRole = Qt.ItemDataRole.UserRole + 2  # the raw value the column sorts by (datetime, Decimal, str, int)
CaseRowRole = Qt.ItemDataRole.UserRole + 3  # the whole CaseRow read model

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
    # True while a new filter or sort is being counted in the background (background=True only).
    loadingChanged = Signal(bool)

    def __init__(
        self,
        database: Database,
        zone: ZoneInfo | None = None,
        parent=None,
        *,
        case_filter: CaseFilter | None = None,
        page_size: int = 200,
        max_cached_pages: int = 6,
        background: bool = False,
    ) -> None:
        super().__init__(parent)
        self._database = database
        if zone is None:
            with database.reading() as session:
                zone = load_agency_settings(session).zone
        self._zone = zone
        self.page_size = page_size
        self.max_cached_pages = max_cached_pages
        # With background=True a new filter or sort is counted and its first page read on a worker thread (a
        # quick-filter text or a sort on an unindexed column scans the whole archive: 100-200 ms at 100,000 cases),
        # and the rows shown so far stay until the new ones are ready. Page fetches while scrolling stay
        # synchronous: they are indexed and take a few milliseconds.
        self._background = background
        self._generation = 0  # bumped per reload request, so a slow, superseded result is dropped
        self._filter = case_filter or CaseFilter()
        self._sort = CaseSort()
        self._pages: OrderedDict[int, list[CaseRow]] = OrderedDict()
        self._count = 0
        self._bold: QFont | None = None
        self._apply(self._generation, self._filter, self._sort, self._query(self._filter, self._sort, first_page=False))

    # -- state ------------------------------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        """The filter of the rows shown (a filter still loading in the background is not yet this)."""
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

    def _query(self, f: CaseFilter, sort: CaseSort, first_page: bool = True) -> tuple[int, list[CaseRow]] | None:
        """Count and first page; None (and loadFailed) when the database cannot be read. Any thread."""
        try:
            with self._database.reading() as session:
                count = case_query.count_cases(session, f)
                rows = case_query.list_cases(session, f, sort, 0, self.page_size) if first_page and count else []
                return count, rows
        except FireInvestError as exc:
            self.loadFailed.emit(exc.message)  # queued to the GUI thread when emitted from a worker
            return None

    def _apply(self, generation: int, f: CaseFilter, sort: CaseSort, result: tuple[int, list[CaseRow]] | None) -> None:
        if generation != self._generation or result is None:
            return  # superseded by a newer request, or failed (already reported): keep what is shown
        count, first = result
        self.beginResetModel()
        self._filter, self._sort, self._count = f, sort, count
        self._pages.clear()
        if first:
            self._pages[0] = first
        self.endResetModel()

    def _reload(self, f: CaseFilter, sort: CaseSort) -> None:
        self._generation += 1
        generation = self._generation
        if not self._background:
            self._apply(generation, f, sort, self._query(f, sort))
            return
        self.loadingChanged.emit(True)
        run_in_background(
            None,
            lambda: self._query(f, sort),
            lambda result: self._apply(generation, f, sort, result),
            on_finished=lambda: self.loadingChanged.emit(generation != self._generation),
        )

    # -- rows ---------------------------------------------------------------------------------------------------

    def _page(self, number: int) -> list[CaseRow]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        try:
            with self._database.reading() as session:
                page = case_query.list_cases(session, self._filter, self._sort, number * self.page_size, self.page_size)
        except FireInvestError as exc:
            # Keep painting (blank cells) rather than raising inside a paint event; say why once per page miss.
            self.loadFailed.emit(exc.message)
            return []
        self._pages[number] = page
        while len(self._pages) > self.max_cached_pages:
            self._pages.popitem(last=False)
        return page

    def case_row(self, row: int) -> CaseRow | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.page_size)
        offset = row % self.page_size
        # The archive may have shrunk since the count (a case voided on another workstation).
        return page[offset] if offset < len(page) else None

    def case_id_at(self, row: int) -> int | None:
        found = self.case_row(row)
        return found.id if found else None

    def row_of_case(self, case_id: int, ask_database: bool = True) -> int | None:
        """Where the case is in the current list: from the cached pages when there, else asked of the database."""
        for number, page in self._pages.items():
            for offset, found in enumerate(page):
                if found.id == case_id:
                    return number * self.page_size + offset
        if not ask_database:
            return None
        try:
            with self._database.reading() as session:
                return case_query.case_position(session, self._filter, self._sort, case_id)
        except FireInvestError as exc:
            self.loadFailed.emit(exc.message)
            return None

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
