"""The row of filters above the case list: year, district, cause, grade, status and a quick text filter.

It only turns widget state into a `CaseFilter` and says when it changed; the main window hands that to the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolButton, QWidget

from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.grading import FireGrade
from fireinvest.services.case_query import CaseFilter

QUICK_FILTER_DELAY_MS = 250  # long enough not to query on every keystroke, short enough to feel immediate

# Sentinel item data for "every status, voided ones too" (CaseFilter.include_voided).
_ALL_WITH_VOIDED = "all_with_voided"


class FilterBar(QWidget):
    filterChanged = Signal(object)  # CaseFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = True  # True while choices are (re)built: not a change the user made; False at the end
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(6)

        self.year_combo = self._combo(layout, self.tr("年份"), 90)
        self.district_combo = self._combo(layout, self.tr("辖区"), 110)
        self.cause_combo = self._combo(layout, self.tr("起火原因"), 110)
        self.grade_combo = self._combo(layout, self.tr("火灾等级"), 96)
        self.grade_combo.addItem(self.tr("全部"), None)
        # Item data holds plain strings (Qt would hand a str back anyway); current_filter() turns them into enums.
        for grade in FireGrade:
            self.grade_combo.addItem(grade.value, grade.value)
        self.status_combo = self._combo(layout, self.tr("状态"), 120)
        self.status_combo.addItem(self.tr("全部"), None)
        for status in CaseStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.addItem(self.tr("全部（含已作废）"), _ALL_WITH_VOIDED)

        layout.addSpacing(12)
        self.quick_filter = QLineEdit(self)
        self.quick_filter.setObjectName("quickFilter")
        self.quick_filter.setPlaceholderText(self.tr("编号或任意词语 (Ctrl+F)"))
        self.quick_filter.setToolTip(
            self.tr("在全部内容中筛选案件：案情、原因、地址、单位、当事人、笔录、文书……多个词须同时出现。\n"
                    "查看命中位置和摘要：查找档案（Ctrl+Shift+F）")
        )  # fmt: skip
        self.quick_filter.setClearButtonEnabled(True)
        self.quick_filter.setMinimumWidth(200)
        self.quick_filter.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.quick_filter, 1)

        self.reset_button = QToolButton(self)
        self.reset_button.setText(self.tr("清除筛选"))
        self.reset_button.setToolTip(self.tr("显示全部案件"))
        self.reset_button.clicked.connect(self.clear)
        layout.addWidget(self.reset_button)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(QUICK_FILTER_DELAY_MS)
        self._debounce.timeout.connect(self._emit)
        self.quick_filter.textChanged.connect(self._debounce.start)
        # Enter applies the text at once instead of waiting for the pause.
        self.quick_filter.returnPressed.connect(self._emit_now)
        self._quiet = False

    def _combo(self, layout: QHBoxLayout, label: str, width: int) -> QComboBox:
        caption = QLabel(label, self)
        combo = QComboBox(self)
        combo.setMinimumWidth(width)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption.setBuddy(combo)
        layout.addWidget(caption)
        layout.addWidget(combo)
        combo.currentIndexChanged.connect(self._emit)
        return combo

    def set_choices(self, years: Sequence[int], districts: Sequence[str], causes: Sequence[str]) -> None:
        """Refill the lists that come from the database, keeping the current choice when it is still offered."""
        before = self.current_filter()
        self._quiet = True
        try:
            _refill(self.year_combo, self.tr("全部"), [(str(y), y) for y in years])
            _refill(self.district_combo, self.tr("全部"), [(d, d) for d in districts])
            _refill(self.cause_combo, self.tr("全部"), [(c, c) for c in causes])
        finally:
            self._quiet = False
        if self.current_filter() != before:  # a chosen year or district is gone: the list must follow
            self._emit_now()

    def current_filter(self) -> CaseFilter:
        status = self.status_combo.currentData()
        grade = self.grade_combo.currentData()
        return CaseFilter(
            year=self.year_combo.currentData(),
            district=self.district_combo.currentData(),
            cause_category=self.cause_combo.currentData(),
            fire_grade=FireGrade(grade) if grade else None,
            status=CaseStatus(status) if status and status != _ALL_WITH_VOIDED else None,
            text=self.quick_filter.text().strip(),
            include_voided=status == _ALL_WITH_VOIDED,
        )

    def quick_text(self) -> str:
        """What is typed in the quick filter (the archive search starts from it)."""
        return self.quick_filter.text().strip()

    def focus_quick_filter(self) -> None:
        self.quick_filter.setFocus()
        self.quick_filter.selectAll()

    def clear(self) -> None:
        self._quiet = True
        try:
            for combo in (self.year_combo, self.district_combo, self.cause_combo, self.grade_combo, self.status_combo):
                combo.setCurrentIndex(0)
            self.quick_filter.clear()
        finally:
            self._quiet = False
        self._emit_now()

    def _emit_now(self) -> None:
        self._debounce.stop()
        self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self._debounce.stop()
            self.filterChanged.emit(self.current_filter())


def _refill(combo: QComboBox, all_label: str, items: list[tuple[str, Any]]) -> None:
    current = combo.currentData()
    combo.clear()
    combo.addItem(all_label, None)
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
