"""The attachment viewer: one photo at a time, scaled to the window, stepped with 上一张/下一张 or the arrow keys.

The picture is decoded only from bytes that passed the SHA-256 check (the read_attachment use case of
services.attachments.reads); damaged content shows the service's Chinese message, naming the file, where the
picture would be. Other files show their name and can be exported. The bytes are read on the database thread,
through the runner, as every read is; decoding one photo for the screen happens when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.errors import FireInvestError
from fireinvest.services.attachments.intake import AttachmentRecord
from fireinvest.services.attachments.reads import export_attachment, read_attachment
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.operations import run_in_background

CaptionSaved = Callable[[AttachmentRecord], object]


class CaptionEditor(Protocol):
    """Asks for an attachment's caption and saves it (the 附件 tab's edit_caption); `saved` gets the new record."""

    def __call__(
        self, record: AttachmentRecord, caption: str | None = None, saved: CaptionSaved | None = None
    ) -> None: ...


VIEW_LIMIT = QSize(2560, 2560)  # larger than the viewer on any office screen


def is_picture(record: AttachmentRecord) -> bool:
    """Whether the viewer tries to show the file as a picture (photos, and scans or drawings saved as images)."""
    return record.media_type.startswith("image/")


def decode_image(data: bytes) -> QImage:
    """The picture upright as the camera held it (EXIF orientation applied); a null image when undecodable."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    return reader.read()


