"""Scene inspection and interview records on a real database: saved and read back exactly, validated, protected
against overwriting another workstation's save, and frozen once the case is determined or voided."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.models import Interview
from fireinvest.rules.records import InspectionDraft, Inspector, InterviewDraft, QuestionAnswer
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, records
from fireinvest.services.actor import Actor
from tests.factories import STEPS_TO_DETERMINATION, local, make_draft, take_steps

E = EventType


def register(db, actor):
    with db.writing() as session:
        return cases.create_case(session, actor, make_draft())


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


def test_inspection_reads_back_exactly(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        created = records.create_inspection(session, actor, case.id, inspection())
    with db.reading() as session:
        stored = records.get_inspection(session, created.id)
        listed = records.list_inspections(session, case.id)
    assert stored == created and listed == [stored]
    assert stored.to_draft() == inspection()
    assert stored.inspectors[1] == Inspector("李强", "南京市玄武区消防救援大队", "高级专业技术职务")
    assert stored.detailed == "　　冰箱背部压缩机处烧损最重，\n电源线有熔痕。"
    assert (stored.case_id, stored.version, stored.updated_by, stored.read_only) == (case.id, 1, "测试员", False)


def test_interview_reads_back_exactly_with_questions_in_order(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        created = records.create_interview(session, actor, case.id, interview(refused_to_sign=True))
    with db.reading() as session:
        stored = records.get_interview(session, created.id)
    assert stored == created
    assert stored.to_draft() == interview(refused_to_sign=True)
    assert [qa.question for qa in stored.questions] == [
        "我们是玄武区消防救援大队的火灾调查人员，你是否听清楚？",
        "你发现起火时在做什么？",
        "冰箱用了多少年？",
    ]
    assert stored.questions[2].answer == ""
    assert stored.interviewers == ("张明", "李强")


def test_records_are_listed_in_the_order_they_took_place(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        later = records.create_interview(session, actor, case.id, interview(interviewee="赵某",
                                         started_at=local(2026, 3, 2, 9), ended_at=None))  # fmt: skip
        earlier = records.create_interview(session, actor, case.id, interview())
        records.create_inspection(session, actor, case.id, inspection(started_at=local(2026, 3, 2, 9), ended_at=None))
        records.create_inspection(session, actor, case.id, inspection(place="楼道"))
    with db.reading() as session:
        assert [r.id for r in records.list_interviews(session, case.id)] == [earlier.id, later.id]
        assert [r.place for r in records.list_inspections(session, case.id)] == ["楼道", inspection().place]


def test_update_saves_the_new_text_and_bumps_the_version(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        first = records.create_interview(session, actor, case.id, interview())
    draft = first.to_draft()
    draft.questions.append(QuestionAnswer("还有什么要补充的吗？", "没有了。"))
    with db.writing() as session:
        saved = records.update_interview(session, Actor("李强"), first.id, first.version, draft)
    with db.reading() as session:
        stored = records.get_interview(session, first.id)
    assert stored == saved
    assert (stored.version, stored.updated_by) == (2, "李强")
    assert stored.questions[-1] == QuestionAnswer("还有什么要补充的吗？", "没有了。")


def test_invalid_drafts_are_refused_with_chinese_messages_and_save_nothing(db, actor):
    case = register(db, actor)
    with pytest.raises(ValidationFailed) as refused:
        with db.writing() as session:
            records.create_inspection(session, actor, case.id, inspection(ended_at=local(2026, 3, 1, 12), place="",
                                                                          inspectors=[]))  # fmt: skip
    assert refused.value.errors[0].message == "结束时间不能早于开始时间。"
    assert "请填写勘验地点。" in refused.value.message and "请至少填写一名勘验人员。" in refused.value.message
    with pytest.raises(ValidationFailed, match="第1问的问题不能为空。"):
        with db.writing() as session:
            records.create_interview(session, actor, case.id, interview(questions=[QuestionAnswer("", "是的")]))
    with db.reading() as session:
        assert records.list_inspections(session, case.id) == []
        assert records.list_interviews(session, case.id) == []


def test_stale_version_is_refused_naming_who_saved(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        opened = records.create_inspection(session, actor, case.id, inspection())
    with db.writing() as session:
        records.update_inspection(session, Actor("李强"), opened.id, opened.version, inspection(wind="无风"))
    with pytest.raises(ConcurrentEditError, match="李强"):
        with db.writing() as session:
            records.update_inspection(session, actor, opened.id, opened.version, inspection(wind="北风1级"))
    with db.reading() as session:
        assert records.get_inspection(session, opened.id).wind == "无风"


def test_a_save_between_reading_and_writing_is_caught_too(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        opened = records.create_interview(session, actor, case.id, interview())
    # Refused by the write itself: the version check had passed, so it cannot name who saved.
    with pytest.raises(ConcurrentEditError, match="其他用户"):
        with db.writing() as session:
            # Hold the row in this session at version 1, as if the service had just read it ...
            held = session.get(Interview, opened.id)
            assert held is not None and held.version == opened.version
            # ... when another workstation's save lands before this one writes.
            session.execute(text("UPDATE interviews SET version = version + 1 WHERE id = :id"), {"id": opened.id})
            records.update_interview(session, actor, opened.id, opened.version, interview(contact="无"))
    with db.reading() as session:
        assert records.get_interview(session, opened.id).contact == "13800000000"


def test_records_become_read_only_at_the_determination(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        kept = records.create_inspection(session, actor, case.id, inspection())
        talk = records.create_interview(session, actor, case.id, interview())
    take_steps(db, actor, case.id)
    with db.reading() as session:
        assert records.get_inspection(session, kept.id).read_only
        assert [r.read_only for r in records.list_interviews(session, case.id)] == [True]
    attempts = [
        lambda s: records.create_inspection(s, actor, case.id, inspection()),
        lambda s: records.update_inspection(s, actor, kept.id, kept.version, inspection(wind="无风")),
        lambda s: records.create_interview(s, actor, case.id, interview()),
        lambda s: records.update_interview(s, actor, talk.id, talk.version, interview(contact="无")),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationFailed, match=f"案件 {case.case_number} 已作出火灾事故认定，笔录已归档为只读"):
            with db.writing() as session:
                attempt(session)
    with db.reading() as session:
        assert records.get_inspection(session, kept.id) == kept.__class__(**{**kept.__dict__, "read_only": True})
        assert len(records.list_interviews(session, case.id)) == 1

    # Another case, not yet determined, still takes records.
    other = register(db, actor)
    with db.writing() as session:
        fresh = records.create_inspection(session, actor, other.id, inspection())
    assert not fresh.read_only


def test_a_determination_waits_for_an_edit_in_progress(db, actor):
    """Otherwise an edit checked just before the determination could be saved just after it."""
    case = register(db, actor)
    with db.writing() as session:
        opened = records.create_inspection(session, actor, case.id, inspection())
    take_steps(db, actor, case.id, STEPS_TO_DETERMINATION[:-1])
    editing, determined_at = threading.Event(), []

    def determine_elsewhere() -> None:
        editing.wait(timeout=10)
        take_steps(db, Actor("李强"), case.id, STEPS_TO_DETERMINATION[-1:])
        determined_at.append(time.monotonic())

    other_workstation = threading.Thread(target=determine_elsewhere)
    other_workstation.start()
    with db.writing() as session:
        records.update_inspection(session, actor, opened.id, opened.version, inspection(wind="无风"))
        editing.set()
        time.sleep(0.5)  # the determination is now trying to get in
        committed_at = time.monotonic()
    other_workstation.join(timeout=20)
    assert determined_at and determined_at[0] > committed_at
    with db.reading() as session:
        assert records.get_inspection(session, opened.id).read_only


def test_voided_case_records_are_read_only(db, actor):
    case = register(db, actor)
    with db.writing() as session:
        talk = records.create_interview(session, actor, case.id, interview())
    with db.writing() as session:
        cases.void_case(session, actor, case.id, case.version, "重复登记")
    with pytest.raises(ValidationFailed, match="已作废"):
        with db.writing() as session:
            records.update_interview(session, actor, talk.id, talk.version, interview(contact="无"))
    with db.reading() as session:
        assert records.get_interview(session, talk.id).read_only


def test_unknown_case_or_record_is_not_found(db, actor):
    with pytest.raises(NotFound):
        with db.writing() as session:
            records.create_inspection(session, actor, 999_999, inspection())
    with pytest.raises(NotFound, match="询问笔录"):
        with db.reading() as session:
            records.get_interview(session, 999_999)
