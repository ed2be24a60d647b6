"""Generated documents read back with python-docx: the page, the fonts, the GB/T 9704 grid and page numbers, the
number, the case's facts in the text, and the filling rules (struck-through fields, crossed-out rows, numbering)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm

from fireinvest.documents.fill import STRUCK_BLANK
from fireinvest.documents.issuing import issue_document, preview_document
from fireinvest.errors import ValidationFailed
from fireinvest.rules.workflow import EventType
from fireinvest.services import settings
from fireinvest.services.documents.register import issued_document_bytes
from tests.documents.case_builder import DISASTER_CAUSES, LAB, _step, add_review_and_loop, build_case
from tests.documents.docx_reading import (
    body_text,
    east_asian_font,
    font_size_pt,
    footer_text,
    open_docx,
    paragraph_with,
    paragraphs,
    struck_runs,
    style_chain_value,
)
from tests.factories import local


def issued(workstation, case_id: int, kind: str, subject_id: int = 0):
    record = issue_document(workstation, case_id, kind, subject_id).value
    return record, open_docx(issued_document_bytes(workstation, record.id))


def preview(workstation, case_id: int, kind: str, subject_id: int = 0):
    return open_docx(preview_document(workstation, case_id, kind, subject_id))


def mm(length: int) -> float:
    return round(Length(length).mm, 1)  # Word stores twentieths of a point: 210 mm is 11906 twips


def alignment(paragraph):
    """The paragraph's alignment, its own or its style's."""
    if paragraph.alignment is not None:
        return paragraph.alignment
    return style_chain_value(paragraph.style, lambda s: s.paragraph_format.alignment)


def assert_a4_with_binding_margins(document) -> None:
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225


def test_the_cause_is_stated_in_words_never_as_a_statistics_category(workstation):
    """Without the finding in prose the determination states the most specific words of the classification."""
    case = build_case(workstation, cause_finding="")
    text = body_text(issued(workstation, case.id, "determination")[1])
    assert "起火原因为短路。" in text and "电气（短路）" not in text


def test_determination_carries_the_facts_the_cause_and_the_review_notice(workstation, built):
    record, document = issued(workstation, built.id, "determination")
    assert_a4_with_binding_margins(document)
    text = body_text(document)
    assert re.fullmatch(r"某消火认字〔2026〕第0001号", record.number_text)
    assert alignment(paragraph_with(document, record.number_text)) == WD_ALIGN_PARAGRAPH.RIGHT
    for fact in ("某市消防救援支队", "火灾事故认定书", "起火时间：2026年3月1日9时50分",
                 "起火地点：玄武区中山路100号3栋502室（王某某住宅）", "接警时间：2026年3月1日10时05分",
                 "过火面积：25.5平方米", "直接财产损失：30000.00元", "人员伤亡：无人员伤亡", "火灾等级：一般火灾",
                 "厨房冰箱背部起火，蔓延至客厅。", "起火部位为厨房", "起火点位于冰箱压缩机附近",
                 "起火原因为冰箱压缩机启动器接线端子短路，产生的高温熔珠引燃周围可燃物",
                 "住户发现起火后未及时报警", "楼道堆放杂物，火势沿楼道蔓延。", "现场勘验笔录1份（2026年3月1日）",
                 "询问笔录1份（被询问人：王某某）", "现场照片3张", f"{LAB}对{built.evidence_numbers[0]}（导线熔痕）",
                 "鉴定意见书 JD-2026-015", "出动力量：玄武消防救援站，消防车2辆、指战员10名",
                 "自收到本认定书之日起十五日内", "向某省消防救援总队提出书面复核申请",
                 "复核申请以一次为限", "直接向人民法院提起民事诉讼", "2026年3月25日"):  # fmt: skip
        assert fact in text, fact
    # Signed off by the agency over its seal; the 式样 prints no text where the seal goes.
    assert text.endswith("某市消防救援支队\n2026年3月25日") and "印章" not in text
    # Paragraphs of the disaster causes stay paragraphs.
    lines = DISASTER_CAUSES.split("\n")
    assert paragraph_with(document, lines[0]).text == lines[0]
    assert paragraph_with(document, lines[1]).text == lines[1]


def test_a_fact_not_recorded_is_struck_through_not_left_blank(workstation):
    case = build_case(workstation, dispatched_units="")
    document = preview(workstation, case.id, "determination")
    units = paragraph_with(document, "出动力量：")
    assert [r.text for r in units.runs if r.font.strike] == [STRUCK_BLANK]


def test_enforcement_fonts_and_title(workstation, built):
    document = preview(workstation, built.id, "determination")
    title = paragraph_with(document, "火灾事故认定书")
    assert alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    assert title.style.font.bold and font_size_pt(title.style) == 22
    assert east_asian_font(title.style) == "宋体"
    body = paragraph_with(document, "起火时间：")
    assert east_asian_font(body.style) == "仿宋" and font_size_pt(body.style) == 16
    heading = paragraph_with(document, "二、起火原因")
    assert east_asian_font(heading.style) == "黑体"
    # Runs without formatting of their own (docxtpl's filled fields) fall back to the document defaults.
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert "（未编号）" in body_text(document)
    assert "第 1 页" in footer_text(document)


def test_cause_not_found_lists_the_excluded_causes(workstation):
    case = build_case(workstation, determine=False, cause_category="不明确原因", cause_detail="", disaster_causes="")
    _step(workstation, case.id, EventType.HEARING_HELD, local(2026, 3, 20))
    _step(workstation, case.id, EventType.DETERMINED, local(2026, 3, 25), {"excluded_causes": ["放火", "吸烟", "电气"]})
    text = body_text(preview(workstation, case.id, "determination"))
    assert "起火原因无法查明，可以排除放火、吸烟、电气引起火灾的可能。" in text
    assert "起火原因为" not in text
    # No 灾害成因 recorded for this case: struck through.
    assert STRUCK_BLANK in struck_runs(preview(workstation, case.id, "determination"))
    # Every document the case may have is issued, the hearing record and the report stating the same finding.
    for kind in ("hearing_record", "determination", "proof_of_service", "investigation_report"):
        record, document = issued(workstation, case.id, kind)
        text = body_text(document)
        assert "{{" not in text and "起火原因为" not in text, kind
        if kind != "proof_of_service":
            assert "起火原因无法查明，可以排除放火、吸烟、电气引起火灾的可能。" in text, kind


def test_official_report_follows_gb_t_9704(workstation, built):
    record, document = issued(workstation, built.id, "investigation_report")
    assert record.number_text == "某消〔2026〕1号"
    assert_a4_with_binding_margins(document)
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch, char_space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    assert int(Mm(225).pt * 20 / line_pitch) == 22  # 22 lines fill the text block
    assert int(Mm(156).pt / (16 + char_space / 4096)) == 28  # 28 characters of 三号 on a line
    body = paragraph_with(document, "厨房冰箱背部起火")
    assert east_asian_font(body.style) == "仿宋" and font_size_pt(body.style) == 16
    title = paragraph_with(document, "火灾事故调查报告")
    assert title.text == "王某某住宅“3·1”火灾事故调查报告"
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index(title.text) + 1] == "玄武区人民政府："  # 主送机关: the district's government
    assert east_asian_font(title.style) == "方正小标宋简体" and font_size_pt(title.style) == 22
    assert alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(paragraph_with(document, "一、火灾单位基本情况").style) == "黑体"
    assert east_asian_font(paragraph_with(document, "（一）起火原因").style) == "楷体"
    number = paragraph_with(document, record.number_text)
    issuer = paragraph_with(document, "某市消防救援支队")
    assert alignment(number) == alignment(issuer) == WD_ALIGN_PARAGRAPH.CENTER
    texts = [p.text for p in paragraphs(document)]
    assert texts.index(record.number_text) == texts.index("某市消防救援支队") + 1  # centred under the issuer
    text = body_text(document)
    for section in ("一、火灾单位基本情况", "二、火灾发生及扑救经过", "三、人员伤亡和财产损失情况",
                    "四、火灾原因和性质", "五、责任认定及处理建议", "六、防范和整改措施", "七、附件",
                    "八、调查组成员签名"):  # fmt: skip
        assert section in text
    assert "火灾未造成人员伤亡，受灾0户" in text and "张明" in text and "李强" in text


def test_official_page_numbers_alternate_sides(workstation, built):
    document = preview(workstation, built.id, "investigation_report")
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (alignment(odd), alignment(even)) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert " PAGE " in footer._p.xml
        assert east_asian_font(footer.style) == "宋体" and font_size_pt(footer.style) == 14
    assert "（未编号）" in body_text(document)


def test_fonts_missing_on_a_workstation_fall_back_to_song(workstation, built):
    document = preview(workstation, built.id, "investigation_report")
    part = next(p for p in document.part.package.parts if p.partname == "/word/fontTable.xml")
    assert 'w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in part.blob.decode("utf-8")


def test_evidence_list_numbers_rows_and_crosses_out_the_rest(workstation, built):
    document = preview(workstation, built.id, "evidence_list")
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:3] == ["序号", "物品编号", "名称"]
    assert [r[0] for r in rows[1:3]] == ["1", "2"] and [r[1] for r in rows[1:3]] == list(built.evidence_numbers)
    assert rows[1][3] == "厨房冰箱背部，长约12厘米"
    padding = table.rows[3:]
    assert len(padding) == 8  # the form has 10 rows
    for row in padding:
        for cell in row.cells:
            runs = cell.paragraphs[0].runs
            assert runs and all(r.font.strike for r in runs) and set(cell.text) == {"—"}
    assert "提取人签名" in footer_text(document)
    assert "提取的痕迹物品均已当场封存" in body_text(document)  # both items carry a seal number


def test_the_evidence_list_says_sealed_only_of_what_was_sealed(workstation, built):
    from fireinvest.services import evidence

    unsealed = evidence.register_evidence(workstation, built.id, evidence.EvidenceDraft(
        "插座面板", local(2026, 3, 1, 15), "张明")).value  # fmt: skip
    text = body_text(preview(workstation, built.id, "evidence_list"))
    assert "均已当场封存" not in text and f"未封存的物品：{unsealed.evidence_number}。" in text


def test_interview_record_is_signed_on_every_page_and_strikes_an_unanswered_question(workstation, built):
    document = preview(workstation, built.id, "interview", built.interview_id)
    text = body_text(document)
    for fact in ("被询问人：王某某", "身份证件号码：320102198001011234", "询问人：张明、李强",
                 "问：请讲一下起火经过。", "答：我闻到焦糊味，发现冰箱后面冒烟。", "问：起火前冰箱是否正常？",
                 "以上笔录我看过（或向我宣读过），和我说的相符。"):  # fmt: skip
        assert fact in text
    assert [r.text for r in paragraph_with(document, "答：" + STRUCK_BLANK).runs if r.font.strike] == [STRUCK_BLANK]
    footer = footer_text(document)
    assert (
        "被询问人签名：" in footer and "第 1 页" in footer and " NUMPAGES " in document.sections[0].footer._element.xml
    )
    assert "记录人签名：" in footer and text.split("\n")[2] == "（第一次）"


def test_a_second_interview_of_the_same_person_says_so(workstation):
    from fireinvest.rules.records import InterviewDraft, QuestionAnswer
    from fireinvest.services import records

    built = build_case(workstation, determine=False)  # records stay open until the determination
    again = records.create_interview(workstation, built.id, InterviewDraft(
        "王某某", "320102198001011234", "当事人", started_at=local(2026, 3, 3, 9), place="现场", interviewers=["张明"],
        questions=[QuestionAnswer("补充说明起火前的情况。", "冰箱用了十年。")])).value  # fmt: skip
    other = records.create_interview(workstation, built.id, InterviewDraft(
        "赵某", role="目击者", started_at=local(2026, 3, 3, 10), place="现场", interviewers=["张明"],
        questions=[QuestionAnswer("你看到了什么？", "冒烟。")])).value  # fmt: skip
    assert body_text(preview(workstation, built.id, "interview", again.id)).split("\n")[2] == "（第二次）"
    assert body_text(preview(workstation, built.id, "interview", other.id)).split("\n")[2] == "（第一次）"


def test_scene_inspection_record_lists_inspectors_and_strikes_the_stage_not_done(workstation, built):
    document = preview(workstation, built.id, "scene_inspection", built.inspection_id)
    text = body_text(document)
    for fact in ("勘验时间：2026年3月1日13时00分至2026年3月1日16时30分", "天气：晴", "风向风力：东北风2级",
                 "温度：12℃", "光照条件：自然光，辅以手电照明", "见证人：赵某（物业管理员）", "一、环境勘验",
                 "四、专项勘验", "冰箱背部压缩机附近导线有熔痕。"):  # fmt: skip
        assert fact in text
    inspectors = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert inspectors[1:] == [["1", "张明", "某市玄武区消防救援大队", "火灾调查员"],
                              ["2", "李强", "某市玄武区消防救援大队", "高级工程师"]]  # fmt: skip
    special = list(paragraphs(document))
    after_heading = special[[p.text for p in special].index("四、专项勘验") + 1]
    assert [r.text for r in after_heading.runs if r.font.strike] == [STRUCK_BLANK]
    assert "勘验人签名" in footer_text(document) and "见证人签名" in footer_text(document)


def test_text_with_markup_characters_stays_valid(workstation):
    case = build_case(workstation, determine=False, summary="配电箱<A&B>回路跳闸后起火。")
    assert "配电箱<A&B>回路跳闸后起火。" in body_text(preview(workstation, case.id, "investigation_report"))


def test_number_uses_the_agency_abbreviation_setting(workstation, built):
    from dataclasses import replace

    current = settings.agency_settings(workstation)
    assert current.agency_abbreviation == "某"
    settings.update_agency_settings(workstation, replace(current, agency_abbreviation="宁"))
    record, document = issued(workstation, built.id, "determination")
    assert record.number_text == "宁消火认字〔2026〕第0001号"
    assert record.number_text in body_text(document)


@pytest.mark.parametrize("kind", ["hearing_record", "proof_of_service", "public_notice", "review_acceptance",
                                  "review_refusal", "review_file_request", "review_conclusion",
                                  "loss_declaration", "rectification_notice", "assessment_report"])  # fmt: skip
def test_every_other_kind_fills_its_template(workstation, built, kind):
    document = preview(workstation, built.id, kind)
    text = body_text(document)
    # The review documents are the review agency's: its name heads and signs them.
    issuer = "某省消防救援总队" if kind.startswith("review_") else "某市消防救援支队"
    assert text.startswith(issuer) and text.count("某省消防救援总队") >= (2 if kind.startswith("review_") else 0)
    assert "{{" not in text and "{%" not in text and "印章" not in text
    assert_a4_with_binding_margins(document)


def review_steps(workstation, case_id: int, decision: EventType, refusal: dict | None = None) -> None:
    """The party applies for a review of the served determination; the review agency decides (a refusal with the
    details given, by default the late ground) and, accepting, concludes by upholding it."""
    _step(workstation, case_id, EventType.REVIEW_APPLIED, local(2026, 3, 30), {"applicant": "王某某"})
    refused = {"ground": "late", "note": "申请于送达后第十九日提出"} if refusal is None else refusal
    _step(workstation, case_id, decision, local(2026, 4, 2), refused if decision == EventType.REVIEW_REFUSED else {})
    if decision == EventType.REVIEW_ACCEPTED:
        _step(workstation, case_id, EventType.CASE_FILE_SENT, local(2026, 4, 8))
        _step(workstation, case_id, EventType.REVIEW_CONCLUDED, local(2026, 4, 28), {"outcome": "upheld"})


@pytest.mark.parametrize(("refusal", "named"), [({"ground": "late", "note": "申请于送达后第十九日提出"}, "第二项"),
                                               ({}, "第\u3000\u3000项")])  # fmt: skip
def test_the_refusal_names_its_ground_among_the_five(workstation, built, refusal, named):
    """The notice lists the five grounds and names the one recorded with the refusal; a refusal recorded without
    one (an older timeline) leaves the number open for the hand, as the printed form does."""
    review_steps(workstation, built.id, EventType.REVIEW_REFUSED, refusal)
    record, document = issued(workstation, built.id, "review_refusal")
    text = body_text(document)
    assert f"经审查，属于以下第{named[1:-1]}项情形：" in text and record.number_text.startswith("某省消火复不受字")
    for line in (
        "（一）申请人不是火灾事故当事人的；",
        "（二）超过复核申请期限的；",
        "（五）火灾事故认定适用简易调查程序作出的；",
    ):
        assert line in text
    assert ("说明：申请于送达后第十九日提出" in text) == bool(refusal)
    with pytest.raises(ValidationFailed, match="不是“复核受理”"):
        issue_document(workstation, built.id, "review_acceptance")  # the application was refused, not accepted


def test_review_documents_are_issued_in_the_review_agency_s_name_and_numbers(workstation, built):
    stored = settings.agency_settings(workstation)
    settings.update_agency_settings(workstation, replace(stored, review_agency_abbreviation="苏"))
    review_steps(workstation, built.id, EventType.REVIEW_ACCEPTED)
    texts, numbers = {}, {}
    for kind in ("review_acceptance", "review_file_request", "review_conclusion"):
        record, document = issued(workstation, built.id, kind)
        numbers[kind], texts[kind] = record.number_text, body_text(document)
        lines = texts[kind].split("\n")
        assert lines[0] == "某省消防救援总队" and lines.count("某省消防救援总队") == 2, kind  # head and signature
        assert record.number_text in texts[kind]
    assert numbers == {"review_acceptance": "苏消火复受字〔2026〕第0001号",
                       "review_file_request": "苏消火复调字〔2026〕第0001号",
                       "review_conclusion": "苏消火复字〔2026〕第0001号"}  # fmt: skip
    # Each is dated on its decision; the file request asks the agency whose determination is reviewed.
    assert "某省消防救援总队\n2026年4月2日\n本通知书一式二份" in texts["review_acceptance"]
    assert texts["review_conclusion"].endswith("某省消防救援总队\n2026年4月28日")
    assert "第三十六条" in texts["review_acceptance"] and "终止复核" in texts["review_acceptance"]
    assert "\n某市消防救援支队：\n" in texts["review_file_request"]
    assert "复核以一次为限" in texts["review_conclusion"] and "最终结论" not in texts["review_conclusion"]
    # The agency's own documents keep its name and 代字.
    assert issue_document(workstation, built.id, "determination").value.number_text == "某消火认字〔2026〕第0001号"


def test_investigation_report_carries_the_expert_review_and_the_loop(workstation, built):
    from fireinvest.rules.closed_loop import AccountabilityMeasure, PartyKind
    from fireinvest.rules.loop_items import AccountabilityDraft
    from fireinvest.services.loop import items as loop_items

    add_review_and_loop(workstation, built.id)
    loop_items.create_accountability(workstation, built.id, AccountabilityDraft(
        "王某某", AccountabilityMeasure.CRIMINAL_REFERRAL, PartyKind.PERSON, breach="私拉电线为电动自行车充电",
        legal_basis="《中华人民共和国刑法》第一百一十五条失火罪/第一百三十九条消防责任事故罪"))  # fmt: skip
    report = body_text(preview(workstation, built.id, "investigation_report"))
    assert (
        "私拉电线为电动自行车充电，涉嫌《中华人民共和国刑法》第一百一十五条失火罪或者第一百三十九条消防责任事故罪。"
        in report
    ) and "违反了《中华人民共和国刑法》" not in report  # a crime is suspected, not found
    basis = body_text(preview(workstation, built.id, "determination"))  # the 认定书 cites the experts' opinion too
    assert "专家论证意见：起火原因认定论证（2026年3月18日，专家：周工）" in basis
    text = body_text(preview(workstation, built.id, "investigation_report"))
    for fact in ("2026年3月18日，起火原因认定论证（专家：周工）：同意认定为电气线路短路引发火灾。",
                 "（一）某物业公司（单位）", "未及时清理楼道堆放的杂物，违反了《中华人民共和国消防法》第二十八条。",
                 "1. 开展老旧小区电气线路排查（建议对象：玄武区人民政府）",
                 "1. 某物业公司：清理楼道杂物并设置巡查制度，整改期限至2026年6月30日。"):  # fmt: skip
        assert fact in text, fact
    notice = body_text(preview(workstation, built.id, "rectification_notice"))
    assert "某物业公司：" in notice and "于2026年6月30日前完成" in notice
    assessment = preview(workstation, built.id, "assessment_report")
    assert "玄武区人民政府：" in body_text(assessment)
    rows = [[c.text for c in row.cells] for row in assessment.tables[0].rows]
    assert rows[1][:3] == ["1", "清理楼道杂物并设置巡查制度", "某物业公司"]
    assert len(rows) == 11 and set(rows[2][1]) == {"—"}  # the form's ten rows, the unused ones crossed out


def test_simple_determination_fits_one_page_form_with_parties_numbered(workstation):
    from fireinvest.rules.case_facts import PartyDraft, PartyRole, Procedure
    from fireinvest.rules.workflow import EventType
    from fireinvest.services import cases, workflow
    from tests.factories import local, make_draft

    parties = [PartyDraft("王某某", PartyRole.OWNER, "320102198001011234"), PartyDraft("李某", PartyRole.OCCUPANT)]
    case = cases.create_case(workstation, make_draft(procedure=Procedure.SIMPLE, parties=parties)).value
    workflow.record_step(workstation, case.id, case.version, EventType.SIMPLE_DETERMINED, local(2026, 3, 1, 12))
    record, document = issued(workstation, case.id, "simple_determination")
    assert record.number_text == "某消火简字〔2026〕第0001号"
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[1:] == [["1", "王某某", "所有人", "320102198001011234", STRUCK_BLANK],
                        ["2", "李某", "使用人", STRUCK_BLANK, STRUCK_BLANK]]  # fmt: skip
    text = body_text(document)
    assert "当事人对上述火灾事实没有异议。" in text and "当事人签名：" in text and "2026年3月1日" in text
    assert "复核" not in text  # a simple-procedure determination cannot be reviewed


def test_an_interviewee_who_refused_to_sign_is_noted(workstation):
    from fireinvest.rules.records import InterviewDraft, QuestionAnswer
    from fireinvest.services import records
    from tests.factories import local

    case = build_case(workstation, determine=False)
    refusing = records.create_interview(workstation, case.id, InterviewDraft(
        "赵某", role="目击者", started_at=local(2026, 3, 2, 9), place="现场", interviewers=["张明"],
        questions=[QuestionAnswer("你看到了什么？", "不想说。")], refused_to_sign=True)).value  # fmt: skip
    text = body_text(preview(workstation, case.id, "interview", refusing.id))
    assert "被询问人拒绝签名。询问人：张明" in text and "和我说的相符" not in text


def test_people_are_named_from_the_register_never_by_their_login(db, workstation):
    """A step recorded without naming who did it is the workstation's; a login mapped to a person prints the name."""
    from fireinvest.services.actor import Actor
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.people import PersonRecord, save_person

    save_person(workstation, PersonRecord(None, "王五", "某市玄武区消防救援大队", login_name="wangwu"))
    case = build_case(workstation, determine=False)
    at_the_keyboard = Workstation(db, Actor("wangwu"))
    _step(at_the_keyboard, case.id, EventType.HEARING_HELD, local(2026, 3, 20), {"place": "大队会议室"})
    _step(at_the_keyboard, case.id, EventType.DETERMINED, local(2026, 3, 25))
    _step(at_the_keyboard, case.id, EventType.SERVED, local(2026, 3, 26), {"method": "in_person"})
    hearing = body_text(preview(workstation, case.id, "hearing_record"))
    served = preview(workstation, case.id, "proof_of_service")
    assert "说明人：王五（" in hearing and "wangwu" not in hearing
    rows = {row.cells[0].text: row.cells[-1].text for row in served.tables[0].rows}
    assert rows["送达人"] == "王五" and "wangwu" not in body_text(served)


