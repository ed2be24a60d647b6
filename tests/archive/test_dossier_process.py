"""The dossier composed in a process of its own (as the desktop program does): the same volume as in-process, and
every way of stopping — a cancel, a damaged photo, a document that is not Word, an unwritable folder, a child killed
in the middle — ends with the right message and no file, not even a temporary one."""

from __future__ import annotations

import multiprocessing

import pytest
from docx import Document
from sqlalchemy import text

from fireinvest.archive.dossier import dossier_plan, export_dossier
from fireinvest.archive.dossier_process import write_dossier_apart
from fireinvest.errors import AttachmentDamaged, FireInvestError
from fireinvest.services.attachments.reads import read_attachment
from fireinvest.services.documents.register import issued_document_bytes
from fireinvest.services.progress import OperationCancelled
from tests.archive.test_dossier import body_texts, file_list


class Readers:
    """The parent's side: reads through the workstation and counts what the child asked for."""

    def __init__(self, workstation) -> None:
        self.workstation = workstation
        self.documents: list[int] = []
        self.photos: list[int] = []

    def document(self, issued) -> bytes:
        self.documents.append(issued.id)
        return issued_document_bytes(self.workstation, issued.id)

    def photo(self, photo) -> bytes:
        self.photos.append(photo.attachment_id)
        return read_attachment(self.workstation, photo.attachment_id)


def apart(workstation, case_id, target, readers: Readers | None = None, progress=None):
    readers = readers or Readers(workstation)
    plan = dossier_plan(workstation, case_id, compiled_by="张明")
    return write_dossier_apart(plan, target, readers.document, readers.photo, progress)


def test_the_volume_is_the_one_written_in_process(workstation, dossier_case, out):
    readers = Readers(workstation)
    result = apart(workstation, dossier_case.id, out / "分进程.docx", readers)
    export_dossier(workstation, dossier_case.id, out / "本进程.docx", compiled_by="张明")

    separate, here = Document(str(out / "分进程.docx")), Document(str(out / "本进程.docx"))
    assert body_texts(separate) == body_texts(here)
    assert file_list(separate) == file_list(here)
    assert result.path == out / "分进程.docx" and [i.title for i in result.items][-1].startswith("火灾现场照片")
    # Each document and photo was read once, through the parent's readers.
    assert sorted(readers.documents) == sorted(d.id for d in result.plan.documents)
    assert sorted(readers.photos) == sorted(p.attachment_id for p in result.plan.photos)
    assert sorted(p.name for p in out.iterdir()) == ["分进程.docx", "本进程.docx"]


def test_cancelling_stops_the_child_and_leaves_no_file(workstation, dossier_case, out):
    seen = []

    def progress(done, total):
        seen.append(done)
        return done < 2

    with pytest.raises(OperationCancelled, match="已取消生成卷宗"):
        apart(workstation, dossier_case.id, out / "卷宗.docx", progress=progress)
    assert seen == [0, 1, 2]  # the child asked after every item and stopped at the answer
    assert list(out.iterdir()) == []
    assert not multiprocessing.active_children()


def test_a_damaged_photo_read_by_the_parent_is_named_and_nothing_is_written(db, workstation, dossier_case, out):
    damaged = dossier_case.photos[2]
    with db.writing() as session:
        session.execute(text("UPDATE attachment_chunks SET data = :data WHERE sha256 = :sha"),
                        {"data": b"not the photo", "sha": damaged.sha256})  # fmt: skip
    with pytest.raises(AttachmentDamaged) as raised:
        apart(workstation, dossier_case.id, out / "卷宗.docx")
    assert damaged.original_name in raised.value.message
    assert list(out.iterdir()) == []


def test_an_error_of_the_child_reaches_the_parent_with_its_message(workstation, out):
    from fireinvest.services.cases import get_case
    from tests.archive.dossier_case import issue
    from tests.factories import determined_case

    case = get_case(workstation, determined_case(workstation))
    issue(workstation, case.id, "determination", b"PK\x03\x04 not a document")
    with pytest.raises(FireInvestError, match="火灾事故认定书.*不是可以打开的 Word 文件"):
        apart(workstation, case.id, out / "卷宗.docx")  # parsed in the child: the refusal travels back
    with pytest.raises(FireInvestError, match="文件夹不存在"):
        apart(workstation, case.id, out / "missing" / "卷宗.docx")
    assert list(out.iterdir()) == []


def test_a_child_killed_in_the_middle_is_reported_and_its_temporary_file_removed(workstation, dossier_case, out):
    readers = Readers(workstation)
    plain = readers.photo

    def photo_after_killing_the_child(photo) -> bytes:
        if len(readers.photos) == 1:  # the child has its temporary file open and half a volume in memory
            for child in multiprocessing.active_children():
                child.kill()
                child.join()
        return plain(photo)

    readers.photo = photo_after_killing_the_child  # type: ignore[method-assign]
    with pytest.raises(FireInvestError, match="生成卷宗的进程意外退出"):
        apart(workstation, dossier_case.id, out / "卷宗.docx", readers)
    assert list(out.iterdir()) == []
    assert len(readers.photos) == 2  # nothing more was asked once it was gone
