"""Loop deadlines on the to-do list: open measures by their deadline and the assessment of a closed case whose loop
is open, merged with the statutory deadlines in date order, for me or for everyone, and gone once met."""

from __future__ import annotations

import datetime as dt

from fireinvest.rules.closed_loop import MeasureStatus, Verdict
from fireinvest.rules.deadlines import DeadlineStatus
from fireinvest.rules.loop_items import AssessmentDraft
from fireinvest.services import deadlines, people
from fireinvest.services.actor import Actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.loop import assessment as loop_assessment
from fireinvest.services.loop import case_loop as closed_loop
from fireinvest.services.loop import items as loop_items
from tests.factories import local
from tests.loop_factories import accountability, closed_case, measure, recommendation, registered_case

TODAY = dt.date(2026, 11, 28)


def todo(workstation, within_days, mine=False):
    return deadlines.todo_list(workstation, within_days=within_days, mine=mine, today=TODAY)


def test_open_measures_and_the_assessment_join_the_todo_list(db, actor, workstation):
    me = people.save_person(workstation, people.PersonRecord(None, "张明", login_name="zhangming")).value
    mine = Workstation(db, Actor("zhangming"))
    case = closed_case(db, actor, deaths=1, lead_investigator_id=me.id)
    open_case = registered_case(db, actor, alarm=local(2026, 11, 20), address="玄武区长江路8号")  # determination due
    others = closed_case(db, actor, address="玄武区北京东路1号")
    loop_items.create_measure(workstation, case.id, measure())
    loop_items.create_measure(workstation, case.id, measure(
        description="组织消防培训", status=MeasureStatus.COMPLETED, completed_on=dt.date(2025, 5, 1)))  # fmt: skip
    far = measure(description="建成集中充电场所", owner="中山街道办事处", deadline=dt.date(2027, 6, 1))
    loop_items.create_measure(workstation, case.id, far)
    loop_items.create_measure(workstation, others.id, measure(deadline=dt.date(2026, 12, 5)))

    soon = todo(workstation, 30)
    loop = [(i.case_number, i.kind, i.due, i.status) for i in soon if i.kind in ("measure", "assessment")]
    assert loop == [
        (case.case_number, "measure", dt.date(2025, 6, 30), DeadlineStatus.OVERDUE),
        (case.case_number, "assessment", dt.date(2026, 3, 1), DeadlineStatus.OVERDUE),
        (others.case_number, "assessment", dt.date(2026, 3, 1), DeadlineStatus.OVERDUE),
        (others.case_number, "measure", dt.date(2026, 12, 5), DeadlineStatus.OPEN),
    ]
    first = soon[0]
    assert first.label == "整改措施（南京某某物业管理有限公司）：更换小区公共区域老化电气线路"
    assert first.days_left == (dt.date(2025, 6, 30) - TODAY).days
    assert "南京某某物业管理有限公司" in first.basis and "2025-06-30" in first.basis
    assert [i.label for i in soon if i.kind == "assessment"][0] == "完成整改评估并印发评估报告"
    assert any(i.case_number == open_case.case_number and i.kind == "determination" for i in soon)
    assert [i.due for i in soon] == sorted(i.due for i in soon)  # merged with the statutory deadlines
    assert "建成集中充电场所" in {i.label.split("：")[-1] for i in todo(workstation, 365)}

    assert {i.case_number for i in todo(mine, 30, mine=True)} == {case.case_number}
    assert [i.kind for i in todo(mine, 30, mine=True)] == ["measure", "assessment"]

    # A verdict takes the measure off the list; issuing the report takes the assessment off.
    loop_items.create_accountability(workstation, case.id, accountability())
    loop_items.create_recommendation(workstation, case.id, recommendation())
    assessment = loop_assessment.save_assessment(workstation, case.id, None,
                                                 AssessmentDraft("张明", dt.date(2026, 2, 1)), TODAY).value  # fmt: skip
    for m in closed_loop.case_loop(workstation, case.id, TODAY).measures:
        judged = loop_assessment.record_verdict(workstation, m.id, m.version, Verdict.DONE, "", TODAY).value
        assert judged.verdict == Verdict.DONE
    assert [i.kind for i in todo(mine, 30, mine=True)] == ["assessment"]
    loop_assessment.close_loop(workstation, case.id, assessment.version, "玄消评〔2026〕3号",
                               dt.date(2026, 2, 20), TODAY)  # fmt: skip
    assert todo(mine, 30, mine=True) == []
