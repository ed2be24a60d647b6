"""Attachments stored in the database: intake, deduplication, checked reads, damage found and named, bulk intake."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import threading

import pytest
from PIL import Image
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from fireinvest.errors import AttachmentDamaged, FireInvestError, NotFound, ValidationFailed
from fireinvest.models import Attachment, AttachmentChunk, AttachmentContent
from fireinvest.services import cases, evidence
from fireinvest.services.actor import Actor
from fireinvest.services.attachments import store as attachment_store
from fireinvest.services.attachments.intake import (
    AttachmentKind,
    add_attachment,
    add_attachments,
    list_attachments,
    set_caption,
    thumbnails,
)
from fireinvest.services.attachments.reads import (
    export_attachment,
    open_attachment_stream,
    read_attachment,
    verify_attachments,
)
from fireinvest.services.attachments.store import DamageState
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation, writes
from fireinvest.services.progress import OperationCancelled
from fireinvest.services.startup import open_prepared_database
from fireinvest.services.unit_of_work import UnitOfWork
from tests.factories import SHANGHAI, local, make_draft, make_photo

SMALL_CHUNK = 1024


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 1 KiB, so that a few KiB of test data spans several chunks."""
    monkeypatch.setattr(attachment_store, "CHUNK_SIZE", SMALL_CHUNK)


@pytest.fixture
def case(workstation):
    return cases.create_case(workstation, make_draft()).value


def counts(db) -> tuple[int, int, int]:
    """Rows in attachments, attachment_contents, attachment_chunks."""
    with db.reading() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Attachment, AttachmentContent,
                                                                                     AttachmentChunk))  # fmt: skip


@writes
def attach(uow: UnitOfWork, case_id: int, source, name: str, **options):
    """One file (a path or a stream) through the intake's building block, in a unit of work of its own."""
    uow.lock_case(case_id)
    return add_attachment(uow.session, uow.actor, case_id, source, original_name=name, **options)


def add(workstation, case, source, name, **options):
    return attach(workstation, case.id, source, name, **options).value


def test_a_file_is_stored_in_chunks_and_read_back_exactly(db, workstation, case, tmp_path, small_chunks):
    data = os.urandom(3 * SMALL_CHUNK + 100)
    path = tmp_path / "勘验记录.pdf"
    path.write_bytes(data)
    record = add(workstation, case, path, path.name, kind="scan", caption="  现场勘验记录第1页 ")
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert (record.kind, record.media_type, record.size, record.caption) == (
        AttachmentKind.SCAN,
        "application/pdf",
        len(data),
        "现场勘验记录第1页",
    )
    assert (record.original_name, record.added_by, record.has_thumbnail) == ("勘验记录.pdf", "测试员", False)
    assert counts(db) == (1, 1, 4)
    assert read_attachment(workstation, record.id) == data
    with db.reading() as session:
        assert b"".join(open_attachment_stream(session, record.id)) == data
    target = export_attachment(workstation, record.id, tmp_path / "copy.pdf")
    with pytest.raises(FireInvestError, match="无法写入"):
        export_attachment(workstation, record.id, tmp_path / "no such folder" / "copy.pdf")
    assert [r.id for r in list_attachments(workstation, case.id)] == [record.id]
    assert target.read_bytes() == data


def test_identical_content_is_stored_once(db, workstation, case, tmp_path, small_chunks):
    data = os.urandom(2 * SMALL_CHUNK + 1)
    (tmp_path / "a.bin").write_bytes(data)
    first = add(workstation, case, tmp_path / "a.bin", "a.bin")
    # The same bytes again, this time from a stream that cannot seek (as from a network download).
    second = add(workstation, case, _Unseekable(data), "同一文件.bin", caption="再次提交")
    assert first.sha256 == second.sha256 and first.id != second.id
    assert counts(db) == (2, 1, 3)
    assert read_attachment(workstation, second.id) == data
    assert [r.original_name for r in list_attachments(workstation, case.id)] == ["a.bin", "同一文件.bin"]


