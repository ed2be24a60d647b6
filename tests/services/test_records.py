"""Scene inspection and interview records on a real database: saved and read back exactly, validated, protected
against overwriting another workstation's save, and frozen once the case is determined or voided."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.rules.records import InspectionDraft, Inspector, InterviewDraft, QuestionAnswer
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, records, workflow
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from fireinvest.services.startup import open_prepared_database
from tests.factories import STEPS_TO_DETERMINATION, local, make_draft, take_steps
from tests.races import saved_meanwhile

E = EventType


def register(workstation):
    return cases.create_case(workstation, make_draft()).value


def inspection(**overrides) -> InspectionDraft:
    values = dict(
        started_at=local(2026, 3, 1, 13, 0),
        ended_at=local(2026, 3, 1, 16, 30),
        place="玄武区中山路100号3栋502室",
        inspectors=[
            Inspector("张明", "南京市玄武区消防救援大队", "火灾调查员"),
            Inspector("李强", "南京市玄武区消防救援大队", "高级专业技术职务"),
        ],
        witness="赵某（物业管理员）",
        weather_sky="晴",
        wind="东北风2级",
        temperature="12℃",
        lighting="自然光，辅以手电照明",
        surroundings="　　该住宅楼为六层砖混结构，502室位于五层东侧。",
        preliminary="　　室内厨房、客厅过火，卧室未过火。",
        detailed="　　冰箱背部压缩机处烧损最重，\n电源线有熔痕。",
        special="",
    )
    values.update(overrides)
    return InspectionDraft(**values)


def interview(**overrides) -> InterviewDraft:
    values = dict(
        interviewee="王某某",
        id_number="320102198001011234",
        role="当事人",
        contact="13800000000",
        started_at=local(2026, 3, 1, 14, 0),
        ended_at=local(2026, 3, 1, 14, 40),
        place="玄武区消防救援大队询问室",
        interviewers=["张明", "李强"],
        questions=[
            QuestionAnswer("我们是玄武区消防救援大队的火灾调查人员，你是否听清楚？", "听清楚了。"),
            QuestionAnswer("你发现起火时在做什么？", "我在客厅看电视，闻到焦味。"),
            QuestionAnswer("冰箱用了多少年？", ""),
        ],
        refused_to_sign=False,
    )
    values.update(overrides)
    return InterviewDraft(**values)


def test_inspection_reads_back_exactly(workstation):
    case = register(workstation)
    outcome = records.create_inspection(workstation, case.id, inspection())
    created = outcome.value
    assert outcome.changes.parts_of(case.id) == {Part.RECORDS}
    stored = records.get_inspection(workstation, created.id)
    listed = records.list_inspections(workstation, case.id)
    assert stored == created and listed == [stored]
    assert stored.to_draft() == inspection()
    assert stored.inspectors[1] == Inspector("李强", "南京市玄武区消防救援大队", "高级专业技术职务")
    assert stored.detailed == "　　冰箱背部压缩机处烧损最重，\n电源线有熔痕。"
    assert (stored.case_id, stored.version, stored.updated_by, stored.read_only) == (case.id, 1, "测试员", False)


def test_interview_reads_back_exactly_with_questions_in_order(workstation):
    case = register(workstation)
    created = records.create_interview(workstation, case.id, interview(refused_to_sign=True)).value
    stored = records.get_interview(workstation, created.id)
    assert stored == created
    assert stored.to_draft() == interview(refused_to_sign=True)
    assert [qa.question for qa in stored.questions] == [
        "我们是玄武区消防救援大队的火灾调查人员，你是否听清楚？",
        "你发现起火时在做什么？",
        "冰箱用了多少年？",
    ]
    assert stored.questions[2].answer == ""
    assert stored.interviewers == ("张明", "李强")


def test_records_are_listed_in_the_order_they_took_place(workstation):
    case = register(workstation)
    later_draft = interview(interviewee="赵某", started_at=local(2026, 3, 2, 9), ended_at=None)
    later = records.create_interview(workstation, case.id, later_draft).value
    earlier = records.create_interview(workstation, case.id, interview()).value
    records.create_inspection(workstation, case.id, inspection(started_at=local(2026, 3, 2, 9), ended_at=None))
    records.create_inspection(workstation, case.id, inspection(place="楼道"))
    assert [r.id for r in records.list_interviews(workstation, case.id)] == [earlier.id, later.id]
    assert [r.place for r in records.list_inspections(workstation, case.id)] == ["楼道", inspection().place]
    both = records.case_records(workstation, case.id)
    assert [r.id for r in both.interviews] == [earlier.id, later.id] and len(both.inspections) == 2
    assert both.read_only_reason is None


def test_update_saves_the_new_text_and_bumps_the_version(db, workstation):
    case = register(workstation)
    first = records.create_interview(workstation, case.id, interview()).value
    draft = first.to_draft()
    draft.questions.append(QuestionAnswer("还有什么要补充的吗？", "没有了。"))
    outcome = records.update_interview(Workstation(db, Actor("李强")), first.id, first.version, draft)
    saved = outcome.value
    assert outcome.changes.parts_of(case.id) == {Part.RECORDS}
    stored = records.get_interview(workstation, first.id)
    assert stored == saved
    assert (stored.version, stored.updated_by) == (2, "李强")
    assert stored.questions[-1] == QuestionAnswer("还有什么要补充的吗？", "没有了。")


def test_invalid_drafts_are_refused_with_chinese_messages_and_save_nothing(workstation):
    case = register(workstation)
    with pytest.raises(ValidationFailed) as refused:
        records.create_inspection(workstation, case.id, inspection(ended_at=local(2026, 3, 1, 12), place="",
                                                                   inspectors=[]))  # fmt: skip
    assert refused.value.errors[0].message == "结束时间不能早于开始时间。"
    assert "请填写勘验地点。" in refused.value.message and "请至少填写一名勘验人员。" in refused.value.message
    with pytest.raises(ValidationFailed, match="第1问的问题不能为空。"):
        records.create_interview(workstation, case.id, interview(questions=[QuestionAnswer("", "是的")]))
    assert records.list_inspections(workstation, case.id) == []
    assert records.list_interviews(workstation, case.id) == []


def test_stale_version_is_refused_naming_who_saved(db, workstation):
    case = register(workstation)
    opened = records.create_inspection(workstation, case.id, inspection()).value
    records.update_inspection(Workstation(db, Actor("李强")), opened.id, opened.version, inspection(wind="无风"))
    with pytest.raises(ConcurrentEditError, match=f"现场勘验笔录（{opened.place}）已被 李强 在其他工作站修改并保存"):
        records.update_inspection(workstation, opened.id, opened.version, inspection(wind="北风1级"))
    assert records.get_inspection(workstation, opened.id).wind == "无风"


def test_a_save_between_reading_and_writing_is_caught_too(workstation):
    case = register(workstation)
    opened = records.create_interview(workstation, case.id, interview()).value
    # Refused by the write itself: the version check had passed, so it cannot name who saved.
    with saved_meanwhile("interviews", opened.id) as played:
        with pytest.raises(ConcurrentEditError, match="询问笔录（王某某）已被 其他用户 在其他工作站修改并保存"):
            records.update_interview(workstation, opened.id, opened.version, interview(contact="无"))
    assert played
    stored = records.get_interview(workstation, opened.id)
    assert (stored.contact, stored.version) == ("13800000000", opened.version)


def test_records_become_read_only_at_the_determination(db, actor, workstation):
    case = register(workstation)
    kept = records.create_inspection(workstation, case.id, inspection()).value
    talk = records.create_interview(workstation, case.id, interview()).value
    take_steps(db, actor, case.id)
    assert records.get_inspection(workstation, kept.id).read_only
    assert [r.read_only for r in records.list_interviews(workstation, case.id)] == [True]
    assert "已作出火灾事故认定" in (records.case_records(workstation, case.id).read_only_reason or "")
    attempts = [
        lambda: records.create_inspection(workstation, case.id, inspection()),
        lambda: records.update_inspection(workstation, kept.id, kept.version, inspection(wind="无风")),
        lambda: records.create_interview(workstation, case.id, interview()),
        lambda: records.update_interview(workstation, talk.id, talk.version, interview(contact="无")),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationFailed, match=f"案件 {case.case_number} 已作出火灾事故认定，笔录已归档为只读"):
            attempt()
    assert records.get_inspection(workstation, kept.id) == kept.__class__(**{**kept.__dict__, "read_only": True})
    assert len(records.list_interviews(workstation, case.id)) == 1

    # Another case, not yet determined, still takes records.
    other = register(workstation)
    fresh = records.create_inspection(workstation, other.id, inspection()).value
    assert not fresh.read_only


def test_a_determination_waits_for_an_edit_in_progress(db, database_url, actor, workstation):
    """Otherwise an edit checked just before the determination could be saved just after it. The edit is held
    just before its commit until the determination, on another workstation, is about to take the case; the
    determination must not get in (it would if the edit did not hold the case) until the edit is committed."""
    case = register(workstation)
    opened = records.create_inspection(workstation, case.id, inspection()).value
    take_steps(db, actor, case.id, STEPS_TO_DETERMINATION[:-1])
    other = open_prepared_database(database_url)
    elsewhere = Workstation(other, Actor("李强"))
    version = cases.get_case(elsewhere, case.id).version
    kind, when, details = STEPS_TO_DETERMINATION[-1]
    editing, taking_the_case, determined = threading.Event(), threading.Event(), threading.Event()
    order: list[str] = []
    me = threading.current_thread()

    def determine_elsewhere() -> None:
        editing.wait(timeout=10)
        workflow.record_step(elsewhere, case.id, version, kind, when, details)
        order.append("determined")
        determined.set()

    def about_to_take_the_case(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        # SQLite: its write transaction begins (and waits for the edit's); PostgreSQL: it locks the case's row.
        if statement.startswith("BEGIN IMMEDIATE") or "FOR NO KEY UPDATE" in statement:
            taking_the_case.set()

    def hold_the_commit(_session) -> None:
        if threading.current_thread() is not me:
            return
        editing.set()
        assert taking_the_case.wait(timeout=10)
        # The determination now waits for this transaction; it must still be waiting a moment later.
        if determined.wait(timeout=0.5):
            order.append("determined before the edit was saved")

    def after_commit(_session) -> None:
        if threading.current_thread() is me:
            order.append("edit saved")

    workstation_b = threading.Thread(target=determine_elsewhere)
    event.listen(other.engine, "before_cursor_execute", about_to_take_the_case)
    event.listen(Session, "before_commit", hold_the_commit)
    event.listen(Session, "after_commit", after_commit)
    try:
        workstation_b.start()
        records.update_inspection(workstation, opened.id, opened.version, inspection(wind="无风"))
        workstation_b.join(timeout=20)
    finally:
        event.remove(Session, "before_commit", hold_the_commit)
        event.remove(Session, "after_commit", after_commit)
        event.remove(other.engine, "before_cursor_execute", about_to_take_the_case)
        other.dispose()
    assert order == ["edit saved", "determined"]
    stored = records.get_inspection(workstation, opened.id)
    assert stored.wind == "无风" and stored.read_only


def test_voided_case_records_are_read_only(workstation):
    case = register(workstation)
    talk = records.create_interview(workstation, case.id, interview()).value
    cases.void_case(workstation, case.id, case.version, "重复登记")
    with pytest.raises(ValidationFailed, match="已作废"):
        records.update_interview(workstation, talk.id, talk.version, interview(contact="无"))
    assert records.get_interview(workstation, talk.id).read_only


def test_unknown_case_or_record_is_not_found(workstation):
    with pytest.raises(NotFound):
        records.create_inspection(workstation, 999_999, inspection())
    with pytest.raises(NotFound, match="询问笔录"):
        records.get_interview(workstation, 999_999)
    with pytest.raises(NotFound, match="现场勘验笔录"):
        records.update_inspection(workstation, 999_999, 1, inspection())
