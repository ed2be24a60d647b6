"""The 闭环管理 tab driven through the real widgets: the four stages and what is missing, items added through their
dialogs, closing refused with every missing item shown, verdicts, a measure not carried out referred back, the
loop closed and read-only; loop dates in the to-do list opening the loop tab; similar cases opening a case."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from fireinvest.rules.closed_loop import LoopStage, Verdict
from fireinvest.services.loop import case_loop as closed_loop
from fireinvest.services.loop import items as loop_items
from fireinvest.ui.loop.assessment_dialogs import AssessmentDialog, CloseLoopDialog, ReferBackDialog, VerdictDialog
from fireinvest.ui.loop.item_dialogs import AccountabilityDialog, MeasureDialog, RecommendationDialog
from fireinvest.ui.loop.similar_cases_dialog import SimilarCasesDialog
from fireinvest.ui.widgets.deadline_style import OVERDUE_COLOUR
from tests.factories import SHANGHAI, local
from tests.loop_factories import closed_case, recommendation, registered_case
from tests.ui.helpers import answer_next_modal, refused_save, type_text

TODAY = dt.datetime.now(SHANGHAI).date()
# Closed on the first of this month last year: the assessment window (10 to 12 months on) is open today and its
# last day has passed, whatever day the suite runs.
CLOSED = local(TODAY.year - 1, TODAY.month, 1)
ALARM = CLOSED - dt.timedelta(days=90)


def loop_of(workstation, case_id):
    return closed_loop.case_loop(workstation, case_id)


def open_loop(window, case_id):
    window.refresh()
    editor = window.open_case(case_id)
    editor.tabs.setCurrentWidget(editor.loop)
    return editor, editor.loop


def double_click(qtbot, table, row: int, column: int) -> None:
    """A real double click: a press and release, then the double-click event (QTest's alone does not do)."""
    index = table.model().index(row, column)
    table.scrollTo(index)
    where = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def run(qtbot, handler, action) -> None:
    answer_next_modal(qtbot, handler)
    action()


def add_measure(qtbot, page, description: str, deadline: dt.date) -> None:
    def fill(dialog: MeasureDialog) -> None:
        type_text(qtbot, dialog.description, description)
        dialog.owner.setText("南京某某物业管理有限公司")
        dialog.deadline.set_value(deadline)
        dialog.recommendation.setCurrentIndex(1)  # carries out the first recommendation
        dialog.save()

    run(qtbot, fill, page.new_measure)


def test_loop_built_refused_with_the_missing_items_then_closed(qtbot, window, db, actor, workstation):
    case = closed_case(db, actor, alarm=ALARM, closed=CLOSED, deaths=2)
    editor, page = open_loop(window, case.id)
    overview = page.overview
    assert "本案须闭环管理（造成2人死亡）" in overview.summary.text()
    missing = overview.missing.text()
    for item in ("尚无责任追究记录", "尚无事故防范建议", "尚无整改措施", "整改评估尚未记录评估组成员和现场核查日期"):
        assert item in missing
    assert not any(label.property("current") for label in overview.stage_labels.values())
    assert any(i.case_id == case.id and i.kind == "assessment" for i in window.todo.items)  # overdue assessment

    def accountability(dialog: AccountabilityDialog) -> None:
        type_text(qtbot, dialog.party, "南京某某物业管理有限公司")
        dialog.breach.setPlainText("未按规定维护保养消防设施。")
        dialog.legal_basis.setText("《中华人民共和国消防法》第十六条")
        dialog.save()

    run(qtbot, accountability, page.new_accountability)
    assert page.accountability.table.column_texts(0) == ["南京某某物业管理有限公司"]
    assert overview.stage_labels[LoopStage.ACCOUNTABILITY].property("current")

    def advice(dialog: RecommendationDialog) -> None:
        type_text(qtbot, dialog.addressee, "玄武区住房和城乡建设局")
        dialog.recommendation.setPlainText("开展老旧小区电气线路专项排查整治。")
        dialog.save()

    run(qtbot, advice, page.new_recommendation)
    add_measure(qtbot, page, "更换公共区域老化电气线路", CLOSED.date() + dt.timedelta(days=30))
    add_measure(qtbot, page, "建立消防设施维护保养台账", CLOSED.date() + dt.timedelta(days=60))
    assert page.sections.tabText(2) == "措施改进（2）"
    assert page.recommendations.table.column_texts(4) == ["2"]  # both measures carry the recommendation out
    late = page.measures.table.item(0, 2)
    assert late.foreground().color() == OVERDUE_COLOUR and page.measures.table.item(0, 3).text().startswith("逾期")
    assert overview.stage_labels[LoopStage.MEASURES].property("current")

    # Closing now is refused, and the dialog shows every item still missing.
    refusals = []

    def close_too_early(dialog: CloseLoopDialog) -> None:
        dialog.report_number.setText("玄消评〔2026〕1号")
        refusals.append(refused_save(dialog))

    run(qtbot, close_too_early, page.close_loop)
    still_open, refusal = refusals[0]
    assert still_open
    assert "措施“更换公共区域老化电气线路”尚无评估结论" in refusal
    assert "措施“建立消防设施维护保养台账”尚无评估结论" in refusal
    assert "整改评估尚未记录评估组成员和现场核查日期" in refusal
    assert loop_of(workstation, case.id).assessment is None

    def assess(dialog: AssessmentDialog) -> None:
        assert "整改评估" in dialog.note.text()
        dialog.team.setPlainText("张明、李强、王某（住建局）")
        dialog.visited_on.set_value(TODAY)
        dialog.findings.setPlainText("逐项核查。")
        dialog.save()

    run(qtbot, assess, page.edit_assessment)
    assert page.assessment_panel.values["team"].text() == "张明、李强、王某（住建局）"
    assert overview.stage_labels[LoopStage.ASSESSMENT].property("current")

    for row, verdict in ((0, Verdict.DONE), (1, Verdict.NOT_DONE)):
        page.measures.table.selectRow(row)
        assert page.verdict_button.isEnabled()

        def judge(dialog: VerdictDialog, verdict=verdict) -> None:
            dialog.verdict.set_value(verdict)
            dialog.verdict_note.setPlainText("现场核查")
            dialog.save()

        run(qtbot, judge, page.give_verdict)
    assert page.measures.table.column_texts(6) == ["已落实", "未落实"]
    assert "措施“建立消防设施维护保养台账”评估为未落实，尚未移交责任追究。" in overview.missing.text()

    page.measures.table.selectRow(0)
    assert not page.refer_button.isEnabled()  # carried out: nothing to refer
    page.measures.table.selectRow(1)
    assert page.refer_button.isEnabled()

    def refer(dialog: ReferBackDialog) -> None:
        dialog.deciding_body.setText("玄武区纪委监委")
        dialog.save()

    run(qtbot, refer, page.refer_back)
    assert page.accountability.table.column_texts(7) == ["", "整改评估移交"]
    assert page.measures.table.column_texts(8) == ["", "已移交"]
    assert overview.missing.text().splitlines()[1:] == ["• 整改评估报告尚未印发。"]

    def close(dialog: CloseLoopDialog) -> None:
        dialog.report_number.setText("玄消评〔2026〕1号")
        dialog.filed_on.set_value(TODAY)
        dialog.save()

    run(qtbot, close, page.close_loop)
    stored = loop_of(workstation, case.id)
    assert stored.stage == LoopStage.CLOSED and stored.assessment.report_number == "玄消评〔2026〕1号"
    assert overview.closed_badge.isVisible() and "闭环已于" in overview.missing.text()
    assert not page.new_measure_button.isEnabled() and not page.close_button.isEnabled()
    # The to-do list was refreshed: the assessment is done.
    assert not any(i.case_id == case.id and i.kind == "assessment" for i in window.todo.items)

    # A closed loop opens read-only.
    page.measures.table.selectRow(0)
    seen = []

    def look(dialog: MeasureDialog) -> None:
        seen.append((dialog.read_only, dialog.description.isReadOnly(), dialog.ok_button.isVisible()))
        dialog.reject()

    run(qtbot, look, page.edit_measure)
    assert seen == [(True, True, False)]


def test_loop_deadline_in_the_to_do_list_opens_the_loop_tab(qtbot, window, db, actor, workstation):
    case = closed_case(db, actor, alarm=ALARM, closed=CLOSED, deaths=1)
    loop_items.create_recommendation(workstation, case.id, recommendation())
    window.refresh()  # saved on another workstation: this one's list learns of it when refreshed
    rows = [n for n, item in enumerate(window.todo.items) if item.case_id == case.id]
    assert [window.todo.items[n].label for n in rows] == ["完成整改评估并印发评估报告"]
    double_click(qtbot, window.todo.table, rows[0], 2)
    (editor,) = [e for e in window._editors if e.case_id == case.id]
    assert editor.tabs.currentWidget() is editor.loop
    assert editor.loop.recommendations.table.rowCount() == 1


def test_similar_cases_list_earlier_recommendations_and_open_the_case(qtbot, window, db, actor, workstation):
    without_advice = registered_case(db, actor, local(2024, 3, 1))
    earlier = registered_case(db, actor, local(2024, 5, 1), address="玄武区北京东路1号")
    other_place = registered_case(db, actor, local(2024, 6, 1), place_type="厂房")
    loop_items.create_recommendation(workstation, earlier.id, recommendation())
    loop_items.create_recommendation(workstation, other_place.id, recommendation())
    current = registered_case(db, actor, local(2025, 1, 10))
    _editor, page = open_loop(window, current.id)
    seen = []

    def look(dialog: SimilarCasesDialog) -> None:
        dialog.with_recommendations.setChecked(False)
        everything = dialog.table.column_texts(0)
        dialog.with_recommendations.setChecked(True)  # the default: earlier recommendations to build on
        seen.append((everything, dialog.table.column_texts(0), dialog.recommendations.toPlainText()))
        double_click(qtbot, dialog.table, 0, 0)

    run(qtbot, look, page.show_similar_cases)
    everything, numbers, advice = seen[0]
    assert everything == [earlier.case_number, without_advice.case_number]  # newest first; other places left out
    assert numbers == [earlier.case_number]
    assert "致玄武区住房和城乡建设局（行业主管部门）：开展老旧小区电气线路专项排查整治。" in advice
    assert "教训：老旧住宅电气线路老化" in advice
    assert any(e.case_id == earlier.id for e in window._editors)
