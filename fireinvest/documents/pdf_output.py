"""Writing a generated PDF to a file or a stream without ever leaving a half-written file behind."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from fireinvest.errors import FireInvestError

T = TypeVar("T")

PdfTarget = str | os.PathLike[str] | BinaryIO


def _reason(exc: OSError) -> str:
    # Worded for PDFs: on Windows the usual cause of a refused write is the previous copy still open in a reader.
    if isinstance(exc, PermissionError):
        return "没有写入权限，或文件正被其他程序（例如 PDF 阅读器）打开"
    if isinstance(exc, FileNotFoundError):
        return "文件夹不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    return exc.strerror or str(exc)


def write_pdf(target: PdfTarget, render: Callable[[BinaryIO], T]) -> T:
    """Call `render` with a binary stream and return its result. A path is written through a temporary file next to
    it and renamed into place only when rendering succeeded, so a failure keeps any older file intact."""
    if not isinstance(target, str | os.PathLike):
        return render(target)
    path = Path(target)
    # Same directory, so the rename is atomic; opened with "x" rather than mkstemp so the file gets the user's
    # normal permissions instead of mkstemp's owner-only 0600.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with temporary.open("xb") as stream:
            result = render(stream)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise FireInvestError(f"无法写入“{path}”：{_reason(exc)}。") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result
