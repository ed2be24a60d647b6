"""Reading attachments back, always checked against the SHA-256 recorded at intake: whole, streamed, exported to a
file, and the verification of every stored content at once (`fireinvest attachments verify`).

Damage is either MISSING (chunks or the content row are gone) or ALTERED (the bytes, their size or their number no
longer match the record). Reads raise AttachmentDamaged naming the file and its case; verification lists them.

Use cases (all read): `read_attachment`, `export_attachment`, `verify_attachments`. Documents and the dossier read
inside their own transaction through `attachment_bytes` and `open_attachment_stream`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.errors import AttachmentDamaged, FireInvestError, NotFound
from fireinvest.models import Attachment, AttachmentContent, FireCase
from fireinvest.services.attachments.store import ContentDamage, DamageState, iter_content
from fireinvest.services.front_door import reads
from fireinvest.services.progress import ProgressCallback, ProgressTicker, kib
from fireinvest.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AttachmentRef:
    """Where a file is attached, as a person finds it again: by case number and file name."""

    id: int
    case_number: str
    original_name: str
    sha256: str


def missing_attachment(attachment_id: int) -> str:
    """What to say about an attachment id that is not (or no longer) stored."""
    return f"附件（内部编号 {attachment_id}）不存在，可能已被删除。"


def locate_attachment(session: Session, attachment_id: int) -> AttachmentRef:
    """The attachment's case number, file name and digest; NotFound for an unknown id."""
    row = session.execute(
        select(Attachment.id, FireCase.case_number, Attachment.original_name, Attachment.sha256)
        .join(FireCase, FireCase.id == Attachment.case_id)
        .where(Attachment.id == attachment_id)
    ).one_or_none()
    if row is None:
        raise NotFound(missing_attachment(attachment_id))
    return AttachmentRef(*row)


def damage_message(ref: AttachmentRef, state: DamageState, detail: str) -> str:
    """The user's explanation of one damaged attachment (shared by reads, exports and verification)."""
    where = f"附件“{ref.original_name}”（案件 {ref.case_number}）"
    if state is DamageState.MISSING:
        return f"{where}已损坏：数据库中{detail}，无法读取。请从备份中恢复。"
    return f"{where}的内容已被改动：{detail}，不能作为原件使用。请从备份中恢复。"


def open_attachment_stream(session: Session, attachment_id: int) -> Iterator[bytes]:
    """The attachment's bytes chunk by chunk, digest-checked: damaged content raises AttachmentDamaged instead of
    ending normally, and its last chunk is never delivered. The session must stay open while iterating."""
    ref = locate_attachment(session, attachment_id)  # before the first next(): a wrong id fails here, not later
    return _checked(session, ref)


def _checked(session: Session, ref: AttachmentRef) -> Iterator[bytes]:
    try:
        yield from iter_content(session, ref.sha256)
    except ContentDamage as damage:
        message = damage_message(ref, damage.state, damage.detail)
        raise AttachmentDamaged(message, attachment_id=ref.id, state=damage.state.value) from None


def attachment_bytes(session: Session, attachment_id: int) -> bytes:
    """The whole attachment in memory, digest-checked (for photos and documents; stream videos instead)."""
    return b"".join(open_attachment_stream(session, attachment_id))


@reads
def read_attachment(uow: UnitOfWork, attachment_id: int) -> bytes:
    """The whole attachment in memory, digest-checked (for photos and documents; stream videos instead)."""
    return attachment_bytes(uow.session, attachment_id)


def print_copy_bytes(session: Session, attachment_id: int) -> bytes:
    """What the dossier prints of a photo: its print copy made at intake, or the photo itself when it has none. The
    original is digest-checked all the same: a volume is never made from a photo whose original is damaged."""
    original = attachment_bytes(session, attachment_id)
    copy = session.execute(
        select(AttachmentContent.print_copy).join(Attachment, Attachment.sha256 == AttachmentContent.sha256)
        .where(Attachment.id == attachment_id)
    ).scalar_one_or_none()  # fmt: skip
    return copy if copy is not None else original


