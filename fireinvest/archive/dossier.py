"""Exporting a case as one Word dossier (卷宗): cover, file list, the issued documents in procedural order, the
photos with captions and the closing note sheet (DOMAIN.md section 8).

The volume is put together in memory and saved once, through a temporary file next to the target that is renamed
into place at the end; the temporary file is opened first, so an unwritable folder is reported before the long work
starts. A cancelled or failed export leaves no file behind. Every document and photo is read through the
digest-checked reads: a damaged one stops the export with a message naming it, rather than leaving a gap.

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

from fireinvest.archive.dossier_contents import DossierItem, DossierPhoto, DossierPlan, plan_dossier
from fireinvest.archive.dossier_front import (
    ITEMS_END_BOOKMARK,
    new_dossier_document,
    write_closing_note,
    write_cover,
    write_file_list,
)
from fireinvest.archive.dossier_photos import PhotoPages, PhotoPipeline
from fireinvest.documents.word.append import AppendedDocument, SectionKeepingComposer
from fireinvest.documents.word.fields import add_bookmark, next_bookmark_id, update_fields_on_open
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
from fireinvest.services.attachments.reads import attachment_bytes
from fireinvest.services.documents.register import IssuedDocumentRecord, document_bytes
from fireinvest.services.front_door import reads
from fireinvest.services.progress import ProgressCallback, ProgressTicker
from fireinvest.services.unit_of_work import UnitOfWork

CANCELLED = "已取消生成卷宗，没有写出文件。"
PHOTO_HEADING = "火灾现场照片"


@dataclass(frozen=True)
class DossierResult:
    """What was written: the file, and the plan whose file list it carries (items, pages where known)."""

    path: Path
    plan: DossierPlan
    unprintable_photos: tuple[int, ...]  # photo numbers shown as a note instead of a picture

    @property
    def items(self) -> tuple[DossierItem, ...]:
        """The file list as written, item by item."""
        return self.plan.items


# Fetches the stored bytes of an issued document and of a photo (AttachmentDamaged when they are not intact).
DocumentReader = Callable[[IssuedDocumentRecord], bytes]
PhotoReader = Callable[[DossierPhoto], bytes]


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
    ticker = ProgressTicker(progress, len(plan.documents) + len(plan.photos) + 1, CANCELLED, step=1)
    # The temporary file is opened before the long work, so an unwritable folder is reported at once.
    with replacing(path, "Word") as temporary, temporary.open("xb") as stream:
        ticker.report(0, force=True)
        document, unprintable = build_dossier(plan, read_document, read_photo, ticker)
        document.save(stream)
    ticker.report(ticker.total)
    return DossierResult(path, plan, unprintable)


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
                         lambda photo: attachment_bytes(session, photo.attachment_id), progress)  # fmt: skip


def build_dossier(
    plan: DossierPlan, read_document: DocumentReader, read_photo: PhotoReader, ticker: ProgressTicker
) -> tuple[Document, tuple[int, ...]]:
    """The dossier as a python-docx Document in memory, and the numbers of photos that could not be printed."""
    document = new_dossier_document()
    shared = SharedHeaderParts(document)
    apply_body_section(document, DOSSIER_PAGE, shared.blank())
    end_section(write_cover(document, plan), section_properties(DOSSIER_PAGE, shared.blank()))
    end_section(write_file_list(document, plan), section_properties(DOSSIER_PAGE, shared.blank()))

    placed: list[AppendedDocument] = []
    unprintable: list[int] = []

    with PhotoPipeline(plan.photos, read_photo) as photos:
        composer = SectionKeepingComposer(document, shared, ITEMS_END_BOOKMARK)
        for done, issued in enumerate(plan.documents, start=1):
            photos.top_up()  # the workers decode photos while the documents are composed
            placed.append(composer.append(_parse(issued, read_document(issued))))
            ticker.report(done)
        if plan.photos:
            pages = PhotoPages(document, PHOTO_HEADING, composer.next_drawing_id)
            for done, (photo, image) in enumerate(photos, start=len(placed) + 1):
                pages.add(photo, image)
                if image.data is None:
                    unprintable.append(photo.number)
                ticker.report(done)
            assert pages.first_paragraph is not None and pages.last_paragraph is not None
            end_section(pages.last_paragraph, section_properties(DOSSIER_PAGE, shared.page_numbered()))
            placed.append(AppendedDocument(pages.first_paragraph, pages.last_paragraph))

    extra = [f"照片 {'、'.join(map(str, unprintable))} 无法打印（格式不受支持或无法解码），卷内以文字说明代替，"
             "原件见电子档案。"] if unprintable else []  # fmt: skip
    write_closing_note(document, plan, extra)
    _mark_items(document, plan, placed)
    update_fields_on_open(document)
    return document, tuple(unprintable)


def _parse(issued: IssuedDocumentRecord, data: bytes) -> Document:
    try:
        return open_document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        where = f"“{issued.title}”{issued.number_text}（第 {issued.version} 版）"
        raise FireInvestError(f"文书{where}不是可以打开的 Word 文件（{exc}），无法编入卷宗。") from None


def _mark_items(document: Document, plan: DossierPlan, placed: list[AppendedDocument]) -> None:
    """Bookmarks where each item begins and where the last one ends, and page numbering restarting at 1 on the first
    item. Added once everything is in place, with ids above those of the documents' own bookmarks."""
    if not placed:
        return
    bookmark_id = next_bookmark_id(document)
    for item, where in zip(plan.items, placed):
        add_bookmark(where.first_paragraph, item.bookmark, bookmark_id)
        bookmark_id += 1
    add_bookmark(placed[-1].last_paragraph, ITEMS_END_BOOKMARK, bookmark_id)
    first_section = _section_of(placed[0].first_paragraph)
    if first_section is not None:
        restart_page_numbers(first_section, 1)


def _section_of(paragraph):
    """The w:sectPr that ends the section containing `paragraph` (the first one at or after it in the body)."""
    found = paragraph.xpath("(self::w:p[w:pPr/w:sectPr] | following::w:p[w:pPr/w:sectPr])[1]/w:pPr/w:sectPr")
    return found[0] if found else None
