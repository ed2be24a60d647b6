"""The 伤亡与损失 tab: casualties, affected households, burned area and losses, with the fire grade shown live.

The grade shown here is computed with the same rule function and the same installation rules the service uses when
saving (fireinvest.rules.grading), so what the user sees before saving is what gets stored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from fireinvest.clock import local_date
from fireinvest.errors import FieldError
from fireinvest.rules.case_facts import CaseDraft
from fireinvest.rules.grading import FireGrade, GradeFacts, grade_fire, rule_set_for
from fireinvest.services.case_forms import CaseFormChoices
from fireinvest.ui.editor.fact_pages import new_form
from fireinvest.ui.widgets.fields import DecimalField

_SEVERE = {FireGrade.LARGER, FireGrade.MAJOR, FireGrade.EXTRAORDINARY}


def _count_box(parent: QWidget, suffix: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, 99_999)
    box.setSuffix(suffix)
    box.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    box.setMinimumWidth(110)
    return box


class LossesPage(QWidget):
    changed = Signal()

    def __init__(self, choices: CaseFormChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices
        person = self.tr(" 人")
        self.deaths = _count_box(self, person)
        self.serious_injuries = _count_box(self, person)
        self.minor_injuries = _count_box(self, person)
        self.affected_households = _count_box(self, self.tr(" 户"))
        self.burned_area_m2 = DecimalField("m²", self)
        self.direct_property_loss = DecimalField("元", self)
        self.direct_economic_loss = DecimalField("元", self)

        casualties = QGroupBox(self.tr("人员伤亡"), self)
        casualty_form = new_form()
        casualty_form.addRow(self.tr("死亡"), self.deaths)
        casualty_form.addRow(self.tr("重伤"), self.serious_injuries)
        casualty_form.addRow(self.tr("轻伤"), self.minor_injuries)
        casualty_form.addRow(self.tr("受灾户数"), self.affected_households)
        casualties.setLayout(casualty_form)

        losses = QGroupBox(self.tr("面积与损失"), self)
        loss_form = new_form()
        loss_form.addRow(self.tr("过火面积（m²）"), self.burned_area_m2)
        loss_form.addRow(self.tr("直接财产损失（元）"), self.direct_property_loss)
        loss_form.addRow(self.tr("直接经济损失（元）"), self.direct_economic_loss)
        explain = QLabel(self.tr("直接经济损失 = 直接财产损失 + 现场处置费用 + 人身伤亡费用（XF 185-2014）"), self)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: palette(placeholder-text);")
        loss_form.addRow("", explain)
        losses.setLayout(loss_form)

        self.grade_label = QLabel(self)
        self.grade_label.setObjectName("gradeLabel")
        self.rule_label = QLabel(self)
        self.rule_label.setWordWrap(True)
        note = QLabel(
            self.tr(
                "火灾等级由系统按标准自动计算，不能手工填写。2025年5月1日起发生的火灾，死亡人数统计至火灾发生之日起"
                "30日内（此前为7日）；受灾户数标准由省级规定，可在火灾等级标准中设置。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        grade_frame = QFrame(self)
        grade_frame.setFrameShape(QFrame.Shape.StyledPanel)
        grade_box = QVBoxLayout(grade_frame)
        grade_box.addWidget(self.grade_label)
        grade_box.addWidget(self.rule_label)
        grade_box.addWidget(note)

        row = QHBoxLayout()
        row.addWidget(casualties, 4)
        row.addWidget(losses, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(grade_frame)
        layout.addStretch(1)

        self.fields: dict[str, QWidget] = {
            "deaths": self.deaths,
            "serious_injuries": self.serious_injuries,
            "minor_injuries": self.minor_injuries,
            "affected_households": self.affected_households,
            "burned_area_m2": self.burned_area_m2,
            "direct_property_loss": self.direct_property_loss,
            "direct_economic_loss": self.direct_economic_loss,
        }
        for box in (self.deaths, self.serious_injuries, self.minor_injuries, self.affected_households):
            box.valueChanged.connect(self.changed)
        for field in (self.burned_area_m2, self.direct_property_loss, self.direct_economic_loss):
            field.textChanged.connect(self.changed)

    def load(self, facts: CaseDraft) -> None:
        self.deaths.setValue(facts.deaths)
        self.serious_injuries.setValue(facts.serious_injuries)
        self.minor_injuries.setValue(facts.minor_injuries)
        self.affected_households.setValue(facts.affected_households)
        self.burned_area_m2.set_amount(facts.burned_area_m2)
        self.direct_property_loss.set_amount(facts.direct_property_loss)
        self.direct_economic_loss.set_amount(facts.direct_economic_loss)

    def collect(self, draft: CaseDraft, errors: list[FieldError]) -> None:
        draft.deaths = self.deaths.value()
        draft.serious_injuries = self.serious_injuries.value()
        draft.minor_injuries = self.minor_injuries.value()
        draft.affected_households = self.affected_households.value()
        labels = {
            "burned_area_m2": self.tr("过火面积"),
            "direct_property_loss": self.tr("直接财产损失"),
            "direct_economic_loss": self.tr("直接经济损失"),
        }
        for name, label in labels.items():
            field: DecimalField = self.fields[name]  # type: ignore[assignment]
            try:
                setattr(draft, name, field.amount())
            except ValueError:
                errors.append(
                    FieldError(name, self.tr("%1“%2”不是有效数字。").replace("%1", label).replace("%2", field.text()))
                )

    def state(self) -> tuple:
        return (
            self.deaths.value(), self.serious_injuries.value(), self.minor_injuries.value(),
            self.affected_households.value(), self.burned_area_m2.text(), self.direct_property_loss.text(),
            self.direct_economic_loss.text(),
        )  # fmt: skip

    def show_grade(self, alarm_time: dt.datetime | None) -> FireGrade | None:
        """Recompute and show the grade for the current numbers; None when they cannot be graded yet."""
        grade, rules_title = None, ""
        try:
            if alarm_time is not None:
                fire_date = local_date(alarm_time, self._choices.zone)
                facts = GradeFacts(
                    fire_date=fire_date,
                    deaths=self.deaths.value(),
                    serious_injuries=self.serious_injuries.value(),
                    minor_injuries=self.minor_injuries.value(),
                    affected_households=self.affected_households.value(),
                    direct_property_loss=self.direct_property_loss.amount(),
                    direct_economic_loss=self.direct_economic_loss.amount(),
                )
                if min(facts.direct_property_loss, facts.direct_economic_loss) >= Decimal(0):
                    grade = grade_fire(facts, self._choices.grade_rules)
                    rules_title = rule_set_for(fire_date, self._choices.grade_rules).title
        except (ValueError, ArithmeticError):
            grade = None  # a half-typed amount: show no grade rather than a wrong one
        if grade is None:
            self.grade_label.setText(self.tr("火灾等级：—（请填写有效的接警时间和损失金额）"))
            self.grade_label.setStyleSheet("font-size: 15px;")
            self.rule_label.clear()
        else:
            self.grade_label.setText(self.tr("火灾等级：%1").replace("%1", grade.value))
            colour = "#b3261e" if grade in _SEVERE else "palette(text)"
            self.grade_label.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {colour};")
            self.rule_label.setText(self.tr("适用标准：%1").replace("%1", rules_title))
        return grade
