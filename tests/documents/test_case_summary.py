"""The printed case summary read back with pypdf: A4, one page (two at most for a very full case), the case's facts
in extractable Chinese text, with the embedded TrueType font or ReportLab's CID fallback."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from fireinvest.documents import fonts
from fireinvest.documents.case_summary import case_summary_pdf, render_case_summary
from fireinvest.documents.case_summary_facts import CaseSummary, DeadlineLine, TimelineLine, case_summary
from fireinvest.rules.evidence import EvidenceDraft
from fireinvest.services.cases import create_case
from fireinvest.services.evidence import register_evidence
from tests.archive.dossier_case import build_dossier_case
from tests.factories import local, make_draft

A4_POINTS = (595.3, 841.9)


def read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    # Extraction puts spaces between Chinese and Latin runs; compare without any white space.
    return reader, re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def is_a4(reader: PdfReader) -> bool:
    return all(abs(float(p.mediabox.width) - A4_POINTS[0]) < 1 and abs(float(p.mediabox.height) - A4_POINTS[1]) < 1
               for p in reader.pages)  # fmt: skip


def test_the_summary_is_one_a4_page_with_the_facts_of_the_case(db, actor, workstation, tmp_path):
    case = build_dossier_case(db, actor)
    # The dossier case holds one item already (the determination's basis).
    register_evidence(workstation, case.id, EvidenceDraft("插座残骸", local(2026, 3, 1, 14), "张明"))
    target = tmp_path / "摘要.pdf"
    assert case_summary_pdf(workstation, case.id, target) == 1
    reader, text = read(target.read_bytes())
    assert len(reader.pages) == 1 and is_a4(reader)
    for fact in (
        "火灾案件摘要", case.case_number, "玄武区中山路100号3栋502室", "王某某住宅", "王某某（所有人）", "住宅",
        "2026-03-0110:05", "火灾等级一般", "25.50平方米", "30,000.00元", "32,000.00元", "电气（短路）", "厨房",
        "冰箱压缩机附近", "厨房冰箱背部起火", "受理登记", "作出火灾事故认定", "物证2件", "照片7", "扫描件1",
        "现场勘验0份，询问1份", "已出具4份，作废1份", case.documents[2].number_text, "无需专家论证",
        "不属于须闭环整改的案件",
    ):  # fmt: skip
        assert fact in text, fact


def test_overdue_deadlines_are_marked_and_listed_first(workstation):
    case = create_case(workstation, make_draft()).value
    summary = case_summary(workstation, case.id, now=local(2026, 4, 15))
    losses, determination = summary.deadlines[:2]
    # The parties' window to declare losses has passed: theirs to use, not the agency's delay.
    assert (losses.label, losses.due, losses.status, losses.urgent) == ("当事人申报损失", "2026-03-09", "已届满", False)
    assert (determination.label, determination.due, determination.status, determination.urgent) == (
        "作出火灾事故认定", "2026-03-31", "已逾期", True)  # fmt: skip
    assert [d.label for d in summary.deadlines if d.urgent] == ["作出火灾事故认定"]
    assert summary.printed_at == "2026-04-15 10:00"


def test_a_fatal_fire_shows_the_review_it_still_needs_and_its_loop(workstation, tmp_path):
    case = create_case(workstation, make_draft(deaths=1, summary="")).value
    target = tmp_path / "摘要.pdf"
    case_summary_pdf(workstation, case.id, target)
    _reader, text = read(target.read_bytes())
    assert "死亡/重伤/轻伤1/0/0人" in text
    assert re.search(r"须经专家论证并形成结论后方可认定（[^）]*死亡", text)
    assert "须闭环" in text and "阶段：" in text


def _crowded(summary: CaseSummary) -> CaseSummary:
    """The summary of a case with far more than a page holds: every list long, every text long."""
    many = "、".join(f"当事人{n}（使用人）" for n in range(300))
    facts = tuple((label, many if label == "当事人" else value) for label, value in summary.facts)
    return dataclasses.replace(
        summary,
        facts=facts,
        summary_text="起火建筑为砖混结构，" * 400,
        timeline=tuple(TimelineLine(f"2026-03-{n % 28 + 1:02d}", "送检验鉴定", "张明" * 30) for n in range(200)),
        deadlines=tuple(DeadlineLine(f"措施{n}整改期限" * 5, "2026-05-01", "已逾期", True) for n in range(60)),
        documents=tuple(f"询问笔录（第{n}份）" for n in range(80)),
        reviews=tuple("专家一致认为起火原因为电气线路短路。" * 30 for _ in range(20)),
        loop=tuple(f"逾期：某单位 整改措施{n}" * 20 for n in range(50)),
    )


def test_a_very_full_case_still_fits_on_two_pages(workstation):
    case = create_case(workstation, make_draft()).value
    summary = _crowded(case_summary(workstation, case.id))
    out = io.BytesIO()
    pages = render_case_summary(summary, out)
    reader, text = read(out.getvalue())
    assert pages == len(reader.pages) and pages <= 2 and is_a4(reader)
    assert "较早的" in text and "项从略" in text  # the oldest steps left out, and said so
    assert "未列出" in text and "…" in text
    assert "当事人0（使用人）" in text and case.case_number in text


def test_without_a_truetype_font_the_cid_font_still_gives_text(workstation, monkeypatch):
    case = create_case(workstation, make_draft()).value
    monkeypatch.setattr(fonts, "candidate_files", list)
    fonts.cjk_font.cache_clear()
    try:
        assert not fonts.cjk_font().embedded
        out = io.BytesIO()
        case_summary_pdf(workstation, case.id, out)
    finally:
        fonts.cjk_font.cache_clear()
    reader, text = read(out.getvalue())
    used = {str(font.get("/BaseFont")) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(fonts.CID_FALLBACK in name for name in used)
    assert case.case_number in text and "玄武区中山路100号3栋502室" in text


def test_the_truetype_font_is_embedded_when_one_is_installed(workstation):
    if not fonts.cjk_font().embedded:
        pytest.skip("no TrueType CJK font on this machine")
    case = create_case(workstation, make_draft()).value
    out = io.BytesIO()
    case_summary_pdf(workstation, case.id, out)
    reader, _text = read(out.getvalue())
    embedded = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object().get("/FontDescriptor")
        embedded.append(descriptor is not None and "/FontFile2" in descriptor.get_object())
    assert any(embedded)


def test_the_timeline_names_people_not_their_logins(db, workstation):
    from fireinvest.rules.workflow import EventType
    from fireinvest.services.actor import Actor
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.people import PersonRecord, save_person
    from tests.factories import take_step

    save_person(workstation, PersonRecord(None, "王五", "某市玄武区消防救援大队", login_name="wangwu"))
    case = create_case(workstation, make_draft()).value
    take_step(db, Actor("wangwu"), case.id, EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12))
    lines = case_summary(Workstation(db, Actor("wangwu")), case.id).timeline
    assert [(line.step, line.by) for line in lines][-1] == ("开始调查", "王五")