@pytest.mark.parametrize("kind", ["investigation_report", "rectification_notice", "assessment_report"])
def test_a_long_official_title_breaks_between_the_fire_and_the_kind(workstation, kind):
    case = build_case(workstation, unit_name="某某市玄武区梅园新村街道社区卫生服务中心")
    add_review_and_loop(workstation, case.id)
    titles = [p.text for p in preview(workstation, case.id, kind).paragraphs if p.style.name == "公文标题"]
    assert len(titles) == 2 and titles[0].endswith("“3·1”") and titles[1].startswith("火灾事故"), titles
    short = [p.text for p in preview(workstation, build_case(workstation).id, "investigation_report").paragraphs
             if p.style.name == "公文标题"]  # fmt: skip
    assert short == ["王某某住宅“3·1”火灾事故调查报告"]  # 18 characters: one line


def test_a_redetermination_is_a_new_document_under_a_new_number(workstation, built):
    """After the review orders a new determination, its 认定书 is a new act: the next number, dated on the new
    determination, no correction reason; the first stays in the register, replaced."""
    from fireinvest.services.documents.register import DocumentStatus, list_case_documents

    first, _document = issued(workstation, built.id, "determination")
    _step(workstation, built.id, EventType.REVIEW_APPLIED, local(2026, 3, 30), {"applicant": "王某某"})
    _step(workstation, built.id, EventType.REVIEW_ACCEPTED, local(2026, 4, 2))
    _step(workstation, built.id, EventType.CASE_FILE_SENT, local(2026, 4, 8))
    _step(workstation, built.id, EventType.REVIEW_CONCLUDED, local(2026, 4, 28), {"outcome": "redetermine"})
    _step(workstation, built.id, EventType.REDETERMINED, local(2026, 5, 10))
    second, document = issued(workstation, built.id, "determination")
    assert (first.number_text, first.dated) == ("某消火认字〔2026〕第0001号", dt.date(2026, 3, 25))
    assert (second.number_text, second.version, second.correction_reason, second.dated) == (
        "某消火认字〔2026〕第0002号", 2, "", dt.date(2026, 5, 10))  # fmt: skip
    assert body_text(document).endswith("某市消防救援支队\n2026年5月10日")
    history = list_case_documents(workstation, built.id, all_versions=True)
    assert [(d.number_text, d.status) for d in history] == [
        ("某消火认字〔2026〕第0001号", DocumentStatus.REPLACED),
        ("某消火认字〔2026〕第0002号", DocumentStatus.CURRENT),
    ]
    with pytest.raises(ValidationFailed, match="已经出具"):
        issue_document(workstation, built.id, "determination")  # the new act has its document now
