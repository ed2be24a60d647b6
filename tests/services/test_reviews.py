"""Expert reviews on a real database: the determination gate, writing up and concluding a review, superseding it,
its material, and the protection against editing a frozen review or overwriting another workstation's save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.models import ExpertReview, ReviewOpinion
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft, ReviewPurpose, ReviewStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.attachments.intake import AttachmentRecord, add_attachments, list_attachments
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import Workstation
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.services.reviews.gate import replace_review_rule
from tests.factories import STEPS_TO_DETERMINATION, local, make_draft, register_experts, take_step, take_steps
from tests.races import saved_meanwhile

E = EventType
DEATH = "有人员死亡（1人）"
BLOCKED = f"作出认定前需要经专家论证并形成结论（原因：{DEATH}）"


def register(workstation: Workstation, **overrides) -> int:
    return cases.create_case(workstation, make_draft(**overrides)).value.id


def heard(workstation: Workstation, case_id: int) -> None:
    take_steps(workstation.database, workstation.actor, case_id, STEPS_TO_DETERMINATION[:-1])


def determine(workstation: Workstation, case_id: int):
    return take_step(workstation.database, workstation.actor, case_id, E.DETERMINED, local(2026, 3, 25),
                     cause_category="电气")  # fmt: skip


def review_draft(experts: list[int], **overrides) -> ReviewDraft:
    values = dict(
        purpose=ReviewPurpose.CAUSE_DETERMINATION, held_on=dt.date(2026, 3, 18), place="支队三楼会议室",
        question="起火部位、起火点和起火原因的认定",
        opinions=[ExpertOpinion(experts[0], "冰箱压缩机启动器处有熔痕，同意认定为电气故障。"),
                  ExpertOpinion(experts[1], "同意。"), ExpertOpinion(experts[2], "同意，建议补充询问用电情况。")],
        conclusion="　　经论证，专家组一致认为起火原因为冰箱电气线路短路。",
    )  # fmt: skip
    values.update(overrides)
    return ReviewDraft(**values)


def create(workstation: Workstation, case_id: int, draft: ReviewDraft) -> reviews.ReviewRecord:
    return reviews.create_review(workstation, case_id, draft).value


def conclude(workstation: Workstation, review: reviews.ReviewRecord) -> reviews.ReviewRecord:
    return reviews.conclude_review(workstation, review.id, review.version).value


def attach_file(workstation: Workstation, case_id: int, path: Path, content: bytes) -> AttachmentRecord:
    """A file added on the case's 附件 tab."""
    path.write_bytes(content)
    (record,) = add_attachments(workstation, case_id, [path]).value
    return record


