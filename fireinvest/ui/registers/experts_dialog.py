"""The register of experts (专家库): list, add, edit, deactivate and reactivate the experts reviews draw on.

Experts are never deleted: the reviews they sat on keep naming them. A deactivated expert stays in the list (greyed)
and is no longer offered when a review's experts are chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QLineEdit, QWidget

from fireinvest.services import experts
from fireinvest.services.changes import Register
from fireinvest.services.experts import ExpertRecord
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.ui.registers.register_dialog import RegisterDialog, Saving
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.form_dialog import FormDialog

_HEADERS = ("姓名", "职称", "工作单位", "专业领域", "联系方式", "状态")


class ExpertDialog(FormDialog):
    """One expert's details; OK saves with the work `write(record)` builds, and a refusal (a twin in the register)
    stays in the dialog."""

    def __init__(
        self, runner: Runner, record: ExpertRecord, write: Callable[[ExpertRecord], Saving],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        title = self.tr("新增专家") if record.id is None else self.tr("编辑专家")
        super().__init__(title, parent, runner=runner, width=460)
        self.setObjectName("expertDialog")
        self._record, self._write = record, write
        self.name = QLineEdit(record.name, self)
        self.title = QLineEdit(record.title, self)
        self.title.setPlaceholderText(self.tr("例如：高级工程师、研究员、教授"))
        self.unit = QLineEdit(record.unit, self)
        self.specialty = QLineEdit(record.specialty, self)
        self.specialty.setPlaceholderText(self.tr("例如：电气火灾、火灾动力学"))
        self.contact = QLineEdit(record.contact, self)
        self.add_rows((("姓名", self.name), ("职称", self.title), ("工作单位", self.unit),
                       ("专业领域", self.specialty), ("联系方式", self.contact)))  # fmt: skip
        self.finish()

    def record(self) -> ExpertRecord:
        return replace(self._record, name=self.name.text(), unit=self.unit.text(), specialty=self.specialty.text(),
                       title=self.title.text(), contact=self.contact.text())  # fmt: skip

    def save(self) -> None:
        self.run_write(self._write(self.record()))


class ExpertsDialog(RegisterDialog):
    REGISTER = Register.EXPERTS

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(
            runner, parent, name="experts", title="专家库", headers=_HEADERS, add_text="新增专家…",
            stretch=2, width=900, deactivate_title="停用专家",
            deactivate_text="停用“%1”后，新的专家论证不能再选择此人；已有论证中的记录不变。",
            error_title="无法保存专家",
        )  # fmt: skip

    def list_entries(self, workstation: Workstation) -> list[ExpertRecord]:
        return experts.list_experts(workstation, include_inactive=True)

    def cells(self, entry: ExpertRecord) -> tuple[str, ...]:
        return entry.name, entry.title, entry.unit, entry.specialty, entry.contact

    def save_entry(self, workstation: Workstation, entry: ExpertRecord) -> Outcome[ExpertRecord]:
        return experts.save_expert(workstation, entry)

    def deactivate_entry(self, workstation: Workstation, entry: ExpertRecord) -> Outcome[ExpertRecord]:
        # Its own use case: deactivating checks the version but not the rest of the entry.
        assert entry.id is not None  # only stored entries are listed
        return experts.deactivate_expert(workstation, entry.id, entry.version)

    def new_entry(self) -> ExpertRecord:
        return ExpertRecord(id=None, name="")

    def editor(self, entry: ExpertRecord) -> ExpertDialog:
        return ExpertDialog(self.runner, entry, self.saving, self)
