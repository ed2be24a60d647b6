"""What goes into a case's dossier (卷宗), decided before any file is written: the cover's fields, the file list
(卷内目录) and, in the same order, the documents, the material they cite and the photos that follow it, and the
closing note sheet's remarks.

The material is what the determination cites that is not a document of ours: the scene drawings (现场图), the
laboratory reports (检验鉴定报告) and the expert reviews' material (专家论证材料, the signed opinions), each printed
from its attachment (a picture, or a PDF page by page) in archive order: drawings after the scene inspection
records, laboratory reports after the evidence list, the review material before the determination.

The file list is computed here, once, and the writer lays out exactly these items; the same list is handed back to
the caller, so what the list says and what the volume contains cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.expert_review import ReviewStatus
from fireinvest.rules.identifiers import parse_case_number
from fireinvest.rules.retention import Retention, RetentionFacts, archive_category, archive_number, retention_for
from fireinvest.rules.workflow import EventType
from fireinvest.services.attachments.intake import AttachmentKind, AttachmentRecord, attachments_of
from fireinvest.services.cases import CaseDetail, case_detail
from fireinvest.services.documents.kinds import document_kinds
from fireinvest.services.documents.register import IssuedDocumentRecord, issued_documents_of
from fireinvest.services.people import login_names
from fireinvest.services.records import inspections_of, interviews_of
from fireinvest.services.reviews.reads import ReviewRecord, reviews_of_case
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.workflow import timeline_of

PHOTO_COLUMNS, PHOTO_ROWS = 2, 3
PHOTOS_PER_PAGE = PHOTO_COLUMNS * PHOTO_ROWS
DOCUMENT, MATERIAL, PHOTOS = "document", "material", "photos"
# Where each kind of material goes among the documents (their procedural order, document_kinds.json "order").
DRAWINGS = (15, "现场图")  # after the scene inspection records (10)
LAB_REPORTS = (35, "检验鉴定报告")  # after the evidence list (30)
REVIEW_MATERIAL = (45, "专家论证材料")  # before the hearing and the determination (50, 61)
_MATERIAL_OF_KIND = {AttachmentKind.DRAWING: DRAWINGS, AttachmentKind.LAB_REPORT: LAB_REPORTS}


@dataclass(frozen=True)
class DossierItem:
    """One row of the file list: an issued document, or the case's photos as one item."""

    number: int  # 序号, from 1
    author: str  # 责任者
    document_number: str  # 文号, "" when the document carries none
    title: str  # 题名
    date: str  # 日期, 8 digits YYYYMMDD
    remarks: str  # 备注
    pages: int | None  # known once the document has been laid out or the PDF read (see archive.dossier)
    first_page: int | None  # page number in the volume (numbering starts at 1 on the first item); None if unknown
    bookmark: str  # where the item starts in the .docx (a reader can jump there from the list)
    source: str = "document"  # DOCUMENT, MATERIAL or PHOTOS: which of the plan's lists the item comes from

    @property
    def last_page(self) -> int | None:
        """The item's last page in the volume, when its first page and its page count are known."""
        if self.first_page is None or self.pages is None:
            return None
        return self.first_page + self.pages - 1


@dataclass(frozen=True)
class DossierCover:
    """The fields of the cover (封面)."""

    agency: str  # 立卷单位
    category: str  # 门类: 火灾事故调查
    title: str  # 案卷题名
    case_number: str
    address: str
    start_date: dt.date
    end_date: dt.date
    retention: Retention
    archive_number: str  # 档号


@dataclass(frozen=True)
class DossierPhoto:
    """One photo as the photo pages show it."""

    attachment_id: int
    number: int  # 照片编号 in the volume, from 1
    caption: str
    captured_at: str  # local time as text, "" when the photo has no capture time
    original_name: str


@dataclass(frozen=True)
class DossierMaterial:
    """One attachment printed as an item of its own: a picture on one page, or a PDF page by page."""

    attachment_id: int
    label: str  # 现场图, 检验鉴定报告, 专家论证材料
    original_name: str
    caption: str
    is_pdf: bool


