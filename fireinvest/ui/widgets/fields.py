"""Small input widgets the forms share: local date-times and calendar days that may be left empty, exact decimal
amounts, combo boxes over code lists, and the red marking of fields that failed validation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, cast
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QLineEdit, QWidget

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
DATE_FORMAT = "yyyy-MM-dd"

# Applied to the editor dialog; a widget with the dynamic property invalid=true gets a red frame.
INVALID_STYLE = """
*[invalid="true"] { border: 1px solid #c62828; background-color: #fdecea; }
QLabel#errorPanel {
    color: #8e1b1b; background-color: #fdecea; border: 1px solid #e0a1a1; border-radius: 3px; padding: 6px 10px;
}
"""


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Set or clear the red marking; the style must be re-polished for a property change to show."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class _OptionalField(QWidget):
    """A calendar edit, and with `unset_text` a box the user ticks to leave the value empty ("not known yet")."""

    changed = Signal()

    def __init__(
        self, edit_class: type[QDateTimeEdit], display_format: str, width: int, unset_text: str | None,
        parent: QWidget | None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = edit_class(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(display_format)
        self.edit.setMinimumWidth(width)
        self.edit.dateTimeChanged.connect(self.changed)
        layout.addWidget(self.edit)
        self.unset_box: QCheckBox | None = None
        if unset_text is not None:
            self.unset_box = QCheckBox(unset_text, self)
            self.unset_box.toggled.connect(self._unset_toggled)
            layout.addWidget(self.unset_box)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)

    def _unset_toggled(self, unset: bool) -> None:
        self.edit.setEnabled(not unset)
        self.changed.emit()

    def _show_unset(self, unset: bool) -> None:
        if self.unset_box is not None:
            self.unset_box.setChecked(unset)
            self.edit.setEnabled(not unset)

    def is_unset(self) -> bool:
        return self.unset_box is not None and self.unset_box.isChecked()


class DateTimeField(_OptionalField):
    """A date and time in the agency's time zone, typed or picked from a calendar; optionally "not known yet".

    The edit shows wall-clock time of the agency zone and Qt never interprets it (its own zone is UTC, which has no
    daylight-saving gaps); Python's zoneinfo turns it into an aware datetime, so the result does not depend on the
    workstation's clock settings.
    """

    def __init__(self, zone: ZoneInfo, unset_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(QDateTimeEdit, DATETIME_FORMAT, 160, unset_text, parent)
        self._zone = zone
        self._original: dt.datetime | None = None
        self.edit.setTimeZone(QTimeZone.utc())
        self.set_value(None)

    def set_value(self, value: dt.datetime | None, default: dt.datetime | None = None) -> None:
        """Show `value`; when it is None the field is marked unset and the edit shows `default` (or now)."""
        self._original = value
        shown = (value or default or dt.datetime.now(self._zone)).astimezone(self._zone)
        self.edit.setDateTime(
            QDateTime(QDate(shown.year, shown.month, shown.day), QTime(shown.hour, shown.minute), QTimeZone.utc())
        )
        self._show_unset(value is None)

    def value(self) -> dt.datetime | None:
        if self.is_unset():
            return None
        shown = self.edit.dateTime()
        # toPython() is typed as returning object; QDate gives a date and QTime a time.
        day, time = cast(dt.date, shown.date().toPython()), cast(dt.time, shown.time().toPython())
        wall = dt.datetime.combine(day, time).replace(second=0, microsecond=0)
        # Minutes are all the form shows; keep the seconds of a stored time (e.g. from an import) unless edited.
        if self._original is not None:
            original = self._original.astimezone(self._zone)
            if original.replace(second=0, microsecond=0, tzinfo=None) == wall:
                return self._original
        return wall.replace(tzinfo=self._zone)

    def state(self) -> Any:
        return self.value()


class DateField(_OptionalField):
    """A calendar day (the loop's and the reviews' deadlines, visits, decisions), typed or picked from a calendar;
    with `unset_text` the user may tick it to leave the day empty ("未填写")."""

    def __init__(self, unset_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(QDateEdit, DATE_FORMAT, 120, unset_text, parent)
        self.set_value(None)

    def set_value(self, value: dt.date | None, default: dt.date | None = None) -> None:
        """Show `value`; None leaves the field empty (when it may be) and shows `default` (or today) greyed."""
        shown = value or default or dt.date.today()
        self.edit.setDate(QDate(shown.year, shown.month, shown.day))
        self._show_unset(value is None)

    def value(self) -> dt.date | None:
        return None if self.is_unset() else cast(dt.date, self.edit.date().toPython())  # typed as returning object

    def set_read_only(self) -> None:
        """Shown, not changed: FormDialog calls this on every child that has it when the form is read-only."""
        self.edit.setReadOnly(True)
        self.edit.setCalendarPopup(False)
        self.edit.setButtonSymbols(QDateEdit.ButtonSymbols.NoButtons)
        if self.unset_box is not None:
            self.unset_box.setEnabled(False)


class DecimalField(QLineEdit):
    """An exact amount (yuan or m²) with at most two decimal places. Text is parsed to Decimal, never float;
    thousands separators are accepted and shown. Parsing does not round: 1.005 is refused, not changed."""

    def __init__(self, unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText("0.00")
        self.setMinimumWidth(160)
        self.unit = unit
        self.editingFinished.connect(self._reformat)

    def amount(self) -> Decimal:
        """The typed amount; raises ValueError with a Chinese message when it is not a number."""
        text = self.text().strip().replace(",", "").replace("，", "").replace(" ", "")
        if self.unit and text.endswith(self.unit):
            text = text[: -len(self.unit)]
        if not text:
            return Decimal(0)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(text) from None
        if not value.is_finite():
            raise ValueError(text)
        return value

    def set_amount(self, value: Decimal) -> None:
        # Zero shows as the grey placeholder, so the user types the amount without first deleting "0.00".
        self.setText("" if value == 0 else format_amount(value))

    def _reformat(self) -> None:
        try:
            value = self.amount()
        except ValueError:
            return  # leave what the user typed; saving will name the field
        if value.as_tuple().exponent >= -2:  # type: ignore[operator]
            self.setText(format_amount(value))


def format_amount(value: Decimal) -> str:
    return f"{value:,.2f}"


class ChoiceCombo(QComboBox):
    """A combo box over a code list, whose value is the stored text ("" for none).

    A stored value no longer in the list (a district later deactivated) is still shown, marked, so opening an old
    case never silently changes it.
    """

    def __init__(self, empty_text: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_text = empty_text
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setMaxVisibleItems(20)

    def set_choices(self, names: Iterable[str], keep: bool = True) -> None:
        """Offer `names`; with `keep`, the current value stays selected (even if no longer offered)."""
        current = self.value() if keep else ""
        self.blockSignals(True)
        self.clear()
        if self._empty_text is not None:
            self.addItem(self._empty_text, "")
        for name in names:
            self.addItem(name, name)
        self.blockSignals(False)
        self.set_value(current)

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index < 0 and value:
            self.addItem(self.tr("%1（已停用）").replace("%1", value), value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))

    def value(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""


def filter_combo(parent: QWidget, name: str, all_text: str, width: int = 10) -> QComboBox:
    """A filter's combo box: first the "all" choice (data None), then the choices `refill_choices` puts in."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.addItem(all_text, None)
    combo.setMinimumContentsLength(width)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def refill_choices(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    """Replace a filter combo's choices after its "all" choice, keeping the current choice where it still exists,
    without signalling a change."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
