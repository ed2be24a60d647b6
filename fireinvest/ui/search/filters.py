"""The search window's filters: alarm dates or year, district, cause and sub-cause, place type, grade, status,
investigator and party, read as one CaseFilter (the same filter the case list and the exports use)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.grading import FireGrade
from fireinvest.services.case_query import CaseFilter
from fireinvest.services.search import SearchChoices
from fireinvest.ui.widgets.fields import filter_combo, refill_choices

_NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "不限"


def _show_choice(combo: QComboBox, value: object) -> None:
    index = combo.findData(value) if value is not None else 0
    if index < 0:  # a saved search naming a code no longer offered: keep it, shown as it was saved
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _enum(kind, value):
    """A combo's data as its enum (Qt hands a StrEnum back as a plain str)."""
    return kind(value) if value else None


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(_NO_DATE)
    edit.setSpecialValueText("不限")
    edit.setDate(_NO_DATE)
    return edit


def _day(edit: QDateEdit) -> dt.date | None:
    date = edit.date()
    return None if date == _NO_DATE else dt.date(date.year(), date.month(), date.day())


class SearchFilters(QWidget):
    """Two rows of filters; `changed` whenever one of them changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cause_details: dict[str, tuple[str, ...]] = {}
        self.year = filter_combo(self, "searchYear", self.tr("全部年份"), 6)
        self.date_from = _date_edit(self, "searchDateFrom")
        self.date_to = _date_edit(self, "searchDateTo")
        self.district = filter_combo(self, "searchDistrict", self.tr("全部辖区"), 6)
        self.cause = filter_combo(self, "searchCause", self.tr("全部原因"), 8)
        self.cause_detail = filter_combo(self, "searchCauseDetail", self.tr("全部细分原因"), 8)
        self.place_type = filter_combo(self, "searchPlaceType", self.tr("全部场所"), 8)
        self.grade = filter_combo(self, "searchGrade", self.tr("全部等级"), 5)
        for grade in FireGrade:
            self.grade.addItem(grade.value, grade)
        self.status = filter_combo(self, "searchStatus", self.tr("全部状态"), 6)
        for status in CaseStatus:
            self.status.addItem(status.label, status)
        self.investigator = filter_combo(self, "searchInvestigator", self.tr("全部调查人员"), 6)
        self.party = QLineEdit(self)
        self.party.setObjectName("searchParty")
        self.party.setPlaceholderText(self.tr("当事人姓名"))
        self.party.setClearButtonEnabled(True)
        self.include_voided = QCheckBox(self.tr("含已作废"), self)
        self.clear_button = QPushButton(self.tr("清除筛选"), self)
        self.clear_button.setObjectName("searchClearFilters")
        self.clear_button.clicked.connect(self.clear)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        rows = (
            ((self.tr("年份"), self.year), (self.tr("接警日期 从"), self.date_from), (self.tr("至"), self.date_to),
             (self.tr("辖区"), self.district), (self.tr("起火原因"), self.cause),
             (self.tr("细分原因"), self.cause_detail)),
            ((self.tr("场所"), self.place_type), (self.tr("等级"), self.grade), (self.tr("状态"), self.status),
             (self.tr("调查人员"), self.investigator), (self.tr("当事人"), self.party)),
        )  # fmt: skip
        for row, fields in enumerate(rows):
            for column, (label, widget) in enumerate(fields):
                grid.addWidget(QLabel(label + "：", self), row, 2 * column)
                grid.addWidget(widget, row, 2 * column + 1)
        grid.addWidget(self.include_voided, 1, 10)
        grid.addWidget(self.clear_button, 1, 11)
        grid.setColumnStretch(12, 1)

        for combo in (self.year, self.district, self.cause_detail, self.place_type, self.grade, self.status,
                      self.investigator):  # fmt: skip
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.cause.currentIndexChanged.connect(self._cause_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _date: self.changed.emit())
        self.party.editingFinished.connect(self.changed.emit)
        self.include_voided.toggled.connect(lambda _on: self.changed.emit())

    def set_choices(self, choices: SearchChoices) -> None:
        self._cause_details = choices.cause_details
        refill_choices(self.year, [(str(year), year) for year in choices.years])
        refill_choices(self.district, [(name, name) for name in choices.districts])
        refill_choices(self.cause, [(name, name) for name in choices.causes])
        refill_choices(self.place_type, [(name, name) for name in choices.place_types])
        refill_choices(self.investigator, [(name, name) for name in choices.investigators])
        self._refill_details()

    def _refill_details(self) -> None:
        cause = self.cause.currentData()
        details = self._cause_details.get(cause, ()) if cause else tuple(
            dict.fromkeys(d for group in self._cause_details.values() for d in group))  # fmt: skip
        refill_choices(self.cause_detail, [(name, name) for name in details])

    def _cause_changed(self, _index: int) -> None:
        self._refill_details()
        self.changed.emit()

    def case_filter(self, text: str = "") -> CaseFilter:
        return CaseFilter(
            year=self.year.currentData(), district=self.district.currentData(), cause_category=self.cause.currentData(),
            fire_grade=_enum(FireGrade, self.grade.currentData()), status=_enum(CaseStatus, self.status.currentData()),
            text=text,
            include_voided=self.include_voided.isChecked(), date_from=_day(self.date_from),
            date_to=_day(self.date_to), cause_detail=self.cause_detail.currentData(),
            place_type=self.place_type.currentData(), investigator=self.investigator.currentData(),
            party=self.party.text().strip() or None,
        )  # fmt: skip

    def set_filter(self, case_filter: CaseFilter) -> None:
        """Show a filter (a saved search); `changed` is emitted once."""
        self.blockSignals(True)
        for combo, value in ((self.year, case_filter.year), (self.district, case_filter.district),
                             (self.cause, case_filter.cause_category), (self.grade, case_filter.fire_grade),
                             (self.status, case_filter.status), (self.place_type, case_filter.place_type),
                             (self.investigator, case_filter.investigator)):  # fmt: skip
            _show_choice(combo, value)
        self._refill_details()
        _show_choice(self.cause_detail, case_filter.cause_detail)
        for edit, day in ((self.date_from, case_filter.date_from), (self.date_to, case_filter.date_to)):
            edit.setDate(QDate(day.year, day.month, day.day) if day else _NO_DATE)
        self.party.setText(case_filter.party or "")
        self.include_voided.setChecked(case_filter.include_voided)
        self.blockSignals(False)
        self.changed.emit()

    def clear(self) -> None:
        self.set_filter(CaseFilter())
