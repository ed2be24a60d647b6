"""Agency settings (name, code used in case numbers, simple-procedure ceiling, time zone) and the district list.

Both are installation-wide: every workstation on the same database sees the change. They are saved together in
one unit of work, so a district list the use case refuses leaves the agency settings unchanged too. The dialog opens
empty and fills in as soon as the settings are read; save is possible from then on.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fireinvest.errors import FieldError, FireInvestError, ValidationFailed
from fireinvest.services import settings
from fireinvest.services.settings import AgencySettings, SettingsForm
from fireinvest.ui.editor.fact_pages import new_form, required
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.fields import INVALID_STYLE, DecimalField, mark_invalid

# Zones of mainland China and the SARs; any other IANA name may be typed.
COMMON_ZONES = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau")


class SettingsDialog(QDialog):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self.setStyleSheet(INVALID_STYLE)
        self.resize(560, 560)
        self._runner = runner
        self._loaded: AgencySettings | None = None
        self.saved_settings: AgencySettings | None = None

        self.error_panel = QLabel(self)
        self.error_panel.setObjectName("errorPanel")
        self.error_panel.setWordWrap(True)
        self.error_panel.hide()

        self.agency_name = QLineEdit(self)
        self.agency_code = QLineEdit(self)
        self.agency_code.setMaxLength(20)
        code_hint = QLabel(
            self.tr("用于新案件编号，例如 %1-2026-00001；已登记案件的编号不变。").replace("%1", "320100"), self
        )
        code_hint.setWordWrap(True)
        code_hint.setStyleSheet("color: palette(placeholder-text);")
        self.agency_abbreviation = QLineEdit(self)
        self.agency_abbreviation.setObjectName("agencyAbbreviation")
        self.agency_abbreviation.setMaxLength(10)
        self.abbreviation_hint = QLabel(self)
        self.abbreviation_hint.setWordWrap(True)
        self.abbreviation_hint.setStyleSheet("color: palette(placeholder-text);")
        self.review_agency_name = QLineEdit(self)
        self.review_agency_name.setObjectName("reviewAgencyName")
        self.review_agency_name.setPlaceholderText(self.tr("例如：某省消防救援总队（认定书复核告知中的复核机关）"))
        self.review_agency_abbreviation = QLineEdit(self)
        self.review_agency_abbreviation.setObjectName("reviewAgencyAbbreviation")
        self.review_agency_abbreviation.setMaxLength(10)
        self.review_agency_abbreviation.setToolTip(
            self.tr("复核机关出具的受理、不予受理、调卷通知书和复核结论书的文号代字")
        )
        self.loss_ceiling = DecimalField("元", self)
        self.timezone = QComboBox(self)
        self.timezone.setEditable(True)
        self.timezone.addItems(COMMON_ZONES)
        self.districts = QPlainTextEdit(self)
        self.districts.setObjectName("districtList")
        districts_hint = QLabel(self.tr("每行一个辖区，按此顺序显示。删去的辖区停用，已登记案件中的辖区不变。"), self)
        districts_hint.setWordWrap(True)
        districts_hint.setStyleSheet("color: palette(placeholder-text);")

        form = new_form()
        form.addRow(required(self.tr("机构名称")), self.agency_name)
        form.addRow(required(self.tr("机构代码")), self.agency_code)
        form.addRow("", code_hint)
        form.addRow(self.tr("机关代字"), self.agency_abbreviation)
        form.addRow("", self.abbreviation_hint)
        form.addRow(self.tr("复核机关"), self.review_agency_name)
        form.addRow(self.tr("复核机关代字"), self.review_agency_abbreviation)
        form.addRow(self.tr("简易程序财产损失上限（元）"), self.loss_ceiling)
        form.addRow(self.tr("时区"), self.timezone)
        form.addRow(required(self.tr("辖区")), self.districts)
        form.addRow("", districts_hint)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.error_panel)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        self._fields: dict[str, QWidget] = {
            "agency_name": self.agency_name,
            "agency_code": self.agency_code,
            "simple_procedure_loss_ceiling": self.loss_ceiling,
            "agency_abbreviation": self.agency_abbreviation,
            "review_agency_name": self.review_agency_name,
            "review_agency_abbreviation": self.review_agency_abbreviation,
            "timezone": self.timezone,
            "districts": self.districts,
        }
        self.save_button.setEnabled(False)  # until the stored settings are shown
        runner.run(settings.settings_form, done=self._show_form, owner=self, error_title=self.tr("无法读取设置"))

    def _show_form(self, form: SettingsForm) -> None:
        loaded = self._loaded = form.settings
        self.agency_name.setText(loaded.agency_name)
        self.agency_code.setText(loaded.agency_code)
        self.agency_abbreviation.setText(loaded.agency_abbreviation)
        example = f"{loaded.agency_abbreviation}消火认字〔2026〕第0001号"
        self.abbreviation_hint.setText(self.tr("用于文书文号，例如 %1；已编的文号不变。").replace("%1", example))
        self.review_agency_name.setText(loaded.review_agency_name)
        self.review_agency_abbreviation.setText(loaded.review_agency_abbreviation)
        self.loss_ceiling.set_amount(loaded.simple_procedure_loss_ceiling)
        self.timezone.setCurrentText(loaded.timezone)
        self.districts.setPlainText("\n".join(form.districts))
        self.save_button.setEnabled(True)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        for widget in self._fields.values():
            mark_invalid(widget, False)
        self.error_panel.setText(
            self.tr("未保存。请更正以下问题：") + "\n" + "\n".join(f"• {error.message}" for error in errors)
        )
        self.error_panel.show()
        first = None
        for error in errors:
            field = self._fields.get(error.field)
            if field is not None:
                mark_invalid(field, True)
                first = first or field
        if first is not None:
            first.setFocus()

    def save(self) -> None:
        if self._loaded is None:
            return
        try:
            ceiling = self.loss_ceiling.amount()
        except ValueError:
            self.show_errors(
                [FieldError("simple_procedure_loss_ceiling", self.tr("简易程序财产损失上限不是有效数字。"))]
            )
            return
        new = AgencySettings(
            agency_name=self.agency_name.text().strip(),
            agency_code=self.agency_code.text().strip(),
            simple_procedure_loss_ceiling=Decimal(ceiling),
            timezone=self.timezone.currentText().strip(),
            version=self._loaded.version,
            agency_abbreviation=self.agency_abbreviation.text().strip(),
            review_agency_name=self.review_agency_name.text().strip(),
            review_agency_abbreviation=self.review_agency_abbreviation.text().strip(),
        )
        # Check the settings here too, so their problems and the district list's are reported in one go.
        errors = settings.validate_agency_settings(new)
        names = self.districts.toPlainText().splitlines()
        if not any(name.strip() for name in names):
            errors.append(FieldError("districts", self.tr("辖区列表不能为空。")))
        if errors:
            self.show_errors(errors)
            return

        def failed(exc: FireInvestError) -> bool:
            if isinstance(exc, ValidationFailed):
                self.show_errors(exc.errors)
                return True
            return False

        self.save_button.setEnabled(False)
        self._runner.run(
            lambda ws: settings.save_settings_form(ws, new, names),
            done=self._saved,
            refused=failed,
            finished=lambda: self.save_button.setEnabled(True),
            owner=self,
            error_title=self.tr("无法保存设置"),
        )

    def _saved(self, stored: AgencySettings) -> None:
        self.saved_settings = stored
        self.accept()
