"""The archive search through its use cases, on both backends: which cases a query finds (Chinese words of one and
two characters, several terms, phrases, exclusions, numbers, names, full-width and traditional forms), in which
record each matched and what its snippet shows, the ranking and the orders, the filters, why nothing was found, the
index kept in step by every use case (and left alone by one that fails), its rebuilding and status, and the case
list's quick filter that now searches the index."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from fireinvest.documents.issuing import issue_document
from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import SearchEntry, Setting
from fireinvest.rules.case_facts import CaseDraft, CaseStatus, PartyDraft, PartyRole
from fireinvest.rules.closed_loop import AddresseeKind
from fireinvest.rules.custody import CustodyKind, CustodyStep
from fireinvest.rules.evidence import EvidenceDraft
from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft
from fireinvest.rules.grading import FireGrade
from fireinvest.rules.loop_items import MeasureDraft, RecommendationDraft
from fireinvest.rules.records import InspectionDraft, Inspector, InterviewDraft, QuestionAnswer
from fireinvest.search.analysis import CHUNK_OVERLAP, CHUNK_UNITS
from fireinvest.search.index import ANALYSIS_SETTING
from fireinvest.services import cases, evidence, experts, records
from fireinvest.services.attachments.intake import add_attachments, set_caption
from fireinvest.services.case_query import CaseFilter, CaseSort, case_list_page
from fireinvest.services.front_door import Workstation, writes
from fireinvest.services.loop import items as loop_items
from fireinvest.services.people import PersonRecord, save_person
from fireinvest.services.progress import OperationCancelled
from fireinvest.services.reviews import lifecycle as reviews
from fireinvest.services.search import (
    SearchHit,
    SearchOrder,
    SearchPage,
    rebuild_search_index,
    search_archive,
    search_index_status,
)
from fireinvest.services.startup import open_prepared_database
from fireinvest.services.unit_of_work import UnitOfWork
from tests.documents.case_builder import build_case
from tests.factories import STEPS_TO_DETERMINATION, local, make_draft, make_photo, register_experts, take_steps

EVERYTHING = CaseFilter(include_voided=True)


def neutral(**overrides) -> CaseDraft:
    """A valid case whose texts hold none of the words the tests look for, so that each test states where its
    words are: no summary, cause or finding, a plain address, unit and party."""
    values = dict(summary="", dispatched_units="", disaster_causes="", ignition_area="", ignition_point="",
                  cause_category="", cause_detail="", cause_finding="", address="玄武区中山路1号",
                  unit_name="某公司", parties=[PartyDraft("赵某", PartyRole.OWNER)])  # fmt: skip
    if "alarm_time" in overrides:  # the fire's other times follow its alarm
        alarm = overrides["alarm_time"]
        values.update(ignition_time=alarm - dt.timedelta(minutes=10), extinguished_time=alarm + dt.timedelta(hours=1))
    values.update(overrides)
    return make_draft(**values)


def register(workstation, **overrides) -> cases.CaseDetail:
    return cases.create_case(workstation, neutral(**overrides)).value


def search(workstation, text: str, case_filter: CaseFilter = CaseFilter(), **options) -> SearchPage:
    return search_archive(workstation, text, case_filter, **options)


def found(workstation, text: str, case_filter: CaseFilter = CaseFilter(), **options) -> list[int]:
    """The ids of the cases found, in the order listed."""
    page = search(workstation, text, case_filter, limit=500, **options)
    assert page.total == len(page.hits) and not page.capped
    return [hit.case_id for hit in page.hits]


def only_hit(workstation, text: str, case_filter: CaseFilter = CaseFilter()) -> SearchHit:
    (hit,) = search(workstation, text, case_filter).hits
    return hit


def interview(interviewee: str, *answers: str, **overrides) -> InterviewDraft:
    questions = [QuestionAnswer(f"第{n}个问题是什么？", answer) for n, answer in enumerate(answers, 1)]
    values = dict(interviewee=interviewee, role="目击者", started_at=local(2026, 3, 1, 14), place="询问室",
                  interviewers=["调查员甲"], questions=questions)  # fmt: skip
    values.update(overrides)
    return InterviewDraft(**values)


def item(name: str, **overrides) -> EvidenceDraft:
    return EvidenceDraft(name, local(2026, 3, 1, 14), "调查员甲", **overrides)


def attach(workstation, tmp_path, case_id: int, name: str, caption: str):
    path = tmp_path / name
    path.write_bytes(make_photo())
    return add_attachments(workstation, case_id, [path], caption=caption).value[0]


def investigator(workstation, name: str) -> PersonRecord:
    return save_person(workstation, PersonRecord(None, name, "某大队", "火灾调查员")).value


# -- which cases a query finds ------------------------------------------------------------------------------------


def test_one_and_two_character_chinese_queries_find_exactly_the_right_cases(workstation):
    balcony = register(workstation, summary="阳台起火")
    wiring = register(workstation, summary="电线短路引燃窗帘")
    apart = register(workstation, summary="短，路边停车")  # 短 and 路, with punctuation between them
    reversed_ = register(workstation, summary="路短")
    spaced = register(workstation, summary="短 路")  # spaces are nothing: this is 短路
    fire = register(workstation, address="玄武区火神庙1号")
    assert set(found(workstation, "火")) == {balcony.id, fire.id}
    assert set(found(workstation, "短路")) == {wiring.id, spaced.id}
    assert set(found(workstation, "短")) == {wiring.id, apart.id, reversed_.id, spaced.id}
    assert found(workstation, "燃") == [wiring.id]
    assert found(workstation, "起火") == [balcony.id]
    assert found(workstation, "火起") == []


def test_several_terms_must_all_be_in_the_case_even_in_different_records(workstation):
    both = register(workstation, summary="电动自行车在楼道起火")
    records.create_interview(workstation, both.id, interview("钱某", "充电器一直插着"))
    bike_only = register(workstation, summary="电动自行车在楼道起火")
    charger_only = register(workstation)
    records.create_interview(workstation, charger_only.id, interview("孙某", "充电器一直插着"))
    assert found(workstation, "电动自行车 充电器") == [both.id]
    assert set(found(workstation, "电动自行车")) == {both.id, bike_only.id}
    assert set(found(workstation, "充电器")) == {both.id, charger_only.id}
    hit = only_hit(workstation, "电动自行车 充电器")
    assert [p.label for p in hit.places] == ["案件信息", "询问笔录 · 钱某 · 第1次"]
    assert hit.where == "案件信息（另 1 处）"


def test_a_quoted_phrase_needs_its_words_together(workstation):
    together = register(workstation, summary="电动自行车充电时起火")
    apart = register(workstation, summary="电动车停在自行车棚")
    assert found(workstation, '"电动 自行车"') == [together.id]
    assert found(workstation, "“电动 自行车”") == [together.id]
    assert set(found(workstation, "电动 自行车")) == {together.id, apart.id}


def test_an_excluded_term_drops_the_cases_that_hold_it_anywhere(workstation):
    welding = register(workstation, summary="电焊作业引燃保温材料")
    cutting = register(workstation, summary="电焊作业引燃保温材料")
    evidence.register_evidence(workstation, cutting.id, item("割炬", description="气割用割炬"))
    assert found(workstation, "电焊 -气割") == [welding.id]
    assert set(found(workstation, "电焊")) == {welding.id, cutting.id}
    assert found(workstation, "电焊 -气割 -保温") == []


def test_case_numbers_match_whole_and_by_their_serial(workstation):
    first = register(workstation)
    second = register(workstation)
    assert second.case_number.endswith("-00002")
    assert found(workstation, first.case_number) == [first.id]
    assert found(workstation, "00002") == [second.id]
    assert found(workstation, "2026-00002") == [second.id]
    assert set(found(workstation, "320100")) == {first.id, second.id}
    assert found(workstation, "0000") == []  # part of a word is no word
    assert only_hit(workstation, second.case_number).where == "案件信息"


def test_an_evidence_number_finds_its_case_and_names_the_item(workstation):
    register(workstation)
    case = register(workstation)
    number = evidence.register_evidence(workstation, case.id, item("插座残骸")).value.evidence_number
    assert number == "320100-WZ-2026-0001"
    hit = only_hit(workstation, number)
    assert (hit.case_id, hit.where) == (case.id, "物证 · 320100-WZ-2026-0001 · 插座残骸")
    assert found(workstation, "WZ-2026-0001") == [case.id]
    assert "【320100-WZ-2026-0001】" in hit.snippet.marked()


def test_party_and_investigator_names(workstation):
    lead = investigator(workstation, "钱多多")
    other = investigator(workstation, "周大伟")
    case = register(workstation, lead_investigator_id=lead.id, other_investigator_ids=[other.id],
                    parties=[PartyDraft("孙小美", PartyRole.OWNER, contact="13912345678")])  # fmt: skip
    register(workstation, lead_investigator_id=other.id)
    hit = only_hit(workstation, "钱多多")
    assert (hit.case_id, hit.where) == (case.id, "调查人员")
    assert len(found(workstation, "周大伟")) == 2
    hit = only_hit(workstation, "孙小美")
    assert (hit.case_id, hit.where) == (case.id, "当事人")
    assert found(workstation, "13912345678") == [case.id]


def test_mixed_chinese_digits_and_latin_full_width_and_traditional(workstation):
    tower_a = register(workstation, address="玄武区中山路1号3号楼A座")
    register(workstation, address="玄武区中山路1号3号楼B座")
    register(workstation, address="玄武区中山路1号13号楼A座")  # 13 is not 3
    assert found(workstation, "3号楼A座") == [tower_a.id]
    assert found(workstation, "３号樓ａ座") == [tower_a.id]  # full-width, traditional, lower case
    assert found(workstation, '"3 号楼 A 座"') == [tower_a.id]


def test_full_width_digits_in_the_text_or_in_the_query(workstation):
    full = register(workstation, summary="损失约１２０００元")
    half = register(workstation, summary="损失约12000元")
    assert set(found(workstation, "12000")) == {full.id, half.id}
    assert set(found(workstation, "１２０００元")) == {full.id, half.id}
    assert found(workstation, "1200") == []


def test_traditional_characters_find_simplified_text_and_back(workstation):
    simplified = register(workstation, summary="电线老化引发火灾")
    traditional = register(workstation, summary="電線老化引發火災")
    assert set(found(workstation, "電線")) == {simplified.id, traditional.id}
    assert set(found(workstation, "电线老化")) == {simplified.id, traditional.id}
    hit = search(workstation, "火災", order=SearchOrder.OLDEST).hits[1]
    assert hit.case_id == traditional.id and "【火災】" in hit.snippet.marked()  # marked as written


def test_words_of_other_scripts_and_long_words(workstation):
    case = register(workstation, summary="École Москва 서울 とうきょう ＥＣＯＬＥ " + "serial" * 6 + " 😀 v2")
    shorter = register(workstation, summary="ecole " + "serial" * 5)
    assert found(workstation, "école") == [case.id]  # École, ＥＣＯＬＥ is not (no accent)
    assert set(found(workstation, "ecole")) == {case.id, shorter.id}  # ＥＣＯＬＥ and ecole
    assert found(workstation, '"école москва"') == [case.id]
    assert found(workstation, "МОСКВА") == [case.id]
    assert found(workstation, "서울") == [case.id] and found(workstation, "서") == [case.id]
    assert found(workstation, "きょう") == [case.id]
    assert found(workstation, "serial" * 6) == [case.id]  # a word too long to be its own token is still matched
    assert found(workstation, "serial" * 5) == [shorter.id]
    assert found(workstation, "V2") == [case.id]


# -- where a case matched -----------------------------------------------------------------------------------------


def test_a_term_found_in_only_one_record_names_that_record(db, actor, workstation, tmp_path):
    """Each word below is written in one record of the case only: the hit names that record, and the snippet
    marks the word where it stands."""
    [expert_id] = register_experts(db, actor, 1)
    register(workstation, summary="无关案件")
    case = register(workstation)
    records.create_inspection(workstation, case.id, InspectionDraft(
        local(2026, 3, 1, 7), local(2026, 3, 1, 9), "阳台", [Inspector("调查员甲")],
        detailed="晾衣架下方炭化最重"))  # fmt: skip
    records.create_interview(workstation, case.id, interview("张某", "我在阳台吸烟"))
    records.create_interview(workstation, case.id, interview("张某", "烟头扔进了花盆", started_at=local(2026, 3, 2, 9)))
    evidence.register_evidence(workstation, case.id, item("导线", description="铜导线末端有熔珠"))
    attach(workstation, tmp_path, case.id, "全景.jpg", "起火部位全景照片")
    review = reviews.create_review(workstation, case.id, ReviewDraft(
        held_on=dt.date(2026, 3, 10), place="支队会议室", question="花盆内是否为起火点",
        opinions=[ExpertOpinion(expert_id, "符合阴燃蔓延特征")], conclusion="同意认定")).value  # fmt: skip
    loop_items.create_measure(workstation, case.id, MeasureDraft("楼道加装烟感报警器", "某物业公司",
                                                                 dt.date(2026, 6, 30)))  # fmt: skip
    loop_items.create_recommendation(workstation, case.id, RecommendationDraft(
        "开展阳台杂物清理宣传", "玄武区人民政府", AddresseeKind.GOVERNMENT))  # fmt: skip
    expected = {
        "晾衣架": ("records", "现场勘验笔录 · 阳台 · 第1次"),
        "吸烟": ("records", "询问笔录 · 张某 · 第1次"),
        "花盆": ("records", "询问笔录 · 张某 · 第2次"),  # also in the review's question, which weighs the same
        "熔珠": ("evidence", "物证 · 320100-WZ-2026-0001 · 导线"),
        "部位全景": ("attachments", "附件 · 全景.jpg"),
        "阴燃": ("reviews", "专家评审 · 起火原因认定论证"),
        "起火点": ("reviews", "专家评审 · 起火原因认定论证"),  # the question put to the experts
        "烟感": ("loop", "整改措施 · 某物业公司"),
        "杂物清理": ("loop", "防范建议 · 玄武区人民政府"),
    }
    for word, (part, label) in expected.items():
        hit = only_hit(workstation, word)
        assert hit.case_id == case.id, word
        assert (hit.places[0].part, hit.places[0].label) == (part, label), word
        assert f"【{word}】" in hit.snippet.marked(), (word, hit.snippet)
    assert only_hit(workstation, "阴燃").places[0].source_id == review.id
    assert [p.label for p in only_hit(workstation, "花盆").places] == [
        "询问笔录 · 张某 · 第2次", "专家评审 · 起火原因认定论证"]  # fmt: skip


def test_a_term_found_only_in_an_issued_document(workstation):
    built = build_case(workstation)
    other = build_case(workstation)
    document = issue_document(workstation, built.id, "determination").value
    assert document.number_text == "某消火认字〔2026〕第0001号"
    # Words of the document's own text (its notice of the right to a review), in no record of the case.
    assert found(workstation, "民事诉讼") == [built.id]
    hit = only_hit(workstation, "民事诉讼")
    assert hit.where == "火灾事故认定书 · 某消火认字〔2026〕第0001号"
    assert (hit.places[0].part, hit.places[0].source_id) == ("documents", document.id)
    assert "【民事诉讼】" in hit.snippet.marked()
    assert found(workstation, "某消火认字〔2026〕第0001号") == [built.id]
    assert found(workstation, "第0001号") == [built.id]
    assert other.id not in found(workstation, "认定书")


def test_the_snippet_marks_every_term(workstation):
    case = register(workstation, summary="住户在阳台吸烟，烟头引燃阳台上的纸箱。")
    hit = only_hit(workstation, "阳台 烟头")
    assert hit.case_id == case.id
    marked = hit.snippet.marked()
    assert marked.count("【阳台】") == 2 and "【烟头】" in marked
    assert hit.snippet.marked("<b>", "</b>").count("<b>") == 3


# -- ranking and order --------------------------------------------------------------------------------------------


def test_a_term_in_the_case_facts_ranks_above_records_above_evidence(workstation):
    facts = register(workstation, summary="蚊香引燃床单", alarm_time=local(2025, 6, 1))
    newer_facts = register(workstation, summary="蚊香引燃床单", alarm_time=local(2025, 7, 1))
    in_records = register(workstation, alarm_time=local(2025, 8, 1))
    records.create_interview(workstation, in_records.id, interview("李某", "睡前点了蚊香"))
    in_evidence = register(workstation, alarm_time=local(2025, 9, 1))
    evidence.register_evidence(workstation, in_evidence.id, item("蚊香残留物"))
    relevance = search(workstation, "蚊香").hits
    assert [h.case_id for h in relevance] == [newer_facts.id, facts.id, in_records.id, in_evidence.id]
    assert [h.score for h in relevance] == [3, 3, 2, 1]
    assert found(workstation, "蚊香", order=SearchOrder.NEWEST) == [
        in_evidence.id, in_records.id, newer_facts.id, facts.id]  # fmt: skip
    assert found(workstation, "蚊香", order=SearchOrder.OLDEST) == [
        facts.id, newer_facts.id, in_records.id, in_evidence.id]  # fmt: skip


def test_the_score_adds_up_the_best_place_of_each_term(workstation):
    case = register(workstation, summary="蚊香引燃床单")
    records.create_interview(workstation, case.id, interview("李某", "床单是化纤的"))
    evidence.register_evidence(workstation, case.id, item("蚊香盘", description="化纤床单残片"))
    assert only_hit(workstation, "蚊香 床单").score == 6  # both in the facts
    assert only_hit(workstation, "蚊香 化纤").score == 5  # 化纤 at best in the interview
    assert only_hit(workstation, "蚊香盘").score == 1


def test_pages_of_hits(workstation):
    ids = [register(workstation, summary="烟花爆竹", alarm_time=local(2026, 1, day)).id for day in range(1, 8)]
    first = search(workstation, "烟花", limit=3)
    second = search(workstation, "烟花", offset=3, limit=3)
    last = search(workstation, "烟花", offset=6, limit=3)
    assert (first.total, second.total, last.total) == (7, 7, 7)
    assert [h.case_id for h in first.hits + second.hits + last.hits] == ids[::-1]
    assert search(workstation, "烟花", with_total=False).total is None


# -- filters ------------------------------------------------------------------------------------------------------


@pytest.fixture
def filtered_archive(db, actor, workstation) -> dict[str, int]:
    """Four cases holding 窗帘, different in every filter, and one holding another word."""
    qian = investigator(workstation, "钱多多")
    zhou = investigator(workstation, "周大伟")
    made = {
        "xuanwu_2025": register(
            workstation, summary="窗帘被引燃", alarm_time=local(2025, 6, 1), district="玄武区", place_type="住宅",
            cause_category="电气", cause_detail="短路", lead_investigator_id=qian.id,
            parties=[PartyDraft("孙小美", PartyRole.OWNER)]),
        "gulou_larger": register(
            workstation, summary="窗帘被引燃", alarm_time=local(2026, 2, 10, 23, 30), district="鼓楼区",
            place_type="商场市场", cause_category="电气", cause_detail="过负荷", lead_investigator_id=zhou.id,
            direct_economic_loss=Decimal("40000000.00"), direct_property_loss=Decimal("40000000.00")),
        "qinhuai_early": register(
            workstation, summary="窗帘被引燃", alarm_time=local(2026, 2, 11, 0, 30), district="秦淮区",
            place_type="住宅", cause_category="用火不慎", cause_detail="炊事用火", lead_investigator_id=zhou.id,
            parties=[PartyDraft("孙大圣", PartyRole.OWNER)]),
        "determined": register(workstation, summary="窗帘被引燃", cause_category="电气", cause_detail="短路"),
        "other_word": register(workstation, summary="被褥被引燃", alarm_time=local(2026, 2, 10)),
    }  # fmt: skip
    ids = {name: case.id for name, case in made.items()}
    take_steps(db, actor, ids["determined"], STEPS_TO_DETERMINATION)
    assert cases.get_case(workstation, ids["gulou_larger"]).fire_grade == FireGrade.LARGER
    return ids


@pytest.mark.parametrize(
    ("case_filter", "expected"),
    [
        (CaseFilter(), {"xuanwu_2025", "gulou_larger", "qinhuai_early", "determined"}),
        (CaseFilter(year=2025), {"xuanwu_2025"}),
        (CaseFilter(date_from=dt.date(2026, 2, 10), date_to=dt.date(2026, 2, 10)), {"gulou_larger"}),  # local days
        (CaseFilter(date_from=dt.date(2026, 2, 11), date_to=dt.date(2026, 2, 28)), {"qinhuai_early"}),
        (CaseFilter(date_from=dt.date(2026, 2, 11)), {"qinhuai_early", "determined"}),
        (CaseFilter(date_to=dt.date(2026, 2, 10)), {"xuanwu_2025", "gulou_larger"}),
        (CaseFilter(district="鼓楼区"), {"gulou_larger"}),
        (CaseFilter(cause_category="电气"), {"xuanwu_2025", "gulou_larger", "determined"}),
        (CaseFilter(cause_category="电气", cause_detail="短路"), {"xuanwu_2025", "determined"}),
        (CaseFilter(cause_detail="炊事用火"), {"qinhuai_early"}),
        (CaseFilter(place_type="商场市场"), {"gulou_larger"}),
        (CaseFilter(place_type="住宅", district="玄武区"), {"xuanwu_2025", "determined"}),
        (CaseFilter(fire_grade=FireGrade.LARGER), {"gulou_larger"}),
        (CaseFilter(status=CaseStatus.DETERMINED), {"determined"}),
        (CaseFilter(status=CaseStatus.REGISTERED), {"xuanwu_2025", "gulou_larger", "qinhuai_early"}),
        (CaseFilter(investigator="周大伟"), {"gulou_larger", "qinhuai_early"}),
        (CaseFilter(investigator="周大"), set()),  # a whole name
        (CaseFilter(party="孙"), {"xuanwu_2025", "qinhuai_early"}),  # part of a name
        (CaseFilter(party="孙小美", year=2026), set()),
    ],
)
def test_filters_narrow_a_query(workstation, filtered_archive, case_filter, expected):
    assert set(found(workstation, "窗帘", case_filter)) == {filtered_archive[name] for name in expected}
    # The case list selects the same cases with the same filter and the words as its quick filter.
    listed = case_list_page(workstation, replace(case_filter, text="窗帘"), CaseSort(), 0, 50, with_total=True)
    assert {row.id for row in listed.rows} == {filtered_archive[name] for name in expected}


def test_a_hit_carries_what_the_result_list_shows(workstation, filtered_archive):
    hit = only_hit(workstation, "窗帘", CaseFilter(district="鼓楼区"))
    assert hit.case_id == filtered_archive["gulou_larger"]
    assert hit.case_number == cases.get_case(workstation, hit.case_id).case_number
    assert hit.alarm_time == local(2026, 2, 10, 23, 30)
    assert (hit.district, hit.address) == ("鼓楼区", "玄武区中山路1号")
    assert (hit.unit_name, hit.cause_category) == ("某公司", "电气")
    assert (hit.fire_grade, hit.status, hit.score) == (FireGrade.LARGER, CaseStatus.REGISTERED, 3)


# -- why nothing was found ----------------------------------------------------------------------------------------


def test_why_nothing_was_found(workstation):
    register(workstation, summary="阳台吸烟", district="玄武区")
    register(workstation, summary="厨房油锅", district="玄武区")

    def reason(text: str, case_filter: CaseFilter = CaseFilter()) -> str:
        page = search(workstation, text, case_filter)
        assert (page.hits, page.total) == ((), 0)
        assert page.empty_reason
        return page.empty_reason

    assert "“不存在”" in reason("阳台 不存在")  # names the term no case holds
    assert "同时" in reason("阳台 油锅")  # each is somewhere, never both in one case
    excluded = reason("阳台 -吸烟")
    assert "排除" in excluded and "“吸烟”" in excluded
    assert "鼓楼区" in reason("阳台", CaseFilter(district="鼓楼区"))  # names the filter that drops it
    filtered = reason("阳台", CaseFilter(district="鼓楼区", year=2026))
    assert "鼓楼区" in filtered and "2026" not in filtered  # only the filter to blame
    assert "请输入" in reason("，。")


def test_why_nothing_was_found_when_the_only_case_is_voided(workstation):
    case = register(workstation, summary="阳台吸烟")
    cases.void_case(workstation, case.id, case.version, "重复登记")
    assert "作废" in search(workstation, "阳台").empty_reason


def test_why_nothing_was_found_when_the_only_case_is_voided_and_a_filter_is_set(workstation):
    case = register(workstation, summary="阳台吸烟", district="玄武区")
    cases.void_case(workstation, case.id, case.version, "重复登记")
    assert "作废" in search(workstation, "阳台", CaseFilter(district="玄武区")).empty_reason


# -- the index kept in step ---------------------------------------------------------------------------------------


def test_an_edited_summary_is_found_by_its_new_words_only(workstation):
    case = register(workstation, summary="烟头引燃沙发")
    draft = neutral(summary="蜡烛引燃窗帘")
    updated = cases.update_case(workstation, case.id, case.version, draft).value
    assert found(workstation, "烟头") == [] and found(workstation, "沙发") == []
    assert found(workstation, "蜡烛") == [case.id]
    assert "蜡烛引燃【窗帘】" in only_hit(workstation, "窗帘").snippet.marked()
    assert updated.version == case.version + 1


def test_an_edited_interview_and_a_renamed_investigator(workstation):
    case = register(workstation)
    talk = records.create_interview(workstation, case.id, interview("李某", "看见冒烟")).value
    records.update_interview(workstation, talk.id, talk.version, interview("李某", "闻到焦糊味"))
    assert found(workstation, "冒烟") == [] and found(workstation, "焦糊") == [case.id]
    person = investigator(workstation, "钱多多")
    assigned = register(workstation, lead_investigator_id=person.id)
    save_person(workstation, PersonRecord(person.id, "钱多福", "某大队", "火灾调查员", version=person.version))
    assert found(workstation, "钱多福") == [assigned.id]
    assert found(workstation, "钱多多") == []


def test_a_renamed_expert_and_a_custody_step(db, actor, workstation):
    [expert_id] = register_experts(db, actor, 1)
    case = register(workstation)
    reviews.create_review(workstation, case.id, ReviewDraft(
        held_on=dt.date(2026, 3, 10), place="支队会议室", opinions=[ExpertOpinion(expert_id, "同意")]))  # fmt: skip
    assert only_hit(workstation, "陈立新").where == "专家评审 · 起火原因认定论证"
    expert = experts.get_expert(workstation, expert_id)
    experts.save_expert(workstation, replace(expert, name="陈立民"))
    assert found(workstation, "陈立民") == [case.id] and found(workstation, "陈立新") == []

    item_id = evidence.register_evidence(workstation, case.id, item("导线")).value.id
    evidence.record_custody(workstation, item_id, CustodyStep(
        CustodyKind.HANDED_OVER, local(2026, 3, 2), "调查员甲", "物证保管室", note="封袋完好无破损"))  # fmt: skip
    assert only_hit(workstation, "封袋完好").where == "物证 · 320100-WZ-2026-0001 · 导线"


def test_a_changed_caption(workstation, tmp_path):
    case = register(workstation)
    photo = attach(workstation, tmp_path, case.id, "现场.jpg", "东侧外墙")
    set_caption(workstation, photo.id, "起火建筑西侧外墙")
    assert found(workstation, "东侧") == [] and found(workstation, "西侧外墙") == [case.id]
    assert found(workstation, "现场.jpg") == [case.id]  # the file's name too


def test_a_deleted_loop_item_is_no_longer_found(workstation):
    case = register(workstation)
    measure = loop_items.create_measure(workstation, case.id, MeasureDraft("拆除违章搭建", "某物业公司",
                                                                           dt.date(2026, 6, 30))).value  # fmt: skip
    kept = loop_items.create_measure(workstation, case.id, MeasureDraft("更换老化线路", "某物业公司",
                                                                        dt.date(2026, 6, 30))).value  # fmt: skip
    assert found(workstation, "违章搭建") == [case.id]
    loop_items.delete_measure(workstation, measure.id, measure.version)
    assert found(workstation, "违章搭建") == []
    assert only_hit(workstation, "老化线路").places[0].source_id == kept.id


def test_a_voided_case_is_found_only_when_voided_cases_are_included(workstation):
    case = register(workstation, summary="仓库堆垛自燃")
    kept = register(workstation, summary="仓库堆垛自燃")
    cases.void_case(workstation, case.id, case.version, "与另一案件重复登记")
    assert found(workstation, "堆垛") == [kept.id]
    assert set(found(workstation, "堆垛", EVERYTHING)) == {case.id, kept.id}
    assert found(workstation, "堆垛", CaseFilter(status=CaseStatus.VOIDED)) == [case.id]
    assert found(workstation, "重复登记", EVERYTHING) == [case.id]  # the reason is part of its facts
    assert only_hit(workstation, "重复登记", EVERYTHING).status == CaseStatus.VOIDED


def test_a_corrected_document_is_found_as_its_new_version(workstation):
    built = build_case(workstation)
    first = issue_document(workstation, built.id, "determination").value
    second = issue_document(workstation, built.id, "determination", correction_reason="更正门牌笔误").value
    assert (second.version, second.number_text) == (2, first.number_text)
    hit = only_hit(workstation, "门牌笔误")
    assert hit.where == "火灾事故认定书 · 某消火认字〔2026〕第0001号 · 第2版"
    assert hit.places[0].source_id == second.id
    title = "火灾事故认定书 · 某消火认字〔2026〕第0001号"
    assert [p.label for p in only_hit(workstation, "民事诉讼").places] == [title, f"{title} · 第2版"]


def test_rebuilding_the_index_finds_the_same(workstation, tmp_path):
    first = register(workstation, summary="电动自行车充电时起火", alarm_time=local(2025, 5, 1))
    records.create_interview(workstation, first.id, interview("钱某", "充电器一直插着"))
    second = register(workstation, summary="电动车停在楼道", alarm_time=local(2025, 6, 1))
    evidence.register_evidence(workstation, second.id, item("电池组", description="锂电池鼓包"))
    attach(workstation, tmp_path, second.id, "电池.jpg", "鼓包的电池")
    queries = ["电动", "充电器", "锂电池 -充电", "鼓包", '"电动 自行车"', "00002", "起火"]
    before = {q: search(workstation, q).hits for q in queries}
    status = search_index_status(workstation)
    assert rebuild_search_index(workstation).value == 2
    assert {q: search(workstation, q).hits for q in queries} == before
    assert search_index_status(workstation) == status
    assert [h.case_id for h in before["鼓包"]] == [second.id]


def test_a_cancelled_rebuild_leaves_the_index_as_it_was(workstation):
    case = register(workstation, summary="烟头引燃沙发")
    register(workstation, summary="蜡烛引燃窗帘")
    status = search_index_status(workstation)
    reported = []
    with pytest.raises(OperationCancelled):
        rebuild_search_index(workstation, lambda done, total: reported.append((done, total)) or False)
    assert reported == [(2, 2)]
    assert search_index_status(workstation) == status and found(workstation, "沙发") == [case.id]


def test_a_failed_use_case_leaves_the_index_as_it_was(workstation):
    case = register(workstation, summary="烟头引燃沙发")
    refused = neutral(summary="蜡烛引燃窗帘", extinguished_time=local(2026, 3, 1, 9))  # before the alarm
    with pytest.raises(ValidationFailed):
        cases.update_case(workstation, case.id, case.version, refused)
    assert found(workstation, "沙发") == [case.id] and found(workstation, "蜡烛") == []

    @writes
    def edit_then_refuse(uow: UnitOfWork, case_id: int, version: int, draft: CaseDraft) -> None:
        """A longer use case: the edit and its index rows are written (as an import does batch by batch), then a
        later check refuses it all."""
        cases.update_case.within(uow, case_id, version, draft)
        uow.update_search_index()
        assert uow.session.scalar(select(func.count()).where(SearchEntry.body.contains("蜡烛"))) == 1
        raise ValidationFailed([FieldError("case", "后面的检查不通过。")])

    with pytest.raises(ValidationFailed, match="后面的检查不通过"):
        edit_then_refuse(workstation, case.id, case.version, neutral(summary="蜡烛引燃窗帘"))
    assert found(workstation, "沙发") == [case.id] and found(workstation, "蜡烛") == []
    assert cases.get_case(workstation, case.id).facts.summary == "烟头引燃沙发"


def test_opening_a_database_indexed_with_another_analysis_builds_the_index_again(database_url, db, workstation):
    case = register(workstation, summary="烟头引燃沙发")
    with db.writing() as session:  # as a database from before the search (or an older analysis) is
        session.execute(SearchEntry.__table__.delete())
        session.execute(Setting.__table__.update().where(Setting.key == ANALYSIS_SETTING).values(value_json="0"))
    assert found(workstation, "沙发") == [] and search_index_status(workstation).out_of_date
    reopened = open_prepared_database(database_url)
    try:
        again = Workstation(reopened, workstation.actor)
        assert found(again, "沙发") == [case.id]
        status = search_index_status(again)
        assert (status.cases, status.archive_cases, status.out_of_date) == (1, 1, False)
    finally:
        reopened.dispose()


def test_the_index_status(db, workstation):
    status = search_index_status(workstation)
    assert (status.entries, status.cases, status.archive_cases, status.out_of_date) == (0, 0, 0, False)
    lead = investigator(workstation, "钱多多")
    case = register(workstation, lead_investigator_id=lead.id)  # its facts, its party, its investigator
    register(workstation, parties=[])  # its facts only
    records.create_interview(workstation, case.id, interview("李某", "看见冒烟"))
    status = search_index_status(workstation)
    assert (status.entries, status.cases, status.archive_cases, status.out_of_date) == (5, 2, 2, False)
    with db.reading() as session:
        assert session.scalar(select(func.count(SearchEntry.id))) == 5


def test_a_long_text_is_found_to_its_end_and_across_its_chunks(workstation):
    """A summary longer than a chunk: a word at its very end and a phrase standing across a chunk's end are found
    (the chunks overlap)."""
    filler = "甲乙丙丁戊己庚辛壬癸" * (CHUNK_UNITS // 10)
    across = filler[: CHUNK_UNITS - 5] + "蓄电池热失控" + filler[: 2 * CHUNK_UNITS] + "末尾的词"
    case = register(workstation, summary=across)
    assert found(workstation, "蓄电池热失控") == [case.id]
    assert found(workstation, "末尾的词") == [case.id]
    assert found(workstation, "癸甲乙") == [case.id]
    assert found(workstation, "癸乙") == []
    assert CHUNK_OVERLAP >= len("蓄电池热失控")


def test_a_phrase_after_a_pair_repeated_hundreds_of_times_is_found_on_both_backends(workstation):
    """PostgreSQL keeps only 255 positions of a word: a chunk ends before a pair occurs more often."""
    case = register(workstation, summary="楼道堆放，" * 400 + "楼道起火")
    register(workstation, summary="楼道堆放杂物")
    assert found(workstation, "楼道起火") == [case.id]
    assert found(workstation, '"堆放 楼道 起火"') == []
    assert found(workstation, "，楼道起火") == [case.id]


# -- the case list's quick filter ---------------------------------------------------------------------------------


def list_ids(workstation, text: str, **filters) -> set[int]:
    page = case_list_page(workstation, CaseFilter(text=text, **filters), CaseSort(), 0, 100, with_total=True)
    assert page.total == len(page.rows)
    return {row.id for row in page.rows}


def test_the_quick_filter_searches_the_index_and_still_finds_a_number_typed_in_part(workstation):
    balcony = register(workstation, summary="阳台吸烟")
    second = register(workstation)
    talk = register(workstation)
    records.create_interview(workstation, talk.id, interview("李某", "在阳台晾衣服"))
    assert list_ids(workstation, "阳台") == {balcony.id, talk.id}
    assert list_ids(workstation, "阳台 吸烟") == {balcony.id}
    assert list_ids(workstation, "阳台 -吸烟") == {talk.id}
    assert list_ids(workstation, "2026-00002") == {second.id}
    assert list_ids(workstation, "100-2026-0000") == {balcony.id, second.id, talk.id}  # part of a number
    assert list_ids(workstation, "26-00003") == {talk.id}
    assert list_ids(workstation, "00003") == {talk.id}
    assert list_ids(workstation, "，。") == {balcony.id, second.id, talk.id}  # no words: no filter
    assert list_ids(workstation, "阳台", district="鼓楼区") == set()


def test_the_quick_filter_takes_the_end_of_a_case_number_from_its_dash(workstation):
    case = register(workstation)
    assert list_ids(workstation, "-00001") == {case.id}


@pytest.mark.postgresql_only
def test_a_person_renamed_while_their_case_is_saved_leaves_both_changes_in_the_index(
    backend, database_url, actor, workstation
):
    """Both use cases re-index the case's facts; the second waits for the first and indexes what it committed."""
    from tests.races import at_the_same_moment

    if backend != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: there is no race to lose")
    for round_number in range(5):
        person = investigator(workstation, f"钱多{round_number}")
        case = register(workstation, lead_investigator_id=person.id)
        draft = replace(cases.get_case(workstation, case.id).facts, summary=f"第{round_number}轮 阁楼电热毯起火")
        renamed = PersonRecord(person.id, f"孙少{round_number}", "某大队", "火灾调查员", version=person.version)
        databases = [open_prepared_database(database_url) for _ in range(2)]
        try:
            renaming, saving = Workstation(databases[0], actor), Workstation(databases[1], actor)
            outcomes = at_the_same_moment(
                lambda renaming=renaming, renamed=renamed: save_person(renaming, renamed),
                lambda saving=saving, case=case, draft=draft: cases.update_case(saving, case.id, case.version, draft),
            )
        finally:
            for database in databases:
                database.dispose()
        assert [type(o).__name__ for o in outcomes] == ["Outcome", "Outcome"], outcomes
        assert found(workstation, f"孙少{round_number}") == [case.id]
        assert found(workstation, f"第{round_number}轮 阁楼电热毯") == [case.id]
        assert found(workstation, f"钱多{round_number}") == []
