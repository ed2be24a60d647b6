"""A case as the dossier and summary tests need it: issued documents of both layouts, a voided number, a
correction, photos with captions and a scan, all recorded through use cases.

The documents are small .docx files written here (their layout is the template author's business, tested there):
each page carries a marker text so a test can find where a document landed in the dossier, and its page count is
fixed by explicit page breaks, so LibreOffice lays it out on exactly that many pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_BREAK

from fireinvest.documents.word.layout import add_field, official_page_numbers, set_defaults, set_page
from fireinvest.models import IssuedDocument
from fireinvest.rules.records import InterviewDraft, QuestionAnswer
from fireinvest.services.attachments.intake import AttachmentRecord
from fireinvest.services.cases import create_case
from fireinvest.services.changes import Part
from fireinvest.services.documents.kinds import document_kind
from fireinvest.services.documents.register import (
    IssuedDocumentRecord,
    allocate_document_number,
    plan_issue,
    record_issued_document,
    void_document_number,
)
from fireinvest.services.front_door import Workstation, writes
from fireinvest.services.records import create_interview
from fireinvest.services.unit_of_work import UnitOfWork
from tests.documents.case_builder import attach
from tests.factories import determine, local, make_draft, make_photo

CAPTIONS = ("起火建筑东侧全貌", "厨房冰箱背部烧损痕迹", "冰箱压缩机附近导线熔痕", "客厅顶棚烟熏痕迹",
            "配电箱内断路器状态", "提取的导线熔珠", "起火点地面炭化物")  # fmt: skip


def synthetic_docx(marker: str, pages: int = 1, *, official: bool = False, table_rows: int = 0,
                   page_of_pages: bool = False) -> bytes:  # fmt: skip
    """A document whose every page starts with `marker` and a page number; `pages` pages exactly. An official one
    prints "— 1 —" at the foot, left and right; `page_of_pages` prints "第 1 页 共 2 页" as enforcement forms do."""
    document = Document()
    set_defaults(document, "仿宋", 16)
    set_page(document.sections[0])
    if official:
        official_page_numbers(document, document.sections[0], document.styles["Normal"])
    if page_of_pages:
        footer = document.sections[0].footer.paragraphs[0]
        footer.add_run("第 ")
        add_field(footer, "PAGE")
        footer.add_run(" 页 共 ")
        add_field(footer, "NUMPAGES")
        footer.add_run(" 页")
    for page in range(1, pages + 1):
        paragraph = document.add_paragraph(f"{marker}第{page}页")
        if page == 1 and table_rows:
            table = document.add_table(rows=table_rows, cols=3)
            table.style = document.styles["Table Grid"]
            for number, row in enumerate(table.rows, start=1):
                for column, cell in enumerate(row.cells):
                    cell.text = f"{number}-{column + 1}"
            paragraph = document.add_paragraph("以下空白")
        if page < pages:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@writes
def issue(uow: UnitOfWork, case_id: int, kind: str, data: bytes, subject_id: int = 0,
          correction_reason: str = "") -> IssuedDocumentRecord:  # fmt: skip
    """Record a document the way issue_document does (number, stored bytes, register row), with our own bytes."""
    uow.lock_case(case_id)
    plan = plan_issue(uow.session, case_id, document_kind(kind), subject_id, correction_reason)
    number = plan.number
    if number is None and plan.kind.numbered:
        number = allocate_document_number(uow.session, uow.actor, case_id, plan.kind, plan.dated.year)
    uow.changed(case_id, Part.DOCUMENTS)
    return record_issued_document(uow.session, uow.actor, plan, number, data)


@dataclass(frozen=True)
class DossierCase:
    id: int
    case_number: str
    documents: tuple[IssuedDocumentRecord, ...]  # what the dossier must contain, in procedural order
    markers: tuple[str, ...]  # the marker of each of those documents
    pages: tuple[int, ...]  # and its page count
    voided: IssuedDocumentRecord
    photos: tuple[AttachmentRecord, ...]


def build_dossier_case(db, actor, *, photos: int = 7, record_page_counts: bool = True) -> DossierCase:
    """The case (an electrical fire in a dwelling, general procedure) with its documents and photos.
    `record_page_counts` stores each document's page count, as a laid-out document has it."""
    ws = Workstation(db, actor)
    case = create_case(ws, make_draft()).value
    interview = create_interview(ws, case.id, InterviewDraft(
        interviewee="王某某", role="当事人", started_at=local(2026, 3, 1, 12), ended_at=local(2026, 3, 1, 13),
        place="玄武区消防救援大队", interviewers=["张明", "李强"],
        questions=[QuestionAnswer("起火时你在哪里？", "在客厅看电视。")],
    )).value  # fmt: skip
    determine(ws, case.id)  # an evidence item and the timeline up to the determination
    planned = [
        ("interview", "【询问笔录】", 1, {"subject_id": interview.id}),
        ("evidence_list", "【提取清单】", 1, {"table_rows": 12}),
        ("determination", "【认定书】", 2, {"page_of_pages": True}),
        ("investigation_report", "【调查报告】", 3, {"official": True}),
    ]
    issued = []
    for kind, marker, pages, options in planned:
        subject = options.pop("subject_id", 0)
        issued.append(issue(ws, case.id, kind, synthetic_docx(marker, pages, **options), subject).value)
    # The determination is corrected once: the dossier holds version 2, under the same number.
    again = synthetic_docx("【认定书】", 2, page_of_pages=True)
    issued[2] = issue(ws, case.id, "determination", again, 0, correction_reason="更正起火时间的笔误").value
    notice = issue(ws, case.id, "public_notice", synthetic_docx("【公告】")).value
    void_document_number(ws, notice.number_text, "当事人已到场签收，无需公告送达")
    if record_page_counts:
        # What LibreOffice would have counted; no use case records it (nothing lays documents out on issue yet).
        with db.writing() as session:
            for record, (_kind, _marker, pages, _options) in zip(issued, planned):
                session.get(IssuedDocument, record.id).page_count = pages
    stored = []
    for number in range(photos):
        taken = f"2026:03:01 {9 + number // 60:02d}:{number % 60:02d}:00"
        size = (900, 1200) if number % 3 == 2 else (1600, 1200)  # some taken upright
        stored.append(attach(ws, case.id, make_photo(size, taken=taken), f"IMG_{number:04d}.jpg",
                             caption=CAPTIONS[number % len(CAPTIONS)]).value)  # fmt: skip
    attach(ws, case.id, b"%PDF-1.4 scan", "现场图.pdf", kind="scan")
    markers = tuple(marker for _kind, marker, _pages, _options in planned)
    pages = tuple(pages for _kind, _marker, pages, _options in planned)
    return DossierCase(case.id, case.case_number, tuple(issued), markers, pages, notice, tuple(stored))
