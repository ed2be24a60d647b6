"""Attachments stored in the database: intake, deduplication, checked reads, damage found and named, bulk intake."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import threading
import time

import pytest
from PIL import Image
from sqlalchemy import func, select, text

from fireinvest.errors import AttachmentDamaged, FireInvestError, NotFound, ValidationFailed
from fireinvest.models import Attachment, AttachmentChunk, AttachmentContent, EvidenceItem
from fireinvest.services import cases
from fireinvest.services.actor import Actor
from fireinvest.services.attachments import store as attachment_store
from fireinvest.services.attachments.intake import (
    AttachmentKind,
    add_attachment,
    add_attachments,
    list_attachments,
    set_caption,
    thumbnail,
)
from fireinvest.services.attachments.reads import (
    export_attachment,
    open_attachment_stream,
    read_attachment,
    verify_attachments,
)
from fireinvest.services.attachments.store import DamageState
from fireinvest.services.progress import OperationCancelled
from fireinvest.services.startup import open_prepared_database
from tests.factories import SHANGHAI, make_draft, make_photo

SMALL_CHUNK = 1024


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 1 KiB, so that a few KiB of test data spans several chunks."""
    monkeypatch.setattr(attachment_store, "CHUNK_SIZE", SMALL_CHUNK)


@pytest.fixture
def case(db, actor):
    with db.writing() as session:
        return cases.create_case(session, actor, make_draft())


def counts(db) -> tuple[int, int, int]:
    """Rows in attachments, attachment_contents, attachment_chunks."""
    with db.reading() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Attachment, AttachmentContent,
                                                                                     AttachmentChunk))  # fmt: skip


def add(db, actor, case, source, name, **options):
    with db.writing() as session:
        return add_attachment(session, actor, case.id, source, original_name=name, **options)


def test_a_file_is_stored_in_chunks_and_read_back_exactly(db, actor, case, tmp_path, small_chunks):
    data = os.urandom(3 * SMALL_CHUNK + 100)
    path = tmp_path / "勘验记录.pdf"
    path.write_bytes(data)
    record = add(db, actor, case, path, path.name, kind="scan", caption="  现场勘验记录第1页 ")
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert (record.kind, record.media_type, record.size, record.caption) == (
        AttachmentKind.SCAN,
        "application/pdf",
        len(data),
        "现场勘验记录第1页",
    )
    assert (record.original_name, record.added_by, record.has_thumbnail) == ("勘验记录.pdf", "测试员", False)
    assert counts(db) == (1, 1, 4)
    with db.reading() as session:
        assert read_attachment(session, record.id) == data
        assert b"".join(open_attachment_stream(session, record.id)) == data
        target = export_attachment(session, record.id, tmp_path / "copy.pdf")
        with pytest.raises(FireInvestError, match="无法写入"):
            export_attachment(session, record.id, tmp_path / "no such folder" / "copy.pdf")
        assert [r.id for r in list_attachments(session, case.id)] == [record.id]
    assert target.read_bytes() == data


def test_identical_content_is_stored_once(db, actor, case, tmp_path, small_chunks):
    data = os.urandom(2 * SMALL_CHUNK + 1)
    (tmp_path / "a.bin").write_bytes(data)
    first = add(db, actor, case, tmp_path / "a.bin", "a.bin")
    # The same bytes again, this time from a stream that cannot seek (as from a network download).
    second = add(db, actor, case, _Unseekable(data), "同一文件.bin", caption="再次提交")
    assert first.sha256 == second.sha256 and first.id != second.id
    assert counts(db) == (2, 1, 3)
    with db.reading() as session:
        assert read_attachment(session, second.id) == data
        assert [r.original_name for r in list_attachments(session, case.id)] == ["a.bin", "同一文件.bin"]


