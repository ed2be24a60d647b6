"""The closed loop's rules over plain values: which fires need a loop, the assessment window, the stage reached,
everything missing before closure, and the checks of each item."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.models import AccountabilityEntry, CorrectiveMeasure, PreventionRecommendation, RectificationAssessment
from fireinvest.reference_files import load_reference
from fireinvest.rules.closed_loop import (
    AccountabilityMeasure,
    AccountabilityStatus,
    LoopFacts,
    LoopRule,
    LoopSnapshot,
    LoopStage,
    MeasureState,
    MeasureStatus,
    Verdict,
    add_months,
    assessment_window,
    loop_closure_problems,
    loop_required_reasons,
    loop_stage,
    measure_is_open,
    measure_is_overdue,
    parse_loop_rule,
    window_not_open_problem,
)
from fireinvest.rules.loop_items import (
    TEXT_LIMITS,
    AccountabilityDraft,
    AssessmentDraft,
    MeasureDraft,
    validate_accountability,
    validate_assessment,
    validate_measure,
    validate_report,
)

RULE = parse_loop_rule(load_reference("closed_loop"))
FIRE = dt.date(2025, 1, 10)
TODAY = dt.date(2026, 11, 28)


def test_codes_have_chinese_names_and_read_either_way():
    assert AccountabilityMeasure.CRIMINAL_REFERRAL.label == "移送公安机关（失火罪/消防责任事故罪）"
    assert [v.label for v in Verdict] == ["已落实", "部分落实", "未落实"]
    assert [s.label for s in LoopStage] == ["未启动", "责任追究", "事故防范", "措施改进", "整改评估", "已闭环"]
    assert Verdict.of("部分落实") is Verdict.PARTLY and Verdict.of("not_done") is Verdict.NOT_DONE
    with pytest.raises(ValueError):
        MeasureStatus.of("done")


def test_the_shipped_rule_and_which_fires_need_a_loop():
    assert RULE == LoopRule(1, None, frozenset({"较大", "重大", "特别重大"}), 10, 12)
    assert loop_required_reasons(LoopFacts(0, 5, "一般"), RULE) == []
    assert loop_required_reasons(LoopFacts(2, 0, "一般"), RULE) == ["造成2人死亡"]
    assert loop_required_reasons(LoopFacts(3, 0, "较大"), RULE) == ["造成3人死亡", "火灾等级为较大"]
    stricter = LoopRule(None, 3, frozenset(), 10, 12)
    assert loop_required_reasons(LoopFacts(9, 3, "较大"), stricter) == ["造成3人重伤"]


@pytest.mark.parametrize(
    "data",
    [
        {"required_when": {"min_deaths": 0}, "assessment_window_months": {"opens": 10, "due": 12}},
        {"required_when": {"min_deaths": 1}, "assessment_window_months": {"opens": 13, "due": 12}},
        {"required_when": {}},
    ],
)
def test_a_broken_rule_is_refused(data):
    with pytest.raises((ValueError, KeyError)):
        parse_loop_rule(data)


def test_the_assessment_window_counts_calendar_months_from_closure():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 12, 15), 12) == dt.date(2026, 12, 15)
    window = assessment_window(dt.date(2025, 3, 1), RULE)
    assert (window.opens, window.due) == (dt.date(2026, 1, 1), dt.date(2026, 3, 1))
    assert "安全生产法》第八十六条" in window.basis
    assert window_not_open_problem(None, RULE, TODAY) == "案件尚未结案，结案后才能开展整改评估。"
    assert "自 2026-01-01 起方可进行" in window_not_open_problem(dt.date(2025, 3, 1), RULE, dt.date(2025, 12, 31))
    assert window_not_open_problem(dt.date(2025, 3, 1), RULE, dt.date(2026, 1, 1)) is None


def test_open_and_overdue_measures():
    deadline = dt.date(2026, 6, 30)
    assert measure_is_overdue(deadline, MeasureStatus.IN_PROGRESS, None, dt.date(2026, 7, 1))
    assert not measure_is_overdue(deadline, MeasureStatus.IN_PROGRESS, None, deadline)  # the last day itself
    assert not measure_is_open(MeasureStatus.COMPLETED, None)
    assert not measure_is_overdue(deadline, MeasureStatus.PLANNED, Verdict.NOT_DONE, TODAY)  # judged: assessed


def test_the_stage_is_the_furthest_one_with_items():
    assert loop_stage(0, 0, 0, False, False) == LoopStage.NOT_STARTED
    assert loop_stage(1, 0, 0, False, False) == LoopStage.ACCOUNTABILITY
    assert loop_stage(0, 2, 0, False, False) == LoopStage.PREVENTION
    assert loop_stage(1, 2, 3, False, False) == LoopStage.MEASURES
    assert loop_stage(1, 2, 3, True, False) == LoopStage.ASSESSMENT
    assert loop_stage(1, 2, 3, True, True) == LoopStage.CLOSED


def snapshot(**overrides) -> LoopSnapshot:
    values = dict(closed_on=dt.date(2025, 3, 1), accountability_entries=1, recommendations=1,
                  measures=[MeasureState("更换老化线路", Verdict.DONE, False)], assessment_recorded=True,
                  report_filed_on=dt.date(2026, 2, 1))  # fmt: skip
    values.update(overrides)
    return LoopSnapshot(**values)


def test_closure_names_every_missing_item():
    assert loop_closure_problems(snapshot(), RULE, TODAY) == []
    empty = snapshot(closed_on=None, accountability_entries=0, recommendations=0, measures=[],
                     assessment_recorded=False, report_filed_on=None)  # fmt: skip
    assert loop_closure_problems(empty, RULE, TODAY) == [
        "案件尚未结案，结案后才能开展整改评估。",
        "尚无责任追究记录（责任单位或人员、违反的法律条款、追责措施）。",
        "尚无事故防范建议。",
        "尚无整改措施。",
        "整改评估尚未记录评估组成员和现场核查日期。",
        "整改评估报告尚未印发。",
    ]
    measures = [
        MeasureState("对辖区全部九小场所和出租房屋开展消防安全排查整治并建立隐患整改台账", None, False),
        MeasureState("建成集中充电场所", Verdict.PARTLY, False),
        MeasureState("组织疏散演练", Verdict.NOT_DONE, True),
    ]
    assert loop_closure_problems(snapshot(measures=measures), RULE, TODAY) == [
        "措施“对辖区全部九小场所和出租房屋开展消防安全排查整…”尚无评估结论。",
        "措施“建成集中充电场所”评估为部分落实，尚未移交责任追究。",
    ]


def measure(**overrides) -> MeasureDraft:
    values = dict(description="更换老化线路", owner="某物业公司", deadline=dt.date(2025, 6, 30))
    values.update(overrides)
    return MeasureDraft(**values)


def messages(errors) -> dict[str, str]:
    return {e.field: e.message for e in errors}


def test_measure_checks():
    assert validate_measure(measure(), FIRE, TODAY) == []
    done = measure(status=MeasureStatus.COMPLETED, completed_on=dt.date(2025, 6, 1), verified_by="张明",
                   verified_on=dt.date(2025, 6, 5))  # fmt: skip
    assert validate_measure(done, FIRE, TODAY) == []
    assert messages(validate_measure(measure(deadline=FIRE, description=" "), FIRE, TODAY)) == {
        "description": "请填写整改措施。",
        "deadline": "整改期限应晚于火灾发生日期（2025-01-10）。",
    }
    assert messages(validate_measure(measure(completed_on=dt.date(2025, 6, 1)), FIRE, TODAY)) == {
        "completed_on": "措施状态为“未开始”，不能填写完成日期。"
    }
    assert messages(validate_measure(measure(verified_by="张明"), FIRE, TODAY)) == {
        "verified_by": "措施完成后才能核查。"
    }
    early = measure(status=MeasureStatus.COMPLETED, completed_on=dt.date(2025, 6, 1), verified_by="张明",
                    verified_on=dt.date(2025, 5, 1))  # fmt: skip
    assert messages(validate_measure(early, FIRE, TODAY)) == {"verified_on": "核查日期不能早于完成日期（2025-06-01）。"}
    future = measure(status=MeasureStatus.COMPLETED, completed_on=dt.date(2027, 1, 1))
    assert messages(validate_measure(future, FIRE, TODAY)) == {"completed_on": "完成日期不能晚于今天。"}
    assert messages(validate_measure(measure(owner="单" * 101), FIRE, TODAY)) == {
        "owner": "责任单位最多100个字，请删减。"
    }


def test_accountability_assessment_and_report_checks():
    entry = AccountabilityDraft("某物业公司", AccountabilityMeasure.ADMINISTRATIVE_PENALTY, breach="未维护消防设施",
                                legal_basis="《中华人民共和国消防法》第十六条")  # fmt: skip
    assert validate_accountability(entry, FIRE, TODAY) == []
    decided = AccountabilityDraft("某物业公司", AccountabilityMeasure.ADMINISTRATIVE_PENALTY, breach="未维护",
                                  legal_basis="消防法", status=AccountabilityStatus.CLOSED,
                                  decided_on=dt.date(2024, 1, 1))  # fmt: skip
    assert messages(validate_accountability(decided, FIRE, TODAY)) == {
        "deciding_body": "状态为“已办结”时请填写处理机关。",
        "decided_on": "处理日期不能早于火灾发生日期（2025-01-10）。",
    }
    assert messages(validate_assessment(AssessmentDraft("张明", dt.date(2025, 2, 1)), dt.date(2025, 3, 1), TODAY)) == {
        "visited_on": "现场核查日期不能早于结案日期（2025-03-01）。"
    }
    window = assessment_window(dt.date(2025, 3, 1), RULE)
    assert validate_report("玄消评〔2026〕1号", dt.date(2026, 2, 1), window, dt.date(2026, 1, 20), TODAY) == []
    assert messages(validate_report(" ", dt.date(2026, 1, 10), window, dt.date(2026, 1, 20), TODAY)) == {
        "report_number": "请填写评估报告文号。",
        "report_filed_on": "报告印发日期不能早于现场核查日期（2026-01-20）。",
    }
    assert messages(validate_report("1号", dt.date(2025, 12, 1), window, None, TODAY)) == {
        "report_filed_on": "报告印发日期不能早于整改评估开始日期（2026-01-01）。"
    }


def test_text_limits_agree_with_the_columns():
    columns = {
        **{n: AccountabilityEntry.__table__.c[n] for n in ("party", "legal_basis", "deciding_body")},
        "addressee": PreventionRecommendation.__table__.c["addressee"],
        **{n: CorrectiveMeasure.__table__.c[n] for n in ("owner", "verified_by")},
        "report_number": RectificationAssessment.__table__.c["report_number"],
    }
    assert TEXT_LIMITS == {name: column.type.length for name, column in columns.items()}
