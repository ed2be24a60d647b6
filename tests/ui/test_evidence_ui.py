"""The evidence tab driven through the real widgets: register an item, a refused and an accepted custody event,
the history with a correction."""

from __future__ import annotations

from fireinvest.rules.custody import CustodyKind, ItemStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence, workflow
from tests.factories import local, make_draft
from tests.ui.helpers import answer_next_modal, type_text


def test_evidence_tab(qtbot, window, db, actor):
    with db.writing() as session:
        case = cases.create_case(session, actor, make_draft())
        workflow.record_step(
            session, actor, case.id, case.version, EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12)
        )
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

    page.table.selectRow(0)
    with db.reading() as session:
        history = evidence.custody_history(session, page.records[0].id)
    assert [e.step.kind for e in history] == [CustodyKind.COLLECTED, CustodyKind.HANDED_OVER]

    def correct(dialog):
        dialog.to_holder.setText("李强")
        dialog.note.setText("接收人记错")
        dialog.save()

    answer_next_modal(qtbot, correct)
    page.record_custody(corrects=history[1])
    assert page.table.item(0, 5).text() == "李强"


def test_labels_from_the_evidence_tab(qtbot, window, db, actor, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from fireinvest.services import evidence

    opened = []
    monkeypatch.setattr("fireinvest.ui.evidence.page.QDesktopServices.openUrl", lambda url: opened.append(url))
    with db.writing() as session:
        case = cases.create_case(session, actor, make_draft())
        for name in ("导线熔痕", "插座残骸"):
            evidence.register_evidence(
                session, actor, case.id, evidence.EvidenceDraft(name, local(2026, 3, 1, 14), "张明")
            )
    window.refresh()
    editor = window.open_case(case.id)
    written = editor.evidence.print_labels(str(tmp_path / "labels.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(written).pages)
    assert "320100-WZ-2026-0001" in text and "插座残骸" in text
    assert opened and opened[0].toLocalFile() == str(written)


def test_report_received_with_its_report_file(qtbot, window, db, actor, tmp_path):
    from fireinvest.rules.custody import CustodyStep
    from fireinvest.services.attachments import intake as attachments

    report = tmp_path / "检验报告.pdf"
    report.write_bytes(b"%PDF-1.4 laboratory report\n")
    with db.writing() as session:
        case = cases.create_case(session, actor, make_draft())
        workflow.record_step(
            session, actor, case.id, case.version, EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12)
        )
        item = evidence.register_evidence(
            session, actor, case.id, evidence.EvidenceDraft("导线熔痕", local(2026, 3, 1, 14), "张明")
        )
        evidence.record_custody(
            session, actor, item.id, CustodyStep(CustodyKind.SENT_TO_LAB, local(2026, 3, 5), "张明", "鉴定中心")
        )
    window.refresh()
    page = window.open_case(case.id).evidence
    page.table.selectRow(0)

    def report_back(dialog):
        assert not dialog.form.isRowVisible(dialog._report_row)  # only for a returned report
        dialog.kind.setCurrentIndex(dialog.kind.findData(CustodyKind.REPORT_RECEIVED.value))
        assert dialog.form.isRowVisible(dialog._report_row)
        dialog.time.set_value(local(2026, 3, 12))
        dialog.from_holder.setText("鉴定中心")
        dialog.to_holder.setText("张明")
        dialog.report.setText(str(report))
        dialog.save()

    answer_next_modal(qtbot, report_back)
    page.record_custody()
    assert page.table.item(0, 4).text() == ItemStatus.IN_CUSTODY.label
    with db.reading() as session:
        (filed,) = attachments.list_attachments(session, case.id, evidence_item_id=item.id)
    assert filed.original_name == "检验报告.pdf"
