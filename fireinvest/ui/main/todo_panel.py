"""The to-do list (待办期限) shown when FireInvest starts: overdue deadlines and those due within N days, for the
investigator's own cases or for all, each opening its case. Read on the database thread after the window shows,
and again whenever the hub says a timeline or a loop changed (a deadline moved) or the rules did."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fireinvest.services import deadlines, people
from fireinvest.services.changes import Changes, Part, Register
from fireinvest.services.deadlines import TodoItem
from fireinvest.services.front_door import Workstation
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.deadline_style import days_left_text, deadline_colour

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LOOP_KINDS = frozenset({"measure", "assessment"})  # closed-loop dates (services/loop_todo.py)


class TodoPanel(QWidget):
    """Lists pending deadlines; double-click or Enter emits `openCase(case_id)`, or `openLoop(case_id)` for a
    closed-loop date (the case opens on its 闭环管理 tab)."""

    openCase = Signal(int)
    openLoop = Signal(int)

    def __init__(self, runner: Runner, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todoPanel")
        self._runner, self._zone = runner, zone
        self.items: list[TodoItem] = []
        self._reading = False
        self._read_again = False

        self.mine = QRadioButton(self.tr("我的案件"), self)
        self.mine.setObjectName("todoMine")
        self.everyone = QRadioButton(self.tr("全部案件"), self)
        self.everyone.setObjectName("todoAll")
        scope = QButtonGroup(self)
        scope.addButton(self.mine)
        scope.addButton(self.everyone)
        self.within = QSpinBox(self)
        self.within.setRange(1, 365)
        self.within.setValue(7)
        self.within.setSuffix(self.tr(" 天内到期"))
        self.summary = QLabel(self)
        self.summary.setObjectName("todoSummary")
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("todoTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("期限"), self.tr("剩余"), self.tr("案件编号"), self.tr("事项"), self.tr("起火地址")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated.connect(lambda index: self._open_row(index.row()))

        controls = QHBoxLayout()
        controls.addWidget(self.mine)
        controls.addWidget(self.everyone)
        controls.addStretch(1)
        controls.addWidget(self.within)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        # Until the register says whether this login is one of its investigators, the whole team's list is shown.
        self.everyone.setChecked(True)
        self.mine.toggled.connect(self.refresh)
        self.within.valueChanged.connect(self.refresh)
        runner.hub.changed.connect(self._on_changes)
        actor = runner.actor_name
        runner.run(lambda ws: any(p.login_name == actor for p in people.people_register(ws)),
                   done=self._start, owner=self, error_title=self.tr("无法读取待办期限"))  # fmt: skip

    def _start(self, has_own_cases: bool) -> None:
        # An investigator known by login sees their own cases first; anyone else sees the whole team's.
        if has_own_cases:
            self.mine.setChecked(True)  # reads the list (toggled)
        else:
            self.refresh()

    def set_zone(self, zone) -> None:
        self._zone = zone

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches_any_case(Part.TIMELINE, Part.LOOP, Part.FACTS) or changes.touches_register(
            Register.RULES, Register.PEOPLE, Register.SETTINGS
        ):
            self.refresh()

    def sizeHint(self) -> QSize:
        # About six rows: enough to see what is late today without hiding the case list on a 768-pixel screen.
        return QSize(800, self.fontMetrics().height() * 13)

    def refresh(self) -> None:
        """Read the list again (one read at a time; asked again meanwhile, it reads once more afterwards)."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        within, mine = self.within.value(), self.mine.isChecked()

        def read(workstation: Workstation) -> list[TodoItem]:
            return deadlines.todo_list(workstation, within_days=within, mine=mine)

        self._runner.run(read, done=self._show, finished=self._read_finished, owner=self,
                         error_title=self.tr("无法读取待办期限"))  # fmt: skip

    def _read_finished(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _show(self, items: list[TodoItem]) -> None:
        self.items = items
        today = dt.datetime.now(self._zone).date()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            colour = deadline_colour(item.status, item.due, today)
            left = days_left_text(item.due, today)
            for column, text in enumerate((item.due.isoformat(), left, item.case_number, item.label, item.address)):
                cell = QTableWidgetItem(text)
                cell.setData(CASE_ID_ROLE, item.case_id)
                if column < 2 and colour is not None:
                    cell.setForeground(colour)
                cell.setToolTip(
                    item.basis
                    + (self.tr("\n闭环管理事项：双击打开案件的“闭环管理”页") if item.kind in LOOP_KINDS else "")
                )
                self.table.setItem(row, column, cell)
        overdue = sum(1 for item in self.items if item.days_left < 0)
        self.summary.setText(
            self.tr("已逾期 %1 项，%2 天内到期 %3 项")
            .replace("%1", str(overdue))
            .replace("%2", str(self.within.value()))
            .replace("%3", str(len(self.items) - overdue))
        )

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.items):
            item = self.items[row]
            (self.openLoop if item.kind in LOOP_KINDS else self.openCase).emit(item.case_id)