class _Unseekable(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        piece = self._data.read(min(len(buffer), 300))  # short reads, like a pipe
        buffer[: len(piece)] = piece
        return len(piece)


def _three_chunk_attachment(workstation, case, tmp_path):
    path = tmp_path / "起火部位.jpg"
    path.write_bytes(os.urandom(3 * SMALL_CHUNK))
    return add(workstation, case, path, path.name)


def test_a_missing_chunk_is_reported_with_the_file_and_case(db, workstation, case, tmp_path, small_chunks):
    record = _three_chunk_attachment(workstation, case, tmp_path)
    with db.writing() as session:
        session.execute(text("DELETE FROM attachment_chunks WHERE sequence = 1"))
    with pytest.raises(AttachmentDamaged) as raised:
        read_attachment(workstation, record.id)
    exports = tmp_path / "exports"
    exports.mkdir()
    with pytest.raises(AttachmentDamaged):
        export_attachment(workstation, record.id, exports / "导出.jpg")
    report = verify_attachments(workstation)
    assert raised.value.state == "missing" and raised.value.attachment_id == record.id
    assert "起火部位.jpg" in raised.value.message and case.case_number in raised.value.message
    assert "缺少第 2 块" in raised.value.message
    assert list(exports.iterdir()) == []  # no export, and no temporary file left behind
    assert not report.ok and report.contents_checked == 1
    (problem,) = report.problems
    assert problem.state is DamageState.MISSING
    assert [(r.case_number, r.original_name) for r in problem.attachments] == [(case.case_number, "起火部位.jpg")]


def test_altered_bytes_are_never_returned(db, workstation, case, tmp_path, small_chunks):
    record = _three_chunk_attachment(workstation, case, tmp_path)
    with db.writing() as session:
        session.execute(
            text("UPDATE attachment_chunks SET data = :data WHERE sequence = 2"), {"data": bytes(SMALL_CHUNK)}
        )
    received = []
    with db.reading() as session:
        with pytest.raises(AttachmentDamaged) as raised:
            for data in open_attachment_stream(session, record.id):
                received.append(data)
    report = verify_attachments(workstation)
    assert raised.value.state == "altered" and "已被改动" in raised.value.message
    assert "起火部位.jpg" in raised.value.message and "SHA-256" in raised.value.message
    assert len(received) < 3  # the stream held back its last chunk until the digest was checked
    assert [(p.state, [r.id for r in p.attachments]) for p in report.problems] == [(DamageState.ALTERED, [record.id])]


def test_a_shortened_chunk_is_reported_as_altered_size(db, workstation, case, tmp_path, small_chunks):
    record = _three_chunk_attachment(workstation, case, tmp_path)
    with db.writing() as session:
        session.execute(text("UPDATE attachment_chunks SET data = :data WHERE sequence = 0"), {"data": b"x"})
    with pytest.raises(AttachmentDamaged, match="大小为"):
        read_attachment(workstation, record.id)
    assert verify_attachments(workstation).problems[0].state is DamageState.ALTERED


def test_verify_passes_an_intact_store(workstation, case, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"a")
    add(workstation, case, tmp_path / "a.txt", "a.txt")
    add(workstation, case, io.BytesIO(make_photo()), "照片.jpg")
    seen = []
    report = verify_attachments(workstation, progress=lambda done, total: seen.append((done, total)))
    assert report.ok and report.contents_checked == 2 and report.problems == ()
    assert seen[-1][0] == seen[-1][1] > 0


def test_cancelled_bulk_intake_keeps_nothing_of_it(db, workstation, case, tmp_path):
    paths = []
    for n in range(6):
        paths.append(tmp_path / f"照片{n}.jpg")
        paths[-1].write_bytes(make_photo((300 + n, 200)))
    calls = []

    def cancel_half_way(done: int, total: int) -> bool:
        calls.append(done)
        return done < total // 2

    kept = add(workstation, case, io.BytesIO(b"earlier work"), "笔录.txt")
    with pytest.raises(OperationCancelled, match="已取消添加附件"):
        add_attachments(workstation, case.id, paths, progress=cancel_half_way)
    # The files stored before the cancel went with the rest of the intake's unit of work.
    assert len(calls) >= 3
    assert counts(db) == (1, 1, 1)
    assert [r.id for r in list_attachments(workstation, case.id)] == [kept.id]


def test_bulk_intake_reports_progress_and_stores_all(db, workstation, case, tmp_path):
    paths = []
    for n in range(3):
        paths.append(tmp_path / f"p{n}.jpg")
        paths[-1].write_bytes(make_photo((200 + n, 100)))
    paths.append(tmp_path / "copy.jpg")
    paths[-1].write_bytes(paths[0].read_bytes())
    seen = []
    outcome = add_attachments(workstation, case.id, paths, progress=lambda d, t: seen.append((d, t)))
    records = outcome.value
    assert outcome.changes.parts_of(case.id) == {Part.ATTACHMENTS}
    assert [r.original_name for r in records] == ["p0.jpg", "p1.jpg", "p2.jpg", "copy.jpg"]
    assert all(r.kind is AttachmentKind.PHOTO and r.has_thumbnail for r in records)
    assert counts(db)[:2] == (4, 3)
    total = seen[-1][1]
    assert seen[-1] == (total, total) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_bad_files_are_refused_by_name_before_anything_is_stored(db, workstation, case, tmp_path):
    good, empty = tmp_path / "good.jpg", tmp_path / "空文件.jpg"
    good.write_bytes(make_photo())
    empty.write_bytes(b"")
    with pytest.raises(FireInvestError, match="空文件.jpg.*0 字节"):
        add_attachments(workstation, case.id, [good, empty])
    with pytest.raises(FireInvestError, match="无法读取文件.*不存在.jpg"):
        add_attachments(workstation, case.id, [good, tmp_path / "不存在.jpg"])
    with pytest.raises(FireInvestError, match="无法读取文件.*丢失.pdf"):
        add(workstation, case, tmp_path / "丢失.pdf", "丢失.pdf")
    with pytest.raises(FireInvestError, match="空.txt"):
        add(workstation, case, io.BytesIO(b""), "空.txt")
    with pytest.raises(ValidationFailed, match="未知的附件类别"):
        add(workstation, case, good, "good.jpg", kind="selfie")
    assert counts(db) == (0, 0, 0)


@writes
def attach_and_fail(uow: UnitOfWork, case_id: int, data: bytes) -> None:
    """A use case that files a photo and then fails at a later step."""
    add_attachment(uow.session, uow.actor, case_id, io.BytesIO(data), original_name="现场.jpg")
    raise RuntimeError("a later step failed")


def test_a_rolled_back_transaction_leaves_neither_row_nor_bytes(db, workstation, case):
    with pytest.raises(RuntimeError):
        attach_and_fail(workstation, case.id, make_photo())
    assert counts(db) == (0, 0, 0)


def test_capture_time_comes_from_exif(workstation, case):
    local_time = add(workstation, case, io.BytesIO(make_photo(taken="2026:03:01 09:55:00")), "a.jpg")
    with_offset = add(workstation, case, io.BytesIO(make_photo(taken="2026:03:01 09:55:00", offset="+09:00")), "b.jpg")
    no_exif = add(workstation, case, io.BytesIO(make_photo(taken=None)), "c.jpg")
    unset_clock = add(workstation, case, io.BytesIO(make_photo(taken="0000:00:00 00:00:00")), "d.jpg")
    # Without an offset the camera's clock is taken to be in the agency's time zone (Asia/Shanghai by default).
    assert local_time.captured_at == dt.datetime(2026, 3, 1, 9, 55, tzinfo=SHANGHAI)
    assert with_offset.captured_at == dt.datetime(2026, 3, 1, 0, 55, tzinfo=dt.UTC)
    assert no_exif.captured_at is None and unset_clock.captured_at is None
    stored = {r.original_name: r.captured_at for r in list_attachments(workstation, case.id)}
    assert stored["b.jpg"] == dt.datetime(2026, 3, 1, 0, 55, tzinfo=dt.UTC)


def test_photos_get_a_small_upright_jpeg_thumbnail(workstation, case):
    photo = add(workstation, case, io.BytesIO(make_photo((1600, 1200))), "全景.jpg")
    # Orientation 6: the camera was turned; the stored pixels are landscape, the picture is portrait.
    turned = add(workstation, case, io.BytesIO(make_photo((1000, 500), orientation=6)), "竖拍.jpg")
    not_a_photo = add(workstation, case, io.BytesIO(b"%PDF-1.4 ..."), "报告.pdf", kind="lab_report")
    broken = add(workstation, case, io.BytesIO(b"\xff\xd8\xff not really a jpeg"), "损坏.jpg")
    previews = thumbnails(workstation, [r.id for r in (photo, turned, not_a_photo, broken)])
    with Image.open(io.BytesIO(previews[photo.id])) as image:
        assert image.format == "JPEG" and image.size == (256, 192)
    with Image.open(io.BytesIO(previews[turned.id])) as image:
        assert image.size == (128, 256)
    assert not_a_photo.id not in previews and not not_a_photo.has_thumbnail
    # An image Pillow cannot decode is still evidence: stored whole, just without a preview.
    assert broken.id not in previews and broken.kind is AttachmentKind.PHOTO
    assert thumbnails(workstation, []) == {}


def test_captions_and_evidence_items(workstation, case):
    item = evidence.register_evidence(workstation, case.id, evidence.EvidenceDraft("熔珠", local(2026, 3, 1), "测试员"))
    item_id = item.value.id
    on_item = add(workstation, case, io.BytesIO(make_photo()), "熔珠.jpg", evidence_item_id=item_id)
    add(workstation, case, io.BytesIO(b"x"), "其他.txt")
    outcome = set_caption(workstation, on_item.id, " 熔珠特写 ")
    changed = outcome.value
    assert outcome.changes.parts_of(case.id) == {Part.ATTACHMENTS}
    assert changed.caption == "熔珠特写" and changed.evidence_item_id == item_id
    assert [r.original_name for r in list_attachments(workstation, case.id, evidence_item_id=item_id)] == ["熔珠.jpg"]
    assert len(list_attachments(workstation, case.id)) == 2
    other_case = cases.create_case(workstation, make_draft()).value
    with pytest.raises(ValidationFailed, match=f"该物证不属于案件 {other_case.case_number}"):
        add(workstation, other_case, io.BytesIO(b"x"), "x.txt", evidence_item_id=item_id)
    with pytest.raises(NotFound, match="附件（内部编号 12345）不存在"):
        set_caption(workstation, 12345, "说明")


def test_cases_that_cannot_take_attachments(workstation, case, tmp_path):
    (tmp_path / "x.txt").write_bytes(b"x")
    with pytest.raises(NotFound):
        add_attachments(workstation, case.id + 999, [tmp_path / "x.txt"])
    with pytest.raises(NotFound):
        read_attachment(workstation, 12345)
    cases.void_case(workstation, case.id, case.version, "重复登记")
    with pytest.raises(ValidationFailed, match="已作废"):
        add(workstation, case, io.BytesIO(b"x"), "x.txt")
    with pytest.raises(ValidationFailed, match="已作废"):
        add_attachments(workstation, case.id, [tmp_path / "x.txt"])


def test_two_workstations_adding_the_same_photo_at_once_store_it_once(db, database_url, actor, workstation, case):
    """The second waits for the first's transaction (PostgreSQL: on the content row; SQLite: on the write lock),
    then finds the content there and reuses it instead of failing on a duplicate key. The two add the photo to
    two cases, so that nothing but the content itself makes them meet."""
    photo = make_photo((500, 400))
    other_case = cases.create_case(workstation, make_draft()).value
    other = open_prepared_database(database_url)
    elsewhere = Workstation(other, Actor("乙"))
    holding, second_waits = threading.Event(), threading.Event()
    outcome: list = []
    first_thread = threading.current_thread()

    def second_workstation() -> None:
        holding.wait(timeout=10)
        try:
            outcome.append(add(elsewhere, other_case, io.BytesIO(photo), "乙.jpg"))
        except Exception as exc:  # reported to the test thread below
            outcome.append(exc)

    def about_to_wait(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        # SQLite: the second's write transaction begins; PostgreSQL: it inserts the same content row.
        if statement.startswith("BEGIN IMMEDIATE") or statement.startswith("INSERT INTO attachment_contents"):
            second_waits.set()

    def hold_the_commit(_session) -> None:
        # The first has stored the photo and not committed yet; it lets the second run into it before committing.
        if threading.current_thread() is first_thread:
            holding.set()
            assert second_waits.wait(timeout=10)

    worker = threading.Thread(target=second_workstation)
    event.listen(other.engine, "before_cursor_execute", about_to_wait)
    event.listen(Session, "before_commit", hold_the_commit)
    try:
        worker.start()
        first = add(workstation, case, io.BytesIO(photo), "甲.jpg")
        worker.join(timeout=30)
    finally:
        event.remove(Session, "before_commit", hold_the_commit)
        event.remove(other.engine, "before_cursor_execute", about_to_wait)
        other.dispose()
    (second,) = outcome
    assert not isinstance(second, Exception), second
    assert second.sha256 == first.sha256
    assert counts(db) == (2, 1, 1)
    assert read_attachment(workstation, second.id) == photo


def test_a_file_changed_between_the_two_reads_is_refused(db, case, tmp_path, small_chunks):
    path = tmp_path / "正在复制.mp4"
    path.write_bytes(os.urandom(3 * SMALL_CHUNK))
    staged = attachment_store.stage_file(path)
    path.write_bytes(os.urandom(3 * SMALL_CHUNK))  # the camera card's copy was still being written
    with db.writing() as session:
        with pytest.raises(FireInvestError, match="正在复制.mp4.*在读取过程中被改动"):
            attachment_store.write_content(session, staged, str(path), None)
        session.rollback()
    assert counts(db) == (0, 0, 0)
