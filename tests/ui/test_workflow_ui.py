"""The to-do list, the timeline tab, recording a step and the holiday calendar, driven through the real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.workflow import EventType
from fireinvest.rules.working_calendar import CalendarDay
from fireinvest.services import cases, deadlines, people, workflow
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from fireinvest.ui.editor.step_dialog import StepDialog
from fireinvest.ui.editor.timeline_page import TimelinePage
from fireinvest.ui.main.todo_panel import TodoPanel
from fireinvest.ui.runner import Runner
from fireinvest.ui.settings.calendar_dialog import CalendarDialog
from tests.factories import SHANGHAI, make_draft


@pytest.fixture
def runner_for(qtbot, database_url):
    """Runners acting for other people (a second investigator at their own workstation), shut down afterwards."""
    made = []

    def make(name: str) -> Runner:
        database = open_prepared_database(database_url)
        made.append((Runner(Workstation(database, Actor(name)), synchronous=True), database))
        return made[-1][0]

    yield make
    for runner, database in made:
        runner.shutdown()
        database.dispose()


def register(db, actor, days_ago: int, **overrides):
    alarm = dt.datetime.now(SHANGHAI).replace(microsecond=0) - dt.timedelta(days=days_ago)
    return cases.create_case(
        Workstation(db, actor), make_draft(alarm_time=alarm, ignition_time=None, extinguished_time=None, **overrides)
    ).value


def test_todo_lists_an_overdue_case_and_opens_it(qtbot, db, actor, runner):
    overdue = register(db, actor, days_ago=45)
    register(db, actor, days_ago=1)  # due in four weeks: not within 7 days
    panel = TodoPanel(runner, SHANGHAI)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.everyone.isChecked()  # the tester has no login in the people register
    rows = [(panel.table.item(r, 2).text(), panel.table.item(r, 3).text()) for r in range(panel.table.rowCount())]
    assert rows == [(overdue.case_number, "作出火灾事故认定")]
    due = panel.items[0].due  # 30 days after the alarm, moved past any holiday
    assert panel.table.item(0, 1).text() == f"逾期 {(dt.datetime.now(SHANGHAI).date() - due).days} 天"
    assert "已逾期 1 项" in panel.summary.text()
    where = panel.table.visualItemRect(panel.table.item(0, 2)).center()
    with qtbot.waitSignal(panel.openCase) as opened:
        # A real double-click is a press and release followed by the double-click event.
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [overdue.id]
    panel.within.setValue(40)
    assert panel.table.rowCount() == 2


def test_todo_my_cases(qtbot, db, actor, workstation, runner_for):
    me = people.save_person(workstation, people.PersonRecord(None, "张明", login_name="zhangming")).value
    mine = register(db, actor, days_ago=40, lead_investigator_id=me.id)
    register(db, actor, days_ago=40)
    panel = TodoPanel(runner_for("zhangming"), SHANGHAI)
    qtbot.addWidget(panel)
    assert panel.mine.isChecked()
    assert [panel.table.item(r, 2).text() for r in range(panel.table.rowCount())] == [mine.case_number]
    panel.everyone.setChecked(True)
    assert panel.table.rowCount() == 2


def record_through_dialog(qtbot, runner, case, step: EventType, when: dt.datetime, **choices) -> StepDialog:
    dialog = StepDialog(runner, case.id, SHANGHAI, ["王某某"], ["电气", "放火", "吸烟"], runner.actor_name)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.step.setCurrentIndex(dialog.step.findData(step))
    dialog.when.set_value(when)
    for name, value in choices.items():
        getattr(dialog, name).setCurrentIndex(getattr(dialog, name).findData(value))
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    return dialog


def test_recording_steps_through_the_dialog(qtbot, db, actor, workstation, runner):
    case = register(db, actor, days_ago=20)
    now = dt.datetime.now(SHANGHAI).replace(microsecond=0)
    dialog = record_through_dialog(qtbot, runner, case, EventType.HEARING_HELD, now - dt.timedelta(days=1))
    assert dialog.error_panel.isVisible()
    assert "只有调查中的案件才能进行认定前说明" in dialog.error_panel.text()
    dialog = record_through_dialog(qtbot, runner, case, EventType.INVESTIGATION_STARTED, now - dt.timedelta(days=19))
    assert dialog.result() == StepDialog.DialogCode.Accepted
    assert dialog.timeline.status == CaseStatus.INVESTIGATING
    assert [e.type for e in workflow.case_timeline(workstation, case.id).events] == [
        EventType.REGISTERED,
        EventType.INVESTIGATION_STARTED,
    ]


def test_timeline_page_shows_events_deadlines_and_their_basis(qtbot, db, actor, runner):
    case = register(db, actor, days_ago=40)
    page = TimelinePage(runner, SHANGHAI, ["电气"])
    qtbot.addWidget(page)
    page.set_parties(["王某某"])
    page.set_case(case.id)
    assert page.events.rowCount() == 0  # read when the tab is first shown, not before
    page.show()
    assert page.events.rowCount() == 1 and page.events.item(0, 1).text() == "受理登记"
    by_label = {page.deadlines.item(r, 1).text(): r for r in range(page.deadlines.rowCount())}
    row = by_label["作出火灾事故认定"]
    assert page.deadlines.item(row, 2).text().startswith("逾期 ")
    assert page.deadlines.item(row, 3).text().startswith("接警 ")
    assert page.deadlines.item(row, 0).foreground().color().name() == "#b3261e"


def test_steps_are_shown_and_prefilled_with_the_person_not_the_login(qtbot, db, actor, workstation, runner_for,
                                                                     monkeypatch):  # fmt: skip
    people.save_person(workstation, people.PersonRecord(None, "张明", login_name="zhangming"))
    case = register(db, Actor("zhangming"), days_ago=5)  # registered at 张明's workstation
    page = TimelinePage(runner_for("zhangming"), SHANGHAI, ["电气"])
    qtbot.addWidget(page)
    page.set_case(case.id)
    page.show()
    assert page.events.item(0, 2).text() == "张明"  # the register's name, not "zhangming"
    shown = []
    monkeypatch.setattr(StepDialog, "exec", lambda dialog: shown.append(dialog.performed_by.text()))
    page.ask_for_step()
    assert shown == ["张明"]


def test_holidays_entered_for_an_unpublished_year(qtbot, workstation, runner, monkeypatch):
    dialog = CalendarDialog(runner, year=2030)
    qtbot.addWidget(dialog)
    assert "尚未发布" in dialog.source.text()
    dialog.add_row(CalendarDay(dt.date(2030, 10, 1), False, "国庆节"))
    shown = []
    monkeypatch.setattr("fireinvest.ui.settings.calendar_dialog.inform", lambda parent, title, text: shown.append(text))
    dialog.save()
    assert shown and "重新计算" in shown[0]
    assert "由管理员录入" in dialog.source.text()
    assert dialog.table.rowCount() == 1
    entries = deadlines.calendar_year(workstation, 2030).entries
    assert entries == (CalendarDay(dt.date(2030, 10, 1), False, "国庆节"),)


def test_step_recorded_in_the_editor_keeps_the_unsaved_facts_saveable(qtbot, window, db, actor, workstation):
    from tests.ui.helpers import answer_next_modal, replace_text

    case = register(db, actor, days_ago=10)
    window.refresh()
    editor = window.open_case(case.id)
    replace_text(qtbot, editor.basic.address, "玄武区新街口1号")
    editor.tabs.setCurrentWidget(editor.timeline)
    started = dt.datetime.now(SHANGHAI).replace(microsecond=0) - dt.timedelta(days=9)

    def record(dialog):
        dialog.step.setCurrentIndex(dialog.step.findData(EventType.INVESTIGATION_STARTED))
        dialog.when.set_value(started)
        dialog.record()

    answer_next_modal(qtbot, record)
    editor.timeline.ask_for_step()
    assert editor.detail.status == CaseStatus.INVESTIGATING
    assert editor.timeline.events.rowCount() == 2
    assert editor.is_dirty()  # the typed address survived the step
    editor.save()
    assert not editor.error_panel.isVisible()
    saved = cases.get_case(workstation, case.id)
    assert (saved.facts.address, saved.status) == ("玄武区新街口1号", CaseStatus.INVESTIGATING)
    status_column = window.model.columnCount() - 2
    assert window.model.data(window.model.index(0, status_column)) == "调查中"


def test_a_refusal_is_recorded_with_the_ground_it_names(qtbot, workstation, runner):
    from tests.documents.case_builder import _step, build_case
    from tests.factories import local

    built = build_case(workstation)  # served in person on 2026-03-26
    _step(workstation, built.id, EventType.REVIEW_APPLIED, local(2026, 3, 30), {"applicant": "王某某"})
    case = cases.get_case(workstation, built.id)
    now = dt.datetime.now(SHANGHAI).replace(microsecond=0)
    dialog = record_through_dialog(qtbot, runner, case, EventType.REVIEW_REFUSED, now - dt.timedelta(days=1),
                                   ground="late")  # fmt: skip
    assert dialog.result() == StepDialog.DialogCode.Accepted
    refused = workflow.case_timeline(workstation, built.id).events[-1]
    assert (refused.type, refused.details["ground"]) == (EventType.REVIEW_REFUSED, "late")
