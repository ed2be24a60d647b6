"""The 附件 tab of the case editor: the case's photos and other files as thumbnails, added by dragging many files
from the file manager or with 添加文件…, captions edited in place, photos opened in the viewer by double-click.

An intake runs on the database thread behind a progress bar whose 取消 undoes it entirely (it is one use case, one
transaction: all or nothing). The tab reads again when the hub says the case's attachments changed: after an
intake or a caption here, and after a laboratory report filed from the 物证 tab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from fireinvest.clock import format_local
from fireinvest.errors import FireInvestError
from fireinvest.services.attachments import intake as attachments
from fireinvest.services.attachments.intake import AttachmentRecord
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation
from fireinvest.ui.attachments.photo_viewer import CaptionSaved, PhotoViewer
from fireinvest.ui.editor.case_tab import CaseTab
from fireinvest.ui.runner import Runner
from fireinvest.ui.widgets.operations import ProgressWindow, cancelled_is_not_an_error, run_in_background

PICTURE_SIZE = QSize(160, 120)  # thumbnails (256 px at most) drawn this large, portrait ones narrower
ICON_SIZE = PICTURE_SIZE + QSize(0, 8)  # a margin above each picture, which the grid does not leave
GRID_SIZE = QSize(184, 180)  # the icon, two lines of text and a margin


class AttachmentsPage(CaseTab):
    """`intakeProgress(done, total)` repeats the running intake's progress (KiB) for whoever watches it, emitted on
    the thread the intake reports from (the database thread); `intake` is its progress window while it runs."""

    PARTS = (Part.ATTACHMENTS,)
    intakeProgress = Signal(int, int)

    def __init__(self, runner: Runner, zone, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._zone = zone
        self.intake: ProgressWindow | None = None
        self.model = AttachmentList(zone, self._file_icon(), self._fit_title, self)
        self.placeholder = QLabel(self.tr("保存案件后即可添加附件。"), self)
        self.hint = QLabel(self.tr("可将照片和文件从文件管理器拖放到此处，一次可拖放多个。双击缩略图查看大图。"), self)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.list = QListView(self)
        self.list.setModel(self.model)
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
        self.list.doubleClicked.connect(lambda index: self.open_viewer(index.row()))
        self.list.selectionModel().selectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton(self.tr("添加文件…"), self)
        self.caption_button = QPushButton(self.tr("说明…"), self)
        self.caption_button.setToolTip(self.tr("填写所选附件的说明（打印在现场照片下方的文字）"))
        self.view_button = QPushButton(self.tr("查看…"), self)
        self.add_button.clicked.connect(lambda: self.choose_files())
        self.caption_button.clicked.connect(lambda: self.edit_selected_caption())
        self.view_button.clicked.connect(lambda: self.open_viewer(self.list.currentIndex().row()))
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
        editable = case_id is not None and editable
        self.placeholder.setVisible(case_id is None)
        self.hint.setVisible(editable)
        self.setAcceptDrops(editable)
        self.add_button.setEnabled(editable)
        super().set_case(case_id, editable)

    # -- list -------------------------------------------------------------------------------------------------

    def show_no_case(self) -> None:
        self.show_data(([], {}))

    def read(self, workstation: Workstation, case_id: int) -> tuple[list[AttachmentRecord], dict[int, bytes]]:
        """The case's attachments, and the thumbnails of those the tab has not drawn yet (stored thumbnails never
        change: a caption edited or a file added reads only what is new)."""
        drawn = self.model.drawn  # replaced, never changed, on the GUI thread: safe to read here
        records = attachments.list_attachments(workstation, case_id)
        wanted = [r.id for r in records if r.has_thumbnail and r.id not in drawn]
        return records, attachments.thumbnails(workstation, wanted) if wanted else {}

    def show_data(self, data: tuple[list[AttachmentRecord], dict[int, bytes]]) -> None:
        chosen = self.selected()
        records, thumbnails = data
        self.model.show(records)
        self.count_label.setText(self.tr("共 %1 个附件").replace("%1", str(len(records))) if records else "")
        # The file the user was looking at stays selected when the list is read again after a change.
        again = next((row for row, r in enumerate(records) if chosen is not None and r.id == chosen.id), None)
        if again is not None:
            self.list.setCurrentIndex(self.model.index(again))
        self._update_buttons()
        if thumbnails:
            # Decoding and scaling hundreds of photos' thumbnails takes too long for the GUI thread: the pictures
            # are drawn on the thread pool (QImage may be painted on any thread) and fill in when ready.
            run_in_background(self, lambda: _pictures(thumbnails), self.model.add_pictures)

    @property
    def records(self) -> list[AttachmentRecord]:
        return self.model.records

    def select_record(self, kind: str, record_id: int) -> None:
        row = next((n for n, record in enumerate(self.records) if record.id == record_id), None)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))

    def selected(self) -> AttachmentRecord | None:
        row = self.list.currentIndex().row()
        chosen = self.list.selectionModel().hasSelection()
        return self.records[row] if chosen and 0 <= row < len(self.records) else None

    def _fit_title(self, title: str) -> str:
        """The title on one line under its picture (a long caption elided), so the date line below always shows."""
        return self.list.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, PICTURE_SIZE.width())

    def _file_icon(self) -> QIcon:
        """A file without a preview (a PDF, a video, damaged content), or a photo whose picture is still drawn:
        the generic file icon, on the same canvas as the pictures so that every label lines up."""
        picture = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(QSize(72, 72))
        return QIcon(QPixmap.fromImage(_on_canvas(picture.toImage())))

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.caption_button.setEnabled(chosen and self.editable)
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
        return self.editable and self.intake is None and data.hasUrls() and any(u.isLocalFile() for u in data.urls())

    def choose_files(self) -> None:
        if not self.editable:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("添加附件"), "", self.tr("照片 (*.jpg *.jpeg *.png *.tif *.tiff *.heic);;所有文件 (*)")
        )
        if names:
            self.add_files([Path(name) for name in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Attach the files (dropped or chosen), all or none; the hub then shows them. The files are prepared
        (hashed, previewed) on the thread pool, which is the long part, and only then stored on the database
        thread, so other work (opening a case, saving a caption) is not held up behind minutes of photo decoding."""
        if not self.editable or self.case_id is None or not paths or self.intake is not None:
            return
        case_id, paths = self.case_id, list(paths)
        text = self.tr("正在添加 %1 个文件…").replace("%1", str(len(paths)))
        self.intake = ProgressWindow(self, text, self.tr("正在取消，撤销已添加的文件…"))
        self.intake.relay.changed.connect(self.intakeProgress, Qt.ConnectionType.DirectConnection)
        relay = self.intake.relay
        self.add_button.setEnabled(False)

        cancelled = cancelled_is_not_an_error(self, self.tr("添加附件"))
        zone = self._zone

        def finished() -> None:
            window, self.intake = self.intake, None
            if window is not None:
                window.close()
            self.add_button.setEnabled(self.editable)

        def store(files: attachments.PreparedFiles) -> None:
            self.runner.run(lambda ws: attachments.store_attachments(ws, case_id, files, relay), refused=cancelled,
                            finished=finished, owner=self, error_title=self.tr("添加附件失败"))  # fmt: skip

        def not_prepared(exc: BaseException) -> bool:
            finished()
            return isinstance(exc, FireInvestError) and cancelled(exc)

        run_in_background(self, lambda: attachments.prepare_attachments(paths, zone, relay), store, not_prepared,
                          error_title=self.tr("添加附件失败"))  # fmt: skip

    # -- captions and viewer ------------------------------------------------------------------------------------

    def edit_selected_caption(self, caption: str | None = None) -> None:
        """Ask for the selected file's caption (unless given) and save it."""
        record = self.selected()
        if record is not None:
            self.edit_caption(record, caption)

    def edit_caption(
        self, record: AttachmentRecord, caption: str | None = None, saved: CaptionSaved | None = None
    ) -> None:
        """Ask for the caption (unless given) and save it; `saved` then gets the changed record (the list follows
        through the hub)."""
        if not self.editable:
            return
        if caption is None:
            caption, ok = QInputDialog.getText(
                self, self.tr("附件说明"), self.tr("“%1”的说明：").replace("%1", record.original_name),
                text=record.caption,
            )  # fmt: skip
            if not ok:
                return
        text = caption
        self.runner.run(
            lambda workstation: attachments.set_caption(workstation, record.id, text),
            done=saved,
            owner=self,
            error_title=self.tr("无法保存说明"),
        )

    def open_viewer(self, row: int, *, modal: bool = True) -> PhotoViewer | None:
        """Show the attachment in row `row`, with the case's others a step away. Tests pass modal=False."""
        if not 0 <= row < len(self.records):
            return None
        viewer = PhotoViewer(self.runner, self.records, row, self._zone,
                             self.edit_caption if self.editable else None, self)  # fmt: skip
        if not modal:
            viewer.show()
            return viewer
        viewer.exec()
        viewer.deleteLater()
        return None


