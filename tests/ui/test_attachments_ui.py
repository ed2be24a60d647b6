"""The 附件 tab driven through the real widgets: a bulk intake shows thumbnails, a cancelled one stores nothing,
the viewer steps through the photos and shows a damaged attachment's message instead of its picture."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import text

from fireinvest.services import cases
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.progress import kib
from tests.factories import make_draft, make_photo


def open_page(window, workstation):
    case = cases.create_case(workstation, make_draft()).value
    window.refresh()
    editor = window.open_case(case.id)
    editor.tabs.setCurrentWidget(editor.attachments)
    return case, editor.attachments


def photos(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = tmp_path / f"现场照片{n + 1}.jpg"
        path.write_bytes(make_photo((640 + 16 * n, 480), taken=f"2026:03:01 09:5{n}:00"))
        paths.append(path)
    return paths


def stored(workstation, case) -> list[attachments.AttachmentRecord]:
    return attachments.list_attachments(workstation, case.id)


def test_three_photos_added_show_as_thumbnails(window, workstation, tmp_path):
    case, page = open_page(window, workstation)
    page.add_files(photos(tmp_path, 3))
    assert page.model.rowCount() == 3
    assert len(stored(workstation, case)) == 3
    first = page.model.index(0)
    assert not first.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert first.data() == "现场照片1.jpg\n2026-03-01 09:50"
    assert page.intake is None and page.add_button.isEnabled()


def test_files_dropped_from_the_file_manager_are_added(window, workstation, tmp_path):
    case, page = open_page(window, workstation)
    report = tmp_path / "检验报告.pdf"
    report.write_bytes(b"%PDF-1.4 not really")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in [*photos(tmp_path, 2), report]])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    page.dropEvent(drop)
    assert [r.original_name for r in stored(workstation, case)] == ["现场照片1.jpg", "现场照片2.jpg", "检验报告.pdf"]
    assert page.model.index(2).data() == "检验报告.pdf\n其他"
    picture, file_icon = (page.model.index(row).data(Qt.ItemDataRole.DecorationRole) for row in (0, 2))
    assert picture.cacheKey() != file_icon.cacheKey()  # the photo shows its thumbnail, the PDF the file icon


def test_a_cancelled_intake_stores_nothing(window, workstation, tmp_path, message_boxes):
    case, page = open_page(window, workstation)
    paths = photos(tmp_path, 3)
    first_file = kib(paths[0].stat().st_size)

    def cancel_after_the_first_file(done: int, _total: int) -> None:
        # Called where the intake reports, on the database thread, while the GUI waits for the (synchronous)
        # runner: the user's 取消 arrives as the progress window's relay being cancelled, which is what the button does.
        if done >= first_file and not page.intake.relay.cancelled:
            page.intake.relay.cancel()

    page.intakeProgress.connect(cancel_after_the_first_file, Qt.ConnectionType.DirectConnection)
    page.add_files(paths)
    assert stored(workstation, case) == []
    assert page.model.rowCount() == 0
    assert "已取消添加附件" in message_boxes[-1].text()


def test_the_viewer_steps_through_the_photos(window, workstation, tmp_path, qtbot, monkeypatch):
    case, page = open_page(window, workstation)
    page.add_files(photos(tmp_path, 3))
    drawn = page.model.index(0).data(Qt.ItemDataRole.DecorationRole).cacheKey()
    viewer = page.open_viewer(0, modal=False)
    qtbot.addWidget(viewer)
    assert viewer.stack.currentWidget() is viewer.picture and not viewer.picture.pixmap().isNull()
    assert "现场照片1.jpg" in viewer.details.text() and "拍摄时间 2026-03-01 09:50" in viewer.details.text()
    assert not viewer.previous_button.isEnabled()
    viewer.next_button.click()
    assert "现场照片2.jpg" in viewer.details.text()
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert "现场照片3.jpg" in viewer.details.text() and not viewer.next_button.isEnabled()
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    viewer.previous_button.click()
    assert viewer.index == 0 and "现场照片1.jpg" in viewer.details.text()

    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kwargs: ("起火部位全景", True))
    viewer.caption_button.click()
    assert viewer.caption.text() == "起火部位全景" and viewer.record.caption == "起火部位全景"
    assert page.model.index(0).data().startswith("起火部位全景")  # the tab read the list again after the change
    assert page.model.index(0).data(Qt.ItemDataRole.DecorationRole).cacheKey() == drawn  # relabelled in place


def test_a_damaged_attachment_shows_its_message_instead_of_the_picture(window, db, workstation, tmp_path, qtbot):
    case, page = open_page(window, workstation)
    page.add_files(photos(tmp_path, 2))
    victim = stored(workstation, case)[1]
    with db.writing() as session:
        session.execute(text("DELETE FROM attachment_chunks WHERE sha256 = :sha"), {"sha": victim.sha256})
    page.reload()
    viewer = page.open_viewer(0, modal=False)
    qtbot.addWidget(viewer)
    viewer.show_next()
    assert viewer.stack.currentWidget() is viewer.damaged_message
    message = viewer.findChild(type(viewer.damaged_message), "damagedMessage").text()
    assert "现场照片2.jpg" in message and case.case_number in message and "已损坏" in message
    assert not viewer.export_button.isEnabled()
    viewer.show_previous()
    assert viewer.stack.currentWidget() is viewer.picture


def test_a_non_image_file_is_named_and_exported(window, workstation, tmp_path, qtbot):
    case, page = open_page(window, workstation)
    report = tmp_path / "检验报告.pdf"
    report.write_bytes(b"%PDF-1.4 report")
    page.add_files([report])
    viewer = page.open_viewer(0, modal=False)
    qtbot.addWidget(viewer)
    assert viewer.stack.currentWidget() is viewer.file_panel and "检验报告.pdf" in viewer.file_panel.text()
    written = tmp_path / "导出.pdf"
    viewer.export(str(written))
    assert written.read_bytes() == b"%PDF-1.4 report"
