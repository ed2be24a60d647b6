"""The loop board (闭环看板), a window of its own beside the case list: every case that needs or has a closed loop,
how far it has come, what is open and what is late, filterable, with totals by district and by responsible unit;
and a second page listing every measure addressed to one unit. Double-clicking a case opens it in the main window's
editor (`openCase`). Everything is read through the runner on the database thread, so a slow network never freezes
the window; and the board reads itself again whenever the hub says a loop, a timeline or the facts of any case
changed (or cases were registered, imported or voided, or the districts changed), so nobody has to refresh it by
hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fireinvest.rules.closed_loop import LoopStage
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.services import case_query, reference
from fireinvest.services.changes import Changes, Part, Register
from fireinvest.services.front_door import Workstation
from fireinvest.services.loop import board as loop_board
from fireinvest.services.loop.board import LoopBoard, LoopBoardFilter, LoopBoardRow, LoopTotal
from fireinvest.ui.loop.unit_measures_view import UnitMeasuresView
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.boxes import titled_box
from fireinvest.ui.widgets.deadline_style import MET_COLOUR, OVERDUE_COLOUR, deadline_colour
from fireinvest.ui.widgets.fields import filter_combo, refill_choices
from fireinvest.ui.widgets.item_table import Cell, ItemTable

_HEADERS = ("案件编号", "起火地址", "辖区", "等级", "闭环阶段", "整改措施", "未完成", "逾期", "最近期限")
_TOTAL_HEADERS = ("案件", "未完成", "逾期")


@dataclass(frozen=True)
class BoardChoices:
    """What the filters offer: districts, years with cases, units named on measures."""

    districts: tuple[str, ...]
    years: tuple[int, ...]
    units: tuple[str, ...]


def _count(value: int, colour=None) -> Cell:
    return Cell(str(value) if value else "", colour if value else None, sort_key=value)


class LoopBoardWindow(QWidget):
    openCase = Signal(int)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("loopBoard")
        self.setWindowTitle(self.tr("闭环看板"))
        self.resize(1360, 760)
        self._runner = runner
        self.board: LoopBoard | None = None
        self._asked = 0  # the newest request; an older answer arriving after it is dropped
        self._choices_loaded = False
        self._stale = False  # something changed while the window was hidden: read again when it is shown

        self.district = filter_combo(self, "boardDistrict", self.tr("全部辖区"))
        self.stage = filter_combo(self, "boardStage", self.tr("全部阶段"), 8)
        for stage in LoopStage:
            self.stage.addItem(stage.label, stage.value)
        self.unit = filter_combo(self, "boardUnit", self.tr("全部责任单位"), 18)
        self.year = filter_combo(self, "boardYear", self.tr("全部年份"), 6)
        self.overdue_only = QCheckBox(self.tr("只看有逾期的"), self)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        for combo in (self.district, self.stage, self.unit, self.year):
            combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.overdue_only.toggled.connect(lambda _on: self.reload())
        self.refresh_button.clicked.connect(lambda: self.reload(with_choices=True))
        filters = QHBoxLayout()
        for label, widget in ((self.tr("辖区"), self.district), (self.tr("阶段"), self.stage),
                              (self.tr("责任单位"), self.unit), (self.tr("年份"), self.year)):  # fmt: skip
            filters.addWidget(QLabel(label + "：", self))
            filters.addWidget(widget)
            filters.addSpacing(8)
        filters.addWidget(self.overdue_only)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)
        self.summary = QLabel(self)
        self.summary.setObjectName("boardSummary")

        self.table = ItemTable(
            [self.tr(h) for h in _HEADERS], "boardTable", self, stretch=1, sortable=True, sort_column=len(_HEADERS) - 1
        )  # soonest due first, as leaders chase them
        self.table.activatedId.connect(self.openCase)
        # Totals: most overdue first, the ones to chase at the top.
        self.by_district = ItemTable([self.tr("辖区"), *map(self.tr, _TOTAL_HEADERS)], "districtTotals", self,
                                     stretch=0, sortable=True, sort_column=3, descending=True)  # fmt: skip
        self.by_district.activatedId.connect(self._filter_district)
        self.by_unit = ItemTable([self.tr("责任单位"), *map(self.tr, _TOTAL_HEADERS)], "unitTotals", self, stretch=0,
                                 sortable=True, sort_column=3, descending=True)  # fmt: skip
        self.by_unit.activatedId.connect(self._show_unit)
        totals = QSplitter(Qt.Orientation.Vertical, self)
        for title, table in ((self.tr("<b>按辖区</b>（双击筛选）"), self.by_district),
                             (self.tr("<b>按责任单位</b>（双击查看其整改措施）"), self.by_unit)):  # fmt: skip
            totals.addWidget(titled_box(title, table, totals))
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(totals)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([940, 400])
        board_page = QWidget(self)
        board_layout = QVBoxLayout(board_page)
        board_layout.addLayout(filters)
        board_layout.addWidget(self.summary)
        board_layout.addWidget(splitter, 1)

        self.unit_view = UnitMeasuresView(runner, self)
        self.unit_view.openCase.connect(self.openCase)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(board_page, self.tr("闭环看板"))
        self.tabs.addTab(self.unit_view, self.tr("责任单位整改措施"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        runner.hub.changed.connect(self._on_changes)
        self.reload(with_choices=True)

    def _on_changes(self, changes: Changes) -> None:
        """Any case's loop, timeline (a closure opens an assessment) or facts (deaths, district, grade), the case
        register or the code lists: the board may show something else now, its filters may offer new choices."""
        if not (
            changes.touches_any_case(Part.LOOP, Part.TIMELINE, Part.FACTS)
            or changes.touches_register(Register.CASES, Register.SETTINGS)
        ):
            return
        if self.isVisible():
            self.reload(with_choices=True)
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload(with_choices=True)

    def board_filter(self) -> LoopBoardFilter:
        stage = self.stage.currentData()
        return LoopBoardFilter(district=self.district.currentData(), stage=LoopStage(stage) if stage else None,
                               unit=self.unit.currentData(), overdue_only=self.overdue_only.isChecked(),
                               year=self.year.currentData())  # fmt: skip

    def reload(self, with_choices: bool = False) -> None:
        """Read the board for the filters shown (and the filters' lists when asked) off the GUI thread."""
        self._asked += 1
        self._stale = False
        asked, board_filter = self._asked, self.board_filter()
        with_choices = with_choices or not self._choices_loaded

        def work(workstation: Workstation) -> tuple[LoopBoard, BoardChoices | None]:
            choices = None
            if with_choices:
                choices = BoardChoices(reference.reference_lists(workstation).districts,
                                       tuple(case_query.case_list_years(workstation)),
                                       tuple(loop_board.responsible_units(workstation)))  # fmt: skip
            return loop_board.loop_board(workstation, board_filter), choices

        def loaded(result: tuple[LoopBoard, BoardChoices | None]) -> None:
            if asked == self._asked:
                self._show(*result)

        self.summary.setText(self.tr("正在查询…"))
        self.refresh_button.setEnabled(False)
        self._runner.run(work, done=loaded, owner=self, error_title=self.tr("无法读取闭环看板"),
                         finished=lambda: self.refresh_button.setEnabled(True))  # fmt: skip

    def _show(self, board: LoopBoard, choices: BoardChoices | None) -> None:
        if choices is not None:
            self._choices_loaded = True
            refill_choices(self.district, [(d, d) for d in choices.districts])
            refill_choices(self.year, [(str(y), y) for y in choices.years])
            refill_choices(self.unit, [(u, u) for u in choices.units])
            self.unit_view.set_units(list(choices.units), board.today)
        self.board = board
        self.table.set_rows([(r.case_id, self._cells(r, board.today)) for r in board.rows])
        self.by_district.set_rows(self._totals(board.by_district))
        self.by_unit.set_rows(self._totals(board.by_unit))
        open_items = sum(r.open_items for r in board.rows)
        overdue = sum(r.overdue_items for r in board.rows)
        self.summary.setText(self.tr("共 %1 起案件的闭环，其中已闭环 %2 起；未完成事项 %3 项，逾期 %4 项（截至 %5）")
                             .replace("%1", str(len(board.rows)))
                             .replace("%2", str(sum(r.stage == LoopStage.CLOSED for r in board.rows)))
                             .replace("%3", str(open_items)).replace("%4", str(overdue))
                             .replace("%5", board.today.isoformat()))  # fmt: skip

    def _cells(self, row: LoopBoardRow, today: dt.date) -> list:
        due = ""
        colour = None
        if row.next_due is not None:
            status = DeadlineStatus.OVERDUE if row.next_due < today else DeadlineStatus.OPEN
            due, colour = row.next_due.isoformat(), deadline_colour(status, row.next_due, today)
        stage_colour = MET_COLOUR if row.stage == LoopStage.CLOSED else None
        required = "" if row.required else self.tr("（规则未要求，已有闭环记录）")
        return [row.case_number, Cell(row.address, tooltip=row.address + required), row.district, row.fire_grade,
                Cell(row.stage.label, stage_colour, sort_key=list(LoopStage).index(row.stage)),
                _count(row.measures), _count(row.open_items), _count(row.overdue_items, OVERDUE_COLOUR),
                Cell(due, colour, sort_key=row.next_due or dt.date.max)]  # fmt: skip

    def _totals(self, totals: tuple[LoopTotal, ...]) -> list:
        return [(n, [t.name or self.tr("（未填写）"), _count(t.cases), _count(t.open_items),
                     _count(t.overdue_items, OVERDUE_COLOUR)]) for n, t in enumerate(totals)]  # fmt: skip

    def _filter_district(self, index: int) -> None:
        if self.board is not None and 0 <= index < len(self.board.by_district):
            self.district.setCurrentIndex(max(self.district.findData(self.board.by_district[index].name), 0))

    def _show_unit(self, index: int) -> None:
        if self.board is not None and 0 <= index < len(self.board.by_unit):
            self.tabs.setCurrentWidget(self.unit_view)
            self.unit_view.show_unit(self.board.by_unit[index].name)
