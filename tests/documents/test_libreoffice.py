"""The documents open in a real word processor: LibreOffice lays out the determination and the investigation report
and prints them to PDF; the PDF has A4 pages, the case's facts as extractable Chinese text, the official report's
"— 1 —" page numbers and lines of no more than 28 characters. Skipped only where LibreOffice is not installed."""

from __future__ import annotations

import io

import pypdf
import pytest

from fireinvest.documents.issuing import issue_document, preview_document
from fireinvest.documents.office_conversion import docx_to_pdf, find_office
from fireinvest.services.documents.register import issued_document_bytes
from tests.documents.case_builder import add_review_and_loop

pytestmark = pytest.mark.skipif(find_office() is None, reason="LibreOffice (soffice) is not installed")
A4_POINTS = (595, 842)


@pytest.fixture
def pdfs(workstation, built) -> dict[str, pypdf.PdfReader]:
    """The issued determination and investigation report, laid out and printed to PDF by LibreOffice."""
    found = {}
    for kind in ("determination", "investigation_report"):
        record = issue_document(workstation, built.id, kind).value
        data = issued_document_bytes(workstation, record.id)
        found[kind] = pypdf.PdfReader(io.BytesIO(docx_to_pdf(data, name=kind)))
    return found


def page_texts(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def compact(text: str) -> str:
    return "".join(text.split())


def test_libreoffice_prints_both_documents_on_a4_with_their_text(pdfs, built):
    for reader in pdfs.values():
        assert 1 <= len(reader.pages) <= 4
        for page in reader.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS
    determination = compact("".join(page_texts(pdfs["determination"])))
    for fact in ("火灾事故认定书", "某消火认字〔2026〕第0001号", "玄武区中山路100号3栋502室",
                 "起火原因为冰箱压缩机启动器接线端子短路，产生的高温熔珠引燃周围可燃物",
                 "过火面积：25.5平方米", "十五日内", "某市消防救援支队2026年3月25日"):  # fmt: skip
        assert fact in determination, fact
    report = compact("".join(page_texts(pdfs["investigation_report"])))
    for fact in ("某消〔2026〕1号", "火灾事故调查报告", "一、火灾单位基本情况", "八、调查组成员签名", "张明"):
        assert fact in report, fact


def test_libreoffice_keeps_the_official_grid_and_page_numbers(pdfs):
    pages = page_texts(pdfs["investigation_report"])
    for number, text in enumerate(pages, start=1):
        assert f"— {number} —" in text or f"—{number}—" in compact(text)
    # 28 characters to a line (a digit is half a character wide), and well filled: LibreOffice must neither spread
    # 三号 characters over two grid cells each (14 to a line) nor ignore the grid's character pitch.
    lines = [compact(line) for text in pages for line in text.splitlines()]
    widths = [sum(0.5 if ch.isascii() else 1 for ch in line) for line in lines]
    assert max(widths) <= 28
    assert sum(width >= 26 for width in widths) >= 5


def test_the_simple_determination_is_one_page_with_its_seal_line_and_date(workstation):
    """The form is signed on the spot: three parties, a long place and a long account still fit one A4 page."""
    from fireinvest.rules.case_facts import PartyDraft, PartyRole, Procedure
    from fireinvest.rules.workflow import EventType
    from fireinvest.services import cases, workflow
    from tests.factories import local, make_draft

    parties = [PartyDraft("王某某", PartyRole.OWNER, "320102198001011234", "13800000000"),
               PartyDraft("李某", PartyRole.OCCUPANT), PartyDraft("某某便利店", PartyRole.OCCUPANT)]  # fmt: skip
    case = cases.create_case(workstation, make_draft(
        procedure=Procedure.SIMPLE, parties=parties, summary="厨房冰箱背部起火，住户自行用灭火器扑灭，" * 3,
        unit_name="某某小区物业服务中心管理的王某某住宅")).value  # fmt: skip
    workflow.record_step(workstation, case.id, case.version, EventType.SIMPLE_DETERMINED, local(2026, 3, 1, 12))
    record = issue_document(workstation, case.id, "simple_determination").value
    reader = pypdf.PdfReader(io.BytesIO(docx_to_pdf(issued_document_bytes(workstation, record.id), name="simple")))
    assert len(reader.pages) == 1
    text = compact(page_texts(reader)[0])
    assert text.index("当事人签名") < text.index("某市消防救援支队2026年3月1日") and "第1页共1页" in text


MM = 72 / 25.4
TEXT_BLOCK_TOP_MM = 37


def head_marks(pdf: bytes) -> dict[str, tuple[float, float]]:
    """Where the first page's head is drawn: (top, bottom) in mm from the top of the page of the issuer mark, the
    number, the red line and the title (the first four things drawn, top down)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    page = document[0]
    height = page.get_height()
    boxes = []
    for obj in page.get_objects():
        if obj.type in (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH):
            left, bottom, right, top = obj.get_bounds()
            boxes.append(((height - top) / MM, (height - bottom) / MM, obj.type == raw.FPDF_PAGEOBJ_PATH))
    lines: list[list[tuple[float, float, bool]]] = []  # boxes grouped into the visual lines they belong to
    for box in sorted(boxes):
        if lines and box[0] < lines[-1][0][1] - 1:
            lines[-1].append(box)
        else:
            lines.append([box])
    spans = [(min(b[0] for b in line), max(b[1] for b in line)) for line in lines[:4]]
    assert [any(b[2] for b in line) for line in lines[:4]] == [False, False, True, False]  # the line is third
    document.close()
    return dict(zip(("issuer", "number", "red_line", "title"), spans))


@pytest.mark.parametrize("kind", ["investigation_report", "rectification_notice", "assessment_report"])
def test_the_official_head_is_where_gb_t_9704_puts_it(workstation, built, kind):
    add_review_and_loop(workstation, built.id)  # the loop the notice and the assessment are about
    marks = head_marks(docx_to_pdf(preview_document(workstation, built.id, kind), name=kind))
    line_mm = 225 / 22  # the grid: 22 lines in the 225 mm text block
    assert marks["issuer"][0] - TEXT_BLOCK_TOP_MM == pytest.approx(35, abs=1)  # 7.2.1: 35 mm down
    assert marks["number"][0] - marks["issuer"][1] == pytest.approx(2 * line_mm, abs=1)  # 7.2.3: two lines below
    assert marks["red_line"][0] - marks["number"][1] == pytest.approx(4, abs=1)  # 7.2.5: 4 mm under the number
    assert marks["title"][0] - marks["red_line"][1] == pytest.approx(2 * line_mm, abs=1)  # 7.3.1: two lines below