class _Unseekable(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        piece = self._data.read(min(len(buffer), 300))  # short reads, like a pipe
        buffer[: len(piece)] = piece
        return len(piece)


def _three_chunk_attachment(db, actor, case, tmp_path):
    path = tmp_path / "起火部位.jpg"
    path.write_bytes(os.urandom(3 * SMALL_CHUNK))
    return add(db, actor, case, path, path.name)


def test_a_missing_chunk_is_reported_with_the_file_and_case(db, actor, case, tmp_path, small_chunks):
    record = _three_chunk_attachment(db, actor, case, tmp_path)
    with db.writing() as session:
        session.execute(text("DELETE FROM attachment_chunks WHERE sequence = 1"))
    with db.reading() as session:
        with pytest.raises(AttachmentDamaged) as raised:
            read_attachment(session, record.id)
        exports = tmp_path / "exports"
        exports.mkdir()
        with pytest.raises(AttachmentDamaged):
            export_attachment(session, record.id, exports / "导出.jpg")
        report = verify_attachments(session)
    assert raised.value.state == "missing" and raised.value.attachment_id == record.id
    assert "起火部位.jpg" in raised.value.message and case.case_number in raised.value.message
    assert "缺少第 2 块" in raised.value.message
    assert list(exports.iterdir()) == []  # no export, and no temporary file left behind
    assert not report.ok and report.contents_checked == 1
    (problem,) = report.problems
    assert problem.state is DamageState.MISSING
    assert [(r.case_number, r.original_name) for r in problem.attachments] == [(case.case_number, "起火部位.jpg")]


def test_altered_bytes_are_never_returned(db, actor, case, tmp_path, small_chunks):
    record = _three_chunk_attachment(db, actor, case, tmp_path)
    with db.writing() as session:
        session.execute(
            text("UPDATE attachment_chunks SET data = :data WHERE sequence = 2"), {"data": bytes(SMALL_CHUNK)}
        )
    with db.reading() as session:
        received = []
        with pytest.raises(AttachmentDamaged) as raised:
            for data in open_attachment_stream(session, record.id):
                received.append(data)
        report = verify_attachments(session)
    assert raised.value.state == "altered" and "已被改动" in raised.value.message
    assert "起火部位.jpg" in raised.value.message and "SHA-256" in raised.value.message
    assert len(received) < 3  # the stream held back its last chunk until the digest was checked
    assert [(p.state, [r.id for r in p.attachments]) for p in report.problems] == [(DamageState.ALTERED, [record.id])]


def test_a_shortened_chunk_is_reported_as_altered_size(db, actor, case, tmp_path, small_chunks):
    record = _three_chunk_attachment(db, actor, case, tmp_path)
    with db.writing() as session:
        session.execute(text("UPDATE attachment_chunks SET data = :data WHERE sequence = 0"), {"data": b"x"})
    with db.reading() as session:
        with pytest.raises(AttachmentDamaged, match="大小为"):
            read_attachment(session, record.id)
        assert verify_attachments(session).problems[0].state is DamageState.ALTERED


def test_verify_passes_an_intact_store(db, actor, case, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"a")
    add(db, actor, case, tmp_path / "a.txt", "a.txt")
    add(db, actor, case, io.BytesIO(make_photo()), "照片.jpg")
    seen = []
    with db.reading() as session:
        report = verify_attachments(session, progress=lambda done, total: seen.append((done, total)))
    assert report.ok and report.contents_checked == 2 and report.problems == ()
    assert seen[-1][0] == seen[-1][1] > 0


def test_cancelled_bulk_intake_keeps_nothing_of_it(db, actor, case, tmp_path):
    paths = []
    for n in range(6):
        paths.append(tmp_path / f"照片{n}.jpg")
        paths[-1].write_bytes(make_photo((300 + n, 200)))
    calls = []

    def cancel_half_way(done: int, total: int) -> bool:
        calls.append(done)
        return done < total // 2

    with db.writing() as session:
        kept = add_attachment(session, actor, case.id, io.BytesIO(b"earlier work"), original_name="笔录.txt")
        with pytest.raises(OperationCancelled, match="已取消添加附件"):
            add_attachments(session, actor, case.id, paths, progress=cancel_half_way)
        # The caller's transaction goes on and commits: only the intake was undone.
    assert len(calls) >= 3
    assert counts(db) == (1, 1, 1)
    with db.reading() as session:
        assert [r.id for r in list_attachments(session, case.id)] == [kept.id]


def test_bulk_intake_reports_progress_and_stores_all(db, actor, case, tmp_path):
    paths = []
    for n in range(3):
        paths.append(tmp_path / f"p{n}.jpg")
        paths[-1].write_bytes(make_photo((200 + n, 100)))
    paths.append(tmp_path / "copy.jpg")
    paths[-1].write_bytes(paths[0].read_bytes())
    seen = []
    with db.writing() as session:
        records = add_attachments(session, actor, case.id, paths, progress=lambda d, t: seen.append((d, t)))
    assert [r.original_name for r in records] == ["p0.jpg", "p1.jpg", "p2.jpg", "copy.jpg"]
    assert all(r.kind is AttachmentKind.PHOTO and r.has_thumbnail for r in records)
    assert counts(db)[:2] == (4, 3)
    total = seen[-1][1]
    assert seen[-1] == (total, total) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_bad_files_are_refused_by_name_before_anything_is_stored(db, actor, case, tmp_path):
    good, empty = tmp_path / "good.jpg", tmp_path / "空文件.jpg"
    good.write_bytes(make_photo())
    empty.write_bytes(b"")
    with db.writing() as session:
        with pytest.raises(FireInvestError, match="空文件.jpg.*0 字节"):
            add_attachments(session, actor, case.id, [good, empty])
        with pytest.raises(FireInvestError, match="无法读取文件.*不存在.jpg"):
            add_attachments(session, actor, case.id, [good, tmp_path / "不存在.jpg"])
        with pytest.raises(FireInvestError, match="无法读取文件.*丢失.pdf"):
            add_attachment(session, actor, case.id, tmp_path / "丢失.pdf", original_name="丢失.pdf")
        with pytest.raises(FireInvestError, match="空.txt"):
            add_attachment(session, actor, case.id, io.BytesIO(b""), original_name="空.txt")
        with pytest.raises(ValidationFailed, match="未知的附件类别"):
            add_attachment(session, actor, case.id, good, original_name="good.jpg", kind="selfie")
    assert counts(db) == (0, 0, 0)


def test_a_rolled_back_transaction_leaves_neither_row_nor_bytes(db, actor, case):
    with pytest.raises(RuntimeError):
        with db.writing() as session:
            add_attachment(session, actor, case.id, io.BytesIO(make_photo()), original_name="现场.jpg")
            raise RuntimeError("the caller's later step failed")
    assert counts(db) == (0, 0, 0)


def test_capture_time_comes_from_exif(db, actor, case):
    local_time = add(db, actor, case, io.BytesIO(make_photo(taken="2026:03:01 09:55:00")), "a.jpg")
    with_offset = add(db, actor, case, io.BytesIO(make_photo(taken="2026:03:01 09:55:00", offset="+09:00")), "b.jpg")
    no_exif = add(db, actor, case, io.BytesIO(make_photo(taken=None)), "c.jpg")
    unset_clock = add(db, actor, case, io.BytesIO(make_photo(taken="0000:00:00 00:00:00")), "d.jpg")
    # Without an offset the camera's clock is taken to be in the agency's time zone (Asia/Shanghai by default).
    assert local_time.captured_at == dt.datetime(2026, 3, 1, 9, 55, tzinfo=SHANGHAI)
    assert with_offset.captured_at == dt.datetime(2026, 3, 1, 0, 55, tzinfo=dt.UTC)
    assert no_exif.captured_at is None and unset_clock.captured_at is None
    with db.reading() as session:
        stored = {r.original_name: r.captured_at for r in list_attachments(session, case.id)}
    assert stored["b.jpg"] == dt.datetime(2026, 3, 1, 0, 55, tzinfo=dt.UTC)


def test_photos_get_a_small_upright_jpeg_thumbnail(db, actor, case):
    photo = add(db, actor, case, io.BytesIO(make_photo((1600, 1200))), "全景.jpg")
    # Orientation 6: the camera was turned; the stored pixels are landscape, the picture is portrait.
    turned = add(db, actor, case, io.BytesIO(make_photo((1000, 500), orientation=6)), "竖拍.jpg")
    not_a_photo = add(db, actor, case, io.BytesIO(b"%PDF-1.4 ..."), "报告.pdf", kind="lab_report")
    broken = add(db, actor, case, io.BytesIO(b"\xff\xd8\xff not really a jpeg"), "损坏.jpg")
    with db.reading() as session:
        previews = {r.id: thumbnail(session, r.id) for r in (photo, turned, not_a_photo, broken)}
    with Image.open(io.BytesIO(previews[photo.id])) as image:
        assert image.format == "JPEG" and image.size == (256, 192)
    with Image.open(io.BytesIO(previews[turned.id])) as image:
        assert image.size == (128, 256)
    assert previews[not_a_photo.id] is None and not not_a_photo.has_thumbnail
    # An image Pillow cannot decode is still evidence: stored whole, just without a preview.
    assert previews[broken.id] is None and broken.kind is AttachmentKind.PHOTO


def test_captions_and_evidence_items(db, actor, case):
    with db.writing() as session:
        when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
        item = EvidenceItem(case_id=case.id, evidence_number="320100-WZ-2026-0001", agency_code="320100", year=2026,
                            sequence=1, name="熔珠", collected_at=when, collector="测试员", created_at=when,
                            created_by="测试员")  # fmt: skip
        session.add(item)
        session.flush()
        item_id = item.id
        on_item = add_attachment(session, actor, case.id, io.BytesIO(make_photo()), original_name="熔珠.jpg",
                                 evidence_item_id=item_id)  # fmt: skip
        add_attachment(session, actor, case.id, io.BytesIO(b"x"), original_name="其他.txt")
        changed = set_caption(session, actor, on_item.id, " 熔珠特写 ")
    assert changed.caption == "熔珠特写" and changed.evidence_item_id == item_id
    with db.reading() as session:
        assert [r.original_name for r in list_attachments(session, case.id, evidence_item_id=item_id)] == ["熔珠.jpg"]
        assert len(list_attachments(session, case.id)) == 2


def test_cases_that_cannot_take_attachments(db, actor, case):
    with db.writing() as session:
        with pytest.raises(NotFound):
            add_attachment(session, actor, case.id + 999, io.BytesIO(b"x"), original_name="x.txt")
        with pytest.raises(NotFound):
            read_attachment(session, 12345)
        cases.void_case(session, actor, case.id, case.version, "重复登记")
        with pytest.raises(ValidationFailed, match="已作废"):
            add_attachment(session, actor, case.id, io.BytesIO(b"x"), original_name="x.txt")


def test_two_workstations_adding_the_same_photo_at_once_store_it_once(db, database_url, actor, case):
    """The second waits for the first's transaction (PostgreSQL: on the content row; SQLite: on the write lock),
    then finds the content there and reuses it instead of failing on a duplicate key."""
    photo = make_photo((500, 400))
    other = open_prepared_database(database_url)
    outcome: list = []

    def second_workstation() -> None:
        try:
            with other.writing() as session:
                outcome.append(add_attachment(session, Actor("乙"), case.id, io.BytesIO(photo), original_name="乙.jpg"))
        except Exception as exc:  # reported to the test thread below
            outcome.append(exc)

    try:
        with db.writing() as session:
            first = add_attachment(session, actor, case.id, io.BytesIO(photo), original_name="甲.jpg")
            worker = threading.Thread(target=second_workstation)
            worker.start()
            time.sleep(0.5)  # let the second one reach the point where it must wait for this transaction
        worker.join(timeout=30)
    finally:
        other.dispose()
    (second,) = outcome
    assert not isinstance(second, Exception), second
    assert second.sha256 == first.sha256
    assert counts(db) == (2, 1, 1)
    with db.reading() as session:
        assert read_attachment(session, second.id) == photo


def test_a_file_changed_between_the_two_reads_is_refused(db, actor, case, tmp_path, small_chunks):
    path = tmp_path / "正在复制.mp4"
    path.write_bytes(os.urandom(3 * SMALL_CHUNK))
    staged = attachment_store.stage_file(path)
    path.write_bytes(os.urandom(3 * SMALL_CHUNK))  # the camera card's copy was still being written
    with db.writing() as session:
        with pytest.raises(FireInvestError, match="正在复制.mp4.*在读取过程中被改动"):
            attachment_store.write_content(session, staged, str(path), None)
        session.rollback()
    assert counts(db) == (0, 0, 0)
