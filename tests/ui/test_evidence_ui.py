"""The evidence tab driven through the real widgets: register an item, a refused and an accepted custody event,
the history with a correction, labels, and a laboratory report that the 附件 tab shows without being told."""

from __future__ import annotations

from pathlib import Path

from fireinvest.rules.custody import CustodyKind, CustodyStep, ItemStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence, workflow
from tests.factories import local, make_draft
from tests.ui.helpers import answer_next_modal, type_text


def started_case(workstation) -> cases.CaseDetail:
    """A case whose investigation has started (laboratory steps need that)."""
    case = cases.create_case(workstation, make_draft()).value
    workflow.record_step(workstation, case.id, case.version, EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12))
    return case


def item_at_the_lab(workstation, case_id: int) -> evidence.EvidenceRecord:
    item = evidence.register_evidence(
        workstation, case_id, evidence.EvidenceDraft("导线熔痕", local(2026, 3, 1, 14), "张明")
    ).value
    sent = CustodyStep(CustodyKind.SENT_TO_LAB, local(2026, 3, 5), "张明", "鉴定中心")
    return evidence.record_custody(workstation, item.id, sent).value


def report_back(report: Path):
    """A dialog handler: the laboratory's report comes back with its file."""

    def answer(dialog) -> None:
        assert not dialog.form.isRowVisible(dialog._report_row)  # only for a returned report
        dialog.kind.setCurrentIndex(dialog.kind.findData(CustodyKind.REPORT_RECEIVED.value))
        assert dialog.form.isRowVisible(dialog._report_row)
        dialog.time.set_value(local(2026, 3, 12))
        dialog.from_holder.setText("鉴定中心")
        dialog.to_holder.setText("张明")
        dialog.report.setText(str(report))
        dialog.save()

    return answer


def test_evidence_tab(qtbot, window, workstation, actor):
    case = started_case(workstation)
    window.refresh()
    editor = window.open_case(case.id)
    page = editor.evidence
    editor.tabs.setCurrentWidget(page)

    def fill_registration(dialog):
        type_text(qtbot, dialog.name, "导线熔痕")
        dialog.collected_at.set_value(local(2026, 3, 1, 14))
        dialog.save()

    answer_next_modal(qtbot, fill_registration)
    page.register()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "320100-WZ-2026-0001"
    assert page.table.item(0, 4).text() == ItemStatus.IN_CUSTODY.label
    page.table.selectRow(0)

    refusals = []

    def wrong_hand_over(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData(CustodyKind.HANDED_OVER.value))
        dialog.time.set_value(local(2026, 3, 2))
        dialog.from_holder.setText("李强")
        dialog.to_holder.setText("王芳")
        dialog.save()
        refusals.append(dialog.error_panel.text())
        dialog.from_holder.setText(actor.name)  # the registering user collected it
        dialog.save()

    answer_next_modal(qtbot, wrong_hand_over)
    page.record_custody()
    assert "交出人“李强”并不持有该物证" in refusals[0]
    assert page.table.item(0, 5).text() == "王芳"

    assert page.selected() is not None  # still the item the user was working on
    history = evidence.custody_history(workstation, page.records[0].id)
    assert [e.step.kind for e in history] == [CustodyKind.COLLECTED, CustodyKind.HANDED_OVER]

    def correct(dialog):
        dialog.to_holder.setText("李强")
        dialog.note.setText("接收人记错")
        dialog.save()

    answer_next_modal(qtbot, correct)
    page.record_custody(corrects=history[1])
    assert page.table.item(0, 5).text() == "李强"

    shown = []

    def look_at_history(dialog):
        shown.append([dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())])
        dialog.reject()

    answer_next_modal(qtbot, look_at_history)
    page.show_history()
    assert shown == [["提取", "移交", "更正"]]


def test_labels_from_the_evidence_tab(qtbot, window, workstation, tmp_path, monkeypatch):
    from pypdf import PdfReader

    opened = []
    monkeypatch.setattr("fireinvest.ui.evidence.page.QDesktopServices.openUrl", lambda url: opened.append(url))
    case = cases.create_case(workstation, make_draft()).value
    for name in ("导线熔痕", "插座残骸"):
        evidence.register_evidence(workstation, case.id, evidence.EvidenceDraft(name, local(2026, 3, 1, 14), "张明"))
    window.refresh()
    editor = window.open_case(case.id)
    editor.tabs.setCurrentWidget(editor.evidence)
    written = tmp_path / "labels.pdf"
    editor.evidence.print_labels(str(written))
    text = "".join(page.extract_text() for page in PdfReader(written).pages)
    assert "320100-WZ-2026-0001" in text and "插座残骸" in text
    assert opened and opened[0].toLocalFile() == str(written)


def test_report_received_with_its_report_file(qtbot, window, workstation, tmp_path):
    from fireinvest.services.attachments import intake as attachments

    report = tmp_path / "检验报告.pdf"
    report.write_bytes(b"%PDF-1.4 laboratory report\n")
    case = started_case(workstation)
    item = item_at_the_lab(workstation, case.id)
    window.refresh()
    editor = window.open_case(case.id)
    page = editor.evidence
    editor.tabs.setCurrentWidget(page)
    assert page.table.item(0, 4).text() == ItemStatus.AT_LAB.label
    page.table.selectRow(0)

    answer_next_modal(qtbot, report_back(report))
    page.record_custody()
    assert page.table.item(0, 4).text() == ItemStatus.IN_CUSTODY.label
    (filed,) = attachments.list_attachments(workstation, case.id, evidence_item_id=item.id)
    assert filed.original_name == "检验报告.pdf"


def test_a_report_filed_on_the_evidence_tab_appears_on_the_attachments_tab(qtbot, window, workstation, tmp_path):
    """The 物证 tab does not know the 附件 and 程序与期限 tabs: they follow because the use case says the case's
    attachments and timeline changed, and the hub tells every open tab."""
    report = tmp_path / "检验报告.pdf"
    report.write_bytes(b"%PDF-1.4 laboratory report\n")
    case = started_case(workstation)
    item_at_the_lab(workstation, case.id)
    window.refresh()
    editor = window.open_case(case.id)
    for tab in (editor.attachments, editor.timeline):  # both read once, as a user looking at them would
        editor.tabs.setCurrentWidget(tab)
    assert editor.attachments.model.rowCount() == 0 and editor.attachments.loaded
    events_before = editor.timeline.events.rowCount()
    page = editor.evidence
    editor.tabs.setCurrentWidget(page)
    page.table.selectRow(0)

    answer_next_modal(qtbot, report_back(report))
    page.record_custody()
    # Announced, not read yet: a tab that is not on screen reads when the user turns to it.
    assert not editor.attachments.loaded and not editor.timeline.loaded
    editor.tabs.setCurrentWidget(editor.attachments)
    assert editor.attachments.model.rowCount() == 1
    assert editor.attachments.records[0].original_name == "检验报告.pdf"
    editor.tabs.setCurrentWidget(editor.timeline)
    assert editor.timeline.events.rowCount() == events_before + 1
    assert editor.timeline.timeline.events[-1].type == EventType.LAB_RETURNED
