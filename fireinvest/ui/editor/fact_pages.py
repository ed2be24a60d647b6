"""The first two tabs of the case editor: 基本情况 (basic facts, procedure, investigators) and 起火原因 (cause).

Every page offers the same small interface to the editor: `load(facts)`, `collect(draft, errors)`, `state()` for
unsaved-change detection, `fields` (CaseDraft attribute -> widget, to mark and focus invalid input) and `changed`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fireinvest.errors import FieldError
from fireinvest.rules.case_facts import CaseDraft, Procedure
from fireinvest.services.case_forms import CaseFormChoices
from fireinvest.services.cases import InvestigatorRef
from fireinvest.ui.widgets.fields import ChoiceCombo, DateTimeField


def new_form() -> QFormLayout:
    """A form whose labels line up on the right and whose fields start on one vertical line, on every platform."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(8)
    return form


def required(text: str) -> QLabel:
    """A label with the red asterisk users know from paper forms for a field that must be filled."""
    label = QLabel(f'{text}<span style="color:#c62828">&nbsp;*</span>')
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class BasicPage(QWidget):
    changed = Signal()

    def __init__(self, choices: CaseFormChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        zone = choices.zone
        self.alarm_time = DateTimeField(zone, None, self)
        self.extinguished_time = DateTimeField(zone, self.tr("未扑灭/未填写"), self)
        self.address = QLineEdit(self)
        self.address.setPlaceholderText(self.tr("区、街道、门牌号、楼栋及房号"))
        self.district = ChoiceCombo(self.tr("（请选择）"), self)
        self.district.set_choices(choices.reference.districts)
        self.place_type = ChoiceCombo(self.tr("（请选择）"), self)
        self.place_type.set_choices(choices.reference.place_type_names)
        self.is_key_unit = QCheckBox(self.tr("消防安全重点单位"), self)
        self.unit_name = QLineEdit(self)
        self.unit_name.setPlaceholderText(self.tr("单位名称或住户姓名"))

        self.simple = QRadioButton(Procedure.SIMPLE.label, self)
        self.general = QRadioButton(Procedure.GENERAL.label, self)
        self._procedure_group = QButtonGroup(self)
        self._procedure_group.addButton(self.simple)
        self._procedure_group.addButton(self.general)
        procedure_box = QWidget(self)
        procedure_row = QHBoxLayout(procedure_box)
        procedure_row.setContentsMargins(0, 0, 0, 0)
        procedure_row.addWidget(self.general)
        procedure_row.addWidget(self.simple)
        procedure_row.addStretch(1)
        self.procedure = procedure_box
        self.facts_disputed = QCheckBox(self.tr("当事人对事实有争议"), self)

        self.lead = QComboBox(self)
        self.lead.setMinimumContentsLength(12)
        self.others = QListWidget(self)
        self.others.setMinimumHeight(90)
        self._people = list(choices.investigators)
        self._fill_people([])

        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText(self.tr("火灾发生、发现、报警、扑救的简要经过"))
        self.summary.setMinimumHeight(90)
        self.dispatched_units = QLineEdit(self)
        self.dispatched_units.setPlaceholderText(
            self.tr("例如：玄武消防救援站、新街口消防救援站，消防车5辆、指战员28名")
        )

        left = new_form()
        left.addRow(required(self.tr("接警时间")), self.alarm_time)
        left.addRow(self.tr("扑灭时间"), self.extinguished_time)
        left.addRow(required(self.tr("起火地址")), self.address)
        left.addRow(required(self.tr("辖区")), self.district)
        left.addRow(required(self.tr("场所类型")), self.place_type)
        left.addRow(self.tr("单位/住户"), self.unit_name)
        left.addRow("", self.is_key_unit)
        right = new_form()
        right.addRow(self.tr("调查程序"), self.procedure)
        right.addRow("", self.facts_disputed)
        right.addRow(self.tr("主办调查人员"), self.lead)
        right.addRow(self.tr("协办调查人员"), self.others)
        columns = QHBoxLayout()
        columns.addLayout(left, 11)
        columns.addSpacing(16)
        columns.addLayout(right, 9)
        bottom = new_form()
        bottom.addRow(self.tr("出动力量"), self.dispatched_units)
        bottom.addRow(self.tr("简要案情"), self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(bottom, 1)

        self.fields: dict[str, QWidget] = {
            "alarm_time": self.alarm_time.edit,
            "extinguished_time": self.extinguished_time.edit,
            "address": self.address,
            "district": self.district,
            "place_type": self.place_type,
            "is_key_unit": self.is_key_unit,
            "unit_name": self.unit_name,
            "procedure": self.procedure,
            "facts_disputed": self.facts_disputed,
            "summary": self.summary,
            "dispatched_units": self.dispatched_units,
            "lead_investigator_id": self.lead,
            "other_investigator_ids": self.others,
        }
        for signal in (
            self.alarm_time.changed, self.extinguished_time.changed, self.address.textChanged,
            self.district.currentIndexChanged, self.place_type.currentIndexChanged, self.is_key_unit.toggled,
            self.unit_name.textChanged, self.general.toggled, self.facts_disputed.toggled,
            self.others.itemChanged, self.summary.textChanged, self.dispatched_units.textChanged,
        ):  # fmt: skip
            signal.connect(self.changed)
        self.lead.currentIndexChanged.connect(self._lead_changed)

    def _fill_people(self, assigned: Sequence[InvestigatorRef]) -> None:
        """Offer the active investigators, plus anyone assigned to this case who has since left the register."""
        people = [(p.id, p.display_name) for p in self._people if p.id is not None]
        known = {person_id for person_id, _ in people}
        people += [
            (a.person_id, self.tr("%1（已停用）").replace("%1", a.name)) for a in assigned if a.person_id not in known
        ]
        self.lead.blockSignals(True)
        self.others.blockSignals(True)
        self.lead.clear()
        self.lead.addItem(self.tr("（未指定）"), None)
        self.others.clear()
        for person_id, name in people:
            self.lead.addItem(name, person_id)
            item = QListWidgetItem(name, self.others)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.lead.blockSignals(False)
        self.others.blockSignals(False)

    def _lead_changed(self) -> None:
        # The lead cannot also be an assistant (a rule of the service); take them out of the list as they are chosen.
        lead = self.lead.currentData()
        for row in range(self.others.count()):
            item = self.others.item(row)
            is_lead = item.data(Qt.ItemDataRole.UserRole) == lead
            if is_lead:
                item.setCheckState(Qt.CheckState.Unchecked)
            flags = item.flags()
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled if is_lead else flags | Qt.ItemFlag.ItemIsEnabled)
        self.changed.emit()

    def load(self, facts: CaseDraft, investigators: Sequence[InvestigatorRef] = ()) -> None:
        self.alarm_time.set_value(facts.alarm_time)
        self.extinguished_time.set_value(facts.extinguished_time, default=facts.alarm_time)
        self.address.setText(facts.address)
        self.district.set_value(facts.district)
        self.place_type.set_value(facts.place_type)
        self.is_key_unit.setChecked(facts.is_key_unit)
        self.unit_name.setText(facts.unit_name)
        (self.simple if facts.procedure == Procedure.SIMPLE else self.general).setChecked(True)
        self.facts_disputed.setChecked(facts.facts_disputed)
        self._fill_people(investigators)
        self.lead.setCurrentIndex(max(self.lead.findData(facts.lead_investigator_id), 0))
        for row in range(self.others.count()):
            item = self.others.item(row)
            chosen = item.data(Qt.ItemDataRole.UserRole) in facts.other_investigator_ids
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        self._lead_changed()
        self.summary.setPlainText(facts.summary)
        self.dispatched_units.setText(facts.dispatched_units)

    def other_ids(self) -> list[int]:
        return [
            self.others.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.others.count())
            if self.others.item(row).checkState() == Qt.CheckState.Checked
        ]

    def collect(self, draft: CaseDraft, errors: list[FieldError]) -> None:
        draft.alarm_time = self.alarm_time.value()
        draft.extinguished_time = self.extinguished_time.value()
        draft.address = self.address.text()
        draft.district = self.district.value()
        draft.place_type = self.place_type.value()
        draft.is_key_unit = self.is_key_unit.isChecked()
        draft.unit_name = self.unit_name.text()
        draft.procedure = Procedure.SIMPLE if self.simple.isChecked() else Procedure.GENERAL
        draft.facts_disputed = self.facts_disputed.isChecked()
        draft.lead_investigator_id = self.lead.currentData()
        draft.other_investigator_ids = self.other_ids()
        draft.summary = self.summary.toPlainText()
        draft.dispatched_units = self.dispatched_units.text()

    def state(self) -> tuple:
        return (
            self.alarm_time.state(), self.extinguished_time.state(), self.address.text(), self.district.value(),
            self.place_type.value(), self.is_key_unit.isChecked(), self.unit_name.text(), self.simple.isChecked(),
            self.facts_disputed.isChecked(), self.lead.currentData(), tuple(self.other_ids()),
            self.summary.toPlainText(), self.dispatched_units.text(),
        )  # fmt: skip


