"""Attachments of a case (photos, video, scans, drawings, lab reports): intake, listing, captions, checked reads.

The bytes are kept by services.attachments.store (content-addressed, deduplicated, digest-checked); this module adds
what belongs to the case: which case and evidence item, the file's name and kind, a photo's capture time. Reads
never hand out damaged bytes: they raise AttachmentDamaged naming the file and the case.

Empty files are refused: a 0-byte photo is nearly always a copy from a camera card that failed, and storing it
would let the case file look complete when the picture is lost.

A bulk intake has two halves: `prepare_attachments` checks, hashes and previews the files without the database
(the long part: decoding photos), then the use case `store_attachments` writes them in one unit of work;
`add_attachments` runs both (the command line); the 附件 tab runs the first half off the database thread.

Use cases: `store_attachments` and `set_caption` write; `list_attachments` and `thumbnails` read. Other services work
inside their own transaction with `add_attachment` (a laboratory report filed with its custody step) and
`attachments_of` (the documents, the dossier, the closed loop).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, FireInvestError, NotFound, ValidationFailed
from fireinvest.models import Attachment, AttachmentContent, EvidenceItem, FireCase
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.services.actor import Actor
from fireinvest.services.attachments.images import ImageFacts, inspect_image
from fireinvest.services.attachments.reads import missing_attachment
from fireinvest.services.attachments.store import StagedFile, content_exists, stage_file, write_content
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Outcome, Workstation, reads, writes
from fireinvest.services.progress import ProgressCallback, ProgressTicker, kib
from fireinvest.services.settings import agency_settings, load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork
from fireinvest.threads import give_way

NAME_MAX = 255  # attachments.original_name
PREPARE_THREADS = 4  # photos decoded for thumbnails at once during a bulk intake
CANCELLED = "已取消添加附件，没有保存任何文件。"


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    SCAN = "scan"
    DRAWING = "drawing"
    LAB_REPORT = "lab_report"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AttachmentKind.PHOTO: "照片",
    AttachmentKind.VIDEO: "视频",
    AttachmentKind.SCAN: "扫描件",
    AttachmentKind.DRAWING: "图纸",
    AttachmentKind.LAB_REPORT: "检验报告",
    AttachmentKind.OTHER: "其他",
}


@dataclass(frozen=True)
class AttachmentRecord:
    """Read model of one attachment for lists, viewers and the command line."""

    id: int
    case_id: int
    sha256: str
    kind: AttachmentKind
    original_name: str
    media_type: str
    size: int
    caption: str
    captured_at: dt.datetime | None  # from the photo's EXIF
    added_at: dt.datetime
    added_by: str
    evidence_item_id: int | None
    has_thumbnail: bool


@dataclass(frozen=True)
class _Target:
    case_id: int
    evidence_item_id: int | None
    zone: ZoneInfo


def kind_for_media_type(media_type: str) -> AttachmentKind:
    """The kind a file gets when the caller names none: scans, drawings and lab reports must be named."""
    if media_type.startswith("image/"):
        return AttachmentKind.PHOTO
    if media_type.startswith("video/"):
        return AttachmentKind.VIDEO
    return AttachmentKind.OTHER


def add_attachment(
    session: Session,
    actor: Actor,
    case_id: int,
    source: Path | BinaryIO,
    *,
    original_name: str,
    kind: AttachmentKind | str | None = None,
    caption: str = "",
    evidence_item_id: int | None = None,
) -> AttachmentRecord:
    """Store a file (a path, or a binary stream) as an attachment of the case, in the caller's transaction (which
    has locked the case and says that its attachments changed)."""
    target = _intake_target(session, case_id, evidence_item_id)
    return _store(session, actor, target, _prepare(_describe(source, original_name, kind), target.zone), caption)


@dataclass(frozen=True)
class PreparedFiles:
    """Files ready to be attached: checked, hashed, their capture times read and thumbnails made (not their bytes)."""

    files: tuple[_Prepared, ...]
    sizes: tuple[int, ...]

    @property
    def total_kib(self) -> int:
        return kib(sum(self.sizes))


def prepare_attachments(
    paths: Sequence[Path], zone: ZoneInfo, progress: ProgressCallback | None = None, *,
    kind: AttachmentKind | str | None = None,
) -> PreparedFiles:  # fmt: skip
    """The first half of a bulk intake, without the database: every file checked (missing, empty, a folder, a name
    too long, an unknown kind), hashed, and its capture time and thumbnail read, on worker threads. It is the long
    part (decoding photos), so the desktop program runs it off the database thread, which stays free for other
    work meanwhile. `progress(done, total)` counts KiB over both halves; returning False cancels here with
    OperationCancelled, before anything is written."""
    paths = [Path(p) for p in paths]
    sizes = [_checked_size(path) for path in paths]  # a missing or empty file is found before minutes of work
    described = [_describe(path, path.name, kind) for path in paths]
    ticker = ProgressTicker(progress, 2 * kib(sum(sizes)), CANCELLED, step=1)
    prepared, done = [], 0
    with closing(_prepared_ahead(described, zone)) as ahead:
        for file, size in zip(ahead, sizes):
            prepared.append(file)
            done += size
            ticker.report(kib(done))
    return PreparedFiles(tuple(prepared), tuple(sizes))


@writes
def store_attachments(
    uow: UnitOfWork, case_id: int, prepared: PreparedFiles, progress: ProgressCallback | None = None, *,
    caption: str = "", evidence_item_id: int | None = None,
) -> list[AttachmentRecord]:  # fmt: skip
    """The second half of a bulk intake: the prepared files stored as attachments of the case, all or none. Each
    file is read again and its digest checked again while it is written (a file changed since it was prepared is
    refused by name). `progress` goes on from where preparing stopped; returning False cancels, and nothing of
    this intake is kept (OperationCancelled): the unit of work rolls back whatever was stored before."""
    session = uow.session
    uow.lock_case(case_id)  # a case voided meanwhile takes no more files
    target = _intake_target(session, case_id, evidence_item_id)
    total = prepared.total_kib
    ticker = ProgressTicker(progress, 2 * total, CANCELLED, step=1)
    records, done = [], 0
    for file, size in zip(prepared.files, prepared.sizes):
        records.append(_store(session, uow.actor, target, file, caption, _reporter(ticker, done, total)))
        done += size
        ticker.report(total + kib(done))
    if records:
        uow.changed(case_id, Part.ATTACHMENTS)
    return records


def add_attachments(
    workstation: Workstation, case_id: int, paths: Sequence[Path], progress: ProgressCallback | None = None, *,
    kind: AttachmentKind | str | None = None, caption: str = "", evidence_item_id: int | None = None,
) -> Outcome[list[AttachmentRecord]]:  # fmt: skip
    """Attach many files at once, all or none (the command line's `attachments add`): prepared without the
    database, then stored in one unit of work. `progress(done, total)` counts KiB (a 32-bit progress bar holds
    2 TiB of them); returning False cancels, and nothing of this intake is kept."""
    zone = agency_settings(workstation).zone
    files = prepare_attachments(paths, zone, progress, kind=kind)
    return store_attachments(workstation, case_id, files, progress, caption=caption, evidence_item_id=evidence_item_id)


def _prepared_ahead(files: list[_Described], zone: ZoneInfo) -> Generator[_Prepared, None, None]:
    """The files prepared (hashed, thumbnailed) on worker threads, in order, a few ahead of the database writes:
    decoding a photo for its thumbnail costs more than storing it, and Pillow and hashlib release the GIL."""
    workers = min(PREPARE_THREADS, os.cpu_count() or 1)
    pool = ThreadPoolExecutor(workers, thread_name_prefix="attachment-intake", initializer=give_way)
    try:
        ahead = deque(pool.submit(_prepare, f, zone) for f in files[: 2 * workers])
        upcoming = iter(files[2 * workers :])
        while ahead:
            prepared = ahead.popleft().result()
            for file in islice(upcoming, 1):  # at most 2 x workers files in memory at once
                ahead.append(pool.submit(_prepare, file, zone))
            yield prepared
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _reporter(ticker: ProgressTicker, base: int, offset_kib: int = 0) -> Callable[[int], None]:
    return lambda written: ticker.report(offset_kib + kib(base + written))


def _checked_size(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if path.is_dir():
        raise FireInvestError(f"“{path}”是文件夹，不是文件。")
    if size == 0:
        raise _empty(path)
    return size


def _unreadable(name: object, exc: OSError) -> FireInvestError:
    return FireInvestError(f"无法读取文件“{name}”：{exc.strerror or exc}。")


def _empty(name: object) -> FireInvestError:
    return FireInvestError(f"文件“{name}”是空的（0 字节），未添加。请检查文件是否完整复制。")


def _intake_target(session: Session, case_id: int, evidence_item_id: int | None) -> _Target:
    case = session.execute(select(FireCase.case_number, FireCase.status).where(FireCase.id == case_id)).one_or_none()
    if case is None:
        raise NotFound(f"案件（内部编号 {case_id}）不存在，可能已被删除。")
    if case.status == CaseStatus.VOIDED:
        raise ValidationFailed([FieldError("case", f"案件 {case.case_number} 已作废，不能再添加附件。")])
    if evidence_item_id is not None:
        item_case = session.scalar(select(EvidenceItem.case_id).where(EvidenceItem.id == evidence_item_id))
        if item_case is None:
            raise NotFound(f"物证（内部编号 {evidence_item_id}）不存在，可能已被删除。")
        if item_case != case_id:
            raise ValidationFailed([FieldError("evidence_item_id", f"该物证不属于案件 {case.case_number}。")])
    return _Target(case_id, evidence_item_id, load_agency_settings(session).zone)


def _valid_kind(kind: AttachmentKind | str | None, media_type: str) -> AttachmentKind:
    if kind is None:
        return kind_for_media_type(media_type)
    try:
        return AttachmentKind(kind)
    except ValueError:
        raise ValidationFailed([FieldError("kind", f"未知的附件类别“{kind}”。")]) from None


def _valid_name(original_name: str) -> str:
    name = original_name.strip()
    if not name:
        raise ValidationFailed([FieldError("original_name", "请填写文件名。")])
    if len(name) > NAME_MAX:
        raise ValidationFailed([FieldError("original_name", f"文件名超过 {NAME_MAX} 个字符：“{name[:40]}…”。")])
    return name


@dataclass(frozen=True)
class _Described:
    """A file to attach, its name, type and kind checked: everything known before a byte is read."""

    source: Path | BinaryIO
    shown: str  # how messages name it: the path given, else the file name
    name: str
    media_type: str
    kind: AttachmentKind


def _describe(source: Path | BinaryIO, original_name: str, kind: AttachmentKind | str | None) -> _Described:
    name = _valid_name(original_name)
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    shown = str(source) if isinstance(source, str | os.PathLike) else name
    return _Described(source, shown, name, media_type, _valid_kind(kind, media_type))


@dataclass(frozen=True)
class _Prepared:
    file: _Described
    staged: StagedFile
    facts: ImageFacts


@contextmanager
def _reading(file: _Described) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise _unreadable(file.shown, exc) from None


def _prepare(file: _Described, zone: ZoneInfo) -> _Prepared:
    """Digest, capture time and thumbnail; touches no database, so it can run on a worker thread."""
    with _reading(file):
        staged = stage_file(file.source, keep_small=False)
        if staged.size == 0:
            raise _empty(file.shown)
        facts = ImageFacts(None, None)
        if file.media_type.startswith("image/"):  # scans and drawings saved as images get a preview too
            with staged.open() as stream:
                facts = inspect_image(stream, zone)
    return _Prepared(file, staged, facts)


def _store(
    session: Session,
    actor: Actor,
    target: _Target,
    prepared: _Prepared,
    caption: str,
    on_progress: Callable[[int], None] | None = None,
) -> AttachmentRecord:
    file, staged = prepared.file, prepared.staged
    if not content_exists(session, staged.sha256):
        with _reading(file):
            write_content(session, staged, file.shown, prepared.facts.thumbnail, on_progress,
                          prepared.facts.print_copy)  # fmt: skip
    row = Attachment(
        case_id=target.case_id,
        evidence_item_id=target.evidence_item_id,
        sha256=staged.sha256,
        kind=file.kind.value,
        original_name=file.name,
        media_type=file.media_type,
        caption=caption.strip(),
        captured_at=prepared.facts.captured_at,
        added_at=utc_now(),
        added_by=actor.name,
    )
    session.add(row)
    session.flush()
    return _records(session, Attachment.id == row.id)[0]


def _records(session: Session, *conditions) -> list[AttachmentRecord]:
    rows = session.execute(
        select(
            Attachment,
            func.coalesce(AttachmentContent.size, 0),
            AttachmentContent.thumbnail.is_not(None),
        )
        # Outer join: an attachment whose content row is gone still shows, and opening it reports the damage.
        .outerjoin(AttachmentContent, AttachmentContent.sha256 == Attachment.sha256)
        .where(*conditions)
        .order_by(Attachment.added_at, Attachment.id)
    ).all()
    return [
        AttachmentRecord(
            id=a.id, case_id=a.case_id, sha256=a.sha256, kind=AttachmentKind(a.kind), original_name=a.original_name,
            media_type=a.media_type, size=size, caption=a.caption, captured_at=a.captured_at, added_at=a.added_at,
            added_by=a.added_by, evidence_item_id=a.evidence_item_id, has_thumbnail=bool(has_thumbnail),
        )
        for a, size, has_thumbnail in rows
    ]  # fmt: skip


def attachments_of(session: Session, case_id: int, evidence_item_id: int | None = None) -> list[AttachmentRecord]:
    """The case's attachments in the order they were added; only one evidence item's when it is given."""
    conditions = [Attachment.case_id == case_id]
    if evidence_item_id is not None:
        conditions.append(Attachment.evidence_item_id == evidence_item_id)
    return _records(session, *conditions)


@reads
def list_attachments(uow: UnitOfWork, case_id: int, evidence_item_id: int | None = None) -> list[AttachmentRecord]:
    """The case's attachments in the order they were added; only one evidence item's when it is given."""
    return attachments_of(uow.session, case_id, evidence_item_id)


@reads
def thumbnails(uow: UnitOfWork, attachment_ids: Sequence[int]) -> dict[int, bytes]:
    """The previews of many attachments in one query (for the thumbnail grid); files without one are left out."""
    if not attachment_ids:
        return {}
    rows = uow.session.execute(
        select(Attachment.id, AttachmentContent.thumbnail)
        .join(AttachmentContent, Attachment.sha256 == AttachmentContent.sha256)
        .where(Attachment.id.in_(attachment_ids), AttachmentContent.thumbnail.is_not(None))
    )
    return {attachment_id: data for attachment_id, data in rows if data is not None}


@writes
def set_caption(uow: UnitOfWork, attachment_id: int, caption: str) -> AttachmentRecord:
    """Change an attachment's caption (the text printed under a photo in the scene photo record)."""
    session = uow.session
    case_id = session.scalar(select(Attachment.case_id).where(Attachment.id == attachment_id))
    if case_id is None:
        raise NotFound(missing_attachment(attachment_id))
    uow.lock_case(case_id)
    row = uow.lock(Attachment, attachment_id, missing=missing_attachment(attachment_id))
    row.caption = caption.strip()
    uow.flush()
    uow.changed(case_id, Part.ATTACHMENTS)
    return _records(session, Attachment.id == attachment_id)[0]
