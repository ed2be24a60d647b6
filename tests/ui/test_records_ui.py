"""The 笔录 tab driven through the real widgets: an inspection and an interview written through their dialogs, a
refused save that stores nothing, and the read-only tab after the determination."""

from __future__ import annotations

from fireinvest.rules.records import InspectionDraft, Inspector
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, records, workflow
from fireinvest.services.front_door import Workstation
from tests.factories import STEPS_TO_DETERMINATION, local, make_draft, take_steps
from tests.ui.helpers import answer_next_modal, refused_save, type_text


def _open_records(window, workstation):
    case = cases.create_case(workstation, make_draft()).value
    workflow.record_step(workstation, case.id, case.version, EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12))
    window.refresh()
    editor = window.open_case(case.id)
    editor.tabs.setCurrentWidget(editor.records)
    return case, editor.records


def test_inspection_and_interview_through_the_dialogs(qtbot, window, workstation, actor):
    case, page = _open_records(window, workstation)
    assert page.new_inspection_button.isEnabled() and not page.read_only_note.isVisible()

    def fill_inspection(dialog):
        dialog.started_at.set_value(local(2026, 3, 1, 14))
        dialog.ended_at.set_value(local(2026, 3, 1, 17))
        type_text(qtbot, dialog.place, "玄武区中山路1号")
        dialog.weather_sky.setText("晴")
        dialog.inspectors.add_row(("李强", "玄武区消防救援大队", "火灾调查员"))
        dialog.surroundings.setPlainText("　现场位于居民楼三层。")
        dialog.save()

    answer_next_modal(qtbot, fill_inspection)
    page.new_inspection()
    assert page.inspection_table.rowCount() == 1
    assert page.inspection_table.item(0, 1).text() == "玄武区中山路1号"
    assert page.inspection_table.item(0, 2).text() == f"{actor.name}、李强"
    (stored,) = records.list_inspections(workstation, case.id)
    assert stored.surroundings == "　现场位于居民楼三层。" and stored.weather_sky == "晴"

    def fill_interview(dialog):
        type_text(qtbot, dialog.interviewee, "王芳")
        dialog.role.setText("报警人")
        dialog.started_at.set_value(local(2026, 3, 1, 15))
        dialog.place.setText("大队询问室")
        dialog.interviewers.setText("张明，李强")
        dialog.questions.add_row(("你何时发现起火？", "晚上八点左右。"))
        dialog.questions.add_row(("起火部位在哪里？", "厨房。"))
        dialog.questions.move_row(-1)  # the second question moves up
        dialog.refused_to_sign.setChecked(True)
        dialog.save()

    answer_next_modal(qtbot, fill_interview)
    page.new_interview()
    assert [page.interview_table.item(0, c).text() for c in (1, 2, 3)] == ["王芳", "报警人", "张明、李强"]
    (interview,) = records.list_interviews(workstation, case.id)
    assert [qa.question for qa in interview.questions] == ["起火部位在哪里？", "你何时发现起火？"]
    assert interview.refused_to_sign

    page.interview_table.selectRow(0)

    def edit_interview(dialog):
        assert dialog.interviewee.text() == "王芳"
        dialog.contact.setText("13800000000")
        dialog.save()

    answer_next_modal(qtbot, edit_interview)
    page.edit_interview()
    assert records.list_interviews(workstation, case.id)[0].contact == "13800000000"
    assert page.interviews[0].contact == "13800000000"  # the tab read it again: the hub said the records changed


def test_refused_save_stays_in_the_dialog(qtbot, window, workstation):
    case, page = _open_records(window, workstation)
    seen = []

    def end_before_start(dialog):
        dialog.started_at.set_value(local(2026, 3, 1, 14))
        dialog.ended_at.set_value(local(2026, 3, 1, 13))
        dialog.place.setText("玄武区中山路1号")
        seen.append(refused_save(dialog))

    answer_next_modal(qtbot, end_before_start)
    page.new_inspection()
    assert seen[0][0] and "结束时间不能早于开始时间。" in seen[0][1]
    assert page.inspection_table.rowCount() == 0
    assert records.list_inspections(workstation, case.id) == []


def test_read_only_after_the_determination(qtbot, window, db, actor, workstation):
    case = cases.create_case(workstation, make_draft()).value
    records.create_inspection(workstation, case.id, InspectionDraft(local(2026, 3, 1, 14), None, "现场",
                                                                    [Inspector("李强")]))  # fmt: skip
    take_steps(db, actor, case.id)
    window.refresh()
    editor = window.open_case(case.id)
    page = editor.records
    editor.tabs.setCurrentWidget(page)
    assert page.read_only and page.read_only_note.isVisible()
    assert page.read_only_note.text() == "已作出认定，笔录只读"
    page.inspection_table.selectRow(0)
    for button in (page.new_inspection_button, page.edit_inspection_button, page.new_interview_button,
                   page.edit_interview_button):  # fmt: skip
        assert not button.isEnabled()
    shown = []

    def look(dialog):
        shown.append((dialog.read_only, dialog.place.isReadOnly(), dialog.ok_button.isVisible()))
        dialog.reject()

    answer_next_modal(qtbot, look)
    page.edit_inspection()  # as a double-click does
    assert shown == [(True, True, False)]


def test_a_determination_recorded_elsewhere_in_the_program_makes_the_tab_read_only(window, runner, db, actor):
    """The tab shows the case's records and follows its timeline: a determination recorded through the runner (as
    the 程序与期限 tab does) reaches it through the hub."""
    case, page = _open_records(window, Workstation(db, actor))
    take_steps(db, actor, case.id, STEPS_TO_DETERMINATION[1:-1])
    assert page.new_inspection_button.isEnabled() and not page.read_only

    kind, when, details = STEPS_TO_DETERMINATION[-1]

    def determine(workstation):
        version = cases.get_case(workstation, case.id).version
        return workflow.record_step(workstation, case.id, version, kind, when, details)

    runner.run(determine)
    assert page.read_only and page.read_only_note.isVisible()
    assert not page.new_inspection_button.isEnabled() and not page.new_interview_button.isEnabled()
