"""Expert reviews on a real database: the determination gate, writing up and concluding a review, superseding it,
its material, and the protection against editing a frozen review or overwriting another workstation's save."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import select, text

from fireinvest.errors import ConcurrentEditError, NotFound, ValidationFailed
from fireinvest.models import ExpertReview
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft, ReviewPurpose, ReviewStatus
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.attachments.intake import add_attachment
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.services.reviews.gate import replace_review_rule
from tests.factories import STEPS_TO_DETERMINATION, local, make_draft, register_experts, take_step, take_steps

E = EventType
DEATH = "有人员死亡（1人）"
BLOCKED = f"作出认定前需要经专家论证并形成结论（原因：{DEATH}）"


def register(db, actor, **overrides) -> int:
    with db.writing() as session:
        return cases.create_case(session, actor, make_draft(**overrides)).id


def heard(db, actor, case_id) -> None:
    take_steps(db, actor, case_id, STEPS_TO_DETERMINATION[:-1])


def determine(db, actor, case_id):
    return take_step(db, actor, case_id, E.DETERMINED, local(2026, 3, 25), cause_category="电气")


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


def create(db, actor, case_id, draft) -> reviews.ReviewRecord:
    with db.writing() as session:
        return reviews.create_review(session, actor, case_id, draft)


def conclude(db, actor, review) -> reviews.ReviewRecord:
    with db.writing() as session:
        return reviews.conclude_review(session, actor, review.id, review.version)


def gate(db, case_id) -> list[str]:
    with db.reading() as session:
        return reviews.review_gate(session, case_id)


def test_a_determination_waits_for_a_concluded_cause_review(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    heard(db, actor, case_id)
    assert gate(db, case_id) == [DEATH]
    with pytest.raises(ValidationFailed, match=BLOCKED):
        determine(db, actor, case_id)

    # A draft is not enough, nor is a concluded review of another purpose.
    draft = create(db, actor, case_id, review_draft(experts))
    evaluation = create(db, actor, case_id, review_draft(experts, purpose=ReviewPurpose.CASE_EVALUATION))
    conclude(db, actor, evaluation)
    with pytest.raises(ValidationFailed, match=BLOCKED):
        determine(db, actor, case_id)

    concluded = conclude(db, actor, draft)
    assert concluded.status == ReviewStatus.CONCLUDED and concluded.concluded_by == actor.name
    assert gate(db, case_id) == []
    timeline = determine(db, actor, case_id)
    assert timeline.status == CaseStatus.DETERMINED
    assert [e.type for e in timeline.events][-1] == E.DETERMINED


def test_cases_the_rule_does_not_cover_are_determined_without_a_review(db, actor):
    case_id = register(db, actor)
    heard(db, actor, case_id)
    assert gate(db, case_id) == []
    assert determine(db, actor, case_id).status == CaseStatus.DETERMINED


def test_every_reason_is_named_and_the_rule_is_configurable(db, actor):
    case_id = register(db, actor, deaths=3, facts_disputed=True)
    assert gate(db, case_id) == [
        "有人员死亡（3人）",
        "火灾等级为较大及以上（较大）",
        "当事人对火灾事实或起火原因有争议",
    ]
    with db.writing() as session:
        replace_review_rule(session, actor, {"min_deaths": 5, "min_grade": "重大", "facts_disputed": False})
    assert gate(db, case_id) == []
    with pytest.raises(ValidationFailed, match="专家论证规则格式错误"):
        with db.writing() as session:
            replace_review_rule(session, actor, {"min_grade": "很大"})


def test_a_review_reads_back_with_its_experts_in_order(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    dissenting = [
        ExpertOpinion(experts[3], "不能排除电热毯引起火灾。", dissents=True),
        ExpertOpinion(experts[0], "同意。"),
    ]
    created = create(db, actor, case_id, review_draft(experts, opinions=dissenting, place="  大队会议室 "))
    with db.reading() as session:
        (stored,) = reviews.reviews_of_case(session, case_id)
    assert stored == created and not stored.read_only
    assert stored.place == "大队会议室" and stored.conclusion.startswith("　　经论证")
    assert [(o.name, o.unit, o.title, o.specialty, o.dissents) for o in stored.opinions] == [
        ("赵文斌", "某电力科学研究院", "高级工程师", "电气线路", True),
        ("陈立新", "应急管理部天津消防研究所", "研究员", "电气火灾", False),
    ]
    assert stored.to_draft().opinions == dissenting
    with pytest.raises(ValidationFailed, match="第1名专家持不同意见，请在“不同意见”中记录"):
        conclude(db, actor, stored)
    with db.writing() as session:
        recorded = review_draft(experts, opinions=dissenting, dissent="赵文斌认为不能排除电热毯。")
        updated = reviews.update_review(session, actor, stored.id, stored.version, recorded)
    assert conclude(db, actor, updated).dissent == "赵文斌认为不能排除电热毯。"


def test_invalid_reviews_are_refused_and_save_nothing(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    future = dt.date.today() + dt.timedelta(days=3)
    bad = review_draft(experts, held_on=future, opinions=[ExpertOpinion(experts[0]), ExpertOpinion(experts[0]),
                                                          ExpertOpinion(99999)])  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        create(db, actor, case_id, bad)
    assert [e.message for e in refused.value.errors] == [
        f"论证日期（{future.isoformat()}）不能晚于今天：只能记录已经举行的论证。",
        "第2名专家与第1名是同一人，请删除重复的一行。",
        "第3名专家不在专家库中（内部编号 99999）。",
    ]
    with db.reading() as session:
        assert reviews.reviews_of_case(session, case_id) == []
    with pytest.raises(NotFound):
        create(db, actor, 99999, review_draft(experts))


def test_a_concluded_review_cannot_be_edited_or_concluded_again(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    concluded = conclude(db, actor, create(db, actor, case_id, review_draft(experts)))
    assert concluded.read_only
    with pytest.raises(ValidationFailed, match=f"由 {actor.name} 形成结论，不能再修改；如需改变结论，请重新组织论证"):
        with db.writing() as session:
            reviews.update_review(session, actor, concluded.id, concluded.version,
                                  review_draft(experts, conclusion="改为不明确原因。"))  # fmt: skip
    with pytest.raises(ValidationFailed, match="形成结论，不能再修改"):
        conclude(db, actor, concluded)
    with pytest.raises(ValidationFailed, match="形成结论，不能再修改"):
        with db.writing() as session:
            reviews.delete_review_draft(session, actor, concluded.id, concluded.version)
    with db.reading() as session:
        assert reviews.review_detail(session, concluded.id) == concluded


def test_superseding_a_concluded_review(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    heard(db, actor, case_id)
    first = conclude(db, actor, create(db, actor, case_id, review_draft(experts)))
    with pytest.raises(ValidationFailed, match="尚未形成结论，可以直接修改"):
        with db.writing() as session:
            draft = reviews.create_review(session, actor, case_id, review_draft(experts))
            reviews.supersede_review(session, actor, draft.id, review_draft(experts))

    seats = [ExpertOpinion(experts[3], "电热毯温控器有熔珠。"), ExpertOpinion(experts[1], "同意。")]
    changed = review_draft(experts, held_on=dt.date(2026, 3, 19), conclusion="起火原因改为电热毯故障。", opinions=seats)
    with db.writing() as session:
        second = reviews.supersede_review(session, actor, first.id, changed)
    # While the new review is being written up the old one still stands, and still opens the gate.
    assert second.status == ReviewStatus.DRAFT and second.supersedes_id == first.id
    with db.reading() as session:
        assert reviews.review_detail(session, first.id).status == ReviewStatus.CONCLUDED
        assert reviews.review_detail(session, first.id).superseded_by_id == second.id
    assert gate(db, case_id) == []
    with pytest.raises(ValidationFailed, match="已有一份取代该论证的草稿（论证日期 2026-03-19）"):
        with db.writing() as session:
            reviews.supersede_review(session, actor, first.id, changed)

    conclude(db, actor, second)
    with db.reading() as session:
        old, new = reviews.reviews_of_case(session, case_id)
    assert (old.id, old.status, old.superseded_by_id) == (first.id, ReviewStatus.SUPERSEDED, second.id)
    assert (new.status, new.conclusion, [o.name for o in new.opinions]) == (
        ReviewStatus.CONCLUDED, "起火原因改为电热毯故障。", ["赵文斌", "刘建华"])  # fmt: skip
    assert old.conclusion == first.conclusion  # the superseded review stays on file as it was
    assert gate(db, case_id) == []
    with pytest.raises(ValidationFailed, match="已被后来的论证取代，作为历史记录保存，不能再修改"):
        with db.writing() as session:
            reviews.update_review(session, actor, old.id, old.version, review_draft(experts))
    with pytest.raises(ValidationFailed, match="已被取代；如需再次改变结论，请取代最新的论证"):
        with db.writing() as session:
            reviews.supersede_review(session, actor, old.id, changed)
    assert determine(db, actor, case_id).status == CaseStatus.DETERMINED


def test_a_superseding_review_may_be_concluded_at_once_but_keeps_purpose_and_order(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    first = conclude(db, actor, create(db, actor, case_id, review_draft(experts)))
    for wrong, message in (
        (
            review_draft(experts, purpose=ReviewPurpose.REVIEW_SUPPORT),
            "取代的论证应与原论证类型相同（起火原因认定论证）",
        ),
        (review_draft(experts, held_on=dt.date(2026, 3, 17)), "论证日期不能早于被取代的论证（2026-03-18）"),
        (review_draft(experts, conclusion=""), "请填写论证结论"),
    ):
        with pytest.raises(ValidationFailed, match=message):
            with db.writing() as session:
                reviews.supersede_review(session, actor, first.id, wrong, conclude=True)
    with db.writing() as session:
        second = reviews.supersede_review(session, actor, first.id, review_draft(experts), conclude=True)
    with db.reading() as session:
        statuses = [(r.id, r.status) for r in reviews.reviews_of_case(session, case_id)]
    assert statuses == [(first.id, ReviewStatus.SUPERSEDED), (second.id, ReviewStatus.CONCLUDED)]


def test_stale_version_is_refused_naming_who_saved(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    opened = create(db, actor, case_id, review_draft(experts))
    with db.writing() as session:
        reviews.update_review(session, Actor("李强"), opened.id, opened.version, review_draft(experts, place="大队"))
    with pytest.raises(ConcurrentEditError, match="李强"):
        with db.writing() as session:
            reviews.update_review(session, actor, opened.id, opened.version, review_draft(experts, place="支队"))
    with pytest.raises(ConcurrentEditError, match="李强"):
        conclude(db, actor, opened)
    with db.reading() as session:
        kept = reviews.review_detail(session, opened.id)
    assert (kept.place, kept.status, kept.updated_by) == ("大队", ReviewStatus.DRAFT, "李强")


def test_a_save_between_reading_and_writing_is_caught_too(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    opened = create(db, actor, case_id, review_draft(experts))
    with pytest.raises(ConcurrentEditError, match="已被 其他用户 在其他工作站修改"):
        with db.writing() as session:
            held = session.get(ExpertReview, opened.id)
            assert held is not None and held.version == opened.version
            session.execute(text("UPDATE expert_reviews SET version = version + 1 WHERE id = :id"), {"id": opened.id})
            reviews.update_review(session, actor, opened.id, opened.version, review_draft(experts, place="改"))
    with db.reading() as session:
        assert reviews.review_detail(session, opened.id).place == "支队三楼会议室"


def test_material_is_filed_from_the_case_attachments_until_the_conclusion(db, actor):
    case_id = register(db, actor, deaths=1)
    other_case = register(db, actor)
    experts = register_experts(db, actor)
    opened = create(db, actor, case_id, review_draft(experts))
    with db.writing() as session:
        minutes = add_attachment(session, actor, case_id, io.BytesIO(b"%PDF-1.4 minutes"), original_name="论证意见.pdf")
        foreign = add_attachment(session, actor, other_case, io.BytesIO(b"%PDF-1.4 x"), original_name="他案.pdf")
        filed = reviews.attach_review_material(session, actor, opened.id, minutes.id)
    assert filed.attachment_ids == (minutes.id,) and filed.version > opened.version
    with pytest.raises(ValidationFailed, match="附件“他案.pdf”不属于本案"):
        with db.writing() as session:
            reviews.attach_review_material(session, actor, opened.id, foreign.id)
    with pytest.raises(ValidationFailed, match="已是另一份论证的材料"):
        with db.writing() as session:
            other = reviews.create_review(session, actor, case_id, review_draft(experts))
            reviews.attach_review_material(session, actor, other.id, minutes.id)
    concluded = conclude(db, actor, filed)
    with pytest.raises(ValidationFailed, match="形成结论，不能再修改"):
        with db.writing() as session:
            reviews.detach_review_material(session, actor, concluded.id, minutes.id)
    with db.reading() as session:
        assert reviews.review_detail(session, concluded.id).attachment_ids == (minutes.id,)


def test_a_discarded_draft_leaves_its_material_with_the_case(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    opened = create(db, actor, case_id, review_draft(experts))
    with db.writing() as session:
        photo = add_attachment(session, actor, case_id, io.BytesIO(b"scan"), original_name="签到表.pdf")
        filed = reviews.attach_review_material(session, actor, opened.id, photo.id)
        reviews.delete_review_draft(session, actor, filed.id, filed.version)
    with db.reading() as session:
        assert reviews.reviews_of_case(session, case_id) == []
        assert session.scalar(select(ExpertReview.id)) is None
        from fireinvest.services.attachments.intake import list_attachments

        assert [a.original_name for a in list_attachments(session, case_id)] == ["签到表.pdf"]


def test_voided_cases_take_no_reviews(db, actor):
    case_id = register(db, actor, deaths=1)
    experts = register_experts(db, actor)
    with db.writing() as session:
        cases.void_case(session, actor, case_id, cases.get_case(session, case_id).version, "重复登记")
    with pytest.raises(ValidationFailed, match="已作废，不能再记录专家论证"):
        create(db, actor, case_id, review_draft(experts))
