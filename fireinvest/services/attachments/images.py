"""What an image file says about itself: when the photo was taken (EXIF), a small JPEG preview and a print-size copy.

The print copy is what the dossier prints (about 340 dpi at the 74 mm a photo is printed at): made once at intake
from the same decode as the preview, so exporting a dossier does not decode a hundred camera files each time.

Pillow opens images lazily; JPEGs are decoded at a reduced scale (Image.draft) and anything that would still need
more than MAX_DECODE_PIXELS in memory gets no preview, so a huge scan cannot exhaust a workstation's memory. A file
Pillow cannot decode (a RAW or HEIC photo, a damaged JPEG) is still evidence and is stored as it is, just without a
preview or capture time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import BinaryIO
from zoneinfo import ZoneInfo

from PIL import Image, ImageOps

THUMBNAIL_SIZE = 256
PRINT_LONG_SIDE = 1000  # px: about 340 dpi across the 74 mm a picture is printed at in the dossier
PRINT_QUALITY = 85
MAX_DECODE_PIXELS = 40_000_000  # about 160 MB decoded; JPEG photos are far below it after draft()
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class ImageFacts:
    captured_at: dt.datetime | None
    thumbnail: bytes | None
    print_copy: bytes | None = None  # None when the image prints as it is (or cannot be read)


def inspect_image(stream: BinaryIO, zone: ZoneInfo, *, want_thumbnail: bool = True) -> ImageFacts:
    """Capture time and (if wanted) a JPEG preview of at most THUMBNAIL_SIZE px and a print copy of at most
    PRINT_LONG_SIDE px; None for what cannot be read."""
    try:
        image = Image.open(stream)
    except Exception:  # Pillow signals an unknown or malformed format with several exception types
        return ImageFacts(None, None)
    with image:
        captured_at = _guarded(lambda: capture_time(image, zone))
        if not want_thumbnail:
            return ImageFacts(captured_at, None)
        printable = _guarded(lambda: print_size(image))
        print_copy = _guarded(lambda: _jpeg(printable, PRINT_QUALITY)) if printable is not None else None
        # The preview is made from the print-size picture when there is one: decoded once, scaled down twice.
        thumbnail = _guarded(lambda: _thumbnail(printable if printable is not None else image))
    return ImageFacts(captured_at, thumbnail, print_copy)


def print_size(image: Image.Image) -> Image.Image | None:
    """The image at print size (long side PRINT_LONG_SIDE px), upright, on white; None when it is small enough,
    upright and of a kind (JPEG, PNG) that a word processor prints as it is."""
    width, height = image.size
    upright = image.getexif().get(0x0112, 1) in (None, 1)
    if image.format in ("JPEG", "PNG") and upright and max(width, height) <= PRINT_LONG_SIDE:
        return None
    scale = min(1.0, PRINT_LONG_SIDE / max(width, height))
    # Request the final size with the photo's own aspect ratio, so JPEG draft mode can decode at 1/2 to 1/8.
    image.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
    if image.size[0] * image.size[1] > MAX_DECODE_PIXELS:
        return None
    image.thumbnail((PRINT_LONG_SIDE, PRINT_LONG_SIDE))  # scaled before turning: the bounds are square
    return _on_white(ImageOps.exif_transpose(image))  # upright, the way the camera was held


def _on_white(image: Image.Image) -> Image.Image:
    """An RGB or grey image: transparent parts of a drawing would turn black in a JPEG, so they become paper."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flattened = Image.new("RGB", rgba.size, "white")
        flattened.paste(rgba, mask=rgba.getchannel("A"))
        return flattened
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _guarded(read):
    # A decoder or EXIF parser failing on a malformed file must not stop the file from being stored.
    try:
        return read()
    except Exception:
        return None


def capture_time(image: Image.Image, zone: ZoneInfo) -> dt.datetime | None:
    """EXIF DateTimeOriginal, in the offset the camera recorded (OffsetTimeOriginal) or else in `zone`."""
    exif = image.getexif()
    tags = {**exif, **exif.get_ifd(_EXIF_IFD)}  # some writers put the tag in IFD0 instead of the Exif IFD
    text = _text(tags.get(_DATETIME_ORIGINAL))
    if not text:
        return None
    try:
        taken = dt.datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:  # cameras with an unset clock write "0000:00:00 00:00:00"
        return None
    offset = _OFFSET.match(_text(tags.get(_OFFSET_TIME_ORIGINAL)))
    if offset is None:
        return taken.replace(tzinfo=zone)
    sign, hours, minutes = offset.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return taken.replace(tzinfo=dt.timezone(-delta if sign == "-" else delta))


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ") if isinstance(value, str) else ""


def _thumbnail(image: Image.Image) -> bytes | None:
    image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))  # JPEG: decode at 1/2 to 1/8 scale, before load()
    width, height = image.size
    if width * height > MAX_DECODE_PIXELS:
        return None
    image.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    return _jpeg(_on_white(ImageOps.exif_transpose(image)), 80)  # upright, the way the camera was held