@reads
def read_print_copy(uow: UnitOfWork, attachment_id: int) -> bytes:
    """The photo as the dossier prints it (see print_copy_bytes)."""
    return print_copy_bytes(uow.session, attachment_id)


@reads
def export_attachment(uow: UnitOfWork, attachment_id: int, target_path: Path) -> Path:
    """Write the attachment to a file. A temporary file next to the target is renamed into place only after the
    digest checked out, so a damaged attachment never leaves a plausible-looking file behind."""
    target = Path(target_path)
    chunks = open_attachment_stream(uow.session, attachment_id)
    try:
        # Not a `with` block: the file must outlive it for the rename, and is closed below either way.
        handle = tempfile.NamedTemporaryFile(
            "wb", dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
        )
    except OSError as exc:
        raise _unwritable(target, exc) from None
    temporary = Path(handle.name)
    try:
        with handle:
            for data in chunks:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(target, exc) from None
        raise
    return target


def _unwritable(target: Path, exc: OSError) -> FireInvestError:
    return FireInvestError(f"无法写入“{target}”：{exc.strerror or exc}。")


@dataclass(frozen=True)
class ContentProblem:
    """One stored content that is missing or altered, with every attachment that shows it."""

    sha256: str
    state: DamageState
    detail: str
    attachments: tuple[AttachmentRef, ...]

    def messages(self) -> list[str]:
        return [damage_message(ref, self.state, self.detail) for ref in self.attachments]


@dataclass(frozen=True)
class VerifyReport:
    contents_checked: int
    bytes_checked: int
    problems: tuple[ContentProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def damaged_attachments(self) -> list[AttachmentRef]:
        return sorted((ref for p in self.problems for ref in p.attachments), key=lambda r: (r.case_number, r.id))


@reads
def verify_attachments(uow: UnitOfWork, progress: ProgressCallback | None = None) -> VerifyReport:
    """Check every stored content against its digest (missing chunks, altered bytes, wrong size); read only.
    `progress(done, total)` counts KiB; returning False stops with OperationCancelled."""
    session = uow.session
    contents = session.execute(select(AttachmentContent.sha256, AttachmentContent.size).order_by("sha256")).all()
    total = sum(size for _sha, size in contents)
    ticker = ProgressTicker(progress, kib(total), "已取消校验附件。", step=1)
    damaged: dict[str, ContentDamage] = {}
    done = 0
    for sha256, size in contents:
        read = 0
        try:
            for data in iter_content(session, sha256):
                read += len(data)
                ticker.report(kib(done + read))
        except ContentDamage as damage:
            damaged[sha256] = damage
        done += size
        ticker.report(kib(done))
    # Attachments whose content row is gone altogether (possible only if foreign keys were bypassed).
    orphans = session.scalars(
        select(Attachment.sha256).where(Attachment.sha256.not_in(select(AttachmentContent.sha256))).distinct()
    )
    for sha256 in orphans:
        damaged[sha256] = ContentDamage(DamageState.MISSING, "没有这份内容的记录")
    refs: dict[str, list[AttachmentRef]] = {}
    if damaged:
        rows = session.execute(
            select(Attachment.id, FireCase.case_number, Attachment.original_name, Attachment.sha256)
            .join(FireCase, FireCase.id == Attachment.case_id)
            .where(Attachment.sha256.in_(list(damaged)))
            .order_by(FireCase.case_number, Attachment.id)
        )
        for row in rows:
            refs.setdefault(row.sha256, []).append(AttachmentRef(*row))
    problems = tuple(
        ContentProblem(sha256, damage.state, damage.detail, tuple(refs.get(sha256, ())))
        for sha256, damage in damaged.items()
    )
    return VerifyReport(len(contents), total, problems)
