"""The photo pages of the dossier: several photos a page, each with its number, caption and capture time.

Camera photos are far larger than a printed 7 cm picture needs: intake keeps a print copy of each (see
services.attachments.images), which is placed as it is. A photo stored before print copies were made is decoded at a
reduced scale (JPEG draft mode), turned upright and re-encoded at print resolution on worker threads, while the
database is read on the caller's thread (a Session is not thread-safe) and the documents are composed. The pictures
are added to the package directly: python-docx's add_picture compares every new image with all earlier ones by
SHA-1, which makes a hundred photos quadratic.

Every page has the same fixed grid (rows of exact height), so the number of pages is known before layout: the file
list can say on which page the photos begin and end.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Emu, Length, Mm, Pt
from docx.table import _Cell
from lxml.etree import _Element
from PIL import Image

from fireinvest.archive.dossier_contents import PHOTO_COLUMNS, PHOTO_ROWS, PHOTOS_PER_PAGE, DossierPhoto
from fireinvest.services.attachments.images import PRINT_QUALITY, print_size
from fireinvest.threads import give_way

PICTURE_BOX = (Mm(74), Mm(50))
ROW_HEIGHT = Mm(70)
CELL_WIDTH = Mm(78)
CAPTION_CHARS = 40  # two lines of 9 pt under a 74 mm picture
PREPARE_THREADS = 2
IN_FLIGHT = 4  # camera files read but not yet decoded: bounds memory whatever the number of photos


@dataclass(frozen=True)
class PrintImage:
    """A photo ready to place: JPEG (or PNG) bytes no larger than print needs, or why it cannot be shown."""

    data: bytes | None
    problem: str = ""


def print_image(original: bytes) -> PrintImage:
    """A photo ready to print: the file as it is when it is already small and upright (a print copy made at intake
    is), else decoded, turned upright and scaled as at intake (photos stored before print copies were made)."""
    try:
        with Image.open(io.BytesIO(original)) as image:
            printable = print_size(image)
            if printable is None:
                return PrintImage(original)
            out = io.BytesIO()
            printable.save(out, "JPEG", quality=PRINT_QUALITY)
            return PrintImage(out.getvalue())
    except Exception:  # Pillow reports an unknown or broken format with several exception types
        return PrintImage(None, "无法在卷宗中显示该图片（格式不受支持或文件无法解码），请查看电子原件")


class PhotoPipeline:
    """Photos read on the caller's thread (the Session's) and made print-ready on worker threads, in order.

    Opened before the documents are composed and topped up between them, so decoding runs while the caller is busy
    with Word XML; at most IN_FLIGHT camera files wait undecoded in memory at any time (a print-ready photo is some
    tens of KB, so those that are ready may pile up). Leaving the `with` block early (cancellation, an error)
    waits only for the photos being decoded at that moment.
    """

    def __init__(self, photos: Iterable[DossierPhoto], read: Callable[[DossierPhoto], bytes]) -> None:
        self._source = iter(photos)
        self._read = read
        self._pending: deque[tuple[DossierPhoto, Future[PrintImage]]] = deque()
        self._pool = ThreadPoolExecutor(PREPARE_THREADS, thread_name_prefix="dossier-photo", initializer=give_way)

    def __enter__(self) -> PhotoPipeline:
        return self

    def __exit__(self, *exc_info) -> None:
        for _photo, future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)

    def top_up(self) -> None:
        """Read and hand to the workers as many photos as may be in flight."""
        while sum(1 for _photo, future in self._pending if not future.done()) < IN_FLIGHT:
            photo = next(self._source, None)
            if photo is None:
                return
            self._pending.append((photo, self._pool.submit(print_image, self._read(photo))))

    def __iter__(self) -> Iterator[tuple[DossierPhoto, PrintImage]]:
        while True:
            self.top_up()
            if not self._pending:
                return
            photo, future = self._pending.popleft()
            yield photo, future.result()


class PictureParts:
    """Pictures added to the volume's package directly, each with a drawing id unique in the whole volume."""

    def __init__(self, document: Document, take_drawing_id: Callable[[], int]) -> None:
        self.document = document
        self.package = document.part.package
        self._take_drawing_id = take_drawing_id

    def inline(self, data: bytes, name: str, box: tuple[Length, Length]):
        """The w:inline of a picture (JPEG or PNG bytes) as large as fits in `box`, its aspect ratio kept."""
        image = DocxImage.from_blob(data)
        part = ImagePart.from_image(image, PackURI(f"/word/media/{name}.{image.ext}"))
        self.package.image_parts.append(part)
        rid = self.document.part.relate_to(part, RT.IMAGE)
        width, height = _fit(image.px_width, image.px_height, box)
        return CT_Inline.new_pic_inline(self._take_drawing_id(), rid, f"{name}.{image.ext}", width, height)


class PhotoPages:
    """Writes the photo pages into a document, a fixed grid of PHOTO_ROWS x PHOTO_COLUMNS a page."""

    def __init__(self, document: Document, heading: str, pictures: PictureParts) -> None:
        self.document = document
        self.heading = heading
        self.pictures = pictures
        self._cells: list[_Cell] = []
        self.first_paragraph: _Element | None = None  # the first page's heading, where the item's bookmark goes
        self.last_paragraph: _Element | None = None

    def add(self, photo: DossierPhoto, image: PrintImage) -> None:
        """Place the next photo with its caption, starting a new page when the current one is full."""
        if not self._cells:
            self._new_page()
        cell = self._cells.pop(0)
        picture = cell.paragraphs[0]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if image.data is not None:
            inline = self.pictures.inline(image.data, f"dossier_photo{photo.number}", PICTURE_BOX)
            picture.add_run()._r.add_drawing(inline)
        else:
            picture.add_run(image.problem).font.size = Pt(9)
        caption = photo.caption if len(photo.caption) <= CAPTION_CHARS else photo.caption[: CAPTION_CHARS - 1] + "…"
        self._line(cell, f"照片{photo.number}　{caption}".rstrip())
        self._line(cell, f"拍摄时间：{photo.captured_at}" if photo.captured_at else f"文件：{photo.original_name}")

    def _line(self, cell: _Cell, text: str) -> None:
        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.font.size = Pt(9)

    def _new_page(self) -> None:
        heading = self.document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.page_break_before = self.first_paragraph is not None  # not the first page
        run = heading.add_run(self.heading)
        run.font.size, run.font.bold = Pt(14), True
        if self.first_paragraph is None:
            self.first_paragraph = heading._p
        table = self.document.add_table(rows=PHOTO_ROWS, cols=PHOTO_COLUMNS)
        table.style = self.document.styles["Table Grid"]  # each photo framed, as on a photo record sheet
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row in table.rows:
            row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.EXACTLY
            for cell in row.cells:  # each row's cells built once
                cell.width = CELL_WIDTH
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                self._cells.append(cell)
        # The section ends on a paragraph after the last grid; kept tiny so a full page does not spill over.
        closing = self.document.add_paragraph()
        closing.paragraph_format.space_after = Pt(0)
        closing.paragraph_format.line_spacing = Pt(2)
        self.last_paragraph = closing._p


def _fit(px_width: int, px_height: int, box: tuple[Length, Length]) -> tuple[Emu, Emu]:
    """The largest size with the picture's aspect ratio inside `box`."""
    box_width, box_height = box
    scale = min(box_width / px_width, box_height / px_height)
    return Emu(int(px_width * scale)), Emu(int(px_height * scale))


__all__ = ["PHOTOS_PER_PAGE", "PhotoPages", "PhotoPipeline", "PictureParts", "PrintImage", "print_image"]
