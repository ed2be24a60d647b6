"""A case's paper as a whole: the Word dossier (卷宗) and the printed case summary (案件摘要), for the case editor's
文书 tab and the main window's case menu alike.

The dossier is planned on the database thread and composed in a process of its own (archive.dossier_process),
every document and photo read digest-checked, behind a progress bar whose 取消 stops it with no file written
(archive.dossier writes through a temporary file). The summary's facts are read on the database thread too; the PDF
is laid out off both the GUI and the database thread and shown in the print preview, from which it can be printed or
saved as a PDF file. Both run the use cases the command line runs (`fireinvest export dossier|summary`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from fireinvest.errors import FireInvestError
from fireinvest.ui.documents.pdf_window import ask_save_path, show_pdf
from fireinvest.ui.documents.print_preview import PdfPreviewDialog
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.dialogs import inform
from fireinvest.ui.widgets.operations import ProgressWindow, cancelled_is_not_an_error, run_in_background

if TYPE_CHECKING:
    from fireinvest.archive.dossier_contents import DossierPlan


def while_open(widget: QObject, callback: Callable) -> Callable:
    """`callback`, skipped once `widget` is gone: the user may close an editor while its work still runs, and
    nobody is then waiting for the result."""
    return lambda *args: callback(*args) if isValid(widget) else None


def closed(widget: QObject) -> Callable[[BaseException], bool]:
    """A failure handler that swallows the error of work whose window was closed meanwhile."""
    return lambda _exc: not isValid(widget)


def describe_dossier(case_number: str, result) -> str:
    """The user's summary of a written dossier (archive.dossier.DossierResult), as the command line words it."""
    pages = f"，卷内文件 {result.plan.page_count} 页" if result.plan.page_count else ""
    text = (f"已生成案件 {case_number} 的卷宗：\n{result.path}\n档号 {result.plan.cover.archive_number}，"
            f"共 {len(result.items)} 件{pages}，保管期限 {result.plan.cover.retention.label}。")  # fmt: skip
    if result.unprintable_photos:
        text += f"\n注意：照片 {'、'.join(map(str, result.unprintable_photos))} 无法打印，卷内以文字说明代替。"
    return text


class CaseOutputs(QObject):
    """`dossierProgress(done, total)` repeats the running export's progress for whoever watches it, emitted on the
    thread the export reports from (the database thread); `exporting` is its progress window while it runs,
    `preview` the summary's last print preview."""

    dossierProgress = Signal(int, int)
    busyChanged = Signal(bool)

    def __init__(self, parent: QWidget, runner: Runner) -> None:
        super().__init__(parent)
        self._parent, self._runner = parent, runner
        self.exporting: ProgressWindow | None = None
        self.preview: PdfPreviewDialog | None = None
        self.last_dossier: Path | None = None

    def export_dossier(self, case_id: int, case_number: str, path: str = "") -> None:
        """Ask where (unless `path` is given) and write the case's dossier, cancellable. The plan is read on the
        database thread; the volume is composed in a process of its own (so it does not compete with this window for
        the interpreter), which a pool thread serves with each document and photo as one short read on the database
        thread: opening a case meanwhile waits for one read, not for the whole export."""
        # Word, lxml and Pillow are imported where the work runs (the database thread, the pool): importing them
        # here would hold the window up for a tenth of a second on the first export.
        title = self.tr("导出卷宗")
        if self.exporting is not None:
            return
        path = path or ask_save_path(self._parent, title, self.tr("%1 卷宗.docx").replace("%1", case_number),
                                     self.tr("Word 文档 (*.docx)"))  # fmt: skip
        if not path:
            return
        self.exporting = progress = ProgressWindow(
            self._parent,
            self.tr("正在生成案件 %1 的卷宗…").replace("%1", case_number),
            self.tr("正在取消，不会写出文件…"),
        )
        progress.relay.changed.connect(self.dossierProgress, Qt.ConnectionType.DirectConnection)
        compiled_by, relay = self._runner.actor_name, progress.relay

        runner, parent, error_title = self._runner, self._parent, self.tr("无法导出卷宗")
        cancelled = cancelled_is_not_an_error(parent, title)
        composing = False

        def done(result) -> None:
            self.last_dossier = result.path
            if result.measured:  # documents laid out for the first time: the next export need not lay them out
                from fireinvest.services.documents.register import record_page_counts

                runner.run(lambda workstation: record_page_counts(workstation, result.measured), owner=parent)
            inform(parent, title, describe_dossier(case_number, result))

        def finished() -> None:
            progress.close()
            self.exporting = None

        def compose(plan: DossierPlan):
            from fireinvest.archive.dossier_process import write_dossier_apart
            from fireinvest.services.attachments.reads import read_print_copy
            from fireinvest.services.documents.register import issued_document_bytes

            return write_dossier_apart(
                plan, path, lambda issued: runner.call(lambda ws: issued_document_bytes(ws, issued.id)),
                lambda photo: runner.call(lambda ws: read_print_copy(ws, photo.attachment_id)), relay,
            )  # fmt: skip

        def planned(plan: DossierPlan) -> None:
            nonlocal composing
            composing = True
            run_in_background(parent, lambda: compose(plan), while_open(parent, done),
                              lambda exc: closed(parent)(exc) or (isinstance(exc, FireInvestError) and cancelled(exc)),
                              error_title=error_title, on_finished=while_open(parent, finished))  # fmt: skip

        def plan(workstation) -> DossierPlan:
            from fireinvest.archive.dossier import dossier_plan

            return dossier_plan(workstation, case_id, compiled_by=compiled_by)

        runner.run(
            plan, done=planned, refused=cancelled,
            finished=lambda: None if composing else finished(), owner=parent, error_title=error_title,
        )  # fmt: skip

    def preview_summary(self, case_id: int, case_number: str) -> None:
        """The case summary in the print preview (print, or save as PDF from there)."""
        from fireinvest.documents.case_summary_facts import CaseSummary, case_summary

        parent = self._parent
        error_title = self.tr("无法生成案件摘要")
        laying_out = False

        def lay_out(summary: CaseSummary) -> None:
            nonlocal laying_out
            laying_out = True
            run_in_background(parent, lambda: _summary_pdf(summary), while_open(parent, show), closed(parent),
                              error_title=error_title, on_finished=lambda: self._busy(False))  # fmt: skip

        def show(pdf: bytes) -> None:
            title = self.tr("案件摘要 %1").replace("%1", case_number)
            self.preview = show_pdf(parent, pdf, title, self.tr("%1 案件摘要.pdf").replace("%1", case_number))

        def read_finished() -> None:
            if not laying_out:
                self._busy(False)

        # No owner: the busy cursor must be restored even when the window was closed while the facts were read.
        self._busy(True)
        self._runner.run(lambda ws: case_summary(ws, case_id), done=while_open(parent, lay_out), refused=closed(parent),
                         finished=read_finished, error_title=error_title)  # fmt: skip

    def _busy(self, busy: bool) -> None:
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()
        if isValid(self):
            self.busyChanged.emit(busy)


def _summary_pdf(summary) -> bytes:
    """The summary laid out as PDF bytes (ReportLab, loaded on first use: no database, any thread)."""
    from fireinvest.documents.case_summary import render_case_summary

    buffer = io.BytesIO()
    render_case_summary(summary, buffer)
    return buffer.getvalue()
