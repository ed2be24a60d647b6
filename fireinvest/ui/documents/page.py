"""The 文书 tab of the case editor: the documents the case can have and every issued version, and the acts on them —
preview a draft, issue (numbered and stored), correct (a new version, same number), void the number, save as .docx,
print — with the case's dossier export and printed summary beside them.

Every act is a use case run through the runner on the database thread (render a draft, read a stored original,
issue, void); what follows without the database — LibreOffice laying the .docx out as a PDF, writing the user's
file — runs off both the GUI and the database thread while a busy bar says so, and the PDF it makes is what the
preview shows and the printer gets. Any refusal (no LibreOffice, a broken template naming its field, a damaged
stored file) is shown and changes nothing. The tab reads again whenever the hub says that its case's documents, or
anything they are written from (records, timeline, facts, reviews, the closed loop), changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from fireinvest.clock import format_local
from fireinvest.documents.issuing import issue_document, preview_document
from fireinvest.documents.office_conversion import PREVIEW_NEEDS_OFFICE, docx_to_pdf, page_counts
from fireinvest.services.changes import Part
from fireinvest.services.documents.listing import CaseDocuments, DocumentRow, issued_on, read_case_documents
from fireinvest.services.documents.register import (
    DocumentStatus,
    IssuedDocumentRecord,
    record_page_counts,
    void_document_number,
)
from fireinvest.services.documents.register import issued_document_bytes as stored_bytes
from fireinvest.services.front_door import Workstation
from fireinvest.ui.documents.case_outputs import CaseOutputs, closed, while_open
from fireinvest.ui.documents.pdf_window import ask_save_path, show_pdf, write_chosen_file
from fireinvest.ui.documents.print_preview import PdfPreviewDialog
from fireinvest.ui.editor.case_tab import CaseTab
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.deadline_style import LAPSED_COLOUR, MET_COLOUR, OVERDUE_COLOUR, SOON_COLOUR
from fireinvest.ui.widgets.dialogs import confirm
from fireinvest.ui.widgets.item_table import Cell, ItemTable
from fireinvest.ui.widgets.operations import run_in_background
from fireinvest.ui.widgets.reason_dialog import ReasonDialog

_HEADERS = ("文书", "文号", "版本", "出具时间", "出具人", "状态")
_STATUS_COLOURS: dict[DocumentStatus, QColor] = {
    DocumentStatus.CURRENT: MET_COLOUR, DocumentStatus.SUPERSEDED: LAPSED_COLOUR,
    DocumentStatus.REPLACED: LAPSED_COLOUR, DocumentStatus.VOIDED: OVERDUE_COLOUR,
}  # fmt: skip

log = logging.getLogger(__name__)


class DocumentsPage(CaseTab):
    """The documents of one saved case and the acts on them."""

    # What a case can have follows its records, timeline and facts (the procedure); what the documents say follows
    # the reviews and the closed loop too: a draft or the list read before a change of any of them is stale.
    PARTS = (Part.DOCUMENTS, Part.RECORDS, Part.TIMELINE, Part.FACTS, Part.REVIEWS, Part.LOOP)

    def __init__(self, runner: Runner, zone, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._zone = zone
        self._busy = False
        self._select_next: int | None = None  # the row to select once the tab has read again after an act
        self.documents = CaseDocuments("", ())
        self.preview: PdfPreviewDialog | None = None  # the last print preview shown
        self.outputs = CaseOutputs(self, runner)
        self.outputs.busyChanged.connect(self._set_busy)

        self.placeholder = QLabel(self.tr("保存案件后即可制作文书。"), self)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("documentsSummary")
        self.dossier_button = QPushButton(self.tr("导出卷宗…"), self)
        self.dossier_button.setToolTip(self.tr("把本案已出具的文书和照片，连同封面、卷内目录、备考表导出为 Word 卷宗"))
        self.summary_button = QPushButton(self.tr("打印案件摘要…"), self)
        self.summary_button.setToolTip(self.tr("一页的案件摘要，可打印或另存为 PDF"))
        header = QHBoxLayout()
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.dossier_button)
        header.addWidget(self.summary_button)

        self.table = ItemTable([self.tr(h) for h in _HEADERS], "documentsTable", self, stretch=0)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activatedId.connect(lambda _id: self.print_selected() if self._selected_issued() else None)

        self.preview_button = QPushButton(self.tr("预览"), self)
        self.preview_button.setToolTip(self.tr("按本案当前数据生成草稿（不编号、不登记）并显示打印预览"))
        self.issue_button = QPushButton(self.tr("出具…"), self)
        self._issue_tip = self.tr("正式出具：编文号，保存文书原件并登记")
        self.issue_button.setToolTip(self._issue_tip)
        self.correct_button = QPushButton(self.tr("更正…"), self)
        self.correct_button.setToolTip(self.tr("生成更正版本（文号不变），需填写更正原因"))
        self.void_button = QPushButton(self.tr("作废文号…"), self)
        self.save_button = QPushButton(self.tr("另存为 .docx…"), self)
        self.save_button.setToolTip(self.tr("已出具的文书：保存存档原件（校验 SHA-256）；未出具的：保存草稿"))
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.print_button.setToolTip(self.tr("已出具文书原件的打印预览"))
        for button, slot in (
            (self.preview_button, self.preview_selected), (self.issue_button, self.issue_selected),
            (self.correct_button, self.correct_selected), (self.void_button, self.void_selected),
            (self.save_button, self.save_selected), (self.print_button, self.print_selected),
            (self.dossier_button, self.export_dossier), (self.summary_button, self.preview_summary),
        ):  # fmt: skip
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # no percentage to show: LibreOffice says nothing until it is done
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("documentsStatus")
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.issue_button, self.correct_button, self.void_button,
                       self.save_button, self.print_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        status = QHBoxLayout()
        status.addWidget(self.busy_bar)
        status.addWidget(self.status_label, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(status)
        self.set_case(None)

    # -- reading --------------------------------------------------------------------------------------------

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self.placeholder.setVisible(case_id is None)
        super().set_case(case_id, editable)
        self._update_buttons()

    def show_no_case(self) -> None:
        self.show_data(CaseDocuments("", ()))

    def read(self, workstation: Workstation, case_id: int) -> CaseDocuments:
        return read_case_documents(workstation, case_id)

    def show_data(self, documents: CaseDocuments) -> None:
        self.documents = documents
        self.table.set_rows([(row.row_id, self._cells(row)) for row in documents.rows])
        if self._select_next is not None:
            self.table.select_id(self._select_next)
            self._select_next = None
        issued = {(r.slot.kind.kind, r.slot.subject_id) for r in documents.rows if r.issued is not None}
        slots = {(r.slot.kind.kind, r.slot.subject_id) for r in documents.rows}
        waiting = sum(1 for r in documents.rows if r.issued is None and r.slot.missing)
        summary = (
            self.tr("可制作文书 %1 份，已出具 %2 份").replace("%1", str(len(slots))).replace("%2", str(len(issued)))
        )
        if waiting:
            summary += self.tr("，%1 份缺少依据").replace("%1", str(waiting))
        self.summary_label.setText(summary + "。" if self.case_id is not None else "")
        self._update_buttons()

    def _cells(self, row: DocumentRow) -> list[Cell | str]:
        document = row.issued
        if document is None:
            if row.slot.missing:  # the facts it would state are not on file yet: say which
                missing = Cell(self.tr("缺少依据"), SOON_COLOUR, tooltip=row.slot.missing)
                return [Cell(row.slot.title, tooltip=row.slot.missing), "", "", "", "", missing]
            return [row.slot.title, "", "", "", "", Cell(self.tr("未出具"), LAPSED_COLOUR)]
        # A superseded version is history: the whole row greyed, so the versions in force stand out.
        old = LAPSED_COLOUR if document.status in (DocumentStatus.SUPERSEDED, DocumentStatus.REPLACED) else None
        status = Cell(document.status.label, _STATUS_COLOURS[document.status], tooltip=self._status_tip(row))
        version = self.tr("第 %1 版").replace("%1", str(document.version))
        number = Cell(document.number_text, old) if document.number_text else Cell(self.tr("不编号"), LAPSED_COLOUR)
        return [Cell(row.slot.title, old), number, Cell(version, old), Cell(issued_on(row, self._zone), old),
                Cell(document.generated_by, old), status]  # fmt: skip

    def _status_tip(self, row: DocumentRow) -> str:
        assert row.issued is not None
        lines = []
        if row.issued.correction_reason:
            lines.append(self.tr("更正原因：%1").replace("%1", row.issued.correction_reason))
        voided = row.voided_number
        if voided is not None:
            when = format_local(voided.voided_at, self._zone)
            text = self.tr("文号于 %1 由 %2 作废，原因：%3").replace("%1", when).replace("%2", voided.voided_by)
            lines.append(text.replace("%3", voided.void_reason))
        return "\n".join(lines)

    def selected(self) -> DocumentRow | None:
        return self.documents.row(self.table.selected_id())

    def _selected_issued(self) -> IssuedDocumentRecord | None:
        row = self.selected()
        return row.issued if row is not None else None

    def select_record(self, kind: str, record_id: int) -> None:
        self.table.select_id(record_id)  # a row's id is its issued document's id

    def select_document(self, kind: str, subject_id: int = 0) -> DocumentRow | None:
        """Select the row that stands for a document now (its newest version); None when the case has no such."""
        row = self.documents.latest_row(kind, subject_id)
        if row is not None:
            self.table.select_id(row.row_id)
        return row

    def _update_buttons(self) -> None:
        row = self.selected()
        writable = self.case_id is not None and self.editable and not self._busy
        self.preview_button.setEnabled(writable and row is not None)
        self.issue_button.setEnabled(writable and row is not None and row.can_issue)
        missing = row.slot.missing if row is not None and row.issued is None else ""
        self.issue_button.setToolTip(missing or self._issue_tip)
        # Why 出具 is greyed, where the eye goes next; a reason shown for another row gives way.
        if missing and not self._busy:
            self.status_label.setText(self.tr("尚不能出具：%1").replace("%1", missing))
        elif self.status_label.text().startswith(self.tr("尚不能出具：")):
            self.status_label.clear()
        self.correct_button.setEnabled(writable and row is not None and row.current)
        numbered = row is not None and row.issued is not None and bool(row.issued.number_text)
        self.void_button.setEnabled(writable and numbered and row is not None and row.current)
        self.save_button.setEnabled(not self._busy and row is not None and (row.issued is not None or writable))
        self.print_button.setEnabled(not self._busy and row is not None and row.issued is not None)
        self.dossier_button.setEnabled(self.case_id is not None and not self._busy)
        self.summary_button.setEnabled(self.case_id is not None and not self._busy)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        if busy or text:
            self.status_label.setText(text)
        self._update_buttons()

    # -- acting ---------------------------------------------------------------------------------------------

    def _run(self, busy_text: str, use_case: Callable[[Workstation], Any], done: Callable, error_title: str, *,
             then: Callable | None = None) -> None:  # fmt: skip
        """`use_case(workstation)` through the runner (the database thread), then `then(result)` off the GUI thread
        and away from the database (LibreOffice, files: the database thread is free meanwhile), then `done`."""
        handed_on = False

        def finished() -> None:
            if self.status_label.text() == busy_text:  # failed: the error was shown, the busy text must go
                self.status_label.clear()
            self._set_busy(False)

        def arrived(result) -> None:
            nonlocal handed_on
            if then is None:
                done(result)
                return
            handed_on = True
            run_in_background(self, lambda: then(result), while_open(self, done), closed(self),
                              error_title=error_title, on_finished=while_open(self, finished))  # fmt: skip

        def read_finished() -> None:
            if not handed_on:
                finished()

        self._set_busy(True, busy_text)
        self.runner.run(use_case, done=arrived, finished=read_finished, owner=self, error_title=error_title)

    def _draft(self, row: DocumentRow) -> Callable[[Workstation], bytes]:
        case_id = self.case_id
        assert case_id is not None
        return lambda workstation: preview_document(workstation, case_id, row.slot.kind.kind, row.slot.subject_id)

    @staticmethod
    def _stored(document: IssuedDocumentRecord) -> Callable[[Workstation], bytes]:
        return lambda workstation: stored_bytes(workstation, document.id)

    def preview_selected(self) -> None:
        """A draft of the selected document as it would be issued now ("（未编号）"), laid out by LibreOffice."""
        row = self.selected()
        if row is None or self.case_id is None:
            return
        title = self.tr("%1（草稿）").replace("%1", row.slot.title)
        self._run(self.tr("正在生成“%1”并排版，请稍候…").replace("%1", row.slot.title),
                  self._draft(row), lambda pdf: self._show(pdf, title), self.tr("无法预览"),
                  then=lambda data: docx_to_pdf(data, name=row.slot.kind.kind))  # fmt: skip

    def print_selected(self) -> None:
        """The print preview of the issued version selected: its stored original, exactly as issued."""
        document = self._selected_issued()
        if document is None:
            return
        title = f"{document.title} {document.number_text}".strip()
        self._run(self.tr("正在排版“%1”，请稍候…").replace("%1", document.title),
                  self._stored(document), lambda pdf: self._show(pdf, title), self.tr("无法打印"),
                  then=lambda data: docx_to_pdf(data, name=document.kind))  # fmt: skip

    def _show(self, pdf: bytes, title: str) -> None:
        self.status_label.clear()
        self.preview = show_pdf(self, pdf, title, f"{title}.pdf")

    def issue_selected(self) -> None:
        row = self.selected()
        if row is None or not row.can_issue or self.case_id is None:
            return
        kind = row.slot.kind
        anew = self.tr("原文号已作废，将重新编号出具。\n") if row.issued is not None else ""
        if kind.numbered:
            effect = self.tr("出具后编定文号，原件保存入档，不能再重新生成；如有错误只能更正（文号不变）或作废文号。")
        else:
            effect = self.tr("出具后原件保存入档，不能再重新生成；如有错误只能更正。")
        question = self.tr("确定出具“%1”吗？").replace("%1", row.slot.title) + "\n\n" + anew + effect
        if not confirm(self, self.tr("出具文书"), question, self.tr("出具")):
            return
        self._issue(row, "")

    def correct_selected(self) -> None:
        row = self.selected()
        if row is None or not row.current or row.issued is None:
            return
        document = row.issued
        keeps = self.tr("，文号 %1 不变").replace("%1", document.number_text) if document.number_text else ""
        explanation = self.tr("将按本案当前数据生成“%1”第 %2 版%3；第 %4 版保留，标记为已被更正。").replace(
            "%1", row.slot.title).replace("%2", str(document.version + 1)).replace("%3", keeps).replace(
            "%4", str(document.version))  # fmt: skip
        reason = ReasonDialog.ask(self.tr("更正文书"), explanation, self.tr("更正原因"), self.tr("更正"), self,
                                  placeholder=self.tr("例如：起火地址门牌号笔误"))  # fmt: skip
        if reason is not None:
            self._issue(row, reason)

    def _issue(self, row: DocumentRow, correction: str) -> None:
        case_id, slot = self.case_id, row.slot
        assert case_id is not None

        def done(issued: IssuedDocumentRecord) -> None:
            self._select_next = issued.id  # the tab reads again when the hub announces the new document
            self._measure(issued.id)
            number = self.tr("，文号 %1").replace("%1", issued.number_text) if issued.number_text else ""
            self.status_label.setText(self.tr("已出具“%1”第 %2 版%3。").replace("%1", slot.title)
                                      .replace("%2", str(issued.version)).replace("%3", number))  # fmt: skip

        self._run(self.tr("正在出具“%1”…").replace("%1", slot.title),
                  lambda ws: issue_document(ws, case_id, slot.kind.kind, slot.subject_id, correction),
                  done, self.tr("无法出具"))  # fmt: skip

    def _measure(self, document_id: int) -> None:
        """Lay the issued document out once, in the background, and record its page count, so that the dossier
        need not lay it out (archive.dossier). Nothing is shown: without LibreOffice, or should it fail, the
        dossier lays the document out itself and says what is wrong."""
        runner = self.runner

        def lay_out() -> int:
            data = runner.call(lambda workstation: stored_bytes(workstation, document_id))
            return page_counts([data], missing=PREVIEW_NEEDS_OFFICE)[0]

        def recorded(pages: int) -> None:
            runner.run(lambda workstation: record_page_counts(workstation, {document_id: pages}), owner=self)

        def quietly(exc: BaseException) -> bool:
            log.info("the page count of issued document %s was not recorded: %s", document_id, exc)
            return True

        run_in_background(self, lay_out, while_open(self, recorded), quietly)

    def void_selected(self) -> None:
        row = self.selected()
        if row is None or not row.current or row.issued is None or not row.issued.number_text:
            return
        number = row.issued.number_text
        explanation = self.tr("确定作废文号 %1（%2）吗？\n作废后该文号不再使用，作废记录保留；本文书可以重新出具，"
                              "使用新的文号。").replace("%1", number).replace("%2", row.slot.title)  # fmt: skip
        reason = ReasonDialog.ask(self.tr("作废文号"), explanation, self.tr("作废原因"), self.tr("作废"), self,
                                  placeholder=self.tr("例如：送达前发现认定书事实有误"))  # fmt: skip
        if reason is None:
            return

        def done(_voided) -> None:
            self._select_next = row.row_id  # the tab reads again when the hub announces the voided number
            self.status_label.setText(self.tr("已作废文号 %1。").replace("%1", number))

        self._run(self.tr("正在作废文号 %1…").replace("%1", number),
                  lambda ws: void_document_number(ws, number, reason), done, self.tr("无法作废文号"))  # fmt: skip

    def save_selected(self, path: str = "") -> None:
        """Save the issued version's stored original (SHA-256 checked), or for a document not issued a fresh draft."""
        row = self.selected()
        if row is None:
            return
        document = row.issued
        if document is not None:
            version = self.tr("（第 %1 版）").replace("%1", str(document.version)) if document.version > 1 else ""
            suggested = f"{document.title}{document.number_text}{version}.docx"
        else:
            suggested = self.tr("%1（草稿）.docx").replace("%1", row.slot.title)
        path = path or ask_save_path(self, self.tr("另存为"), suggested, self.tr("Word 文档 (*.docx)"))
        if not path:
            return

        read = self._stored(document) if document is not None else self._draft(row)
        self._run(self.tr("正在保存…"), read,
                  lambda target: self.status_label.setText(self.tr("已保存到 %1").replace("%1", str(target))),
                  self.tr("无法保存"), then=lambda data: write_chosen_file(path, data))  # fmt: skip

    # -- the case as a whole ----------------------------------------------------------------------------------

    def export_dossier(self, path: str = "") -> None:
        if self.case_id is not None:
            self.outputs.export_dossier(self.case_id, self.documents.case_number, path)

    def preview_summary(self) -> None:
        if self.case_id is not None:
            self.outputs.preview_summary(self.case_id, self.documents.case_number)