def viewable_image(data: bytes) -> QImage:
    """The picture decoded (any thread) and, if larger than any screen shows it, reduced once, so that resizing the
    viewer scales a screen-sized picture rather than a twelve-megapixel one each time."""
    image = decode_image(data)
    if image.width() > VIEW_LIMIT.width() or image.height() > VIEW_LIMIT.height():
        image = image.scaled(VIEW_LIMIT, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return image


class PhotoViewer(QDialog):
    def __init__(
        self,
        runner: Runner,
        records: Sequence[AttachmentRecord],
        index: int,
        zone,
        edit_caption: CaptionEditor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._zone, self._edit_caption = runner, zone, edit_caption
        self.records = list(records)
        self.index = -1
        self._closed = False  # a read still running when the viewer closes must not touch its widgets
        self._pixmap = QPixmap()
        self.setWindowTitle(self.tr("查看附件"))
        self.resize(1100, 800)

        self.picture = QLabel(self)
        self.picture.setObjectName("picture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(QSize(200, 150))
        self.picture.setStyleSheet("background: #202020; color: #e0e0e0;")
        self.damaged_message = QLabel(self)
        self.damaged_message.setObjectName("damagedMessage")
        self.damaged_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.damaged_message.setWordWrap(True)
        self.damaged_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.damaged_message.setStyleSheet("color: #b00020; font-size: 15px; padding: 40px;")
        self.file_panel = QLabel(self)
        self.file_panel.setObjectName("filePanel")
        self.file_panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.file_panel.setWordWrap(True)
        self.file_panel.setStyleSheet("font-size: 15px; padding: 40px;")
        self.stack = QStackedWidget(self)
        for widget in (self.picture, self.damaged_message, self.file_panel):
            self.stack.addWidget(widget)

        self.caption = QLabel(self)
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.details = QLabel(self)
        self.details.setObjectName("details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position = QLabel(self)
        self.previous_button = QPushButton(self.tr("上一张"), self)
        self.next_button = QPushButton(self.tr("下一张"), self)
        self.caption_button = QPushButton(self.tr("说明…"), self)
        self.export_button = QPushButton(self.tr("导出…"), self)
        self.close_button = QPushButton(self.tr("关闭"), self)
        for button in (self.previous_button, self.next_button, self.caption_button, self.export_button,
                       self.close_button):  # fmt: skip
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Left/Right always reach the viewer, not a button
        self.previous_button.clicked.connect(self.show_previous)
        self.next_button.clicked.connect(self.show_next)
        self.caption_button.clicked.connect(self.edit_caption)
        self.export_button.clicked.connect(lambda: self.export())
        self.close_button.clicked.connect(self.accept)
        self.caption_button.setVisible(edit_caption is not None)

        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.position)
        buttons.addStretch(1)
        buttons.addWidget(self.caption_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.show_index(index)

    @property
    def record(self) -> AttachmentRecord:
        return self.records[self.index]

    def show_index(self, index: int) -> None:
        if not self.records:
            return
        self.index = max(0, min(index, len(self.records) - 1))
        record = self.record
        self._describe(record)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.records) - 1)
        self.position.setText(f"{self.index + 1} / {len(self.records)}")
        self._pixmap = QPixmap()
        self.export_button.setEnabled(True)
        if not is_picture(record):
            self.file_panel.setText(
                self.tr("“%1”不是图片（%2，%3），不能在此显示。\n可导出后用相应的程序打开。")
                .replace("%1", record.original_name)
                .replace("%2", record.kind.label)
                .replace("%3", _size_text(record.size))
            )
            self.stack.setCurrentWidget(self.file_panel)
            return
        self.picture.setText(self.tr("正在读取…"))
        self.stack.setCurrentWidget(self.picture)
        self._load(record)

    def _describe(self, record: AttachmentRecord) -> None:
        self.caption.setText(record.caption or self.tr("（无说明）"))
        parts = [record.original_name, record.kind.label, _size_text(record.size)]
        if record.captured_at is not None:
            parts.append(self.tr("拍摄时间 %1").replace("%1", format_local(record.captured_at, self._zone)))
        parts.append(self.tr("%1 添加于 %2").replace("%1", record.added_by).replace("%2",
                     format_local(record.added_at, self._zone)))  # fmt: skip
        self.details.setText("　·　".join(parts))
        self.setWindowTitle(self.tr("查看附件 - %1").replace("%1", record.original_name))

    def _load(self, record: AttachmentRecord) -> None:
        attachment_id = record.id

        def read(data: bytes) -> None:
            if self._closed or self.record.id != attachment_id:
                return  # closed, or the user stepped on while it was read
            # Decoding a camera photo takes longer than the GUI thread may pause: done on the thread pool.
            run_in_background(self, lambda: viewable_image(data), shown)

        def shown(image: QImage) -> None:
            if self._closed or self.record.id != attachment_id:
                return
            if image.isNull():
                self._show_problem(self.tr("“%1”的内容完好，但无法解码为图片。可导出后用其他程序查看。")
                                   .replace("%1", record.original_name))  # fmt: skip
                return
            self._pixmap = QPixmap.fromImage(image)
            self._rescale()

        def failed(exc: FireInvestError) -> bool:
            if not self._closed and self.record.id == attachment_id:
                self._show_problem(exc.message)
                self.export_button.setEnabled(False)  # a damaged file must not be exported as if it were the original
            return True

        self._runner.run(lambda workstation: read_attachment(workstation, attachment_id), done=read, refused=failed,
                         owner=self, error_title=self.tr("无法显示附件"))  # fmt: skip

    def _show_problem(self, message: str) -> None:
        self._pixmap = QPixmap()
        self.damaged_message.setText(message)
        self.stack.setCurrentWidget(self.damaged_message)

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            return
        size = self.picture.size()
        scaled = self._pixmap
        if self._pixmap.width() > size.width() or self._pixmap.height() > size.height():
            mode = Qt.TransformationMode.SmoothTransformation
            scaled = self._pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode)
        self.picture.setPixmap(scaled)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._rescale()  # the label has its real size only now

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Left:
            self.show_previous()
        elif event.key() == Qt.Key.Key_Right:
            self.show_next()
        else:
            super().keyPressEvent(event)

    def show_previous(self) -> None:
        if self.index > 0:
            self.show_index(self.index - 1)

    def show_next(self) -> None:
        if self.index < len(self.records) - 1:
            self.show_index(self.index + 1)

    def edit_caption(self) -> None:
        if self._edit_caption is None or not self.records:
            return
        self._edit_caption(self.record, saved=self._caption_saved)

    def _caption_saved(self, changed: AttachmentRecord) -> None:
        at = next((i for i, r in enumerate(self.records) if r.id == changed.id), None)
        if at is None:
            return
        self.records[at] = changed
        if at == self.index:
            self._describe(changed)

    def export(self, path: str = "") -> None:
        """Save the verified file where the user chooses; damage is reported and leaves no file behind."""
        if not self.records:
            return
        record = self.record
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出附件"), record.original_name)
            if not path:
                return
        target = Path(path)
        self._runner.run(lambda workstation: export_attachment(workstation, record.id, target), owner=self,
                         error_title=self.tr("导出失败"))  # fmt: skip


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
