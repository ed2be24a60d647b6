"""The Word dossier read back: cover, file list against what follows it, documents in procedural order with their
own sections, photos with captions, closing note sheet; cancelling or a damaged file leaves no file behind."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from sqlalchemy import text

from fireinvest.archive.dossier import export_dossier
from fireinvest.archive.dossier_contents import PHOTOS_PER_PAGE
from fireinvest.errors import AttachmentDamaged, FireInvestError
from fireinvest.services.actor import Actor
from fireinvest.services.documents.register import record_page_counts
from fireinvest.services.front_door import Workstation
from fireinvest.services.progress import OperationCancelled
from fireinvest.services.settings import agency_settings
from tests.archive.dossier_case import CAPTIONS, build_dossier_case
from tests.documents.case_builder import attach as attach_bytes

AGENCY_OFFICE = "某市消防救援支队"


def export(db, case_id, path, **options):
    return export_dossier(Workstation(db, Actor("张明")), case_id, path, compiled_by="张明", **options)


def body_texts(document) -> list[str]:
    """Every paragraph of the body in document order, table cells included."""
    return ["".join(node.xpath(".//w:t/text()")) for node in document.element.body.iter(qn("w:p"))]


def file_list(document) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_file_list_matches_what_follows_it(db, dossier_case, out):
    result = export(db, dossier_case.id, out / "卷宗.docx", checked_by="李强")
    document = Document(str(out / "卷宗.docx"))
    rows = file_list(document)
    assert rows[0] == ["序号", "责任者", "文号", "题名", "日期", "页号", "备注"]
    expected_titles = ["询问笔录（王某某）", "火灾痕迹物品提取清单", "火灾事故认定书", "火灾事故调查报告",
                       f"火灾现场照片（共{len(dossier_case.photos)}张）"]  # fmt: skip
    assert [row[3] for row in rows[1:]] == expected_titles == [item.title for item in result.items]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert {row[1] for row in rows[1:]} == {AGENCY_OFFICE}
    numbers = [d.number_text for d in dossier_case.documents] + [""]
    assert [row[2] for row in rows[1:]] == numbers
    assert re.fullmatch(r"某消火认字〔\d{4}〕第\d{4}号", numbers[2]) and re.fullmatch(r"某消〔\d{4}〕\d+号", numbers[3])
    zone = agency_settings(Workstation(db, Actor("张明"))).zone
    # Each document under the date it bears (成文日期), which is not the day it was printed.
    dates = [f"{d.dated or d.generated_at.astimezone(zone).date():%Y%m%d}" for d in dossier_case.documents]
    assert dates[2] != f"{dossier_case.documents[2].generated_at.astimezone(zone):%Y%m%d}"
    dates.append("20260301")
    assert [row[4] for row in rows[1:]] == dates and all(re.fullmatch(r"\d{8}", d) for d in dates)
    # Page numbers: known page counts give each item's first page; the last item shows first and last.
    assert [row[5] for row in rows[1:]] == ["1", "2", "3", "5", "8-9"]
    assert [(i.first_page, i.last_page) for i in result.items] == [(1, 1), (2, 2), (3, 4), (5, 7), (8, 9)]
    assert rows[3][6] == "第2版（更正）"  # the corrected determination
    # The documents follow the list in that order, each starting where its bookmark says.
    texts = body_texts(document)
    starts = [next(i for i, t in enumerate(texts) if t.startswith(f"{marker}第1页")) for marker in dossier_case.markers]
    assert starts == sorted(starts)
    assert "【公告】第1页" not in texts  # its number was voided: not in the volume
    bookmarks = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
    assert {item.bookmark for item in result.items} <= bookmarks
    # The page numbers and counts of the list and the sheets are text, none a field left to the word processor.
    instructions = [t.strip() for t in document.element.body.xpath(".//w:instrText/text()")]
    assert not [t for t in instructions if t.split()[0] in ("PAGEREF", "NUMPAGES", "PAGE")]


def test_cover_and_closing_note_sheet(db, dossier_case, out):
    result = export(db, dossier_case.id, out / "卷宗.docx", checked_by="李强")
    document = Document(str(out / "卷宗.docx"))
    cover = {row.cells[0].text.rstrip("："): row.cells[1].text for row in document.tables[0].rows}
    assert cover["案卷题名"] == "王某某住宅“3·1”火灾事故调查"
    assert cover["案件编号"] == dossier_case.case_number
    assert cover["起火地址"] == "玄武区中山路100号3栋502室"
    assert cover["起止日期"].startswith("2026年3月1日 至 ")
    assert cover["保管期限"] == "30年"  # general procedure, nobody killed
    assert cover["件数页数"] == "本卷共 5 件，9 页"
    texts = body_texts(document)
    sequence = dossier_case.case_number.rsplit("-", 1)[1]
    assert f"档号：320100-HZ-2026-D30-{sequence}" in texts
    assert result.plan.cover.archive_number == f"320100-HZ-2026-D30-{sequence}"
    closing = texts[texts.index("卷 内 备 考 表") :]
    notes = "\n".join(closing)
    assert "本卷共有文件材料 5 件，卷内文件共 9 页，其中火灾现场照片 7 张，共 2 页" in notes
    assert f"文号 {dossier_case.voided.number_text}（公告）已作废，未入卷。" in notes
    assert "火灾事故认定书为第2版，更正原因：更正起火时间的笔误" in notes
    assert "另有电子附件 1 件（扫描件）未打印入卷" in notes
    assert "案件尚未结案" in notes and "卷内页号自第一件文件起连续编排" in notes
    assert any(line.startswith("立卷人：张明") for line in closing)
    assert any(line.startswith("检查人：李强") for line in closing)


def test_photos_with_numbers_captions_and_capture_times(db, dossier_case, out):
    export(db, dossier_case.id, out / "卷宗.docx")
    document = Document(str(out / "卷宗.docx"))
    pictures = document.element.body.xpath(".//pic:pic")
    assert len(pictures) == len(dossier_case.photos)
    texts = body_texts(document)
    for number in range(1, len(dossier_case.photos) + 1):
        caption = CAPTIONS[(number - 1) % len(CAPTIONS)]
        index = next(i for i, t in enumerate(texts) if t.startswith(f"照片{number}　"))
        assert texts[index] == f"照片{number}　{caption}"
        assert texts[index + 1] == f"拍摄时间：2026-03-01 09:{number - 1:02d}"
    grids = [t for t in document.tables if len(t.rows) == 3 and len(t.columns) == 2]
    assert len(grids) == -(-len(dossier_case.photos) // PHOTOS_PER_PAGE)
    # Printed at about 340 dpi, not as the camera files: each picture part is far smaller than a camera photo.
    images = [p for p in document.part.package.parts if p.partname.startswith("/word/media/dossier_photo")]
    assert len(images) == len(dossier_case.photos)


def test_each_document_keeps_its_own_page_setup_and_footers(db, dossier_case, out):
    export(db, dossier_case.id, out / "卷宗.docx")
    document = Document(str(out / "卷宗.docx"))
    sections = document.sections
    # cover, file list, 4 documents, photos, closing note sheet
    assert len(sections) == 8
    margins = {(round(s.top_margin.mm, 1), round(s.left_margin.mm, 1), round(s.page_width.mm)) for s in sections}
    assert margins == {(37.0, 28.0, 210)}
    report = sections[5]
    assert "PAGE" in report.footer._element.xml and "PAGE" in report.even_page_footer._element.xml
    assert document.settings.odd_and_even_pages_header_footer  # the report prints page numbers left and right
    # Each document prints its own page numbers, as issued: numbering restarts at 1 in each ...
    starts = [s._sectPr.find(qn("w:pgNumType")) for s in sections]
    assert [n.get(qn("w:start")) if n is not None else None for n in starts] == [None, None, "1", "1", "1", "1",
                                                                                  "8", None]  # fmt: skip
    # ... and its "第 x 页 共 y 页" counts its own pages: the count is its laid-out page count, as text.
    determination = sections[4].footer
    assert [t.strip() for t in determination._element.xpath(".//w:instrText/text()")] == ["PAGE"]
    assert re.sub(r"\s+", "", determination.paragraphs[0].text).endswith("页共2页")
    # The volume's page number (页号) is printed top right as text: first page, even pages, odd pages.
    headers = [(s.first_page_header.paragraphs[0].text, s.even_page_header.paragraphs[0].text,
                s.header.paragraphs[0].text) for s in sections[2:6]]  # fmt: skip
    assert headers == [("1", "2", "3"), ("2", "3", "4"), ("3", "4", "5"), ("5", "6", "7")]
    assert all(s.different_first_page_header_footer for s in sections[2:6])
    assert "PAGE" in sections[6].header._element.xml  # the photo pages number themselves, from page 8
    assert not sections[0].header._element.xpath(".//w:instrText")  # no page number on the cover
    assert not document.settings.element.xpath("w:updateFields")  # nothing for Word to ask about on opening


def test_each_document_keeps_its_own_styles(db, dossier_case, out):
    export(db, dossier_case.id, out / "卷宗.docx")
    document = Document(str(out / "卷宗.docx"))
    styles = {style.style_id: style for style in document.styles}
    # The documents' body text is 仿宋 三号 (their defaults), the dossier's own pages 宋体 小四.
    marker = next(p for p in document.paragraphs if p.text == "【认定书】第1页")
    style = styles[marker.style.style_id]
    assert style.style_id != "Normal" and style.font.size.pt == 16
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert styles["Normal"].font.size.pt == 12
    # The four documents define "Normal" alike: the volume holds one variant of it, not four.
    assert sorted(i for i in styles if i.startswith("Normal") and styles[i].type == WD_STYLE_TYPE.PARAGRAPH) == [
        "Normal", "NormalD1"]  # fmt: skip
    # Every paragraph in the volume names a paragraph style (a table's cells too), every table a table style.
    body = document.element.body
    assert {styles[v].type for v in body.xpath(".//w:pStyle/@w:val")} == {WD_STYLE_TYPE.PARAGRAPH}
    assert {styles[v].type for v in body.xpath(".//w:tblStyle/@w:val")} == {WD_STYLE_TYPE.TABLE}
    cells = next(t for t in document.tables if t.rows[0].cells[0].text == "1-1")
    assert styles[cells.rows[0].cells[0].paragraphs[0].style.style_id].font.size.pt == 16


def test_retention_follows_the_weight_of_the_case(db, workstation, out):
    from fireinvest.services.cases import create_case
    from tests.factories import make_draft

    fatal = create_case(workstation, make_draft(deaths=1)).value
    result = export(db, fatal.id, out / "卷宗.docx")
    assert result.plan.cover.retention.label == "永久" and "-Y-" in result.plan.cover.archive_number
    assert result.items == ()  # nothing issued yet: an empty list, and still a volume with its sheets
    texts = body_texts(Document(str(out / "卷宗.docx")))
    assert "卷 内 目 录" in texts and "卷 内 备 考 表" in texts
    assert any(t.startswith("本卷共有文件材料 0 件，卷内文件共 0 页") for t in texts)


def test_cancelling_leaves_no_file(db, dossier_case, out):
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 3  # stop after the third document

    with pytest.raises(OperationCancelled):
        export(db, dossier_case.id, out / "卷宗.docx", progress=progress)
    assert list(out.iterdir()) == []  # neither the dossier nor a temporary file
    assert calls[-1][0] == 3 and calls[0] == (0, len(dossier_case.documents) + len(dossier_case.photos) + 1)


def test_a_damaged_photo_is_named_and_nothing_is_written(db, dossier_case, out):
    damaged = dossier_case.photos[3]
    with db.writing() as session:
        session.execute(text("UPDATE attachment_chunks SET data = :data WHERE sha256 = :sha"),
                        {"data": b"not the photo", "sha": damaged.sha256})  # fmt: skip
    target = out / "卷宗.docx"
    with pytest.raises(AttachmentDamaged) as raised:
        export(db, dossier_case.id, target)
    assert damaged.original_name in raised.value.message and dossier_case.case_number in raised.value.message
    assert list(out.iterdir()) == []


def test_a_damaged_document_is_named(db, dossier_case, out):
    report = dossier_case.documents[3]
    with db.writing() as session:
        session.execute(text("DELETE FROM attachment_chunks WHERE sha256 = :sha"), {"sha": report.sha256})
    with pytest.raises(AttachmentDamaged) as raised:
        export(db, dossier_case.id, out / "卷宗.docx")
    assert "火灾事故调查报告" in raised.value.message and report.number_text in raised.value.message
    assert list(out.iterdir()) == []


def test_a_photo_that_cannot_be_decoded_is_described_not_dropped(db, workstation, out):
    from fireinvest.services.cases import get_case
    from tests.documents.case_builder import attach
    from tests.factories import determined_case

    case = get_case(workstation, determined_case(workstation))
    attach(workstation, case.id, b"\x00\x01 HEIC from a phone", "IMG_1.heic", kind="photo", caption="起火点")
    result = export(db, case.id, out / "卷宗.docx")
    assert result.unprintable_photos == (1,)
    texts = body_texts(Document(str(out / "卷宗.docx")))
    assert any("无法在卷宗中显示该图片" in t for t in texts) and "照片1　起火点" in texts
    assert any("照片 1 无法打印" in t for t in texts)


def test_a_stored_document_that_is_not_a_word_file_is_named(db, workstation, out):
    from fireinvest.services.cases import get_case
    from tests.archive.dossier_case import issue
    from tests.factories import determined_case

    case = get_case(workstation, determined_case(workstation))
    issue(workstation, case.id, "determination", b"PK\x03\x04 not a document")
    with pytest.raises(FireInvestError, match="火灾事故认定书.*不是可以打开的 Word 文件"):
        export(db, case.id, out / "卷宗.docx")
    assert list(out.iterdir()) == []


def test_an_unwritable_target_is_refused_before_the_work(db, dossier_case, out):
    with pytest.raises(FireInvestError, match="文件夹不存在"):
        export(db, dossier_case.id, out / "missing" / "卷宗.docx")
    with pytest.raises(FireInvestError, match=r"\.docx"):
        export(db, dossier_case.id, out / "卷宗.pdf")


def test_a_voided_case_number_and_an_actor_name_reach_the_sheets(db, dossier_case, out):
    from fireinvest.services.people import PersonRecord, save_person

    zhao = Workstation(db, Actor("zhao6"))  # the login of 赵六 in the people register: the sheets name the person
    save_person(zhao, PersonRecord(None, "赵六", "某市消防救援支队", login_name="zhao6"))
    result = export_dossier(zhao, dossier_case.id, out / "a.docx", compiled_by=zhao.actor.name,
                            archive_number="320100-HZ-2026-D30-9999")  # fmt: skip
    texts = body_texts(Document(str(out / "a.docx")))
    assert "档号：320100-HZ-2026-D30-9999" in texts and result.plan.cover.archive_number.endswith("9999")
    assert any(t.startswith("立卷人：赵六") for t in texts)
    assert any(t.startswith("检查人：＿") for t in texts)  # left for a signature


def _spaced(text: str) -> str:
    """A pattern matching `text` with any white space a PDF text extraction puts between its characters."""
    return r"\s*".join(re.escape(ch) for ch in text)


def test_libreoffice_lays_out_the_volume_as_the_file_list_says(db, actor, out):
    from pypdf import PdfReader

    from fireinvest.documents.office_conversion import docx_to_pdf, find_office

    if find_office() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    # No page counts recorded: the export lays the documents out itself, and the counts are kept for the next one.
    case = build_dossier_case(db, actor, record_page_counts=False)
    result = export(db, case.id, out / "卷宗.docx")
    assert [i.first_page for i in result.items] == [1, 2, 3, 5, 8]
    assert sorted(result.measured.values()) == sorted(case.pages) and len(result.measured) == 4
    reader = PdfReader(io.BytesIO(docx_to_pdf((out / "卷宗.docx").read_bytes())))
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]
    assert len(pages) == 2 + sum(case.pages) + 2 + 1  # cover, list, documents, two photo pages, closing sheet
    assert all(abs(float(p.mediabox.width) - 595.3) < 1 and abs(float(p.mediabox.height) - 841.9) < 1
               for p in reader.pages)  # fmt: skip
    # Every page of the items carries its volume page number (页号) top right: PDF page - cover - list.
    items = pages[2:-1]
    assert [re.match(r"\d+", text).group() for text in items] == [str(n) for n in range(1, len(items) + 1)]
    # Where each item really begins ...
    starts = [next(n for n, text in enumerate(items, start=1) if f"{marker}第1页" in text) for marker in case.markers]
    starts.append(next(n for n, text in enumerate(items, start=1) if "火灾现场照片照片" in text))
    assert starts == [1, 2, 3, 5, 8]
    # ... each document numbering its own pages, the record's "共 y 页" its own count ...
    assert "第1页共2页" in items[2] and "第2页共2页" in items[3]
    assert [re.search(r"—(\d)—", items[n]).group(1) for n in (4, 5, 6)] == ["1", "2", "3"]  # the report's own
    # ... is what the file list printed, the last item with its last page.
    listing = reader.pages[1].extract_text()
    shown = []
    for item in result.items:
        found = re.search(_spaced(item.title) + r"\s+" + item.date + r"\s+(\d+(?:-\d+)?)", listing)
        assert found, (item.title, listing)
        shown.append(found.group(1))
    assert shown == ["1", "2", "3", "5", "8-9"]
    cover, closing = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert re.search(r"本卷共\s*5\s*件，\s*9\s*页", cover)
    assert re.search(r"卷内文件共\s*9\s*页", closing) and "全卷" not in closing
    # Recorded once (a document never changes, so the first count stands), the next export lays nothing out.
    workstation = Workstation(db, actor)
    assert record_page_counts(workstation, result.measured).value == 4
    assert record_page_counts(workstation, {d: 99 for d in result.measured}).value == 0
    assert export(db, case.id, out / "卷宗2.docx").measured == {}


def test_documents_from_the_shipped_templates_keep_their_layout(db, workstation, out):
    from fireinvest.documents.issuing import issue_document
    from fireinvest.services.cases import get_case
    from tests.factories import determined_case

    case = get_case(workstation, determined_case(workstation))
    determination = issue_document(workstation, case.id, "determination").value
    report = issue_document(workstation, case.id, "investigation_report").value
    result = export(db, case.id, out / "卷宗.docx")
    assert [i.document_number for i in result.items] == [determination.number_text, report.number_text]
    document = Document(str(out / "卷宗.docx"))
    report_section = document.sections[3]
    grid = report_section._sectPr.find(qn("w:docGrid"))
    assert grid is not None and grid.get(qn("w:type")) == "linesAndChars"  # GB/T 9704: 22 lines of 28 characters
    assert "PAGE" in report_section.even_page_footer._element.xml and document.settings.odd_and_even_pages_header_footer
    texts = body_texts(document)
    assert any(determination.number_text in t for t in texts) and any(report.number_text in t for t in texts)


def test_a_document_longer_than_three_pages_has_its_page_number_on_its_first_page(db, workstation, out):
    from fireinvest.services.cases import get_case
    from tests.archive.dossier_case import issue, synthetic_docx
    from tests.factories import determined_case

    case = get_case(workstation, determined_case(workstation))
    short = issue(workstation, case.id, "determination", synthetic_docx("【认定书】", 2, page_of_pages=True)).value
    long = issue(workstation, case.id, "investigation_report", synthetic_docx("【调查报告】", 5, official=True)).value
    record_page_counts(workstation, {short.id: 2, long.id: 5})
    result = export(db, case.id, out / "卷宗.docx")
    assert [(i.first_page, i.last_page) for i in result.items] == [(1, 2), (3, 7)]
    report = Document(str(out / "卷宗.docx")).sections[3]
    # Three header variants cannot number five pages: the first page has its 页号, the sheet says so.
    assert [report.first_page_header.paragraphs[0].text, report.even_page_header.paragraphs[0].text,
            report.header.paragraphs[0].text] == ["3", "", ""]  # fmt: skip
    assert any("第 2 件超过3页，卷内页号只印在其首页" in t for t in body_texts(Document(str(out / "卷宗.docx"))))


def test_photos_print_from_the_copy_made_at_intake(db, dossier_case, out):
    from PIL import Image

    with db.engine.connect() as connection:
        copies = dict(connection.execute(text(
            "SELECT a.id, c.print_copy FROM attachments a JOIN attachment_contents c ON c.sha256 = a.sha256"
        )).all())  # fmt: skip
    assert all(copies[p.id] is not None for p in dossier_case.photos)  # camera-size photos: a copy each
    for photo in dossier_case.photos:
        with Image.open(io.BytesIO(copies[photo.id])) as image:
            assert max(image.size) == 1000 and image.format == "JPEG"
    export(db, dossier_case.id, out / "卷宗.docx")
    parts = Document(str(out / "卷宗.docx")).part.package.parts
    placed = {p.partname.rsplit("/", 1)[1].split(".")[0]: p.blob for p in parts
              if p.partname.startswith("/word/media/dossier_photo")}  # fmt: skip
    assert placed["dossier_photo1"] == copies[dossier_case.photos[0].id]
    # A photo stored before copies were made is scaled while the volume is written: the same picture.
    with db.writing() as session:
        session.execute(text("UPDATE attachment_contents SET print_copy = NULL"))
    export(db, dossier_case.id, out / "卷宗2.docx")
    again = next(p.blob for p in Document(str(out / "卷宗2.docx")).part.package.parts
                 if p.partname.startswith("/word/media/dossier_photo1."))  # fmt: skip
    with Image.open(io.BytesIO(again)) as image:
        assert max(image.size) == 1000 and again == copies[dossier_case.photos[0].id]


def _pdf(pages: int, marker: str) -> bytes:
    """A PDF of `pages` A4 pages, each saying `marker` and its number (as a laboratory would send it)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for page in range(1, pages + 1):
        canvas.drawString(72, 720, f"{marker} page {page}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_the_material_the_determination_cites_is_printed_in_archive_order(db, workstation, out):
    from PIL import Image

    from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft, ReviewPurpose
    from fireinvest.rules.records import InspectionDraft, Inspector
    from fireinvest.services.cases import create_case
    from fireinvest.services.records import create_inspection
    from fireinvest.services.reviews import lifecycle as reviews
    from tests.archive.dossier_case import issue, synthetic_docx
    from tests.factories import determine, local, make_draft, register_experts

    case_id = create_case(workstation, make_draft()).value.id
    inspection = create_inspection(workstation, case_id, InspectionDraft(
        local(2026, 3, 2, 9), local(2026, 3, 2, 12), "玄武区中山路100号",
        [Inspector("张明", "某市消防救援支队", "工程师")], "王某", "晴", "东风2级", "12℃", "自然光", "周边", "内部",
        "起火部位", "起火点")).value  # fmt: skip
    attach = lambda *args, **options: attach_bytes(workstation, *args, **options).value  # noqa: E731
    drawing = io.BytesIO()
    Image.new("RGB", (2400, 1600), "white").save(drawing, "PNG")
    attach(case_id, drawing.getvalue(), "平面图.png", kind="drawing", caption="起火建筑平面图")
    attach(case_id, _pdf(2, "LAB"), "检验报告.pdf", kind="lab_report", caption="熔珠检验报告")
    attach(case_id, b"%PDF-1.4 damaged", "补充报告.pdf", kind="lab_report")
    attach(case_id, b"AC1027 drawing", "现场图.dwg", kind="drawing")  # not printable: a remark
    experts = register_experts(db, workstation.actor, 3)
    opinions = [ExpertOpinion(expert, "同意。") for expert in experts]
    signed = attach(case_id, _pdf(1, "SIGNED"), "论证意见.pdf", kind="scan", caption="专家签名意见")
    for with_material in (True, False):
        review = reviews.create_review(workstation, case_id, ReviewDraft(
            ReviewPurpose.CAUSE_DETERMINATION, dt.date(2026, 3, 18), "支队会议室", "起火原因", opinions,
            "一致认为电气故障。")).value  # fmt: skip
        if with_material:
            review = reviews.attach_review_material(workstation, review.id, signed.id).value
        reviews.conclude_review(workstation, review.id, review.version)
    determine(workstation, case_id)
    for kind, marker, subject in (("scene_inspection", "【勘验】", inspection.id), ("evidence_list", "【清单】", 0),
                                  ("determination", "【认定书】", 0)):  # fmt: skip
        document = issue(workstation, case_id, kind, synthetic_docx(marker), subject).value
        record_page_counts(workstation, {document.id: 1})

    result = export(db, case_id, out / "卷宗.docx")
    assert [(i.title, i.first_page, i.last_page) for i in result.items] == [
        ("火灾现场勘验笔录（第1次）", 1, 1),
        ("现场图（起火建筑平面图）", 2, 2),
        ("火灾痕迹物品提取清单", 3, 3),
        ("检验鉴定报告（熔珠检验报告）", 4, 5),  # a PDF of two pages
        ("检验鉴定报告（补充报告.pdf）", 6, 6),  # unreadable: one page saying so
        ("专家论证材料（专家签名意见）", 7, 7),
        ("火灾事故认定书", 8, 8),
    ]
    document = Document(str(out / "卷宗.docx"))
    texts = body_texts(document)
    assert "现场图：起火建筑平面图　（第1页，共1页）" in texts
    assert "检验鉴定报告：熔珠检验报告　（第2页，共2页）" in texts
    assert any(t.startswith("无法打开该 PDF 文件") for t in texts)
    media = [p for p in document.part.package.parts if p.partname.startswith("/word/media/dossier_material")]
    assert len(media) == 4  # the drawing, two report pages, the signed opinion
    # Each material item numbers its own pages as the volume's, from its first page.
    starts = [s._sectPr.find(qn("w:pgNumType")) for s in document.sections]
    assert [n.get(qn("w:start")) for n in starts if n is not None] == ["1", "2", "1", "4", "6", "7", "1"]
    remarks = " ".join(texts)
    assert "另有电子附件 2 件（扫描件、图纸）未打印入卷" not in remarks  # the signed opinion is printed
    assert "另有电子附件 1 件（图纸）未打印入卷" in remarks
    assert "2026年3月18日的起火原因认定论证未附专家签名的书面材料" in remarks
