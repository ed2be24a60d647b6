"""The search's hits as a lazy table model: it asks for the first page with the count, and for further pages only
when the view shows their rows, like the case list (ui/main/case_table_model.py).

    model = SearchResultsModel(runner, zone)
    model.search("短路 电动自行车", CaseFilter(year=2026), SearchOrder.RELEVANCE)
    model.hit_at(0)                           # the SearchHit of a row, once its page has arrived

Reads go through the runner; a page answering a search that a newer one has replaced is dropped.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from fireinvest.clock import format_local
from fireinvest.errors import FireInvestError
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.services import search
from fireinvest.services.case_query import CaseFilter
from fireinvest.services.search import SearchHit, SearchOrder, SearchPage
from fireinvest.ui.runner import Runner

SnippetRole = Qt.ItemDataRole.UserRole + 1  # the hit's Snippet (the delegate paints its marks)
_ROOT = QModelIndex()
_VOIDED_COLOUR = QColor("#8a8a8a")

HEADERS = ("案件编号", "接警时间", "辖区", "起火地址 / 单位", "命中位置", "摘要")
SNIPPET_COLUMN = 5


class SearchResultsModel(QAbstractTableModel):
    # (total, capped, why nothing was found) once a search has been counted
    counted = Signal(int, bool, str)
    failed = Signal(str)
    loadingChanged = Signal(bool)

    def __init__(self, runner: Runner, zone: ZoneInfo, parent=None, *, page_size: int = 50) -> None:
        super().__init__(parent)
        self._runner = runner
        self.zone = zone
        self.page_size = page_size
        self._generation = 0
        self._request: tuple[str, CaseFilter, SearchOrder] | None = None
        self._pages: dict[int, tuple[SearchHit, ...]] = {}
        self._asked: set[int] = set()
        self._count = 0

    # -- searching --------------------------------------------------------------------------------------------

    def search(self, text: str, case_filter: CaseFilter, order: SearchOrder) -> None:
        """Search anew: the first page and the count are read; the rows shown stay until they arrive."""
        self._generation += 1
        generation = self._generation
        self._request = (text, case_filter, order)
        self.loadingChanged.emit(True)

        def arrived(page: SearchPage) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self._pages = {0: page.hits}
            self._asked = set()
            self._count = page.total or 0
            self.endResetModel()
            self.counted.emit(self._count, page.capped, page.empty_reason)

        def refused(error: FireInvestError) -> bool:
            if generation == self._generation:
                self.clear()
                self.failed.emit(error.message)
            return True

        self._runner.run(
            lambda ws: search.search_archive(ws, text, case_filter, order, 0, self.page_size),
            done=arrived, refused=refused, finished=lambda: self._finished(generation), owner=self,
        )  # fmt: skip

    def _finished(self, generation: int) -> None:
        if generation == self._generation:
            self.loadingChanged.emit(False)

    def clear(self) -> None:
        self.beginResetModel()
        self._pages, self._asked, self._count, self._request = {}, set(), 0, None
        self.endResetModel()

    def _ask_page(self, page_number: int) -> None:
        if self._request is None or page_number in self._asked:
            return
        self._asked.add(page_number)
        generation = self._generation
        text, case_filter, order = self._request
        offset = page_number * self.page_size

        def arrived(page: SearchPage) -> None:
            if generation != self._generation:
                return
            self._pages[page_number] = page.hits
            first = offset
            last = min(offset + self.page_size, self._count) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

        def refused(error: FireInvestError) -> bool:
            self._asked.discard(page_number)  # asked again when the row is next painted
            self.failed.emit(error.message)
            return True

        self._runner.run(
            lambda ws: search.search_archive(ws, text, case_filter, order, offset, self.page_size, with_total=False),
            done=arrived, refused=refused, owner=self,
        )  # fmt: skip

    # -- reading ----------------------------------------------------------------------------------------------

    def hit_at(self, row: int) -> SearchHit | None:
        """The hit of a row, None while its page is being read (which this asks for)."""
        if not 0 <= row < self._count:
            return None
        page_number, at = divmod(row, self.page_size)
        if page_number not in self._pages:
            self._ask_page(page_number)  # a synchronous runner (the tests) has it here at once
        hits = self._pages.get(page_number)
        return hits[at] if hits is not None and at < len(hits) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        hit = self.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(hit, column)
        if role == SnippetRole and column == SNIPPET_COLUMN:
            return hit.snippet
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 4 and len(hit.places) > 1:
                return "\n".join(place.label for place in hit.places)
            if column == SNIPPET_COLUMN and hit.snippet is not None:
                return hit.snippet.text
            if column == 3:
                return f"{hit.address}\n{hit.unit_name}".strip()
        if role == Qt.ItemDataRole.ForegroundRole and hit.status == CaseStatus.VOIDED:
            return _VOIDED_COLOUR
        return None

    def _text(self, hit: SearchHit, column: int) -> str:
        if column == 0:
            return hit.case_number + ("（已作废）" if hit.status == CaseStatus.VOIDED else "")
        if column == 1:
            return format_local(hit.alarm_time, self.zone)
        if column == 2:
            return hit.district
        if column == 3:
            return f"{hit.address}  {hit.unit_name}".strip()
        if column == 4:
            return hit.where
        return hit.snippet.text if hit.snippet is not None else ""
