"""The expert register: saved and listed, name and unit unique together, retired experts kept for old reviews,
another workstation's newer save never overwritten, and imports that bring the same new expert at the same moment
registering one expert."""

from __future__ import annotations

import datetime as dt

import pytest

from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Part, Register
from fireinvest.services.experts import (
    ExpertRecord,
    deactivate_expert,
    find_or_create_expert,
    get_expert,
    list_experts,
    save_expert,
)
from fireinvest.services.front_door import Workstation, writes
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.services.unit_of_work import UnitOfWork
from tests.factories import make_draft
from tests.races import saved_meanwhile
from tests.workstations import race_workstations

EXPERTS_PER_IMPORT = 20


def save(workstation: Workstation, record: ExpertRecord) -> ExpertRecord:
    return save_expert(workstation, record).value


def test_experts_are_saved_trimmed_and_listed_by_name(workstation):
    outcome = save_expert(
        workstation, ExpertRecord(None, " 王海燕 ", " 某工业大学 ", "火灾动力学", "教授", "025-58130003")
    )
    assert outcome.changes.touches_register(Register.EXPERTS)
    chen = save(workstation, ExpertRecord(None, "陈立新", "应急管理部天津消防研究所", "电气火灾", "研究员"))
    listed = list_experts(workstation)
    assert [(e.name, e.unit) for e in listed] == [("王海燕", "某工业大学"), ("陈立新", "应急管理部天津消防研究所")]
    assert listed[0].contact == "025-58130003" and listed[0].version == 1
    assert chen.display_name == "陈立新（研究员，应急管理部天津消防研究所）"


def test_a_name_may_repeat_in_another_unit_but_not_in_the_same_one(workstation):
    save(workstation, ExpertRecord(None, "刘建华", "某省消防救援总队"))
    save(workstation, ExpertRecord(None, "刘建华", "某市消防救援支队"))
    with pytest.raises(ValidationFailed, match="专家库中已有同一单位的“刘建华”（某省消防救援总队），请勿重复登记"):
        save(workstation, ExpertRecord(None, "刘建华", "某省消防救援总队 ", title="高级工程师"))
    with pytest.raises(ValidationFailed) as refused:
        save(workstation, ExpertRecord(None, "  ", title="职" * 51))
    assert [e.message for e in refused.value.errors] == ["请填写专家姓名。", "职称最多50个字，请删减。"]
    assert len(list_experts(workstation)) == 2


def test_stale_edits_are_refused(db, workstation):
    opened = save(workstation, ExpertRecord(None, "赵文斌", "某电力科学研究院"))
    save(Workstation(db, Actor("李强")), ExpertRecord(opened.id, "赵文斌", "某电力科学研究院", title="高级工程师",
                                                     version=1))  # fmt: skip
    refusal = "专家“赵文斌”已被 李强 在其他工作站修改并保存。为避免覆盖对方的修改，本次操作未执行"
    with pytest.raises(ConcurrentEditError, match=refusal):
        save(workstation, ExpertRecord(opened.id, "赵文斌", "某电力科学研究院", contact="138", version=opened.version))
    with pytest.raises(ConcurrentEditError, match=refusal):
        deactivate_expert(workstation, opened.id, opened.version)
    kept = get_expert(workstation, opened.id)
    assert (kept.title, kept.contact, kept.active) == ("高级工程师", "", True)
    with pytest.raises(NotFound):
        get_expert(workstation, 99999)


def test_a_save_between_reading_and_writing_is_refused_and_changes_nothing(workstation):
    opened = save(workstation, ExpertRecord(None, "赵文斌", "某电力科学研究院"))
    assert opened.id is not None
    for change in (
        lambda: save_expert(
            workstation, ExpertRecord(opened.id, "赵文斌", "某电力科学研究院", contact="138", version=opened.version)
        ),  # fmt: skip
        lambda: deactivate_expert(workstation, opened.id, opened.version),
    ):
        with saved_meanwhile("experts", opened.id) as played:
            with pytest.raises(ConcurrentEditError, match="专家“赵文斌”已被 其他用户 在其他工作站修改并保存"):
                change()
        assert played
    assert get_expert(workstation, opened.id) == opened


