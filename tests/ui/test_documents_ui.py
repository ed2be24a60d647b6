"""The 文书 tab, the dossier export and the printed summary driven through the real widgets on a real database: the
documents a case can have, issuing with a number, a correction as version 2, a voided number, saving the stored
original or a draft as .docx, the print previews (LibreOffice where installed), the errors a user meets, and the
机关代字 setting reaching the next number."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from shiboken6 import isValid
from sqlalchemy import text

from fireinvest.documents import office_conversion
from fireinvest.documents.issuing import issue_document
from fireinvest.documents.office_conversion import docx_to_pdf, find_office
from fireinvest.documents.word.render import TEMPLATES_ENV
from fireinvest.services import settings
from fireinvest.services.documents.register import get_issued_document, issued_document_bytes, list_case_documents
from fireinvest.ui.documents.case_outputs import closed, while_open
from fireinvest.ui.documents.pdf_window import ask_save_path
from fireinvest.ui.settings.settings_dialog import SettingsDialog
from fireinvest.ui.widgets.reason_dialog import ReasonDialog
from tests.documents.case_builder import BuiltCase, build_case
from tests.documents.docx_reading import body_text, open_docx
from tests.documents.test_templates import broken_copy
from tests.ui.helpers import answer_next_modal, replace_text, type_text

TODAY = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # a document without an act of its own is dated today
YEAR = 2026  # the built case's determination is dated 2026-03-25: its number counts in that year
FIRST = f"某消火认字〔{YEAR}〕第0001号"
needs_office = pytest.mark.skipif(find_office() is None, reason="LibreOffice (soffice) is not installed")
TITLE, NUMBER, VERSION, ISSUED_AT, ISSUED_BY, STATUS = range(6)


@pytest.fixture
def built(workstation) -> BuiltCase:
    return build_case(workstation)


@pytest.fixture
def answer_yes(monkeypatch, message_boxes):
    """The user confirms (出具); every box is still recorded (by the cautious answer of tests/ui/conftest.py)."""
    record = QMessageBox.exec

    def confirm(box: QMessageBox) -> QMessageBox.StandardButton:
        record(box)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", confirm)


def open_documents(window, case_id: int):
    editor = window.open_case(case_id)
    editor.tabs.setCurrentWidget(editor.documents)
    return editor.documents


def rows_of(page, kind: str) -> list[list[str]]:
    """The rows of one kind of document as shown, each as its column texts."""
    found = []
    for row, shown in zip(page.documents.rows, range(page.table.rowCount())):
        if row.slot.kind.kind == kind:
            found.append([page.table.item(shown, column).text() for column in range(page.table.columnCount())])
    return found


def give_reason(qtbot, reason: str) -> None:
    """Answer the next reason dialog (更正 / 作废) with `reason`."""

    def answer(dialog) -> None:
        assert isinstance(dialog, ReasonDialog)
        assert not dialog.ok_button.isEnabled()  # no reason, no act
        type_text(qtbot, dialog.reason_edit, reason)
        dialog.ok_button.click()

    answer_next_modal(qtbot, answer)


def test_the_tab_lists_what_the_case_can_have_and_what_was_issued(window, workstation, actor, built):
    issue_document(workstation, built.id, "evidence_list")
    page = open_documents(window, built.id)
    titles = page.table.column_texts(TITLE)
    assert "火灾事故认定书" in titles and "火灾事故调查报告" in titles
    assert "火灾现场勘验笔录（2026-03-01 13:00 玄武区中山路100号3栋502室）" in titles  # one row per record
    assert "询问笔录（王某某 2026-03-01 17:00）" in titles
    assert "火灾事故简易调查认定书" not in titles  # a document of the simple procedure only
    ((title, number, version, issued_at, by, status),) = rows_of(page, "evidence_list")
    assert (title, number, version, by, status) == ("火灾痕迹物品提取清单", "不编号", "第 1 版", actor.name, "现行")
    assert issued_at.startswith(f"{TODAY.year}-")
    assert rows_of(page, "determination")[0][STATUS] == "未出具"
    # Served in person, with no review and no loop: the 公告, the review and the loop documents lack their facts.
    waiting = [r.slot.kind.kind for r in page.documents.rows if r.slot.missing]
    assert waiting == ["public_notice", "review_acceptance", "review_refusal", "review_file_request",
                       "review_conclusion", "rectification_notice", "assessment_report"]  # fmt: skip
    assert page.summary_label.text() == f"可制作文书 {len(titles)} 份，已出具 1 份，7 份缺少依据。"


def test_a_document_whose_facts_are_missing_says_so_and_cannot_be_issued(window, workstation, message_boxes):
    built = build_case(workstation, determine=False)  # investigated, no hearing, no determination yet
    page = open_documents(window, built.id)
    ((title, number, _version, _at, _by, status),) = rows_of(page, "determination")
    assert (title, number, status) == ("火灾事故认定书", "", "缺少依据")
    page.select_document("determination")
    assert not page.issue_button.isEnabled() and page.preview_button.isEnabled()  # a draft may still be read
    assert "尚未记录“作出火灾事故认定”" in page.issue_button.toolTip()
    assert page.status_label.text().startswith("尚不能出具：时间线上尚未记录“作出火灾事故认定”")
    page.select_document("evidence_list")  # its items are on file: it may be issued, and the reason gives way
    assert page.issue_button.isEnabled() and page.status_label.text() == ""
    assert list_case_documents(workstation, built.id) == [] and message_boxes == []


def test_issue_correct_void_and_issue_anew(qtbot, window, actor, built, answer_yes, message_boxes):
    page = open_documents(window, built.id)
    page.select_document("determination")
    assert page.issue_button.isEnabled() and not page.correct_button.isEnabled() and not page.print_button.isEnabled()
    page.issue_button.click()
    assert "确定出具“火灾事故认定书”吗？" in message_boxes[-1].text()
    ((title, number, version, _at, by, status),) = rows_of(page, "determination")
    assert (title, number, version, by, status) == ("火灾事故认定书", FIRST, "第 1 版", actor.name, "现行")
    assert page.status_label.text() == f"已出具“火灾事故认定书”第 1 版，文号 {FIRST}。"
    assert page.selected().issued.number_text == FIRST and not page.issue_button.isEnabled()

    give_reason(qtbot, "起火地址门牌号笔误")
    page.correct_button.click()
    shown = rows_of(page, "determination")
    assert [(r[NUMBER], r[VERSION], r[STATUS]) for r in shown] == [(FIRST, "第 1 版", "已被更正"),
                                                                   (FIRST, "第 2 版", "现行")]  # fmt: skip
    assert page.selected().issued.correction_reason == "起火地址门牌号笔误"

    give_reason(qtbot, "送达前发现错误")
    page.void_button.click()
    assert [r[STATUS] for r in rows_of(page, "determination")] == ["已作废", "已作废"]
    assert "送达前发现错误" in page.table.item(page.table.currentRow(), STATUS).toolTip()
    assert page.issue_button.isEnabled() and not page.void_button.isEnabled()  # may be issued anew

    page.issue_button.click()
    assert "原文号已作废" in message_boxes[-1].text()
    assert [(r[NUMBER], r[VERSION], r[STATUS]) for r in rows_of(page, "determination")][-1] == (
        f"某消火认字〔{YEAR}〕第0002号", "第 3 版", "现行")  # fmt: skip


def test_an_issued_document_is_laid_out_in_the_background_for_its_page_count(qtbot, window, workstation, built,
                                                                            answer_yes):  # fmt: skip
    if find_office() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    page = open_documents(window, built.id)
    page.select_document("determination")
    page.issue_button.click()
    (issued,) = list_case_documents(workstation, built.id)
    qtbot.waitUntil(lambda: get_issued_document(workstation, issued.id).page_count is not None, timeout=60_000)
    assert get_issued_document(workstation, issued.id).page_count == len(pypdf.PdfReader(io.BytesIO(docx_to_pdf(
        issued_document_bytes(workstation, issued.id)))).pages)  # fmt: skip


def test_cancelled_confirmations_change_nothing(qtbot, window, workstation, built, message_boxes):
    page = open_documents(window, built.id)
    page.select_document("determination")
    page.issue_button.click()  # the message box fixture answers 取消
    assert message_boxes and rows_of(page, "determination")[0][STATUS] == "未出具"
    assert list_case_documents(workstation, built.id) == []


def test_save_as_writes_the_stored_original_or_a_draft(window, workstation, built, answer_yes, tmp_path):
    page = open_documents(window, built.id)
    page.select_document("determination")
    page.issue_button.click()
    issued = page.selected().issued
    original = tmp_path / "认定书.docx"
    page.save_selected(str(original))
    text_of_original = body_text(open_docx(original.read_bytes()))
    assert FIRST in text_of_original and "玄武区中山路100号" in text_of_original
    assert page.status_label.text() == f"已保存到 {original}"
    assert hashlib.sha256(original.read_bytes()).hexdigest() == issued.sha256

    page.select_document("evidence_list")  # not issued: a fresh draft
    draft = tmp_path / "清单草稿.docx"
    page.save_selected(str(draft))
    assert built.number in body_text(open_docx(draft.read_bytes()))
    assert [d.kind for d in list_case_documents(workstation, built.id)] == ["determination"]  # the draft: nowhere


def test_a_damaged_original_is_refused_and_no_file_written(window, db, workstation, built, tmp_path, message_boxes):
    record = issue_document(workstation, built.id, "determination").value
    with db.writing() as session:
        session.execute(text("UPDATE attachment_chunks SET data = :data WHERE sha256 = :sha"),
                        {"data": b"PK forged", "sha": record.sha256})  # fmt: skip
    page = open_documents(window, built.id)
    page.select_document("determination")
    page.save_selected(str(tmp_path / "认定书.docx"))
    assert message_boxes[-1].windowTitle() == "无法保存"
    assert "火灾事故认定书" in message_boxes[-1].text() and "已被改动" in message_boxes[-1].text()
    assert list(tmp_path.glob("*.docx")) == []
    page.print_selected()
    assert message_boxes[-1].windowTitle() == "无法打印" and "已被改动" in message_boxes[-1].text()
    assert page.preview is None and not page.busy_bar.isVisible() and page.status_label.text() == ""


def test_a_broken_template_names_its_field_and_issues_nothing(
    window, workstation, built, answer_yes, message_boxes, tmp_path, monkeypatch
):
    broken_copy(tmp_path / "own", "determination.docx", "{{ case.grade }}", "{{ case.grade }")
    monkeypatch.setenv(TEMPLATES_ENV, str(tmp_path / "own"))
    page = open_documents(window, built.id)
    page.select_document("determination")
    page.issue_button.click()
    box = message_boxes[-1]
    assert box.windowTitle() == "无法出具"
    assert "determination.docx" in box.text() and "{{ case.grade }" in box.text() and "意外错误" not in box.text()
    assert rows_of(page, "determination")[0][STATUS] == "未出具"
    assert list_case_documents(workstation, built.id) == []


def test_without_libreoffice_the_preview_says_what_to_install(window, built, message_boxes, monkeypatch):
    monkeypatch.setenv("FIREINVEST_SOFFICE", "/nonexistent/soffice")
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(office_conversion, "_CANDIDATES", ("soffice",))
    page = open_documents(window, built.id)
    page.select_document("determination")
    page.preview_button.click()
    assert message_boxes[-1].windowTitle() == "无法预览" and "LibreOffice" in message_boxes[-1].text()
    assert page.preview is None and page.preview_button.isEnabled()  # not left busy


@needs_office
def test_draft_preview_and_print_of_the_issued_document(qtbot, window, workstation, built, answer_yes):
    page = open_documents(window, built.id)
    page.select_document("determination")
    page.preview_button.click()
    preview = page.preview
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "打印预览 — 火灾事故认定书（草稿）"
    assert preview.findChild(QPrintPreviewWidget).pageCount() >= 1
    assert list_case_documents(workstation, built.id) == []  # a preview records nothing
    preview.close()

    page.issue_button.click()
    page.print_button.click()
    printed = page.preview
    qtbot.addWidget(printed)
    assert printed is not preview and printed.windowTitle() == f"打印预览 — 火灾事故认定书 {FIRST}"
    assert printed.findChild(QPrintPreviewWidget).pageCount() >= 1


def test_summary_preview_shows_its_pages_and_saves_as_pdf(qtbot, window, built, tmp_path, monkeypatch):
    page = open_documents(window, built.id)
    page.summary_button.click()
    preview = page.outputs.preview
    qtbot.addWidget(preview)
    assert preview.windowTitle() == f"打印预览 — 案件摘要 {built.number}"
    assert preview.findChild(QPrintPreviewWidget).pageCount() == 1  # one page for the leader's desk
    target = tmp_path / "摘要.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), "PDF (*.pdf)"))
    preview.save_action.trigger()
    saved = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    assert len(saved.pages) == 1 and built.number in saved.pages[0].extract_text()


def test_summary_from_the_case_menu(qtbot, window, built):
    window.refresh()
    window.select_case(built.id)
    assert window.model.case_row(window.current_row()).id == built.id
    assert window.action_summary.isEnabled() and window.action_dossier.isEnabled()
    window.action_summary.trigger()
    qtbot.addWidget(window.outputs.preview)
    assert window.outputs.preview.windowTitle() == f"打印预览 — 案件摘要 {built.number}"


def test_dossier_export_writes_the_file_and_cancelling_leaves_none(window, workstation, built, tmp_path, message_boxes):
    for kind in ("evidence_list", "determination"):
        issue_document(workstation, built.id, kind)
    page = open_documents(window, built.id)
    dossier = tmp_path / "卷宗.docx"
    page.export_dossier(str(dossier))
    assert message_boxes[-1].windowTitle() == "导出卷宗"
    told = message_boxes[-1].text()
    assert told.startswith(f"已生成案件 {built.number} 的卷宗：\n{dossier}")
    assert "共 3 件" in told  # the two documents and the photos
    text_of_dossier = body_text(open_docx(dossier.read_bytes()))
    assert "火灾事故认定书" in text_of_dossier and FIRST in text_of_dossier
    assert page.outputs.exporting is None  # its progress window is gone
    # The two documents were laid out for their page counts, which are kept for the next export.
    assert all(d.page_count for d in list_case_documents(workstation, built.id))

    def cancel_after_the_first_document(done: int, _total: int) -> None:
        # Called where the export reports, on the database thread, while the GUI waits for the (synchronous)
        # runner: the user's 取消 arrives as the progress window's relay being cancelled, which is what the button does.
        exporting = page.outputs.exporting
        if done >= 1 and not exporting.relay.cancelled:
            exporting.relay.cancel()

    page.outputs.dossierProgress.connect(cancel_after_the_first_document, Qt.ConnectionType.DirectConnection)
    cancelled = tmp_path / "cancelled" / "卷宗.docx"
    cancelled.parent.mkdir()
    page.export_dossier(str(cancelled))
    assert message_boxes[-1].text() == "已取消生成卷宗，没有写出文件。"
    assert list(cancelled.parent.iterdir()) == []  # neither the dossier nor its temporary file


def test_the_abbreviation_setting_changes_the_next_number(qtbot, window, runner, workstation, built, answer_yes):
    dialog = SettingsDialog(runner, window)
    qtbot.addWidget(dialog)
    assert dialog.agency_abbreviation.text() == "某" and dialog.review_agency_name.text() == "某省消防救援总队"
    replace_text(qtbot, dialog.agency_abbreviation, "宁")
    replace_text(qtbot, dialog.review_agency_name, "江苏省消防救援总队")
    assert dialog.review_agency_abbreviation.text() == "某省"
    replace_text(qtbot, dialog.review_agency_abbreviation, "苏")
    dialog.save_button.click()
    stored = settings.agency_settings(workstation)
    assert (stored.agency_abbreviation, stored.review_agency_name, stored.review_agency_abbreviation) == (
        "宁", "江苏省消防救援总队", "苏")  # fmt: skip

    page = open_documents(window, built.id)
    page.select_document("determination")
    page.issue_button.click()
    assert rows_of(page, "determination")[0][NUMBER] == f"宁消火认字〔{YEAR}〕第0001号"
    issued = body_text(open_docx(issued_document_bytes(workstation, page.selected().issued.id)))
    assert f"宁消火认字〔{YEAR}〕第0001号" in issued and "江苏省消防救援总队" in issued  # the review notice names it


def test_work_finishing_after_its_window_closed_is_dropped(qtbot):
    widget = QWidget()
    called = []
    deliver, swallow = while_open(widget, called.append), closed(widget)
    deliver("open")
    assert called == ["open"] and swallow(ValueError()) is False  # an open window shows its errors
    widget.deleteLater()
    qtbot.waitUntil(lambda: not isValid(widget))
    deliver("closed")
    assert called == ["open"] and swallow(ValueError()) is True


def test_a_file_name_typed_without_extension_gets_the_suggested_one(monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "卷宗"), ""))
    assert ask_save_path(None, "导出卷宗", "320100-2026-00001 卷宗.docx", "Word (*.docx)") == str(
        tmp_path / "卷宗.docx"
    )


def test_after_a_redetermination_the_tab_offers_its_new_document(window, workstation, built, answer_yes):
    from fireinvest.rules.workflow import EventType
    from tests.documents.case_builder import _step
    from tests.factories import local

    issue_document(workstation, built.id, "determination")
    for step, when, details in ((EventType.REVIEW_APPLIED, local(2026, 3, 30), {"applicant": "王某某"}),
                                (EventType.REVIEW_ACCEPTED, local(2026, 4, 2), {}),
                                (EventType.CASE_FILE_SENT, local(2026, 4, 8), {}),
                                (EventType.REVIEW_CONCLUDED, local(2026, 4, 28), {"outcome": "redetermine"}),
                                (EventType.REDETERMINED, local(2026, 5, 10), {})):  # fmt: skip
        _step(workstation, built.id, step, when, details)
    page = open_documents(window, built.id)
    page.select_document("determination")
    assert page.issue_button.isEnabled()  # the redetermination awaits its 认定书
    page.issue_button.click()
    shown = [(r[NUMBER], r[STATUS]) for r in rows_of(page, "determination")]
    assert shown == [(FIRST, "已被新文书取代"), (f"某消火认字〔{YEAR}〕第0002号", "现行")]
    assert not page.issue_button.isEnabled()
