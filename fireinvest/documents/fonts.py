"""The Chinese font for PDF documents.

ReportLab's TTFont only reads TrueType outlines. The common Linux CJK fonts (Noto Sans/Serif CJK from
fonts-noto-cjk, also Source Han) are OpenType collections with CFF outlines and are refused ("postscript outlines are
not supported"), so they are not candidates. What works, in order of preference:

1. the file named by the environment variable FIREINVEST_PDF_FONT (an installation's own choice, e.g. a 仿宋 font);
2. a TrueType CJK font found on the system: 宋体/仿宋/黑体/微软雅黑 on Windows, WenQuanYi Micro Hei or Zen Hei on
   Linux (Debian: fonts-wqy-microhei, which CI installs), 华文黑体 on macOS. It is embedded (subset) in the PDF;
3. otherwise ReportLab's built-in CID font STSong-Light. It is not embedded: the viewer substitutes a Song font of
   its own, which every Chinese-capable PDF viewer has. Its text extracts just as well.

Either way the PDF carries a ToUnicode map, so its text can be searched and copied.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_ENV = "FIREINVEST_PDF_FONT"
FONT_NAME = "FireInvestCJK"
CID_FALLBACK = "STSong-Light"

# (path, index of the face inside a .ttc collection). Fonts whose faces all use CFF outlines are left out on purpose.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("C:/Windows/Fonts/simsun.ttc", 0),  # 宋体
    ("C:/Windows/Fonts/simfang.ttf", 0),  # 仿宋
    ("C:/Windows/Fonts/simhei.ttf", 0),  # 黑体
    ("C:/Windows/Fonts/msyh.ttc", 0),  # 微软雅黑
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),  # Fedora
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
)

# A font must draw all of these, or labels would show empty boxes: Droid Sans Fallback, for one, has the Chinese
# glyphs but no Latin letters or digits, and evidence numbers are mostly Latin.
_REQUIRED_TEXT = "火灾痕迹物品标签封存人签名：（）〔〕0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-—"


@dataclass(frozen=True)
class PdfFont:
    """A font registered with ReportLab: the name to pass to setFont, and where its glyphs come from."""

    name: str
    source: str  # the font file, or the CID font's name
    embedded: bool


def _covers(font: TTFont, text: str) -> bool:
    mapping = font.face.charToGlyph
    return all(ord(ch) in mapping for ch in text)


def _try_truetype(path: str, index: int) -> TTFont | None:
    if not Path(path).is_file():
        return None
    try:
        font = TTFont(FONT_NAME, path, subfontIndex=index)
    except (TTFError, OSError, ValueError):
        return None  # CFF outlines, a damaged file, or an index past the collection's end
    return font if _covers(font, _REQUIRED_TEXT) else None


def candidate_files() -> list[tuple[str, int]]:
    """Font files to try, the configured one first."""
    configured = os.environ.get(FONT_ENV, "").strip()
    return ([(configured, 0)] if configured else []) + list(CANDIDATES)


@lru_cache(maxsize=1)
def cjk_font() -> PdfFont:
    """Register (once per process) and return the font every PDF document uses for Chinese and Latin text."""
    for path, index in candidate_files():
        font = _try_truetype(path, index)
        if font is not None:
            pdfmetrics.registerFont(font)
            return PdfFont(FONT_NAME, path, embedded=True)
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return PdfFont(CID_FALLBACK, CID_FALLBACK, embedded=False)
