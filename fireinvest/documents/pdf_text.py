"""Fitting text into fixed boxes on a PDF page: shrinking to a width and wrapping by characters.

Chinese has no spaces to break at, and the fields printed on forms (addresses, item names) read fine broken between
any two Chinese characters, so wrapping is by character, except inside a run of Latin letters and digits.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"
_TOKENS = re.compile(r"[0-9A-Za-z.\-]+|\n|.", re.DOTALL)


def shrink_to_width(text: str, font: str, size: float, width: float, min_size: float) -> float:
    """The largest font size not above `size` (and not below `min_size`) at which `text` fits in `width`."""
    natural = stringWidth(text, font, size)
    if natural <= width:
        return size
    return max(min_size, size * width / natural)


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Break `text` into at most `max_lines` lines no wider than `width`; what does not fit ends in an ellipsis.
    Runs of Latin letters and digits (house numbers, evidence numbers) stay whole unless one alone is too wide."""
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(text):
        if token == "\n":
            lines.append(current)
            current = ""
            continue
        if current and stringWidth(current + token, font, size) > width:
            lines.append(current)
            current = ""
        for ch in token:  # a token wider than the line is broken by character
            if current and stringWidth(current + ch, font, size) > width:
                lines.append(current)
                current = ""
            current += ch
    lines.append(current)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and stringWidth(last + ELLIPSIS, font, size) > width:
        last = last[:-1]
    kept[-1] = last + ELLIPSIS
    return kept