def test_a_determination_waits_for_a_concluded_cause_review(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    heard(workstation, case_id)
    assert reviews.review_gate(workstation, case_id) == [DEATH]
    with pytest.raises(ValidationFailed, match=BLOCKED):
        determine(workstation, case_id)

    # A draft is not enough, nor is a concluded review of another purpose.
    draft = create(workstation, case_id, review_draft(experts))
    evaluation = create(workstation, case_id, review_draft(experts, purpose=ReviewPurpose.CASE_EVALUATION))
    conclude(workstation, evaluation)
    with pytest.raises(ValidationFailed, match=BLOCKED):
        determine(workstation, case_id)

    outcome = reviews.conclude_review(workstation, draft.id, draft.version)
    concluded = outcome.value
    assert concluded.status == ReviewStatus.CONCLUDED and concluded.concluded_by == actor.name
    assert outcome.changes.parts_of(case_id) == {Part.REVIEWS}  # the 专家论证 tab shows the gate opening
    assert reviews.review_gate(workstation, case_id) == []
    timeline = determine(workstation, case_id)
    assert timeline.status == CaseStatus.DETERMINED
    assert [e.type for e in timeline.events][-1] == E.DETERMINED


def test_the_tab_reads_the_reviews_with_the_gate(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    shown = reviews.case_reviews(workstation, case_id)
    assert (shown.reviews, shown.required, shown.blocked) == ((), (DEATH,), (DEATH,))
    concluded = conclude(workstation, create(workstation, case_id, review_draft(experts)))
    shown = reviews.case_reviews(workstation, case_id)
    assert (shown.reviews, shown.required, shown.blocked) == ((concluded,), (DEATH,), ())
    assert reviews.case_reviews(workstation, register(workstation)).required == ()
    with pytest.raises(NotFound):
        reviews.case_reviews(workstation, 99999)


def test_cases_the_rule_does_not_cover_are_determined_without_a_review(workstation):
    case_id = register(workstation)
    heard(workstation, case_id)
    assert reviews.review_gate(workstation, case_id) == []
    assert determine(workstation, case_id).status == CaseStatus.DETERMINED


def test_every_reason_is_named_and_the_rule_is_configurable(workstation):
    case_id = register(workstation, deaths=3, facts_disputed=True)
    assert reviews.review_gate(workstation, case_id) == [
        "有人员死亡（3人）",
        "火灾等级为较大及以上（较大）",
        "当事人对火灾事实或起火原因有争议",
    ]
    outcome = replace_review_rule(workstation, {"min_deaths": 5, "min_grade": "重大", "facts_disputed": False})
    assert outcome.changes.touches_register(Register.RULES) and outcome.changes.touches(case_id, Part.REVIEWS)
    assert reviews.review_gate(workstation, case_id) == []
    with pytest.raises(ValidationFailed, match="专家论证规则格式错误"):
        replace_review_rule(workstation, {"min_grade": "很大"})


def test_a_review_reads_back_with_its_experts_in_order(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    dissenting = [
        ExpertOpinion(experts[3], "不能排除电热毯引起火灾。", dissents=True),
        ExpertOpinion(experts[0], "同意。"),
    ]
    outcome = reviews.create_review(workstation, case_id, review_draft(experts, opinions=dissenting,
                                                                       place="  大队会议室 "))  # fmt: skip
    created = outcome.value
    assert outcome.changes.parts_of(case_id) == {Part.REVIEWS}
    (stored,) = reviews.reviews_of_case(workstation, case_id)
    assert stored == created and not stored.read_only
    assert stored.place == "大队会议室" and stored.conclusion.startswith("　　经论证")
    assert [(o.name, o.unit, o.title, o.specialty, o.dissents) for o in stored.opinions] == [
        ("赵文斌", "某电力科学研究院", "高级工程师", "电气线路", True),
        ("陈立新", "应急管理部天津消防研究所", "研究员", "电气火灾", False),
    ]
    assert stored.to_draft().opinions == dissenting
    with pytest.raises(ValidationFailed, match="第1名专家持不同意见，请在“不同意见”中记录"):
        conclude(workstation, stored)
    recorded = review_draft(experts, opinions=dissenting, dissent="赵文斌认为不能排除电热毯。")
    updated = reviews.update_review(workstation, stored.id, stored.version, recorded).value
    assert conclude(workstation, updated).dissent == "赵文斌认为不能排除电热毯。"


def test_invalid_reviews_are_refused_and_save_nothing(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    future = dt.date.today() + dt.timedelta(days=3)
    bad = review_draft(experts, held_on=future, opinions=[ExpertOpinion(experts[0]), ExpertOpinion(experts[0]),
                                                          ExpertOpinion(99999)])  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        create(workstation, case_id, bad)
    assert [e.message for e in refused.value.errors] == [
        f"论证日期（{future.isoformat()}）不能晚于今天：只能记录已经举行的论证。",
        "第2名专家与第1名是同一人，请删除重复的一行。",
        "第3名专家不在专家库中（内部编号 99999）。",
    ]
    assert reviews.reviews_of_case(workstation, case_id) == []
    with pytest.raises(NotFound):
        create(workstation, 99999, review_draft(experts))
    with pytest.raises(NotFound):
        reviews.review_detail(workstation, 99999)


def test_a_concluded_review_cannot_be_edited_or_concluded_again(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    concluded = conclude(workstation, create(workstation, case_id, review_draft(experts)))
    assert concluded.read_only
    with pytest.raises(ValidationFailed, match=f"由 {actor.name} 形成结论，不能再修改；如需改变结论，请重新组织论证"):
        reviews.update_review(workstation, concluded.id, concluded.version,
                              review_draft(experts, conclusion="改为不明确原因。"))  # fmt: skip
    with pytest.raises(ValidationFailed, match="形成结论，不能再修改"):
        conclude(workstation, concluded)
    with pytest.raises(ValidationFailed, match="形成结论，不能再修改"):
        reviews.delete_review_draft(workstation, concluded.id, concluded.version)
    assert reviews.review_detail(workstation, concluded.id) == concluded


def test_superseding_a_concluded_review(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    heard(workstation, case_id)
    first = conclude(workstation, create(workstation, case_id, review_draft(experts)))
    draft = create(workstation, case_id, review_draft(experts))
    with pytest.raises(ValidationFailed, match="尚未形成结论，可以直接修改"):
        reviews.supersede_review(workstation, draft.id, review_draft(experts))
    reviews.delete_review_draft(workstation, draft.id, draft.version)

    seats = [ExpertOpinion(experts[3], "电热毯温控器有熔珠。"), ExpertOpinion(experts[1], "同意。")]
    changed = review_draft(experts, held_on=dt.date(2026, 3, 19), conclusion="起火原因改为电热毯故障。", opinions=seats)
    second = reviews.supersede_review(workstation, first.id, changed).value
    # While the new review is being written up the old one still stands, and still opens the gate.
    assert second.status == ReviewStatus.DRAFT and second.supersedes_id == first.id
    assert reviews.review_detail(workstation, first.id).status == ReviewStatus.CONCLUDED
    assert reviews.review_detail(workstation, first.id).superseded_by_id == second.id
    assert reviews.review_gate(workstation, case_id) == []
    with pytest.raises(ValidationFailed, match="已有一份取代该论证的草稿（论证日期 2026-03-19）"):
        reviews.supersede_review(workstation, first.id, changed)

    conclude(workstation, second)
    old, new = reviews.reviews_of_case(workstation, case_id)
    assert (old.id, old.status, old.superseded_by_id) == (first.id, ReviewStatus.SUPERSEDED, second.id)
    assert (new.status, new.conclusion, [o.name for o in new.opinions]) == (
        ReviewStatus.CONCLUDED, "起火原因改为电热毯故障。", ["赵文斌", "刘建华"])  # fmt: skip
    assert old.conclusion == first.conclusion  # the superseded review stays on file as it was
    assert reviews.review_gate(workstation, case_id) == []
    with pytest.raises(ValidationFailed, match="已被后来的论证取代，作为历史记录保存，不能再修改"):
        reviews.update_review(workstation, old.id, old.version, review_draft(experts))
    with pytest.raises(ValidationFailed, match="已被取代；如需再次改变结论，请取代最新的论证"):
        reviews.supersede_review(workstation, old.id, changed)
    assert determine(workstation, case_id).status == CaseStatus.DETERMINED


def test_a_superseding_review_may_be_concluded_at_once_but_keeps_purpose_and_order(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    first = conclude(workstation, create(workstation, case_id, review_draft(experts)))
    for wrong, message in (
        (
            review_draft(experts, purpose=ReviewPurpose.REVIEW_SUPPORT),
            "取代的论证应与原论证类型相同（起火原因认定论证）",
        ),
        (review_draft(experts, held_on=dt.date(2026, 3, 17)), "论证日期不能早于被取代的论证（2026-03-18）"),
        (review_draft(experts, conclusion=""), "请填写论证结论"),
    ):
        with pytest.raises(ValidationFailed, match=message):
            reviews.supersede_review(workstation, first.id, wrong, conclude=True)
    second = reviews.supersede_review(workstation, first.id, review_draft(experts), conclude=True).value
    statuses = [(r.id, r.status) for r in reviews.reviews_of_case(workstation, case_id)]
    assert statuses == [(first.id, ReviewStatus.SUPERSEDED), (second.id, ReviewStatus.CONCLUDED)]


def test_stale_version_is_refused_naming_who_saved(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    opened = create(workstation, case_id, review_draft(experts))
    reviews.update_review(
        Workstation(db, Actor("李强")), opened.id, opened.version, review_draft(experts, place="大队")
    )
    refusal = "专家论证（2026-03-18）已被 李强 在其他工作站修改并保存。为避免覆盖对方的修改，本次操作未执行"
    with pytest.raises(ConcurrentEditError, match=refusal):
        reviews.update_review(workstation, opened.id, opened.version, review_draft(experts, place="支队"))
    with pytest.raises(ConcurrentEditError, match="李强"):
        conclude(workstation, opened)
    with pytest.raises(ConcurrentEditError, match="李强"):
        reviews.delete_review_draft(workstation, opened.id, opened.version)
    kept = reviews.review_detail(workstation, opened.id)
    assert (kept.place, kept.status, kept.updated_by) == ("大队", ReviewStatus.DRAFT, "李强")


def test_a_save_between_reading_and_writing_is_caught_too(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    opened = create(workstation, case_id, review_draft(experts))
    for change in (
        lambda: reviews.update_review(workstation, opened.id, opened.version, review_draft(experts, place="改")),
        lambda: reviews.conclude_review(workstation, opened.id, opened.version),
        lambda: reviews.delete_review_draft(workstation, opened.id, opened.version),
    ):
        with saved_meanwhile("expert_reviews", opened.id) as played:
            with pytest.raises(ConcurrentEditError, match="专家论证（2026-03-18）已被 其他用户 在其他工作站修改并保存"):
                change()
        assert played
    assert reviews.review_detail(workstation, opened.id) == opened
    with db.reading() as session:  # the opinions, deleted and written again by the update, are all still there
        assert session.scalar(select(func.count()).select_from(ReviewOpinion)) == 3


def test_material_is_filed_from_the_case_attachments_until_the_conclusion(db, actor, workstation, tmp_path):
    case_id = register(workstation, deaths=1)
    other_case = register(workstation)
    experts = register_experts(db, actor)
    opened = create(workstation, case_id, review_draft(experts))
    minutes = attach_file(workstation, case_id, tmp_path / "论证意见.pdf", b"%PDF-1.4 minutes")
    foreign = attach_file(workstation, other_case, tmp_path / "他案.pdf", b"%PDF-1.4 x")
    outcome = reviews.attach_review_material(workstation, opened.id, minutes.id)
    filed = outcome.value
    assert filed.attachment_ids == (minutes.id,) and filed.version > opened.version
    assert outcome.changes.parts_of(case_id) == {Part.REVIEWS}
    with pytest.raises(ValidationFailed, match="附件“他案.pdf”不属于本案"):
        reviews.attach_review_material(workstation, opened.id, foreign.id)
    other = create(workstation, case_id, review_draft(experts))
    with pytest.raises(ValidationFailed, match="已是另一份论证的材料"):
        reviews.attach_review_material(workstation, other.id, minutes.id)
    concluded = conclude(workstation, filed)
    with pytest.raises(ValidationFailed, match="形成结论，不能再修改"):
        reviews.detach_review_material(workstation, concluded.id, minutes.id)
    assert reviews.review_detail(workstation, concluded.id).attachment_ids == (minutes.id,)


def test_material_is_changed_all_or_nothing(db, actor, workstation, tmp_path):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    opened = create(workstation, case_id, review_draft(experts))
    minutes = attach_file(workstation, case_id, tmp_path / "论证意见.pdf", b"%PDF-1.4 minutes")
    roll = attach_file(workstation, case_id, tmp_path / "签到表.pdf", b"%PDF-1.4 roll")
    filed = reviews.change_review_material(workstation, opened.id, attach={minutes.id}).value
    assert filed.attachment_ids == (minutes.id,)
    with pytest.raises(NotFound):  # one of the files is gone: the other is not filed either
        reviews.change_review_material(workstation, opened.id, attach={roll.id, 99999}, detach={minutes.id})
    assert reviews.review_detail(workstation, opened.id).attachment_ids == (minutes.id,)
    swapped = reviews.change_review_material(workstation, opened.id, attach={roll.id}, detach={minutes.id}).value
    assert swapped.attachment_ids == (roll.id,)


def test_a_discarded_draft_leaves_its_material_with_the_case(db, actor, workstation, tmp_path):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    opened = create(workstation, case_id, review_draft(experts))
    roll = attach_file(workstation, case_id, tmp_path / "签到表.pdf", b"scan")
    filed = reviews.attach_review_material(workstation, opened.id, roll.id).value
    outcome = reviews.delete_review_draft(workstation, filed.id, filed.version)
    assert outcome.changes.parts_of(case_id) == {Part.REVIEWS}
    assert reviews.reviews_of_case(workstation, case_id) == []
    with db.reading() as session:
        assert session.scalar(select(ExpertReview.id)) is None
    assert [a.original_name for a in list_attachments(workstation, case_id)] == ["签到表.pdf"]


def test_voided_cases_take_no_reviews(db, actor, workstation):
    case_id = register(workstation, deaths=1)
    experts = register_experts(db, actor)
    cases.void_case(workstation, case_id, cases.get_case(workstation, case_id).version, "重复登记")
    with pytest.raises(ValidationFailed, match="已作废，不能再记录专家论证"):
        create(workstation, case_id, review_draft(experts))
