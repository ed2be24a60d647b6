"""The 专家论证 tab and the expert register driven through the real widgets: a review written up, refused while
incomplete, concluded, then open only read-only, superseded by a new review; material picked from the case's
attachments; experts registered, a twin refused, a retired expert no longer offered."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PySide6.QtWidgets import QMessageBox

from fireinvest.rules.case_facts import PartyDraft, PartyRole
from fireinvest.rules.expert_review import ReviewPurpose, ReviewStatus
from fireinvest.services import cases, experts
from fireinvest.services.attachments.intake import add_attachment
from fireinvest.services.attachments.intake import list_attachments as attachments_of
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.ui.registers.experts_dialog import ExpertDialog, ExpertsDialog
from fireinvest.ui.reviews.dialog import ReviewDialog
from fireinvest.ui.reviews.page import GATE_BLOCKED_STYLE, GATE_MET_STYLE
from tests.factories import make_draft, register_experts
from tests.ui.helpers import answer_next_modal, refused_save, type_text

HELD_ON = dt.date(2026, 3, 10)


@pytest.fixture
def confirm_yes(monkeypatch):
    """The user answers 形成结论 / 停用 to the confirmation."""
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)


def fatal_fire(db, actor) -> int:
    """A fire with a death: its determination waits for a concluded cause review."""
    draft = make_draft(deaths=1, parties=[*make_draft().parties, PartyDraft("李某", PartyRole.VICTIM)])
    with db.writing() as session:
        return cases.create_case(session, actor, draft).id


def stored(db, case_id):
    with db.reading() as session:
        return reviews.reviews_of_case(session, case_id)


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


def test_review_written_concluded_frozen_and_superseded(qtbot, window, db, actor, message_boxes, monkeypatch):
    chen, liu, _wang = register_experts(db, actor, 3)
    case_id = fatal_fire(db, actor)
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
    (draft,) = stored(db, case_id)
    assert draft.status == ReviewStatus.DRAFT and draft.place == "支队三楼会议室"
    assert [(o.name, o.dissents) for o in draft.opinions] == [("陈立新", False), ("刘建华", True)]
    assert page.table.column_texts(3) == ["草稿"]
    assert page.table.column_texts(2) == ["陈立新、刘建华"]

    # Concluding an incomplete review is refused with what is missing, and nothing changes.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: message_boxes.append(box) or QMessageBox.StandardButton.Yes)
    page.table.select_id(draft.id)
    assert page.conclude_button.isEnabled() and not page.supersede_button.isEnabled()
    page.conclude_selected()
    refusal = message_boxes[-1].text()
    assert "第2名专家的意见尚未填写" in refusal and "持不同意见，请在“不同意见”中记录" in refusal
    assert stored(db, case_id)[0].status == ReviewStatus.DRAFT

    def complete(dialog: ReviewDialog) -> None:
        assert not dialog.read_only and dialog.place.text() == "支队三楼会议室"
        dialog.opinions.set_opinion(1, "不能排除遗留火种。")
        dialog.dissent.setPlainText("刘建华：不能排除遗留火种引发火灾的可能。")
        dialog.save()

    answer_next_modal(qtbot, complete)
    page.edit_selected()
    page.table.select_id(draft.id)
    page.conclude_selected()
    (concluded,) = stored(db, case_id)
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
    assert stored(db, case_id)[0].conclusion == "起火原因认定为电气线路短路。"

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
    old, new = stored(db, case_id)
    assert old.status == ReviewStatus.CONCLUDED and new.status == ReviewStatus.DRAFT and new.supersedes_id == old.id
    assert page.table.column_texts(3) == ["已结论", "草稿（拟取代 2026-03-10 论证）"]
    page.table.select_id(new.id)
    page.conclude_selected()
    old, new = stored(db, case_id)
    assert (old.status, new.status) == (ReviewStatus.SUPERSEDED, ReviewStatus.CONCLUDED)
    assert page.table.column_texts(3) == ["已被取代（2026-03-30 论证）", "已结论"]
    page.table.select_id(old.id)
    assert not page.supersede_button.isEnabled()  # only the standing review can be superseded
    assert "已被 2026-03-30 的论证取代" in page.read_only_reason(page.selected())


def test_material_is_picked_from_the_case_attachments(qtbot, window, db, actor, confirm_yes):
    (chen, *_rest) = register_experts(db, actor, 3)
    case_id = fatal_fire(db, actor)
    page = open_reviews(window, case_id)

    write_draft(qtbot, page, chen)
    with db.writing() as session:  # added on the 附件 tab after the review tab was shown
        minutes = add_attachment(session, actor, case_id, io.BytesIO(b"%PDF-1.4 minutes"), original_name="论证意见.pdf")
        add_attachment(session, actor, case_id, io.BytesIO(b"%PDF-1.4 x"), original_name="现场图.pdf")
    (review,) = stored(db, case_id)
    page.table.select_id(review.id)
    offered = []

    def pick(dialog) -> None:
        offered.extend(dialog.list.item(row).text() for row in range(dialog.list.count()))
        dialog.set_checked(minutes.id, True)
        dialog.accept()

    answer_next_modal(qtbot, pick)
    page.choose_material()
    assert sorted(offered) == ["现场图.pdf（其他）", "论证意见.pdf（其他）"]
    assert stored(db, case_id)[0].attachment_ids == (minutes.id,)
    assert page.table.column_texts(5) == ["1"] and "论证意见.pdf" in page.preview.toPlainText()


def test_a_draft_is_deleted_after_confirmation_and_its_material_stays_with_the_case(
    qtbot, window, db, actor, message_boxes, monkeypatch
):
    (chen, *_rest) = register_experts(db, actor, 3)
    case_id = fatal_fire(db, actor)
    page = open_reviews(window, case_id)

    write_draft(qtbot, page, chen)
    (review,) = stored(db, case_id)
    with db.writing() as session:
        minutes = add_attachment(session, actor, case_id, io.BytesIO(b"%PDF-1.4 minutes"), original_name="论证意见.pdf")
        reviews.attach_review_material(session, actor, review.id, minutes.id)
    page.reload()
    page.table.select_id(review.id)
    assert page.delete_button.isEnabled()

    page.delete_selected()  # the autouse answer is 取消: nothing happens
    assert [r.id for r in stored(db, case_id)] == [review.id]

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    assert stored(db, case_id) == []
    assert page.table.rowCount() == 0 and not page.delete_button.isEnabled()
    with db.reading() as session:
        assert [a.id for a in attachments_of(session, case_id)] == [minutes.id]


def test_expert_register_adds_refuses_a_twin_and_retires(qtbot, window, db, actor, confirm_yes):
    register_experts(db, actor, 3)
    assert window.action_experts.text().startswith("专家库")
    dialog = ExpertsDialog(db, actor, window)
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
    with db.reading() as session:
        assert len(experts.list_experts(session)) == 4

    row = dialog.table.column_texts(0).index("王海燕")
    dialog.table.selectRow(row)
    assert dialog.active_button.text() == "停用"
    dialog.toggle_active()
    assert dialog.table.item(dialog.table.column_texts(0).index("王海燕"), 5).text() == "已停用"
    with db.reading() as session:
        active = [e.name for e in experts.list_experts(session)]
    assert "王海燕" not in active and "赵文斌" in active

    # A new review no longer offers the retired expert.
    page = open_reviews(window, fatal_fire(db, actor))
    offered = []

    def look(review: ReviewDialog) -> None:
        picker = review.opinions.picker
        offered.extend(picker.itemText(i) for i in range(picker.count()))
        review.reject()

    answer_next_modal(qtbot, look)
    page.new_review()
    assert offered and not any(text.startswith("王海燕") for text in offered)
    assert any(text.startswith("赵文斌（高级工程师，某电力科学研究院）") for text in offered)
