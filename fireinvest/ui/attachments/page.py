"""The 附件 tab of the case editor: the case's photos and other files as thumbnails, added by dragging many files
from the file manager or with 添加文件…, captions edited in place, photos opened in the viewer by double-click.

An intake runs off the GUI thread behind a progress bar whose 取消 undoes it entirely (services.attachments
guarantees all or nothing); the list reloads afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.db import Database
from fireinvest.errors import FireInvestError
from fireinvest.services.actor import Actor
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.attachments.intake import AttachmentRecord
from fireinvest.services.progress import OperationCancelled
from fireinvest.ui.attachments.photo_viewer import PhotoViewer
from fireinvest.ui.widgets.dialogs import inform
from fireinvest.ui.widgets.operations import ProgressWindow, run_in_background, show_error

PICTURE_SIZE = QSize(160, 120)  # thumbnails (256 px at most) drawn this large, portrait ones narrower
ICON_SIZE = PICTURE_SIZE + QSize(0, 8)  # a margin above each picture, which the grid does not leave
GRID_SIZE = QSize(184, 180)  # the icon, two lines of text and a margin


class AttachmentsPage(QWidget):
    """`intakeProgress(done, total)` repeats the running intake's progress (KiB), for whoever watches it."""

    intakeProgress = Signal(int, int)

    def __init__(self, database: Database, actor: Actor, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database, self._actor, self._zone = database, actor, zone
        self._case_id: int | None = None
        self._editable = False
        self.records: list[AttachmentRecord] = []
        self.intake: ProgressWindow | None = None
        self.placeholder = QLabel(self.tr("保存案件后即可添加附件。"), self)
        self.hint = QLabel(self.tr("可将照片和文件从文件管理器拖放到此处，一次可拖放多个。双击缩略图查看大图。"), self)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.list = QListWidget(self)
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWrapping(True)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(ICON_SIZE)
        self.list.setGridSize(GRID_SIZE)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Drops land on the page (Qt passes them up to the first widget that accepts drops), never on the list.
        self.list.setDragEnabled(False)
        self.list.setAcceptDrops(False)
        self.list.viewport().setAcceptDrops(False)
        self.list.itemDoubleClicked.connect(lambda item: self.open_viewer(self.list.row(item)))
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("添加文件…"), self)
        self.caption_button = QPushButton(self.tr("说明…"), self)
        self.caption_button.setToolTip(self.tr("填写所选附件的说明（打印在现场照片下方的文字）"))
        self.view_button = QPushButton(self.tr("查看…"), self)
        self.add_button.clicked.connect(lambda: self.choose_files())
        self.caption_button.clicked.connect(lambda: self.edit_selected_caption())
        self.view_button.clicked.connect(lambda: self.open_viewer(self.list.currentRow()))
        self.count_label = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.caption_button)
        buttons.addWidget(self.view_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.set_case(None)

    def set_case(self, case_id: int | None, editable: bool = True) -> None:
        self._case_id = case_id
        self._editable = case_id is not None and editable
        self.placeholder.setVisible(case_id is None)
        self.hint.setVisible(self._editable)
        self.setAcceptDrops(self._editable)
        self.add_button.setEnabled(self._editable)
        self.reload()

    # -- list -------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        self.list.clear()
        if self._case_id is None:
            self.records = []
            thumbnails: dict[int, bytes | None] = {}
        else:
            with self._database.reading() as session:
                self.records = attachments.list_attachments(session, self._case_id)
                thumbnails = attachments.thumbnails(session, [r.id for r in self.records if r.has_thumbnail])
        for record in self.records:
            item = QListWidgetItem(self._icon(record, thumbnails.get(record.id)), self._label(record))
            item.setToolTip(self._tooltip(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
        self.count_label.setText(self.tr("共 %1 个附件").replace("%1", str(len(self.records))) if self.records else "")
        self._update_buttons()

    def _icon(self, record: AttachmentRecord, thumbnail: bytes | None) -> QIcon:
        picture = QPixmap()
        if thumbnail and picture.loadFromData(thumbnail):
            picture = picture.scaled(PICTURE_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        else:
            # No preview (a PDF, a video, or content that is damaged): the generic file icon, the kind in the label.
            picture = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(QSize(72, 72))
        # Every icon on one canvas of the same size, so that pictures of any shape line up with their labels.
        canvas = QPixmap(ICON_SIZE)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        offset = (PICTURE_SIZE - picture.deviceIndependentSize().toSize()) / 2
        painter.drawPixmap(offset.width(), ICON_SIZE.height() - PICTURE_SIZE.height() + offset.height(), picture)
        painter.end()
        return QIcon(canvas)

    def _label(self, record: AttachmentRecord) -> str:
        title = record.caption or record.original_name
        when = format_local(record.captured_at, self._zone) if record.captured_at else record.kind.label
        return f"{_elide(title, 22)}\n{when}"

    def _tooltip(self, record: AttachmentRecord) -> str:
        lines = [record.original_name]
        if record.caption:
            lines.append(record.caption)
        if record.captured_at:
            lines.append(self.tr("拍摄时间 %1").replace("%1", format_local(record.captured_at, self._zone)))
        return "\n".join(lines)

    def selected(self) -> AttachmentRecord | None:
        row = self.list.currentRow()
        items = self.list.selectedItems()
        return self.records[row] if items and 0 <= row < len(self.records) else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.caption_button.setEnabled(chosen and self._editable)
        self.view_button.setEnabled(chosen)

    # -- intake -----------------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files([Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()])

    def _accepts(self, event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> bool:
        data = event.mimeData()
        return self._editable and self.intake is None and data.hasUrls() and any(u.isLocalFile() for u in data.urls())

    def choose_files(self) -> None:
        if not self._editable:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("添加附件"), "", self.tr("照片 (*.jpg *.jpeg *.png *.tif *.tiff *.heic);;所有文件 (*)")
        )
        if names:
            self.add_files([Path(name) for name in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Attach the files (dropped or chosen) in the background, all or none, then reload the list."""
        if not self._editable or self._case_id is None or not paths or self.intake is not None:
            return
        case_id, paths = self._case_id, list(paths)
        text = self.tr("正在添加 %1 个文件…").replace("%1", str(len(paths)))
        self.intake = ProgressWindow(self, text, self.tr("正在取消，撤销已添加的文件…"))
        self.intake.relay.changed.connect(self.intakeProgress)
        relay = self.intake.relay
        self.add_button.setEnabled(False)

        def work() -> list[AttachmentRecord]:
            with self._database.writing() as session:
                return attachments.add_attachments(session, self._actor, case_id, paths, relay)

        def cancelled(exc: BaseException) -> bool:
            if isinstance(exc, OperationCancelled):
                inform(self, self.tr("添加附件"), exc.message)
                return True
            return False

        def finished() -> None:
            if self.intake is not None:
                self.intake.close()
                self.intake = None
            self.add_button.setEnabled(self._editable)
            self.reload()

        run_in_background(self, work, None, cancelled, error_title=self.tr("添加附件失败"), on_finished=finished)

    # -- captions and viewer ------------------------------------------------------------------------------------

    def edit_selected_caption(self, caption: str | None = None) -> None:
        record = self.selected()
        if record is not None and self.edit_caption(record, caption) is not None:
            self.reload()
            self.list.setCurrentRow(next(i for i, r in enumerate(self.records) if r.id == record.id))

    def edit_caption(self, record: AttachmentRecord, caption: str | None = None) -> AttachmentRecord | None:
        """Ask for the caption (unless given) and save it; the changed record, or None when nothing was saved."""
        if not self._editable:
            return None
        if caption is None:
            caption, ok = QInputDialog.getText(
                self, self.tr("附件说明"), self.tr("“%1”的说明：").replace("%1", record.original_name),
                text=record.caption,
            )  # fmt: skip
            if not ok:
                return None
        try:
            with self._database.writing() as session:
                return attachments.set_caption(session, self._actor, record.id, caption)
        except FireInvestError as exc:
            show_error(self, exc, self.tr("无法保存说明"))
            return None

    def open_viewer(self, row: int, *, modal: bool = True) -> PhotoViewer | None:
        """Show the attachment in row `row`, with the case's others a step away. Tests pass modal=False."""
        if not 0 <= row < len(self.records):
            return None
        viewer = PhotoViewer(self._database, self.records, row, self._zone,
                             self.edit_caption if self._editable else None, self)  # fmt: skip
        if not modal:
            viewer.show()
            return viewer
        viewer.exec()
        viewer.deleteLater()
        self.reload()  # captions may have changed in the viewer
        return None


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