@dataclass(frozen=True)
class DossierPlan:
    """Everything the writer needs: the items in order, each document item describing the next of `documents`,
    each material item the next of `materials`, and the photos as the last item."""

    case_id: int
    cover: DossierCover
    items: tuple[DossierItem, ...]
    documents: tuple[IssuedDocumentRecord, ...]
    materials: tuple[DossierMaterial, ...]
    photos: tuple[DossierPhoto, ...]
    remarks: tuple[str, ...]  # for the closing note sheet
    compiled_by: str
    checked_by: str
    compiled_on: dt.date

    @property
    def page_count(self) -> int | None:
        """Pages of the items (the volume's 页数), when every item's page count is known."""
        return self.items[-1].last_page if self.items else 0

    @property
    def unmeasured(self) -> tuple[IssuedDocumentRecord, ...]:
        """The documents whose page count is not known yet (never laid out)."""
        return tuple(document for document in self.documents if document.page_count is None)

    def measured(self, documents: Mapping[int, int], materials: Mapping[int, int] | None = None) -> DossierPlan:
        """The plan with these page counts (document id -> pages, material attachment id -> pages) and the page
        numbers that follow from them."""
        issued = tuple(replace(d, page_count=documents.get(d.id, d.page_count)) for d in self.documents)
        pages = iter([d.page_count for d in issued])
        material_pages = iter([(materials or {}).get(m.attachment_id) for m in self.materials])
        items = []
        for item in self.items:
            if item.source == DOCUMENT:
                item = replace(item, pages=next(pages))
            elif item.source == MATERIAL:
                item = replace(item, pages=next(material_pages) or item.pages)
            items.append(item)
        return replace(self, documents=issued, items=_numbered(items))

    @property
    def photo_pages(self) -> int:
        """Pages the photos take, PHOTOS_PER_PAGE to a page."""
        return math.ceil(len(self.photos) / PHOTOS_PER_PAGE)


def _day(moment: dt.datetime, zone) -> dt.date:
    return moment.astimezone(zone).date()


def _subject_names(session: Session, case_id: int) -> dict[tuple[str, int], str]:
    """What tells two documents of the same kind apart in the list: the interviewee, the inspection's date."""
    names = {("interview", r.id): r.interviewee for r in interviews_of(session, case_id)}
    for number, r in enumerate(inspections_of(session, case_id), start=1):
        names[("scene_inspection", r.id)] = f"第{number}次"
    return names


def _document_title(document: IssuedDocumentRecord, subjects: dict[tuple[str, int], str]) -> str:
    subject = subjects.get((document.kind, document.subject_id)) if document.subject_id else None
    return f"{document.title}（{subject}）" if subject else document.title


def _remarks_for(document: IssuedDocumentRecord) -> str:
    return f"第{document.version}版（更正）" if document.version > 1 else ""


def _volume_title(case: CaseDetail, zone) -> str:
    assert case.facts.alarm_time is not None  # every stored case has one
    alarm = case.facts.alarm_time.astimezone(zone)
    place = case.facts.unit_name or case.facts.address
    return f"{place}“{alarm.month}·{alarm.day}”火灾事故调查"


def _retention(case: CaseDetail, reviewed: bool) -> Retention:
    facts = case.facts
    return retention_for(RetentionFacts(case.fire_grade.value, facts.deaths,
                                        facts.serious_injuries + facts.minor_injuries, facts.procedure.value,
                                        reviewed))  # fmt: skip


