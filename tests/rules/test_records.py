"""Checks on scene inspection and interview drafts, and the rule that freezes records at the determination."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.models import Interview, SceneInspection
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.records import (
    INSPECTION_TEXT_LIMITS,
    INTERVIEW_TEXT_LIMITS,
    InspectionDraft,
    Inspector,
    InterviewDraft,
    QuestionAnswer,
    normalised_inspection,
    normalised_interview,
    read_only_reason,
    validate_inspection,
    validate_interview,
)
from fireinvest.rules.workflow import EventType
from tests.factories import local


def inspection(**overrides) -> InspectionDraft:
    values = dict(
        started_at=local(2026, 3, 1, 13, 0),
        ended_at=local(2026, 3, 1, 16, 30),
        place="玄武区中山路100号3栋502室",
        inspectors=[Inspector("张明", "玄武区消防救援大队", "火灾调查员")],
    )
    values.update(overrides)
    return InspectionDraft(**values)


def interview(**overrides) -> InterviewDraft:
    values = dict(
        interviewee="王某某",
        started_at=local(2026, 3, 1, 14, 0),
        ended_at=local(2026, 3, 1, 14, 40),
        place="玄武区消防救援大队询问室",
        interviewers=["张明", "李强"],
        questions=[QuestionAnswer("你发现起火时在做什么？", "我在客厅看电视。")],
    )
    values.update(overrides)
    return InterviewDraft(**values)


def messages(errors) -> list[str]:
    return [e.message for e in errors]


def test_complete_drafts_pass():
    assert validate_inspection(inspection()) == []
    assert validate_interview(interview()) == []


def test_start_time_and_place_are_required():
    errors = validate_inspection(inspection(started_at=None, ended_at=None, place="  "))
    assert [(e.field, e.message) for e in errors] == [("started_at", "请填写开始时间。"), ("place", "请填写勘验地点。")]
    errors = validate_interview(interview(started_at=None, ended_at=None, place=""))
    assert messages(errors) == ["请填写开始时间。", "请填写询问地点。"]


def test_end_may_not_come_before_start():
    early_end = local(2026, 3, 1, 12, 59)
    assert messages(validate_inspection(inspection(ended_at=early_end))) == ["结束时间不能早于开始时间。"]
    assert messages(validate_interview(interview(ended_at=local(2026, 3, 1, 13)))) == ["结束时间不能早于开始时间。"]
    # Ending at the very minute it started is allowed, and so is a record whose end is not yet known.
    assert validate_inspection(inspection(ended_at=local(2026, 3, 1, 13, 0))) == []
    assert validate_inspection(inspection(ended_at=None)) == []


def test_times_must_carry_a_time_zone():
    naive = dt.datetime(2026, 3, 1, 13, 0)
    errors = validate_inspection(inspection(started_at=naive, ended_at=naive + dt.timedelta(hours=1)))
    assert messages(errors) == ["开始时间缺少时区。", "结束时间缺少时区。"]


def test_inspection_needs_a_named_inspector():
    assert messages(validate_inspection(inspection(inspectors=[]))) == ["请至少填写一名勘验人员。"]
    unnamed = [Inspector("张明"), Inspector(" ", "玄武区消防救援大队", "火灾调查员")]
    assert messages(validate_inspection(inspection(inspectors=unnamed))) == ["第2名勘验人员缺少姓名。"]


def test_interview_needs_interviewee_interviewer_and_questions_with_text():
    errors = validate_interview(interview(interviewee="", interviewers=[]))
    assert messages(errors) == ["请填写被询问人姓名。", "请至少填写一名询问人。"]
    assert messages(validate_interview(interview(interviewers=["张明", ""]))) == ["第2名询问人缺少姓名。"]
    questions = [QuestionAnswer("你叫什么名字？", "王某某"), QuestionAnswer("  ", "不知道")]
    assert messages(validate_interview(interview(questions=questions))) == ["第2问的问题不能为空。"]


def test_an_answer_may_stay_empty():
    assert validate_interview(interview(questions=[QuestionAnswer("起火前你在哪里？", "")])) == []


def test_texts_must_fit_their_columns():
    errors = validate_inspection(inspection(place="路" * 201, weather_sky="晴" * 31))
    assert messages(errors) == ["地点最多200个字，请删减。", "天气最多30个字，请删减。"]
    assert validate_inspection(inspection(place="路" * 200)) == []
    errors = validate_interview(interview(id_number="1" * 41))
    assert [(e.field, e.message) for e in errors] == [("id_number", "身份证件号码最多40个字，请删减。")]


@pytest.mark.parametrize(
    ("model", "limits"), [(SceneInspection, INSPECTION_TEXT_LIMITS), (Interview, INTERVIEW_TEXT_LIMITS)]
)
def test_limits_agree_with_the_columns(model, limits):
    columns = {c.name: c.type.length for c in model.__table__.columns if getattr(c.type, "length", None)}
    del columns["updated_by"]  # set from the actor, not typed into the form
    assert limits == columns


def test_normalising_trims_names_but_keeps_the_findings_and_answers_as_typed():
    draft = normalised_inspection(inspection(place=" 中山路100号 ", inspectors=[Inspector(" 张明 ", " 大队 ", "")],
                                             detailed="　　冰箱背部压缩机处烧损严重。\n"))  # fmt: skip
    assert draft.place == "中山路100号"
    assert draft.inspectors == [Inspector("张明", "大队", "")]
    assert draft.detailed == "　　冰箱背部压缩机处烧损严重。\n"
    talk = normalised_interview(interview(interviewee=" 王某某", questions=[QuestionAnswer(" 问？ ", " 答。 ")]))
    assert talk.interviewee == "王某某"
    assert talk.questions == [QuestionAnswer("问？", " 答。 ")]


@pytest.mark.parametrize("determination", [EventType.DETERMINED, EventType.SIMPLE_DETERMINED, EventType.REDETERMINED])
def test_records_freeze_at_any_determination(determination):
    history = [EventType.REGISTERED, EventType.INVESTIGATION_STARTED, determination, EventType.SERVED]
    reason = read_only_reason("玄消火案〔2026〕第0001号", CaseStatus.SERVED, history)
    assert reason is not None and "已作出火灾事故认定" in reason and "玄消火案〔2026〕第0001号" in reason


def test_records_stay_editable_before_the_determination_and_freeze_when_voided():
    before = [EventType.REGISTERED, EventType.INVESTIGATION_STARTED, EventType.HEARING_HELD]
    assert read_only_reason("X", CaseStatus.HEARING, before) is None
    assert "已作废" in (read_only_reason("X", CaseStatus.VOIDED, [EventType.REGISTERED]) or "")
