"""查找档案: the archive search, a window of its own beside the case list (Ctrl+Shift+F).

Type words (several must all occur; "a phrase" in quotes; -word excludes), narrow by the filters, and the hits
come ranked with where each matched (询问笔录 · 张某 · 第2次) and a snippet with the words highlighted. Double-click
or Enter opens the case at that record (`openHit`). An empty result says why: which word the archive does not
hold, or which filters leave nothing. Searches can be saved under a name (常用查询). The hits are read a page at a
time, like the case list; a new search replaces one still running.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fireinvest.services import search
from fireinvest.services.changes import Changes, Register
from fireinvest.services.search import COUNT_CAP, SearchChoices, SearchOrder
from fireinvest.ui.runner import Runner
from fireinvest.ui.search.filters import SearchFilters
from fireinvest.ui.search.results_model import SNIPPET_COLUMN, SearchResultsModel
from fireinvest.ui.search.saved_searches import SavedSearch, SavedSearches
from fireinvest.ui.search.snippet_delegate import SnippetDelegate

_HELP = '多个词用空格分开（须同时出现）；"带引号" 为短语；-词 表示排除。可查案情、原因、当事人、调查人员、笔录问答、物证、附件说明、文书正文、专家意见和闭环事项。'  # noqa: E501
_COLUMN_WIDTHS = (150, 120, 60, 230, 200)


class SearchWindow(QWidget):
    # case id, part, kind and id of the record where the hit was found
    openHit = Signal(int, str, str, int)

    def __init__(
        self, runner: Runner, zone: ZoneInfo, parent: QWidget | None = None, *, state: QSettings | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("searchWindow")
        self.setWindowTitle(self.tr("查找档案"))
        self.resize(1320, 700)
        self._runner = runner
        self._choices_stale = True
        self.saved = SavedSearches(state)

        self.query = QLineEdit(self)
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText(self.tr('输入要查找的词，如：短路 电动自行车、"和平路"、320100-2026-00021'))
        self.query.setToolTip(self.tr(_HELP))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run_search)
        self.search_button = QPushButton(self.tr("查找"), self)
        self.search_button.setObjectName("searchButton")
        self.search_button.clicked.connect(self.run_search)
        self.order = QComboBox(self)
        self.order.setObjectName("searchOrder")
        for order in SearchOrder:
            self.order.addItem(self.tr(order.label), order)
        self.order.currentIndexChanged.connect(lambda _index: self._search_again())
        self.saved_combo = QComboBox(self)
        self.saved_combo.setObjectName("savedSearches")
        self.saved_combo.setMinimumContentsLength(10)
        self.saved_combo.activated.connect(self._apply_saved)
        self.save_button = QPushButton(self.tr("保存查询…"), self)
        self.save_button.clicked.connect(lambda: self.save_search())
        self.remove_button = QPushButton(self.tr("删除"), self)
        self.remove_button.setToolTip(self.tr("删除所选的常用查询"))
        self.remove_button.clicked.connect(self.remove_saved)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("查找："), self))
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        top.addWidget(self.order)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("常用查询："), self))
        top.addWidget(self.saved_combo)
        top.addWidget(self.save_button)
        top.addWidget(self.remove_button)

        self.filters = SearchFilters(self)
        self.filters.changed.connect(self._search_again)

        self.summary = QLabel(self.tr(_HELP), self)
        self.summary.setObjectName("searchSummary")
        self.summary.setWordWrap(True)
        self.model = SearchResultsModel(runner, zone, self)
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(self._show_failure)
        self.model.loadingChanged.connect(self._show_loading)
        self.results = QTableView(self)
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setItemDelegateForColumn(SNIPPET_COLUMN, SnippetDelegate(self.results))
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setWordWrap(False)
        self.results.verticalHeader().setVisible(False)
        self.results.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.results.horizontalHeader()
        for column, width in enumerate(_COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(SNIPPET_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.results.doubleClicked.connect(lambda index: self.open_row(index.row()))
        open_key = QShortcut(QKeySequence(Qt.Key.Key_Return), self.results)
        open_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        open_key.activated.connect(lambda: self.open_row(self.results.currentIndex().row()))
        close_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        close_key.activated.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        runner.hub.changed.connect(self._on_changes)
        self._refresh_saved()
        # Typing pauses briefly before searching, so a search is not started for every character.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(350)
        self._typing.timeout.connect(self.run_search)
        self.query.textEdited.connect(lambda _text: self._typing.start())

    # -- searching ------------------------------------------------------------------------------------------------

    def search_for(self, text: str) -> None:
        """Show the window searching for `text` (from the case list's quick filter, or a test)."""
        self.query.setText(text)
        self.run_search()

    def run_search(self) -> None:
        self._typing.stop()
        text = self.query.text().strip()
        if not text:
            self.model.clear()
            self.summary.setText(self.tr(_HELP))
            return
        self.model.search(text, self.filters.case_filter(), self.current_order())

    def current_order(self) -> SearchOrder:
        return SearchOrder(self.order.currentData())  # Qt hands the StrEnum back as a plain str

    def _search_again(self) -> None:
        if self.query.text().strip():
            self.run_search()

    def _show_count(self, total: int, capped: bool, why_empty: str) -> None:
        if total == 0:
            self.summary.setText(self.tr("没有找到。") + why_empty)
            self.summary.setStyleSheet("color: #b3261e;")
            return
        self.summary.setStyleSheet("")
        if capped:
            text = self.tr("找到 %1 件以上，按所选顺序列出；加词或筛选可缩小范围。").replace("%1", f"{COUNT_CAP:,}")
        else:
            text = self.tr("找到 %1 件。双击或按回车打开案件中命中的位置。").replace("%1", f"{total:,}")
        self.summary.setText(text)
        self.results.scrollToTop()

    def _show_failure(self, message: str) -> None:
        self.summary.setText(message)
        self.summary.setStyleSheet("color: #b3261e;")

    def _show_loading(self, loading: bool) -> None:
        if loading:
            self.summary.setText(self.tr("正在查找…"))
            self.summary.setStyleSheet("")

    def open_row(self, row: int) -> None:
        hit = self.model.hit_at(row)
        if hit is None:
            return
        place = hit.places[0] if hit.places else None
        self.openHit.emit(hit.case_id, place.part if place else "facts", place.kind if place else "case",
                          place.source_id if place else 0)  # fmt: skip

    # -- choices and changes --------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._choices_stale:
            self._load_choices()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._choices_stale = True  # other workstations may add years and codes meanwhile
        self.query.setFocus()
        self.query.selectAll()

    def _load_choices(self) -> None:
        self._choices_stale = False
        self._runner.run(search.search_choices, done=self._show_choices, owner=self)

    def _show_choices(self, choices: SearchChoices) -> None:
        self.filters.blockSignals(True)
        self.filters.set_choices(choices)
        self.filters.blockSignals(False)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches_register(Register.SETTINGS, Register.PEOPLE, Register.CASES):
            self._choices_stale = True
            if self.isVisible():
                self._load_choices()
        if (changes.cases or changes.registers) and self.isVisible() and self.query.text().strip():
            self.run_search()  # an edit may add or remove hits: the list stays true to the archive

    # -- saved searches -------------------------------------------------------------------------------------------

    def _refresh_saved(self) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem(self.tr("（选择）"), None)
        for saved in self.saved.all():
            self.saved_combo.addItem(saved.name, saved.name)
        self.remove_button.setEnabled(self.saved_combo.count() > 1)

    def save_search(self, name: str | None = None) -> None:
        text = self.query.text().strip()
        if not text:
            self.summary.setText(self.tr("请先输入要查找的词，再保存查询。"))
            return
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("保存查询"), self.tr("查询名称："), text=text[:30])
            if not ok:
                return
        name = " ".join(name.split())[:40]
        if not name:
            return
        self.saved.save(SavedSearch(name, text, self.filters.case_filter(), self.current_order()))
        self._refresh_saved()
        self.saved_combo.setCurrentIndex(self.saved_combo.findData(name))

    def _apply_saved(self, index: int) -> None:
        name = self.saved_combo.itemData(index)
        saved = next((s for s in self.saved.all() if s.name == name), None)
        if saved is None:
            return
        self.query.setText(saved.text)
        self.order.blockSignals(True)
        self.order.setCurrentIndex(max(self.order.findData(saved.order), 0))
        self.order.blockSignals(False)
        self.filters.set_filter(saved.case_filter)  # searches once, through `changed`

    def remove_saved(self) -> None:
        name = self.saved_combo.currentData()
        if name:
            self.saved.remove(name)
            self._refresh_saved()
