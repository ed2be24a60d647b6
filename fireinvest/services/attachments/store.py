"""Attachment bytes in the database: content-addressed by SHA-256, split into chunks, checked on every read.

Intake reads a file twice at most: a first pass computes the digest, so identical content is found before anything
is written and stored once; only new content is read again and written chunk by chunk, with the digest computed
anew so a file that changed between the passes is refused rather than stored under the wrong name. A file of one
chunk (nearly every photo) is kept in memory after the first pass and read only once. Memory stays at about two
chunks per file whatever the file's size.

Every read recomputes the digest. Damaged content raises ContentDamage (no file or case named: the callers know
those and turn it into the user-facing AttachmentDamaged, or a line of the verification report).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FireInvestError
from fireinvest.models import AttachmentChunk, AttachmentContent

CHUNK_SIZE = 4 * 1024 * 1024  # far below PostgreSQL's 1 GB value limit, large enough that per-row cost is noise

# The tables, for Core statements: chunks written that way never enter the session's identity map.
_CONTENTS = cast(Table, AttachmentContent.__table__)
_CHUNKS = cast(Table, AttachmentChunk.__table__)


class DamageState(StrEnum):
    MISSING = "missing"
    ALTERED = "altered"

    @property
    def label(self) -> str:
        return "缺失" if self is DamageState.MISSING else "被改动"


class ContentDamage(Exception):
    """Stored content that cannot be served as recorded; `detail` says what is wrong, in Chinese."""

    def __init__(self, state: DamageState, detail: str) -> None:
        super().__init__(detail)
        self.state = state
        self.detail = detail


def _read_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """Full CHUNK_SIZE pieces (the last may be shorter), whatever sizes the stream's own reads return."""
    while data := stream.read(CHUNK_SIZE):
        while len(data) < CHUNK_SIZE:  # a short read (pipes, raw streams): fill the chunk up; files need no copy
            more = stream.read(CHUNK_SIZE - len(data))
            if not more:
                break
            data += more
        yield data


@dataclass
class StagedFile:
    """A file whose digest is known, and a way to read its bytes again from the start (`open()`)."""

    sha256: str
    size: int
    data: bytes | None  # the whole content when it fits in one chunk: such a file is read only once
    _reopen: Callable[[], AbstractContextManager[BinaryIO]] | None = None

    def open(self) -> AbstractContextManager[BinaryIO]:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self._reopen is not None
        return self._reopen()