class AttachmentList(QAbstractListModel):
    """The case's attachments for the icon view: label, tooltip and picture are given for the rows the view paints,
    so reading a case with hundreds of photos again costs one reset, not hundreds of widget items."""

    def __init__(self, zone, file_icon: QIcon, fit_title: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone, self._file_icon, self._fit_title = zone, file_icon, fit_title
        self.records: list[AttachmentRecord] = []
        self._icons: dict[int, QIcon] = {}  # the pictures drawn so far, by attachment id
        self.drawn: frozenset[int] = frozenset()  # their ids, for the read on the database thread

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.records)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(record.id, self._file_icon)
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        return None

    def show(self, records: list[AttachmentRecord]) -> None:
        """The list as read again: the same files relabelled in place (a caption changed), otherwise reset."""
        if [r.id for r in records] == [r.id for r in self.records]:
            self.records = records
            if records:
                self.dataChanged.emit(self.index(0), self.index(len(records) - 1))
            return
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def add_pictures(self, pictures: dict[int, QImage]) -> None:
        """Pictures drawn on the thread pool, shown at once."""
        for attachment_id, image in pictures.items():
            self._icons[attachment_id] = QIcon(QPixmap.fromImage(image))
        self.drawn = frozenset(self._icons)
        if self.records:
            self.dataChanged.emit(self.index(0), self.index(len(self.records) - 1), [Qt.ItemDataRole.DecorationRole])

    def _label(self, record: AttachmentRecord) -> str:
        title = record.caption or record.original_name
        when = format_local(record.captured_at, self._zone) if record.captured_at else record.kind.label
        return f"{self._fit_title(title)}\n{when}"

    def _tooltip(self, record: AttachmentRecord) -> str:
        lines = [record.original_name]
        if record.caption:
            lines.append(record.caption)
        if record.captured_at:
            lines.append(self.tr("拍摄时间 %1").replace("%1", format_local(record.captured_at, self._zone)))
        return "\n".join(lines)


def _on_canvas(picture: QImage) -> QImage:
    """The picture centred on a canvas of the icon's size, so that pictures of any shape line up with their labels."""
    canvas = QImage(ICON_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    offset = (PICTURE_SIZE - picture.size()) / 2
    painter.drawImage(offset.width(), ICON_SIZE.height() - PICTURE_SIZE.height() + offset.height(), picture)
    painter.end()
    return canvas


def _pictures(thumbnails: dict[int, bytes]) -> dict[int, QImage]:
    """Each stored thumbnail decoded, scaled to the list's picture size and put on its canvas (any thread).
    A thumbnail that cannot be decoded is left out: its file keeps the generic icon."""
    pictures = {}
    for attachment_id, data in thumbnails.items():
        image = QImage()
        if data and image.loadFromData(data):
            scaled = image.scaled(PICTURE_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            pictures[attachment_id] = _on_canvas(scaled)
    return pictures
