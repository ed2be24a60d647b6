"""The main window: the filterable, sortable case list with the menus and toolbar around it.

    window = MainWindow(runner)      # state: QSettings to remember geometry and columns (None in tests)
    window.show()

The window shows at once and fills in as its reads arrive from the database thread (settings and filter choices,
the count and first page of the list, the to-do list). Editors open as separate, non-modal windows so an
investigator can keep several cases open side by side. The list, its filter choices and the to-do list refresh
whenever the hub says cases changed; saving a case also selects it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fireinvest.errors import FireInvestError, NotFound
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.services import case_forms, case_query, cases
from fireinvest.services.case_forms import CaseEditorView
from fireinvest.services.case_query import CaseFilter, CaseListChoices, SortKey
from fireinvest.services.changes import Changes, Part, Register
from fireinvest.services.settings import AgencySettings
from fireinvest.ui.main.case_table_model import ALARM_COLUMN, COLUMN_OF_KEY, CaseTableModel
from fireinvest.ui.main.filter_bar import FilterBar
from fireinvest.ui.main.todo_panel import TodoPanel
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.dialogs import VoidCaseDialog, show_about

if TYPE_CHECKING:  # the editor (and the Word, PDF and image libraries its tabs use) loads when a case opens
    from fireinvest.ui.documents.case_outputs import CaseOutputs
    from fireinvest.ui.editor.case_editor import CaseEditor
    from fireinvest.ui.search.window import SearchWindow

# Starting column widths come from typical (long) contents measured in the UI font, so they suit any font size;
# the address column takes whatever room is left. Users can resize and reorder; the layout is remembered.
_COLUMN_SAMPLES = {
    SortKey.CASE_NUMBER: "320100-2026-00000", SortKey.ALARM_TIME: "2026-00-00 00:00", SortKey.DISTRICT: "雨花台区",
    SortKey.UNIT_NAME: "某某电子科技有限公司", SortKey.PLACE_TYPE: "农副业场所", SortKey.CAUSE: "不明确原因",
    SortKey.GRADE: "特别重大", SortKey.DEATHS: "000", SortKey.LOSS: "99,999,999.00", SortKey.STATUS: "认定前说明",
    SortKey.NEXT_DEADLINE: "12-31 作出火灾事故认定",
}  # fmt: skip
_CELL_PADDING = 18  # cell margins and the header's sort arrow
DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")  # shown with until the agency's settings arrive (a fraction of a second)


class MainWindow(QMainWindow):
    def __init__(self, runner: Runner, parent: QWidget | None = None, *, state: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._runner = runner
        self._state = state
        self._editors: list[CaseEditor] = []
        self._opening: set[int | None] = set()  # cases whose editor is being read (None: a new case)
        self.loop_board: QWidget | None = None  # the 闭环看板 window, once opened
        self.search_window: SearchWindow | None = None  # the 查找档案 window, once opened
        self._settings: AgencySettings | None = None  # until the first read arrives

        self.model = CaseTableModel(runner, DEFAULT_ZONE, self)
        # What to select once the model has reset: (case id, ask the database, row to fall back to).
        self._pending_selection: tuple[int | None, bool, int | None] | None = None
        self.filter_bar = FilterBar(self)
        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self._setup_table()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("caseCount")
        self.database_label = QLabel(self.tr("数据库：%1").replace("%1", runner.database_label), self)
        self.database_label.setToolTip(self.tr("当前案件数据库"))
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self.todo = TodoPanel(runner, DEFAULT_ZONE, self)
        self.todo.openCase.connect(self.open_case)
        self.todo.openLoop.connect(self.open_case_loop)
        self.todo_dock = QDockWidget(self.tr("待办期限"), self)
        self.todo_dock.setObjectName("todoDock")  # restoreState finds it by name
        self.todo_dock.setWidget(self.todo)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.todo_dock)

        self._create_actions()
        self._create_menus_and_toolbar()
        self.filter_bar.filterChanged.connect(self._filter_changed)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_count)
        self.model.loadFailed.connect(self._show_problem)
        self.model.loadingChanged.connect(self._show_loading)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda index: self.open_case(self.model.case_id_at(index.row())))
        runner.hub.changed.connect(self._on_changes)

        self.setWindowTitle(self.tr("FireInvest 火灾事故调查案件管理"))
        self.reload_choices()  # the agency's name, its time zone and the filter lists
        self._update_count()
        self._update_actions()
        self.resize(1280, 760)
        self._restore_state()

    # -- construction ---------------------------------------------------------------------------------------

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights let the view place 100,000 rows without asking for any of them.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = table.fontMetrics()
        for key, sample in _COLUMN_SAMPLES.items():
            column = COLUMN_OF_KEY[key]
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 12)
            table.setColumnWidth(column, width + _CELL_PADDING)
        header.setSectionResizeMode(COLUMN_OF_KEY[SortKey.ADDRESS], QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        header.setSortIndicator(ALARM_COLUMN, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)  # asks the model to sort by the indicator: newest alarms first

    def _action(
        self, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        # A bare slot would be handed QAction's `checked` flag as its first argument.
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        self.action_import = self._action(self.tr("导入(&I)…"), self.import_cases, tip=self.tr("从文件导入案件"))
        self.action_export = self._action(self.tr("导出(&E)…"), self.export_cases, tip=self.tr("导出当前列表中的案件"))
        self.action_settings = self._action(
            self.tr("设置(&S)…"), self.open_settings, tip=self.tr("机构、编号与辖区设置")
        )
        self.action_quit = self._action(self.tr("退出(&X)"), self.close, QKeySequence.StandardKey.Quit)
        self.action_new = self._action(self.tr("新建案件(&N)"), self.new_case, "Ctrl+N", self.tr("登记新的火灾案件"))
        self.action_open = self._action(self.tr("打开(&O)"), self.open_selected, "Ctrl+O", self.tr("打开所选案件"))
        self.action_void = self._action(self.tr("作废/删除(&D)"), self.void_selected, "Delete", self.tr("作废所选案件"))
        # Delete and Enter act on the list only, so they keep their usual meaning in the quick filter box.
        self.action_void.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.action_void)
        open_with_enter = QAction(self)
        open_with_enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_with_enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_with_enter.triggered.connect(self.open_selected)
        self.table.addAction(open_with_enter)
        self.action_refresh = self._action(self.tr("刷新(&R)"), self.refresh, "F5", self.tr("重新读取案件列表"))
        self.action_find = self._action(self.tr("筛选列表(&F)"), self.filter_bar.focus_quick_filter, "Ctrl+F",
                                        self.tr("在案件列表的快速筛选框中输入"))  # fmt: skip
        self.action_search = self._action(
            self.tr("查找档案(&S)…"), lambda: self.open_search(self.filter_bar.quick_text()), "Ctrl+Shift+F",
            self.tr("在全部案件的全部内容中查找：案情、笔录、物证、文书、专家意见、闭环事项"),
        )  # fmt: skip
        self.action_people = self._action(self.tr("人员名册(&P)…"), self.open_people, tip=self.tr("调查人员名册"))
        self.action_experts = self._action(self.tr("专家库(&E)…"), self.open_experts, tip=self.tr("专家论证的专家名册"))
        self.action_loop_board = self._action(
            self.tr("闭环看板(&L)…"), self.open_loop_board, tip=self.tr("各案闭环进度，未完成和逾期事项")
        )
        self.action_about = self._action(self.tr("关于(&A)"), self.show_about)
        self._outputs: CaseOutputs | None = None  # the dossier and the summary, made on first use
        self.action_dossier = self._action(self.tr("导出卷宗(&W)…"), self.export_dossier,
                                           tip=self.tr("把所选案件导出为 Word 卷宗"))  # fmt: skip
        self.action_summary = self._action(self.tr("打印案件摘要(&M)…"), self.preview_summary,
                                           tip=self.tr("所选案件的一页摘要：打印预览，可另存为 PDF"))  # fmt: skip

    def _create_menus_and_toolbar(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("文件(&F)"))
        file_menu.addActions([self.action_import, self.action_export])
        file_menu.addSeparator()
        file_menu.addAction(self.action_settings)
        file_menu.addAction(self._action(self.tr("节假日设置…"), self.open_calendar))
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        case_menu = menu.addMenu(self.tr("案件(&C)"))
        case_menu.addActions([self.action_new, self.action_open, self.action_void])
        case_menu.addSeparator()
        case_menu.addActions([self.action_dossier, self.action_summary])
        case_menu.addSeparator()
        case_menu.addActions([self.action_search, self.action_find, self.action_refresh])
        case_menu.addSeparator()
        todo_action = self.todo_dock.toggleViewAction()
        todo_action.setText(self.tr("待办期限"))
        todo_action.setShortcut(QKeySequence("Ctrl+T"))
        case_menu.addAction(todo_action)
        case_menu.addAction(self.action_loop_board)
        menu.addMenu(self.tr("人员(&P)")).addActions([self.action_people, self.action_experts])
        menu.addMenu(self.tr("帮助(&H)")).addAction(self.action_about)

        toolbar = QToolBar(self.tr("工具栏"), self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.action_new, self.action_open, self.action_void, self.action_refresh])
        toolbar.addSeparator()
        toolbar.addAction(self.action_search)
        toolbar.addSeparator()
        toolbar.addActions([self.action_import, self.action_export])
        toolbar.addSeparator()
        toolbar.addActions([self.action_people, self.action_settings])
        self.addToolBar(toolbar)

    def _restore_state(self) -> None:
        self._geometry_restored = False
        if self._state is None:
            return
        geometry = self._state.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self._geometry_restored = self.restoreGeometry(geometry)
        header = self._state.value("main/header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)

    def show_when_listed(self, wait_ms: int = 400) -> None:
        """Show the window once the list's first page has arrived, or after `wait_ms` if the database is slow: the
        program starts with its list painted once, not an empty window painted and then painted again."""
        shown = False

        def show() -> None:
            nonlocal shown
            if not shown:
                shown = True
                self.show_on_screen()

        self.model.modelReset.connect(show, Qt.ConnectionType.SingleShotConnection)
        QTimer.singleShot(wait_ms, show)

    def show_on_screen(self) -> None:
        """Show where the user left the window; the first time, maximised on laptop-sized screens (1366x768)."""
        available = self.screen().availableGeometry()
        if not self._geometry_restored and (available.width() < 1500 or available.height() < 900):
            self.showMaximized()
        else:
            self.show()

    # -- state shown ----------------------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Read the agency's settings (title, time zone) and the filter lists (years, districts, causes) again."""
        self._runner.run(case_query.case_list_choices, done=self._show_choices, refused=self._status_problem,
                         owner=self)  # fmt: skip

    def _status_problem(self, error: FireInvestError) -> bool:
        self.statusBar().showMessage(error.message, 10_000)
        return True

    def _show_choices(self, choices: CaseListChoices) -> None:
        agency = choices.settings
        self._settings = agency
        self.setWindowTitle(self.tr("FireInvest 火灾事故调查案件管理 — %1").replace("%1", agency.agency_name))
        self.model.set_zone(agency.zone)
        self.todo.set_zone(agency.zone)
        self.filter_bar.set_choices(list(choices.years), choices.districts, list(choices.causes))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches_register(Register.CASES, Register.SETTINGS):
            self.reload_choices()
        if changes.touches_any_case(Part.FACTS, Part.TIMELINE) or changes.touches_register(Register.CASES):
            self.model.refresh()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("共 %1 起案件").replace("%1", f"{self.model.rowCount():,}"))

    def _update_actions(self) -> None:
        found = self.model.case_row(self.current_row()) if self.current_row() >= 0 else None
        self.action_open.setEnabled(found is not None)
        self.action_dossier.setEnabled(found is not None)
        self.action_summary.setEnabled(found is not None)
        self.action_void.setEnabled(found is not None and found.status != CaseStatus.VOIDED)

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_case_id(self) -> int | None:
        row = self.current_row()
        return self.model.case_id_at(row) if row >= 0 else None

    def select_case(self, case_id: int, ask_database: bool = True, *, missing: str = "") -> None:
        """Select and scroll to the case, asking the database where it is when no page read holds it; show
        `missing` in the status bar when the current filter does not list it."""
        row = self.model.cached_row_of_case(case_id)
        if row is not None:
            self._select_row(row)
        elif ask_database:
            self.model.locate_case(case_id, lambda found: self._select_located(found, missing))
        elif missing:
            self.statusBar().showMessage(missing, 8000)

    def _select_located(self, row: int | None, missing: str) -> None:
        if row is not None:
            self._select_row(row)
        elif missing:
            self.statusBar().showMessage(missing, 8000)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _remember_selection(self) -> None:
        # A reset (new filter, sort, refresh) clears the view's selection; keep the user's case selected if it is
        # still near the top of the new list. Cheap: looks only at the rows already loaded.
        if self._pending_selection is None:
            self._pending_selection = (self.selected_case_id(), False, None)

    def _restore_selection(self) -> None:
        if self._pending_selection is None:
            return
        case_id, explicit, fallback_row = self._pending_selection
        self._pending_selection = None
        if case_id is not None and (explicit or self.model.cached_row_of_case(case_id) is not None):
            self.select_case(case_id, ask_database=explicit, missing=self.tr("案件已保存，但不在当前筛选结果中。"))
        elif fallback_row is not None and self.model.rowCount():
            self._select_row(min(fallback_row, self.model.rowCount() - 1))

    @Slot(str)
    def _show_problem(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    @Slot(bool)
    def _show_loading(self, loading: bool) -> None:
        if loading:
            self.statusBar().showMessage(self.tr("正在查询…"))
        else:
            self.statusBar().clearMessage()

    def _filter_changed(self, case_filter: CaseFilter) -> None:
        self.model.set_filter(case_filter)

    def refresh(self, select_case_id: int | None = None, fallback_row: int | None = None) -> None:
        """Re-read the list, its choices and the to-do list (F5: saves on other workstations are not announced to
        this one), keeping or moving the selection."""
        if select_case_id is not None or fallback_row is not None:
            self._pending_selection = (select_case_id, select_case_id is not None, fallback_row)
        self.reload_choices()
        self.model.refresh()
        self.todo.refresh()

    # -- cases ----------------------------------------------------------------------------------------------

    def _show_editor(self, editor: CaseEditor) -> CaseEditor:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._case_saved)
        editor.openCase.connect(self.open_case)
        editor.finished.connect(lambda _result, e=editor: self._editors.remove(e) if e in self._editors else None)
        self._editors.append(editor)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def new_case(self) -> CaseEditor | None:
        """Open an editor on a new case (returned at once when the runner is synchronous, as in tests)."""
        return self._open_editor(None, self.tr("无法新建案件"))

    def open_case(self, case_id: int | None, then: Callable[[CaseEditor], object] | None = None) -> CaseEditor | None:
        """Bring the case's editor forward, or open one (one window per case: two would overwrite each other);
        `then(editor)` once it is there (the case is read on the database thread first)."""
        if case_id is None:
            return None
        for editor in self._editors:
            if editor.case_id == case_id:
                editor.raise_()
                editor.activateWindow()
                if then is not None:
                    then(editor)
                return editor
        return self._open_editor(case_id, self.tr("无法打开案件"), then)

    def _open_editor(
        self, case_id: int | None, error_title: str, then: Callable[[CaseEditor], object] | None = None
    ) -> CaseEditor | None:
        if case_id in self._opening:
            return None  # a double-click while the case is being read
        self._opening.add(case_id)
        opened: list[CaseEditor] = []

        def show(view: CaseEditorView) -> None:
            from fireinvest.ui.editor.case_editor import CaseEditor

            opened.append(self._show_editor(CaseEditor(self._runner, view, self)))
            if then is not None:
                then(opened[0])

        def refused(error: FireInvestError) -> bool:
            if isinstance(error, NotFound):
                self.refresh()  # voided or gone elsewhere: the list should not offer it any more
            return False

        self._runner.run(lambda ws: case_forms.open_case_editor(ws, case_id), done=show, refused=refused,
                         finished=lambda: self._opening.discard(case_id), owner=self,
                         error_title=error_title)  # fmt: skip
        return opened[0] if opened else None

    def open_case_loop(self, case_id: int | None) -> CaseEditor | None:
        """Open the case on its 闭环管理 tab (from a loop deadline or the loop board)."""
        return self.open_case(case_id, lambda editor: editor.tabs.setCurrentWidget(editor.loop))

    def open_search_hit(self, case_id: int, part: str, kind: str, record_id: int) -> CaseEditor | None:
        """Open the case at the record where a search found its words."""
        return self.open_case(case_id, lambda editor: editor.reveal(part, kind, record_id))

    def open_search(self, text: str = "") -> QWidget:
        """Show the archive search window (one, kept), searching for `text` when given."""
        from fireinvest.ui.search.window import SearchWindow

        if self.search_window is None:
            zone = self._settings.zone if self._settings is not None else DEFAULT_ZONE
            self.search_window = SearchWindow(self._runner, zone, self, state=self._state)
            self.search_window.openHit.connect(self.open_search_hit)
        self.search_window.show()
        self.search_window.raise_()
        self.search_window.activateWindow()
        if text:
            self.search_window.search_for(text)
        return self.search_window

    def open_selected(self) -> CaseEditor | None:
        return self.open_case(self.selected_case_id())

    def _case_saved(self, case_id: int) -> None:
        # The hub refreshes the list; once it has, the saved case is selected (also a new one far down the list).
        self._pending_selection = (case_id, True, None)

    def void_selected(self) -> None:
        row = self.current_row()
        found = self.model.case_row(row) if row >= 0 else None
        if found is None:
            return
        reason = VoidCaseDialog.ask(found.case_number, self)
        if reason is None:
            return

        def voided(_detail) -> None:
            # The hub refreshes the list; the next case moves up into the voided one's place and is selected.
            self._pending_selection = (None, False, row)
            self.statusBar().showMessage(self.tr("案件 %1 已作废。").replace("%1", found.case_number), 8000)

        self._runner.run(lambda ws: cases.void_case(ws, found.id, found.version, reason), done=voided, owner=self,
                         error_title=self.tr("无法作废"))  # fmt: skip

    # -- other windows --------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from fireinvest.ui.settings.settings_dialog import SettingsDialog  # opened rarely; keep start-up light

        dialog = SettingsDialog(self._runner, self)
        dialog.exec()  # the hub brings the new title, time zone and districts
        dialog.deleteLater()

    def open_calendar(self) -> None:
        from fireinvest.ui.settings.calendar_dialog import CalendarDialog  # opened rarely; keep start-up light

        dialog = CalendarDialog(self._runner, parent=self)
        dialog.exec()  # deadlines that moved reach the list and the to-do list through the hub
        dialog.deleteLater()

    def open_people(self) -> None:
        from fireinvest.ui.registers.people_dialog import PeopleDialog

        dialog = PeopleDialog(self._runner, self)
        dialog.exec()
        dialog.deleteLater()

    def open_experts(self) -> None:
        """The register of experts that reviews draw on."""
        from fireinvest.ui.registers.experts_dialog import ExpertsDialog

        dialog = ExpertsDialog(self._runner, self)
        dialog.exec()
        dialog.deleteLater()

    def open_loop_board(self) -> QWidget:
        """Show the loop board beside the list (one window, re-read when shown again)."""
        from fireinvest.ui.loop.board_window import LoopBoardWindow

        if self.loop_board is None:
            self.loop_board = LoopBoardWindow(self._runner, self)
            self.loop_board.openCase.connect(self.open_case_loop)
        self.loop_board.show()
        self.loop_board.raise_()
        self.loop_board.activateWindow()
        return self.loop_board

    @property
    def outputs(self) -> CaseOutputs:
        """The case's paper as a whole (dossier, printed summary); its print preview loads on first use."""
        if self._outputs is None:
            from fireinvest.ui.documents.case_outputs import CaseOutputs

            self._outputs = CaseOutputs(self, self._runner)
        return self._outputs

    def _selected_case(self):
        row = self.current_row()
        return self.model.case_row(row) if row >= 0 else None

    def export_dossier(self, path: str = "") -> None:
        """Write the selected case's Word dossier (asks where when `path` is empty), cancellable."""
        found = self._selected_case()
        if found is not None:
            self.outputs.export_dossier(found.id, found.case_number, path)

    def preview_summary(self) -> None:
        """The selected case's printed summary in the print preview."""
        found = self._selected_case()
        if found is not None:
            self.outputs.preview_summary(found.id, found.case_number)

    def import_cases(self, path: str = "") -> None:
        """Import a case file (asks for it when `path` is empty) and show the imported cases."""
        from fireinvest.ui.main import exchange_actions  # (and the file formats behind it) loaded on first use

        exchange_actions.import_cases(self, self._runner, path)

    def export_cases(self, path: str = "") -> None:
        """Export the cases the list shows now (same filter) to a file (asks where when `path` is empty)."""
        from fireinvest.ui.main import exchange_actions

        exchange_actions.export_cases(self, self._runner, self.model.case_filter, path)

    def show_about(self) -> None:
        show_about(self, self._settings.agency_name if self._settings else "", self._runner.database_label)

    # -- closing --------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        # Each open editor asks about its own unsaved changes; one "cancel" keeps the whole program open.
        for editor in list(self._editors):
            editor.close()
            if editor.isVisible():
                event.ignore()
                return
        if self._state is not None:
            self._state.setValue("main/geometry", self.saveGeometry())
            self._state.setValue("main/header", self.table.horizontalHeader().saveState())
        event.accept()
