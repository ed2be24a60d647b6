"""The expert register: saved and listed, name and unit unique together, retired experts kept for old reviews, and
another workstation's newer save never overwritten."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.experts import (
    ExpertRecord,
    deactivate_expert,
    find_or_create_expert,
    get_expert,
    list_experts,
    save_expert,
)
from fireinvest.services.reviews import lifecycle as reviews
from tests.factories import make_draft


def save(db, actor, record: ExpertRecord) -> ExpertRecord:
    with db.writing() as session:
        return save_expert(session, actor, record)


def test_experts_are_saved_trimmed_and_listed_by_name(db, actor):
    save(db, actor, ExpertRecord(None, " 王海燕 ", " 某工业大学 ", "火灾动力学", "教授", "025-58130003"))
    chen = save(db, actor, ExpertRecord(None, "陈立新", "应急管理部天津消防研究所", "电气火灾", "研究员"))
    with db.reading() as session:
        listed = list_experts(session)
    assert [(e.name, e.unit) for e in listed] == [("王海燕", "某工业大学"), ("陈立新", "应急管理部天津消防研究所")]
    assert listed[0].contact == "025-58130003" and listed[0].version == 1
    assert chen.display_name == "陈立新（研究员，应急管理部天津消防研究所）"


def test_a_name_may_repeat_in_another_unit_but_not_in_the_same_one(db, actor):
    save(db, actor, ExpertRecord(None, "刘建华", "某省消防救援总队"))
    save(db, actor, ExpertRecord(None, "刘建华", "某市消防救援支队"))
    with pytest.raises(ValidationFailed, match="专家库中已有同一单位的“刘建华”（某省消防救援总队），请勿重复登记"):
        save(db, actor, ExpertRecord(None, "刘建华", "某省消防救援总队 ", title="高级工程师"))
    with pytest.raises(ValidationFailed) as refused:
        save(db, actor, ExpertRecord(None, "  ", title="职" * 51))
    assert [e.message for e in refused.value.errors] == ["请填写专家姓名。", "职称最多50个字，请删减。"]
    with db.reading() as session:
        assert len(list_experts(session)) == 2


def test_stale_edits_are_refused(db, actor):
    opened = save(db, actor, ExpertRecord(None, "赵文斌", "某电力科学研究院"))
    save(db, Actor("李强"), ExpertRecord(opened.id, "赵文斌", "某电力科学研究院", title="高级工程师", version=1))
    with pytest.raises(ConcurrentEditError, match="赵文斌"):
        save(db, actor, ExpertRecord(opened.id, "赵文斌", "某电力科学研究院", contact="138", version=opened.version))
    with pytest.raises(ConcurrentEditError):
        with db.writing() as session:
            deactivate_expert(session, actor, opened.id, opened.version)
    with db.reading() as session:
        kept = get_expert(session, opened.id)
    assert (kept.title, kept.contact, kept.active) == ("高级工程师", "", True)
    with pytest.raises(NotFound):
        with db.reading() as session:
            get_expert(session, 99999)


def test_retired_experts_leave_the_list_but_stay_on_their_reviews(db, actor):
    with db.writing() as session:
        case_id = cases.create_case(session, actor, make_draft()).id
    kept = save(db, actor, ExpertRecord(None, "周敏", "某大学"))
    retiring = save(db, actor, ExpertRecord(None, "徐丽", "某市公安局物证鉴定所"))
    draft = ReviewDraft(held_on=dt.date(2026, 3, 10), opinions=[ExpertOpinion(kept.id), ExpertOpinion(retiring.id)])
    with db.writing() as session:
        review = reviews.create_review(session, actor, case_id, draft)
        deactivate_expert(session, actor, retiring.id, retiring.version)
    with db.reading() as session:
        assert [e.name for e in list_experts(session)] == ["周敏"]
        assert [e.name for e in list_experts(session, include_inactive=True)] == ["周敏", "徐丽"]
    with db.writing() as session:  # already seated: the draft can still be saved
        review = reviews.update_review(session, actor, review.id, review.version, draft)
    assert [o.name for o in review.opinions] == ["周敏", "徐丽"]
    with pytest.raises(ValidationFailed, match="第1名专家“徐丽”已停用，不能再选为论证专家"):
        with db.writing() as session:
            new_draft = ReviewDraft(held_on=dt.date(2026, 3, 11), opinions=[ExpertOpinion(retiring.id)])
            reviews.create_review(session, actor, case_id, new_draft)


def test_imports_find_experts_by_name_and_unit(db, actor):
    with db.writing() as session:
        first, new = find_or_create_expert(session, actor, "郭建平", "某理工大学", "危险化学品", "教授")
        again, again_new = find_or_create_expert(session, actor, "郭建平", "某理工大学", "化工", "")
        namesake, namesake_new = find_or_create_expert(session, actor, "郭建平", "某化工研究院")
    assert (new, again_new, namesake_new) == (True, False, True)
    assert again == first and again.specialty == "危险化学品"  # an import does not overwrite the register
    assert namesake.id != first.id