def plan_dossier(
    session: Session,
    case_id: int,
    *,
    compiled_by: str,
    checked_by: str = "",
    archive_number_text: str | None = None,
    today: dt.date | None = None,
) -> DossierPlan:
    """Decide the dossier of the case: cover, file list in procedural order, photos and closing remarks."""
    case = case_detail(session, case_id)
    settings = load_agency_settings(session)
    zone = settings.zone
    timeline = timeline_of(session, case_id)
    reviewed = any(e.type == EventType.REVIEW_APPLIED for e in timeline.events)
    closed = [e.time for e in timeline.events if e.type == EventType.CLOSED]
    retention = _retention(case, reviewed)

    issued = issued_documents_of(session, case_id)
    documents = tuple(d for d in issued if not d.voided)
    subjects = _subject_names(session, case_id)
    attachments = attachments_of(session, case_id)
    photo_records = [a for a in attachments if a.kind == AttachmentKind.PHOTO]
    photos = tuple(_photo(record, number, zone) for number, record in enumerate(photo_records, start=1))

    # Documents and material merged in archive order (the documents come in procedural order already).
    placed: list[tuple[int, int, DossierItem, DossierMaterial | None]] = []
    order_of = {kind.kind: kind.order for kind in document_kinds()}
    for document in documents:
        # A document is listed under its 成文日期 (the date it bears and its number's year), not the day it was
        # printed; versions issued before the register kept that date fall back to the day they were generated.
        dated = document.dated or _day(document.generated_at, zone)
        item = DossierItem(0, settings.agency_name, document.number_text, _document_title(document, subjects),
                           f"{dated:%Y%m%d}", _remarks_for(document), document.page_count, None, "")  # fmt: skip
        placed.append((order_of.get(document.kind, 10_000), len(placed), item, None))  # a kind no longer listed: last
    reviews = reviews_of_case(session, case_id)
    for order, material, record in _materials(attachments, reviews):
        # The register does not know who wrote a laboratory report or signed an opinion: the agency that filed it
        # stands as 责任者, as archive practice has it for material received.
        item = DossierItem(0, settings.agency_name, "", f"{material.label}（{_name(record)}）",
                           f"{_day(record.added_at, zone):%Y%m%d}", "", None if material.is_pdf else 1, None, "",
                           MATERIAL)  # fmt: skip
        placed.append((order, len(placed), item, material))
    placed.sort(key=lambda entry: entry[:2])
    items = [replace(item, number=n, bookmark=f"dossier_item_{n}") for n, (_o, _s, item, _m) in enumerate(placed, 1)]
    materials = tuple(material for _o, _s, _item, material in placed if material is not None)
    if photos:
        first_taken = min((_photo_day(r, zone) for r in photo_records), default=None)
        number = len(items) + 1
        pages = math.ceil(len(photos) / PHOTOS_PER_PAGE)
        items.append(DossierItem(number, settings.agency_name, "", f"火灾现场照片（共{len(photos)}张）",
                                 f"{first_taken:%Y%m%d}", "", pages, None, f"dossier_item_{number}",
                                 PHOTOS))  # fmt: skip
    items = list(_numbered(items))

    assert case.facts.alarm_time is not None  # every stored case has one
    alarm_day = _day(case.facts.alarm_time, zone)
    item_days = [dt.datetime.strptime(item.date, "%Y%m%d").date() for item in items]
    end_day = max([alarm_day, *item_days, *(_day(t, zone) for t in closed)])
    category, _code = archive_category()
    cover = DossierCover(
        agency=settings.agency_name,
        category=category,
        title=_volume_title(case, zone),
        case_number=case.case_number,
        address=case.facts.address,
        start_date=min([alarm_day, *item_days]),
        end_date=end_day,
        retention=retention,
        archive_number=archive_number_text or _archive_number(case, settings.agency_code, alarm_day.year, retention),
    )
    printed = {m.attachment_id for m in materials}
    remarks = _closing_remarks(case, issued, [a for a in attachments if a.id not in printed], reviews)
    # The sheets name the people who compiled and checked the volume, never the login they work under.
    names = login_names(session)
    return DossierPlan(case_id, cover, tuple(items), documents, materials, photos, remarks,
                       names.name(compiled_by), names.name(checked_by),
                       today or dt.datetime.now(zone).date())  # fmt: skip


# What can be printed into the volume: pictures Pillow decodes, and PDFs (a CAD drawing, image/vnd.dwg, cannot).
PRINTABLE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff", "image/webp",
                             "application/pdf"})  # fmt: skip


def printable(record: AttachmentRecord) -> bool:
    """Whether an attachment can be printed into the volume."""
    return record.media_type in PRINTABLE_TYPES


