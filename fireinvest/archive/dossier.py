"""Exporting a case as one Word dossier (卷宗): cover, file list, the issued documents in procedural order with the
material they cite (drawings, laboratory reports, expert review material; see dossier_contents), the photos with
captions and the closing note sheet (DOMAIN.md section 8).

The volume is put together in memory and saved once, through a temporary file next to the target that is renamed
into place at the end; the temporary file is opened first, so an unwritable folder is reported before the long work
starts. A cancelled or failed export leaves no file behind. Every document and photo is read through the
digest-checked reads: a damaged one stops the export with a message naming it, rather than leaving a gap.

Page numbers are computed, not left to fields: every document's page count comes from LibreOffice's layout of it,
measured once (the first export lays out the documents never laid out, in one run of LibreOffice, and the caller
records the counts with `record_page_counts`), so the file list, the 页号 on each page and the closing sheet agree
with the printed volume. Without LibreOffice a volume with unmeasured documents is refused, naming what to install.

Use cases (services.front_door): `export_dossier` reads (in one read-only transaction, so the volume shows the case
as it was at one moment) and writes only the file; the command line runs it. The desktop program splits it, so that
minutes of composing Word XML do not hold the database thread: `dossier_plan` reads the plan (a short read), then
`write_dossier` composes the volume on the thread pool and fetches each issued document and photo through a reader
it is given — there, one short read on the database thread each, with other use cases running between them.
Issued documents and stored photos never change (a correction is a new version; bytes are content-addressed),
so reading them one by one shows the same volume.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx import Document as open_document
from docx.document import Document

from fireinvest.archive.dossier_contents import (
    DOCUMENT,
    PHOTOS,
    DossierItem,
    DossierMaterial,
    DossierPhoto,
    DossierPlan,
    plan_dossier,
)
from fireinvest.archive.dossier_front import (
    new_dossier_document,
    write_closing_note,
    write_cover,
    write_file_list,
)
from fireinvest.archive.dossier_material import material_pages, write_material
from fireinvest.archive.dossier_photos import PhotoPages, PhotoPipeline, PictureParts, PrintImage
from fireinvest.documents.office_conversion import page_counts
from fireinvest.documents.word.append import NUMBERED_PAGES, AppendedDocument, SectionKeepingComposer
from fireinvest.documents.word.fields import add_bookmark, next_bookmark_id
from fireinvest.documents.word.sections import (
    DOSSIER_PAGE,
    SharedHeaderParts,
    apply_body_section,
    end_section,
    restart_page_numbers,
    section_properties,
)
from fireinvest.errors import FireInvestError
from fireinvest.files import replacing
from fireinvest.services.attachments.reads import print_copy_bytes
from fireinvest.services.documents.register import IssuedDocumentRecord, document_bytes
from fireinvest.services.front_door import reads
from fireinvest.services.progress import ProgressCallback, ProgressTicker
from fireinvest.services.unit_of_work import UnitOfWork

CANCELLED = "已取消生成卷宗，没有写出文件。"
NEEDS_OFFICE = ("卷宗的页号按每份文书排版后的页数编排，需要用 LibreOffice 排版，本机未找到。"
                "请安装 LibreOffice，或设置环境变量 FIREINVEST_SOFFICE 指向 soffice 程序。")  # fmt: skip
PHOTO_HEADING = "火灾现场照片"


@dataclass(frozen=True)
class DossierResult:
    """What was written: the file, and the plan whose file list it carries (items and their pages)."""

    path: Path
    plan: DossierPlan
    unprintable_photos: tuple[int, ...]  # photo numbers shown as a note instead of a picture
    measured: dict[int, int]  # page counts of documents laid out for this volume (id -> pages), to be recorded

    @property
    def items(self) -> tuple[DossierItem, ...]:
        """The file list as written, item by item."""
        return self.plan.items


# Fetches the stored bytes of an issued document and of a photo or material attachment as it prints (its print copy,
# else the file), after checking the original's digest (AttachmentDamaged when it is not intact).
DocumentReader = Callable[[IssuedDocumentRecord], bytes]
PhotoReader = Callable[[DossierPhoto | DossierMaterial], bytes]


def _suffix_checked(target: str | os.PathLike[str]) -> Path:
    path = Path(target)
    if path.suffix.lower() != ".docx":
        raise FireInvestError(f"卷宗只能导出为 Word 文件（.docx），不能是“{path.suffix or path.name}”。")
    return path


@reads
def dossier_plan(
    uow: UnitOfWork, case_id: int, *, compiled_by: str, checked_by: str = "", archive_number: str | None = None
) -> DossierPlan:
    """The dossier planned completely (cover, file list, documents, photos) before a byte is written."""
    return plan_dossier(uow.session, case_id, compiled_by=compiled_by, checked_by=checked_by,
                        archive_number_text=archive_number)  # fmt: skip


def write_dossier(
    plan: DossierPlan, target: str | os.PathLike[str], read_document: DocumentReader, read_photo: PhotoReader,
    progress: ProgressCallback | None = None,
) -> DossierResult:  # fmt: skip
    """Write the planned dossier to `target` (.docx) through a temporary file, reading the documents and photos with
    the readers given. `progress(done, total)` counts documents and photos; returning False cancels with
    OperationCancelled and no file."""
    path = _suffix_checked(target)
    # Counted: each document and material item, each photo, and the saving.
    steps = sum(1 for item in plan.items if item.source != PHOTOS) + len(plan.photos) + 1
    ticker = ProgressTicker(progress, steps, CANCELLED, step=1)
    # The temporary file is opened before the long work, so an unwritable folder is reported at once.
    with replacing(path, "Word") as temporary, temporary.open("xb") as stream:
        ticker.report(0, force=True)
        measured = measure_documents(plan.unmeasured, read_document)
        # The material is read (and a PDF rendered page by page) before the list is numbered: its pages count.
        material = {m.attachment_id: material_pages(m, read_photo(m)) for m in plan.materials}
        plan = plan.measured(measured, {attachment: len(pages) for attachment, pages in material.items()})
        document, unprintable = build_dossier(plan, read_document, read_photo, ticker, material)
        document.save(stream)
    ticker.report(ticker.total)
    return DossierResult(path, plan, unprintable, measured)


def measure_documents(documents: tuple[IssuedDocumentRecord, ...], read_document: DocumentReader) -> dict[int, int]:
    """The page counts of documents never laid out, from LibreOffice's layout of each (all in one run). A document
    is immutable, so its count is recorded once (services.documents.register.record_page_counts) and reused."""
    if not documents:
        return {}
    contents = [read_document(document) for document in documents]
    for document, data in zip(documents, contents):
        _parse(document, data)  # one that is not a Word file is named, before LibreOffice fails on it anonymously
    counts = page_counts(contents, missing=NEEDS_OFFICE)
    return {document.id: pages for document, pages in zip(documents, counts)}


@reads
def export_dossier(
    uow: UnitOfWork,
    case_id: int,
    target: str | os.PathLike[str],
    *,
    compiled_by: str,
    checked_by: str = "",
    archive_number: str | None = None,
    progress: ProgressCallback | None = None,
) -> DossierResult:
    """Write the case's dossier to `target` (.docx), everything read in this one transaction. `progress(done,
    total)` counts documents and photos; returning False cancels with OperationCancelled and no file."""
    _suffix_checked(target)
    session = uow.session
    plan = dossier_plan.within(uow, case_id, compiled_by=compiled_by, checked_by=checked_by,
                               archive_number=archive_number)  # fmt: skip
    return write_dossier(plan, target, lambda issued: document_bytes(session, issued.id),
                         lambda photo: print_copy_bytes(session, photo.attachment_id), progress)  # fmt: skip


def build_dossier(
    plan: DossierPlan, read_document: DocumentReader, read_photo: PhotoReader, ticker: ProgressTicker,
    material: dict[int, list[PrintImage]],
) -> tuple[Document, tuple[int, ...]]:  # fmt: skip
    """The dossier as a python-docx Document in memory, and the numbers of photos that could not be printed.
    `material` holds the pages of each material attachment (see dossier_material), by attachment id."""
    document = new_dossier_document()
    shared = SharedHeaderParts(document)
    apply_body_section(document, DOSSIER_PAGE, shared.blank())
    end_section(write_cover(document, plan), section_properties(DOSSIER_PAGE, shared.blank()))
    end_section(write_file_list(document, plan), section_properties(DOSSIER_PAGE, shared.blank()))

    placed: list[AppendedDocument] = []
    unprintable: list[int] = []

    with PhotoPipeline(plan.photos, read_photo) as photos:
        composer = SectionKeepingComposer(document, shared)
        pictures = PictureParts(document, composer.take_drawing_id)
        documents, materials = iter(plan.documents), iter(plan.materials)
        for done, item in enumerate((i for i in plan.items if i.source != PHOTOS), start=1):
            photos.top_up()  # the workers decode photos while the documents are composed
            assert item.first_page is not None and item.pages is not None  # every document measured
            if item.source == DOCUMENT:
                issued = next(documents)
                placed.append(composer.append(_parse(issued, read_document(issued)), item.first_page, item.pages))
            else:
                placed.append(_material_section(document, shared, pictures, next(materials), material, item))
            ticker.report(done)
        if plan.photos:
            pages = PhotoPages(document, PHOTO_HEADING, pictures)
            for done, (photo, image) in enumerate(photos, start=len(placed) + 1):
                pages.add(photo, image)
                if image.data is None:
                    unprintable.append(photo.number)
                ticker.report(done)
            assert pages.first_paragraph is not None and pages.last_paragraph is not None
            photo_section = section_properties(DOSSIER_PAGE, shared.page_numbered())
            restart_page_numbers(photo_section, plan.items[-1].first_page)  # their header prints the 页号 itself
            end_section(pages.last_paragraph, photo_section)
            placed.append(AppendedDocument(pages.first_paragraph, pages.last_paragraph))

    write_closing_note(document, plan, _remarks_on_writing(plan, unprintable))
    _mark_items(document, plan, placed)
    return document, tuple(unprintable)


def _material_section(
    document: Document, shared: SharedHeaderParts, pictures: PictureParts, item_material: DossierMaterial,
    material: dict[int, list[PrintImage]], item: DossierItem,
) -> AppendedDocument:  # fmt: skip
    """One material attachment as a section of its own, its pages numbered as the volume's (页号 top right)."""
    where = write_material(document, pictures, item_material, material[item_material.attachment_id], item.number)
    section = section_properties(DOSSIER_PAGE, shared.page_numbered())
    restart_page_numbers(section, item.first_page)
    end_section(where.last_paragraph, section)
    return where


def _remarks_on_writing(plan: DossierPlan, unprintable: list[int]) -> list[str]:
    """What the closing note sheet must add about this volume as written."""
    remarks = []
    long_items = [item.number for item in plan.items
                  if item.source == DOCUMENT and item.pages is not None and item.pages > NUMBERED_PAGES]  # fmt: skip
    if long_items:
        remarks.append(f"第 {'、'.join(map(str, long_items))} 件超过{NUMBERED_PAGES}页，卷内页号只印在其首页，"
                       "其后各页依次顺延（起止页号见卷内目录）。")  # fmt: skip
    if unprintable:
        numbers = "、".join(map(str, unprintable))
        remarks.append(f"照片 {numbers} 无法打印（格式不受支持或无法解码），卷内以文字说明代替，原件见电子档案。")
    return remarks


def _parse(issued: IssuedDocumentRecord, data: bytes) -> Document:
    try:
        return open_document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        where = f"“{issued.title}”{issued.number_text}（第 {issued.version} 版）"
        raise FireInvestError(f"文书{where}不是可以打开的 Word 文件（{exc}），无法编入卷宗。") from None


def _mark_items(document: Document, plan: DossierPlan, placed: list[AppendedDocument]) -> None:
    """A bookmark where each item begins (a reader jumps there from the list). Added once everything is in place,
    with ids above those of the documents' own bookmarks."""
    bookmark_id = next_bookmark_id(document)
    for item, where in zip(plan.items, placed):
        add_bookmark(where.first_paragraph, item.bookmark, bookmark_id)
        bookmark_id += 1