class CausePage(QWidget):
    changed = Signal()

    def __init__(self, choices: CaseFormChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._details = choices.reference.cause_details
        self.ignition_time = DateTimeField(choices.zone, self.tr("不详/未填写"), self)
        self.ignition_area = QLineEdit(self)
        self.ignition_area.setPlaceholderText(self.tr("例如：厨房、一层仓库东侧"))
        self.ignition_point = QLineEdit(self)
        self.ignition_point.setPlaceholderText(self.tr("例如：冰箱压缩机附近"))
        self.cause_category = ChoiceCombo(self.tr("待认定"), self)
        self.cause_category.set_choices(choices.reference.cause_names)
        self.cause_detail = ChoiceCombo(self.tr("（未细分）"), self)
        self.cause_finding = QPlainTextEdit(self)
        self.cause_finding.setObjectName("causeFinding")
        self.cause_finding.setPlaceholderText(
            self.tr("认定书中的起火原因表述，例如：电动自行车锂电池在充电过程中发生热失控，引燃周围可燃物")
        )
        self.cause_finding.setMinimumHeight(60)
        self.cause_finding.setMaximumHeight(110)  # a sentence or two; 灾害成因 below takes the rest
        self.disaster_causes = QPlainTextEdit(self)
        self.disaster_causes.setPlaceholderText(
            self.tr("报警、初期处置和人员疏散情况；火势蔓延扩大的原因；加重灾害后果的消防违法行为")
        )
        self.disaster_causes.setMinimumHeight(90)

        form = new_form()
        form.addRow(self.tr("起火时间"), self.ignition_time)
        form.addRow(self.tr("起火部位"), self.ignition_area)
        form.addRow(self.tr("起火点"), self.ignition_point)
        form.addRow(self.tr("起火原因"), self.cause_category)
        form.addRow(self.tr("细分原因"), self.cause_detail)
        form.addRow(self.tr("原因认定"), self.cause_finding)
        hint = QLabel(
            self.tr(
                "起火原因尚未认定时选择“待认定”。分类和细分原因用于统计；认定书写明“原因认定”中的表述，"
                "未填写时写细分原因（或分类）。"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", hint)
        form.addRow(self.tr("灾害成因"), self.disaster_causes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

        self.fields: dict[str, QWidget] = {
            "ignition_time": self.ignition_time.edit,
            "ignition_area": self.ignition_area,
            "ignition_point": self.ignition_point,
            "cause_category": self.cause_category,
            "cause_detail": self.cause_detail,
            "cause_finding": self.cause_finding,
            "disaster_causes": self.disaster_causes,
        }
        self.cause_category.currentIndexChanged.connect(self._category_changed)
        for signal in (
            self.ignition_time.changed, self.ignition_area.textChanged, self.ignition_point.textChanged,
            self.cause_detail.currentIndexChanged, self.cause_finding.textChanged, self.disaster_causes.textChanged,
        ):  # fmt: skip
            signal.connect(self.changed)
        self._category_changed()

    def _category_changed(self) -> None:
        details = self._details.get(self.cause_category.value(), ())
        kept = self.cause_detail.value()
        self.cause_detail.blockSignals(True)
        # A sub-cause of another category no longer applies; keep it only if the new category has it too.
        self.cause_detail.set_choices(details, keep=False)
        self.cause_detail.set_value(kept if kept in details else "")
        self.cause_detail.blockSignals(False)
        self.cause_detail.setEnabled(bool(details) or bool(self.cause_detail.value()))
        self.changed.emit()

    def load(self, facts: CaseDraft) -> None:
        self.ignition_time.set_value(facts.ignition_time, default=facts.alarm_time)
        self.ignition_area.setText(facts.ignition_area)
        self.ignition_point.setText(facts.ignition_point)
        self.cause_category.set_value(facts.cause_category)
        self._category_changed()
        self.cause_detail.set_value(facts.cause_detail)
        self.cause_detail.setEnabled(self.cause_detail.count() > 1)
        self.cause_finding.setPlainText(facts.cause_finding)
        self.disaster_causes.setPlainText(facts.disaster_causes)

    def collect(self, draft: CaseDraft, errors: list[FieldError]) -> None:
        draft.ignition_time = self.ignition_time.value()
        draft.ignition_area = self.ignition_area.text()
        draft.ignition_point = self.ignition_point.text()
        draft.cause_category = self.cause_category.value()
        draft.cause_detail = self.cause_detail.value()
        draft.cause_finding = self.cause_finding.toPlainText()
        draft.disaster_causes = self.disaster_causes.toPlainText()

    def state(self) -> tuple:
        return (
            self.ignition_time.state(), self.ignition_area.text(), self.ignition_point.text(),
            self.cause_category.value(), self.cause_detail.value(), self.cause_finding.toPlainText(),
            self.disaster_causes.toPlainText(),
        )  # fmt: skip