def _materials(
    attachments: list[AttachmentRecord], reviews: list[ReviewRecord]
) -> list[tuple[int, DossierMaterial, AttachmentRecord]]:
    """The printable drawings, laboratory reports and concluded reviews' material, with their place in order."""
    of_review = {a: review for review in reviews if review.status == ReviewStatus.CONCLUDED
                 for a in review.attachment_ids}  # fmt: skip
    found = []
    for record in attachments:
        if not printable(record):
            continue
        if record.id in of_review:
            order, label = REVIEW_MATERIAL
        elif record.kind in _MATERIAL_OF_KIND:
            order, label = _MATERIAL_OF_KIND[record.kind]
        else:
            continue
        material = DossierMaterial(record.id, label, record.original_name, record.caption,
                                   record.media_type == "application/pdf")  # fmt: skip
        found.append((order, material, record))
    return found


def _name(record: AttachmentRecord) -> str:
    return record.caption or record.original_name


def _numbered(items: list[DossierItem]) -> tuple[DossierItem, ...]:
    """The items with their first pages: numbering starts at 1 on the first item and runs on through the volume;
    after an item whose page count is unknown, the pages are unknown too."""
    numbered = []
    next_page: int | None = 1
    for item in items:
        numbered.append(replace(item, first_page=next_page))
        next_page = None if next_page is None or item.pages is None else next_page + item.pages
    return tuple(numbered)


def _photo(record: AttachmentRecord, number: int, zone) -> DossierPhoto:
    taken = record.captured_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if record.captured_at else ""
    return DossierPhoto(record.id, number, record.caption, taken, record.original_name)


def _photo_day(record: AttachmentRecord, zone) -> dt.date:
    return _day(record.captured_at or record.added_at, zone)


def _archive_number(case: CaseDetail, agency_code: str, alarm_year: int, retention: Retention) -> str:
    parsed = parse_case_number(case.case_number)
    if parsed is None:  # numbered by another system: its number is all we know of its place in the year
        return archive_number(agency_code, alarm_year, retention, case.case_number)
    return archive_number(parsed.agency_code, parsed.year, retention, case.case_number.rsplit("-", 1)[1])


def _closing_remarks(
    case: CaseDetail,
    issued: list[IssuedDocumentRecord],
    attachments: list[AttachmentRecord],
    reviews: list[ReviewRecord],
) -> tuple[str, ...]:
    """What the closing note sheet must tell a reader about what is and is not in the volume."""
    remarks = []
    if case.status == CaseStatus.VOIDED:
        remarks.append(f"案件已作废（原因：{case.void_reason}），本卷仅供备查。")
    elif case.status != CaseStatus.CLOSED:
        remarks.append(f"案件尚未结案（当前状态：{case.status.label}），本卷为阶段性整理。")
    for document in issued:
        if document.voided:
            remarks.append(f"文号 {document.number_text}（{document.title}）已作废，未入卷。")
    for document in issued:
        if not document.voided and document.version > 1:
            reason = f"，更正原因：{document.correction_reason}" if document.correction_reason else ""
            remarks.append(f"{document.title}为第{document.version}版{reason}；此前各版保存在电子档案中。")
    if any(not d.voided for d in issued):
        remarks.append("卷内页号自第一件文件起连续编排，印于每页右上角；文书页脚所印页码是该文书自身的页码。")
    others = [a for a in attachments if a.kind != AttachmentKind.PHOTO]
    if others:
        kinds = "、".join(dict.fromkeys(a.kind.label for a in others))
        remarks.append(f"另有电子附件 {len(others)} 件（{kinds}）未打印入卷，见电子档案。")
    for review in reviews:
        if review.status == ReviewStatus.CONCLUDED and not review.attachment_ids:
            held = f"{review.held_on.year}年{review.held_on.month}月{review.held_on.day}日"
            remarks.append(f"{held}的{review.purpose.label}未附专家签名的书面材料，论证意见记录见电子档案。")
    return tuple(remarks)