def test_retired_experts_leave_the_list_but_stay_on_their_reviews(workstation):
    case_id = cases.create_case(workstation, make_draft()).value.id
    kept = save(workstation, ExpertRecord(None, "周敏", "某大学"))
    retiring = save(workstation, ExpertRecord(None, "徐丽", "某市公安局物证鉴定所"))
    assert kept.id is not None and retiring.id is not None
    draft = ReviewDraft(held_on=dt.date(2026, 3, 10), opinions=[ExpertOpinion(kept.id), ExpertOpinion(retiring.id)])
    review = reviews.create_review(workstation, case_id, draft).value
    outcome = deactivate_expert(workstation, retiring.id, retiring.version)
    assert outcome.changes.touches_register(Register.EXPERTS)
    assert [e.name for e in list_experts(workstation)] == ["周敏"]
    assert [e.name for e in list_experts(workstation, include_inactive=True)] == ["周敏", "徐丽"]
    # already seated: the draft can still be saved
    review = reviews.update_review(workstation, review.id, review.version, draft).value
    assert [o.name for o in review.opinions] == ["周敏", "徐丽"]
    with pytest.raises(ValidationFailed, match="第1名专家“徐丽”已停用，不能再选为论证专家"):
        new_draft = ReviewDraft(held_on=dt.date(2026, 3, 11), opinions=[ExpertOpinion(retiring.id)])
        reviews.create_review(workstation, case_id, new_draft)


def test_an_edited_expert_changes_the_reviews_they_sat_on(workstation):
    sat, other = (cases.create_case(workstation, make_draft()).value.id for _ in range(2))
    expert = save(workstation, ExpertRecord(None, "周敏", "某大学"))
    assert expert.id is not None
    reviews.create_review(workstation, sat, ReviewDraft(held_on=dt.date(2026, 3, 10),
                                                        opinions=[ExpertOpinion(expert.id)]))  # fmt: skip
    outcome = save_expert(workstation, ExpertRecord(expert.id, "周敏", "某大学", title="教授", version=expert.version))
    assert outcome.changes.touches(sat, Part.REVIEWS) and not outcome.changes.touches(other)
    assert reviews.reviews_of_case(workstation, sat)[0].opinions[0].title == "教授"


@writes
def bring_expert(uow: UnitOfWork, name: str, unit: str, specialty: str = "", title: str = "") -> tuple[int, bool]:
    """What an import does for each expert its reviews name: find them in the register, or register them."""
    expert, new = find_or_create_expert(uow, name, unit, specialty, title)
    assert expert.id is not None
    return expert.id, new


def test_imports_find_experts_by_name_and_unit(workstation):
    first, new = bring_expert(workstation, "郭建平", "某理工大学", "危险化学品", "教授").value
    again, again_new = bring_expert(workstation, "郭建平", "某理工大学", "化工", "").value
    namesake, namesake_new = bring_expert(workstation, "郭建平", "某化工研究院").value
    assert (new, again_new, namesake_new) == (True, False, True)
    assert again == first and get_expert(workstation, again).specialty == "危险化学品"  # imports do not overwrite
    assert namesake != first


def import_expert(workstation: Workstation, n: int) -> tuple[int, bool]:
    """A workstation's import brings the n-th expert (module level, so a spawned process can run it)."""
    return bring_expert(workstation, f"专家{n:02d}", "某研究所").value


def test_imports_at_the_same_moment_register_a_new_expert_once(database_url, db, workstation):
    shares = {"甲": range(EXPERTS_PER_IMPORT), "乙": range(EXPERTS_PER_IMPORT)}
    reported = race_workstations(database_url, import_expert, shares)

    registered = list_experts(workstation)
    assert [e.name for e in registered] == [f"专家{n:02d}" for n in range(EXPERTS_PER_IMPORT)]
    for n, (mine, theirs) in enumerate(zip(reported["甲"], reported["乙"])):
        assert mine[0] == theirs[0] == registered[n].id  # both imports use the one expert
        assert mine[1] != theirs[1]  # registered by exactly one of them
