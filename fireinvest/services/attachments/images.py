"""What an image file says about itself: when the photo was taken (EXIF) and a small JPEG preview.

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
MAX_DECODE_PIXELS = 40_000_000  # about 160 MB decoded; JPEG photos are far below it after draft()
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class ImageFacts:
    captured_at: dt.datetime | None
    thumbnail: bytes | None


def inspect_image(stream: BinaryIO, zone: ZoneInfo, *, want_thumbnail: bool = True) -> ImageFacts:
    """Capture time and (if wanted) a JPEG preview of at most THUMBNAIL_SIZE px; None for what cannot be read."""
    try:
        image = Image.open(stream)
    except Exception:  # Pillow signals an unknown or malformed format with several exception types
        return ImageFacts(None, None)
    with image:
        captured_at = _guarded(lambda: capture_time(image, zone))
        thumbnail = _guarded(lambda: _thumbnail(image)) if want_thumbnail else None
    return ImageFacts(captured_at, thumbnail)


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
    preview = ImageOps.exif_transpose(image)  # upright, the way the camera was held
    if preview.mode in ("RGBA", "LA", "PA") or (preview.mode == "P" and "transparency" in preview.info):
        # Transparent parts of a drawing would turn black in a JPEG; show them on white paper instead.
        rgba = preview.convert("RGBA")
        preview = Image.new("RGB", rgba.size, "white")
        preview.paste(rgba, mask=rgba.getchannel("A"))
    elif preview.mode not in ("RGB", "L"):
        preview = preview.convert("RGB")
    out = io.BytesIO()
    preview.save(out, "JPEG", quality=80)
    return out.getvalue()