def stage_file(source: Path | BinaryIO, *, keep_small: bool = True) -> StagedFile:
    """First pass: digest and size. A path is opened again for the second pass; a caller's stream is rewound, or
    spooled to a temporary file if it cannot seek. OSError from reading propagates (the caller names the file).
    Needs no database, so bulk intake runs it on worker threads.

    A file of one chunk is kept in memory (read once) unless `keep_small` is False: a bulk intake prepares every
    file before it stores any, and would otherwise hold them all; it reads them again, and checks them again."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        with open(path, "rb") as stream:
            staged = _stage(stream, lambda: open(path, "rb"))
        if not keep_small and staged.data is not None:
            staged = StagedFile(staged.sha256, staged.size, None, lambda: open(path, "rb"))
        return staged
    if source.seekable():
        start = source.tell()
        return _stage(source, lambda: _rewound(source, start))
    spool = cast(BinaryIO, tempfile.SpooledTemporaryFile(max_size=CHUNK_SIZE))  # a binary file in all but its type
    return _stage(source, lambda: _rewound(spool, 0), copy_to=spool)


@contextmanager
def _rewound(stream: BinaryIO, start: int) -> Iterator[BinaryIO]:
    stream.seek(start)
    yield stream  # the caller's stream or our spool: rewound, not closed


def _stage(
    stream: BinaryIO, reopen: Callable[[], AbstractContextManager[BinaryIO]], copy_to: BinaryIO | None = None
) -> StagedFile:
    hasher, size, chunks, first = hashlib.sha256(), 0, 0, b""
    for data in _read_chunks(stream):
        hasher.update(data)
        size += len(data)
        chunks += 1
        first = data if chunks == 1 else b""
        if copy_to is not None:
            copy_to.write(data)
    if chunks <= 1:
        return StagedFile(hasher.hexdigest(), size, first)
    return StagedFile(hasher.hexdigest(), size, None, reopen)


def content_exists(session: Session, sha256: str) -> bool:
    return session.scalar(select(_CONTENTS.c.sha256).where(_CONTENTS.c.sha256 == sha256)) is not None


def _insert_content_row(session: Session, values: dict) -> bool:
    """Insert the content row unless another workstation just stored the same content; True if this one did."""
    dialect_insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # On PostgreSQL, ON CONFLICT waits for a concurrent writer of the same digest and then skips instead of failing
    # the commit (SQLite lets one writer in at a time, so the earlier SELECT has already seen the content there).
    statement = dialect_insert(_CONTENTS).values(**values).on_conflict_do_nothing(index_elements=["sha256"])
    # RETURNING rather than rowcount, which psycopg reports as -1 here.
    return session.execute(statement.returning(_CONTENTS.c.sha256)).scalar() is not None


def write_content(
    session: Session,
    staged: StagedFile,
    display_name: str,
    thumbnail: bytes | None,
    on_progress: Callable[[int], None] | None = None,
    print_copy: bytes | None = None,
) -> bool:
    """Second pass: store the staged bytes unless that content is already stored; True if they were written.

    Chunks go through Core inserts so that no chunk stays referenced by the session's identity map. `on_progress`
    gets the bytes written so far and may raise (OperationCancelled) to stop; the caller's transaction undoes it.
    """
    chunk_count = -(-staged.size // CHUNK_SIZE)  # callers refuse empty files, so at least one
    row = dict(sha256=staged.sha256, size=staged.size, chunk_count=chunk_count, thumbnail=thumbnail,
               print_copy=print_copy, stored_at=utc_now())  # fmt: skip
    if not _insert_content_row(session, row):
        return False
    # Bytes kept in memory cannot have changed since they were hashed; a file read again from disk can have.
    hasher = hashlib.sha256() if staged.data is None else None
    written, sequence = 0, -1
    with staged.open() as stream:
        for sequence, data in enumerate(_read_chunks(stream)):
            if hasher is not None:
                hasher.update(data)
            written += len(data)
            session.execute(insert(_CHUNKS).values(sha256=staged.sha256, sequence=sequence, data=data))
            if on_progress is not None:
                on_progress(written)
    changed = hasher is not None and hasher.hexdigest() != staged.sha256
    if changed or sequence + 1 != chunk_count:
        raise FireInvestError(f"文件“{display_name}”在读取过程中被改动，未添加。请等文件复制或写入完成后重试。")
    return True


def iter_content(session: Session, sha256: str) -> Iterator[bytes]:
    """The stored bytes chunk by chunk, checked against the digest; raises ContentDamage instead of serving them.

    Missing chunks are found before any byte is yielded. An alteration shows only once every byte is hashed, so the
    last chunk is held back until then: a consumer never receives the whole of a damaged file.
    """
    recorded = session.execute(
        select(_CONTENTS.c.size, _CONTENTS.c.chunk_count).where(_CONTENTS.c.sha256 == sha256)
    ).one_or_none()
    if recorded is None:
        raise ContentDamage(DamageState.MISSING, "没有这份内容的记录")
    size, chunk_count = recorded
    present = set(session.scalars(select(_CHUNKS.c.sequence).where(_CHUNKS.c.sha256 == sha256)))
    missing = sorted(set(range(chunk_count)) - present)
    if missing:
        shown = "、".join(str(n + 1) for n in missing[:10]) + ("等" if len(missing) > 10 else "")
        raise ContentDamage(DamageState.MISSING, f"缺少第 {shown} 块数据（共 {chunk_count} 块）")
    if present - set(range(chunk_count)):
        raise ContentDamage(DamageState.ALTERED, f"多出不属于它的数据块（应为 {chunk_count} 块）")
    hasher, total, pending = hashlib.sha256(), 0, None
    for sequence in range(chunk_count):
        data = session.scalar(select(_CHUNKS.c.data).where(_CHUNKS.c.sha256 == sha256, _CHUNKS.c.sequence == sequence))
        if data is None:  # deleted between the listing and now
            raise ContentDamage(DamageState.MISSING, f"缺少第 {sequence + 1} 块数据（共 {chunk_count} 块）")
        hasher.update(data)
        total += len(data)
        if pending is not None:
            yield pending
        pending = data
    if total != size:
        raise ContentDamage(DamageState.ALTERED, f"大小为 {total} 字节，登记时为 {size} 字节")
    if hasher.hexdigest() != sha256:
        raise ContentDamage(DamageState.ALTERED, "SHA-256 校验值与登记时记录的不一致")
    if pending:
        yield pending
