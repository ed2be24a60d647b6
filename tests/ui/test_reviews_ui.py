"""The 专家论证 tab and the expert register driven through the real widgets: a review written up, refused while
incomplete, concluded, then open only read-only, superseded by a new review; material picked from the case's
attachments; experts registered, a twin refused, a retired expert no longer offered."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from fireinvest.rules.case_facts import PartyDraft, PartyRole
from fireinvest.rules.expert_review import ReviewPurpose, ReviewStatus
from fireinvest.services import cases, experts
from fireinvest.services.actor import Actor
from fireinvest.services.attachments.intake import AttachmentRecord, add_attachments, list_attachments
from fireinvest.services.front_door import Workstation
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.ui.registers.experts_dialog import ExpertDialog, ExpertsDialog
from fireinvest.ui.reviews.dialog import ReviewDialog
from fireinvest.ui.reviews.page import GATE_BLOCKED_STYLE, GATE_MET_STYLE
from tests.factories import make_draft, register_experts
from tests.ui.helpers import answer_next_modal, refused_save, type_text

HELD_ON = dt.date(2026, 3, 10)


def answer_yes(monkeypatch, message_boxes) -> None:
    """From now on the user answers yes (形成结论 / 停用 / 删除) to every question; the other boxes (refusals) are
    recorded in `message_boxes` for the test to read."""

    def answer(box: QMessageBox) -> QMessageBox.StandardButton:
        if box.icon() != QMessageBox.Icon.Question:
            message_boxes.append(box)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)


@pytest.fixture
def confirm_yes(monkeypatch, message_boxes) -> None:
    answer_yes(monkeypatch, message_boxes)


def fatal_fire(workstation: Workstation) -> int:
    """A fire with a death: its determination waits for a concluded cause review."""
    draft = make_draft(deaths=1, parties=[*make_draft().parties, PartyDraft("李某", PartyRole.VICTIM)])
    return cases.create_case(workstation, draft).value.id


def stored(workstation: Workstation, case_id: int):
    return reviews.reviews_of_case(workstation, case_id)


def attach_file(workstation: Workstation, case_id: int, path: Path, content: bytes) -> AttachmentRecord:
    """A file added on the case's 附件 tab (by another workstation: this window's hub does not hear of it)."""
    path.write_bytes(content)
    (record,) = add_attachments(workstation, case_id, [path]).value
    return record


def open_reviews(window, case_id):
    editor = window.open_case(case_id)
    editor.tabs.setCurrentWidget(editor.reviews)
    return editor.reviews


def write_draft(qtbot, page, expert) -> None:
    """A draft review with one expert present, written through the review dialog."""

    def write_up(dialog: ReviewDialog) -> None:
        dialog.held_on.set_value(HELD_ON)
        dialog.opinions.pick(expert)
        dialog.opinions.add_picked()
        dialog.save()

    answer_next_modal(qtbot, write_up)
    page.new_review()


def test_review_written_concluded_frozen_and_superseded(
    qtbot, window, db, actor, workstation, message_boxes, monkeypatch
):
    chen, liu, _wang = register_experts(db, actor, 3)
    case_id = fatal_fire(workstation)
    page = open_reviews(window, case_id)
    assert "有人员死亡（1人）" in page.gate_label.text() and "认定将被拒绝" in page.gate_label.text()
    assert page.gate_label.styleSheet() == GATE_BLOCKED_STYLE

    def write_up(dialog: ReviewDialog) -> None:
        dialog.held_on.set_value(HELD_ON)
        type_text(qtbot, dialog.place, "支队三楼会议室")
        dialog.question.setPlainText("起火原因能否认定为电气线路短路。")
        dialog.opinions.pick(chen)
        dialog.opinions.add_picked()
        dialog.opinions.pick(liu)
        row = dialog.opinions.add_picked()
        dialog.opinions.set_opinion(0, "熔痕为一次短路熔痕，支持电气线路短路引发火灾。")
        dialog.opinions.set_opinion(row, "", dissents=True)  # his opinion is still to be typed up
        dialog.conclusion.setPlainText("起火原因认定为电气线路短路。")
        dialog.save()

    answer_next_modal(qtbot, write_up)
    page.new_review()
    (draft,) = stored(workstation, case_id)
    assert draft.status == ReviewStatus.DRAFT and draft.place == "支队三楼会议室"
    assert [(o.name, o.dissents) for o in draft.opinions] == [("陈立新", False), ("刘建华", True)]
    assert page.table.column_texts(3) == ["草稿"]
    assert page.table.column_texts(2) == ["陈立新、刘建华"]

    # Concluding an incomplete review is refused with what is missing, and nothing changes.
    answer_yes(monkeypatch, message_boxes)
    page.table.select_id(draft.id)
    assert page.conclude_button.isEnabled() and not page.supersede_button.isEnabled()
    page.conclude_selected()
    refusal = message_boxes[-1].text()
    assert "第2名专家的意见尚未填写" in refusal and "持不同意见，请在“不同意见”中记录" in refusal
    assert stored(workstation, case_id)[0].status == ReviewStatus.DRAFT

    def complete(dialog: ReviewDialog) -> None:
        assert not dialog.read_only and dialog.place.text() == "支队三楼会议室"
        dialog.opinions.set_opinion(1, "不能排除遗留火种。")
        dialog.dissent.setPlainText("刘建华：不能排除遗留火种引发火灾的可能。")
        dialog.save()

    answer_next_modal(qtbot, complete)
    page.edit_selected()
    page.table.select_id(draft.id)
    page.conclude_selected()
    (concluded,) = stored(workstation, case_id)
    assert concluded.status == ReviewStatus.CONCLUDED and concluded.concluded_by == actor.name
    assert page.table.column_texts(3) == ["已结论"]
    assert page.gate_label.styleSheet() == GATE_MET_STYLE and "可以作出认定" in page.gate_label.text()
    assert "刘建华" in page.preview.toPlainText() and "［持不同意见］" in page.preview.toPlainText()

    # A concluded review can no longer be edited: the button is off and it opens read-only, saying why.
    page.table.select_id(concluded.id)
    assert not page.edit_button.isEnabled() and not page.conclude_button.isEnabled()
    seen = []

    def look(dialog: ReviewDialog) -> None:
        seen.append((dialog.read_only, dialog.read_only_note.text(), dialog.ok_button.isVisible(),
                     dialog.place.isReadOnly(), dialog.purpose.isEnabled()))  # fmt: skip
        dialog.conclusion.setPlainText("改过的结论")
        dialog.save()  # nothing is written from a read-only dialog
        dialog.reject()

    answer_next_modal(qtbot, look)
    page.open_selected()
    read_only, note, ok_visible, place_locked, purpose_enabled = seen[0]
    assert read_only and not ok_visible and place_locked and not purpose_enabled
    assert "形成结论，不能再修改" in note and "另行论证" in note
    assert stored(workstation, case_id)[0].conclusion == "起火原因认定为电气线路短路。"

    # 另行论证: a new review of the same purpose replaces it once concluded.
    def supersede(dialog: ReviewDialog) -> None:
        assert not dialog.purpose.isEnabled() and dialog.purpose.currentData() == ReviewPurpose.CAUSE_DETERMINATION
        assert "继续有效" in dialog.read_only_note.text() and dialog.read_only_note.isVisible()
        assert dialog.place.text() == "支队三楼会议室"  # starts from the old review
        dialog.held_on.set_value(HELD_ON + dt.timedelta(days=20))
        dialog.opinions.set_opinion(1, "补充检验后同意认定为电气线路短路。", dissents=False)
        dialog.dissent.setPlainText("")
        dialog.conclusion.setPlainText("经补充检验，起火原因认定为电气线路短路。")
        dialog.save()

    assert page.supersede_button.isEnabled()
    answer_next_modal(qtbot, supersede)
    page.supersede_selected()
    old, new = stored(workstation, case_id)
    assert old.status == ReviewStatus.CONCLUDED and new.status == ReviewStatus.DRAFT and new.supersedes_id == old.id
    assert page.table.column_texts(3) == ["已结论", "草稿（拟取代 2026-03-10 论证）"]
    page.table.select_id(new.id)
    page.conclude_selected()
    old, new = stored(workstation, case_id)
    assert (old.status, new.status) == (ReviewStatus.SUPERSEDED, ReviewStatus.CONCLUDED)
    assert page.table.column_texts(3) == ["已被取代（2026-03-30 论证）", "已结论"]
    page.table.select_id(old.id)
    assert not page.supersede_button.isEnabled()  # only the standing review can be superseded
    assert "已被 2026-03-30 的论证取代" in page.read_only_reason(page.selected())


def test_material_is_picked_from_the_case_attachments(qtbot, window, db, actor, workstation, confirm_yes, tmp_path):
    (chen, *_rest) = register_experts(db, actor, 3)
    case_id = fatal_fire(workstation)
    page = open_reviews(window, case_id)

    write_draft(qtbot, page, chen)
    # Added after the review tab was shown, on another workstation.
    minutes = attach_file(workstation, case_id, tmp_path / "论证意见.pdf", b"%PDF-1.4 minutes")
    attach_file(workstation, case_id, tmp_path / "现场图.pdf", b"%PDF-1.4 x")
    (review,) = stored(workstation, case_id)
    page.table.select_id(review.id)
    offered = []

    def pick(dialog) -> None:
        offered.extend(dialog.list.item(row).text() for row in range(dialog.list.count()))
        dialog.set_checked(minutes.id, True)
        dialog.accept()

    answer_next_modal(qtbot, pick)
    page.choose_material()
    assert sorted(offered) == ["现场图.pdf（其他）", "论证意见.pdf（其他）"]
    assert stored(workstation, case_id)[0].attachment_ids == (minutes.id,)
    assert page.table.column_texts(5) == ["1"] and "论证意见.pdf" in page.preview.toPlainText()


def test_a_draft_is_deleted_after_confirmation_and_its_material_stays_with_the_case(
    qtbot, window, db, actor, workstation, message_boxes, monkeypatch, tmp_path
):
    (chen, *_rest) = register_experts(db, actor, 3)
    case_id = fatal_fire(workstation)
    page = open_reviews(window, case_id)

    write_draft(qtbot, page, chen)
    (review,) = stored(workstation, case_id)
    # Filed as its material on another workstation; this one reads the tab again.
    minutes = attach_file(workstation, case_id, tmp_path / "论证意见.pdf", b"%PDF-1.4 minutes")
    reviews.attach_review_material(workstation, review.id, minutes.id)
    page.reload()
    page.table.select_id(review.id)
    assert page.delete_button.isEnabled()

    page.delete_selected()  # the autouse answer is 取消: nothing happens
    assert "确定删除 2026-03-10 的论证草稿吗？" in message_boxes[-1].text()
    assert [r.id for r in stored(workstation, case_id)] == [review.id]

    answer_yes(monkeypatch, message_boxes)
    page.delete_selected()
    assert stored(workstation, case_id) == []
    assert page.table.rowCount() == 0 and not page.delete_button.isEnabled()
    assert [a.id for a in list_attachments(workstation, case_id)] == [minutes.id]


def test_expert_register_adds_refuses_a_twin_and_retires(qtbot, window, runner, db, actor, workstation, confirm_yes):
    register_experts(db, actor, 3)
    assert window.action_experts.text().startswith("专家库")
    dialog = ExpertsDialog(runner, window)
    qtbot.addWidget(dialog)
    assert sorted(dialog.table.column_texts(0)) == sorted(["陈立新", "刘建华", "王海燕"])

    def add(expert: ExpertDialog) -> None:
        type_text(qtbot, expert.name, "赵文斌")
        expert.unit.setText("某电力科学研究院")
        expert.title.setText("高级工程师")
        expert.specialty.setText("电气线路")
        expert.save()

    answer_next_modal(qtbot, add)
    dialog.add_entry()
    assert "赵文斌" in dialog.table.column_texts(0)
    refusals = []

    def twin(expert: ExpertDialog) -> None:
        expert.name.setText("陈立新")
        expert.unit.setText("应急管理部天津消防研究所")
        refusals.append(refused_save(expert))

    answer_next_modal(qtbot, twin)
    dialog.add_entry()
    assert refusals[0][0] and "已有同一单位的“陈立新”" in refusals[0][1]
    assert len(experts.list_experts(workstation)) == 4

    row = dialog.table.column_texts(0).index("王海燕")
    dialog.table.selectRow(row)
    assert dialog.active_button.text() == "停用"
    dialog.toggle_active()
    assert dialog.table.item(dialog.table.column_texts(0).index("王海燕"), 5).text() == "已停用"
    active = [e.name for e in experts.list_experts(workstation)]
    assert "王海燕" not in active and "赵文斌" in active

    # A new review no longer offers the retired expert.
    page = open_reviews(window, fatal_fire(workstation))
    offered = []

    def look(review: ReviewDialog) -> None:
        picker = review.opinions.picker
        offered.extend(picker.itemText(i) for i in range(picker.count()))
        review.reject()

    answer_next_modal(qtbot, look)
    page.new_review()
    assert offered and not any(text.startswith("王海燕") for text in offered)
    assert any(text.startswith("赵文斌（高级工程师，某电力科学研究院）") for text in offered)


def test_expert_register_follows_changes_made_elsewhere(qtbot, window, runner, db, actor, message_boxes, confirm_yes):
    """Saved through this program (an import, another window): the hub refreshes the open register. Saved on another
    workstation: the stale deactivation is refused, and the register shows what is stored now."""
    dialog = ExpertsDialog(runner, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    runner.run(lambda ws: experts.save_expert(ws, experts.ExpertRecord(None, "周敏", "某大学")))
    assert dialog.table.column_texts(0) == ["周敏"]

    shown = dialog.records[dialog.table.id_at(0)]
    elsewhere = Workstation(db, Actor("李强"))
    experts.save_expert(elsewhere, replace(shown, title="副教授"))
    dialog.table.selectRow(0)
    dialog.toggle_active()
    assert "专家“周敏”已被 李强 在其他工作站修改并保存" in message_boxes[-1].text()
    assert dialog.table.column_texts(1) == ["副教授"] and dialog.table.item(0, 5).text() == "在用"
