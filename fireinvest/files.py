"""Writing a generated file (a PDF, a Word dossier, an export) without ever leaving a half-written file behind, and
saying in Chinese why the operating system refused a file (its own text is English).

    with replacing(path, "Word") as temporary:      # renamed onto `path` only when the block succeeds
        document.save(temporary)
    write_output(target, render, "PDF 阅读器")       # a path through a temporary file, or an open stream

The lowest layer that writes files (documents) holds this, so exchange and archive write the same way.
"""

from __future__ import annotations

import glob
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TypeVar

from fireinvest.errors import FireInvestError

T = TypeVar("T")

OutputTarget = str | os.PathLike[str] | BinaryIO


def os_error_reason(exc: OSError, program: str, *, reading: bool = False) -> str:
    """A short Chinese reason for a failed file operation; `program` names what typically holds such a file open
    ("Excel", "Word", "PDF 阅读器"): on Windows that is the usual cause of a refused write."""
    if isinstance(exc, PermissionError):
        return f"没有{'读写' if reading else '写入'}权限，或文件正被其他程序（例如 {program}）打开"
    if isinstance(exc, FileNotFoundError):
        return "文件或文件夹不存在" if reading else "文件夹不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    return exc.strerror or str(exc)


PARTIAL = ".partial"  # the ending of `replacing`'s temporary files


def temporaries_of(path: str | os.PathLike[str]) -> list[Path]:
    """The temporary files `replacing` has next to `path` now: one per write under way, or one a process left behind
    when it was killed in the middle of its write."""
    path = Path(path)
    return list(path.parent.glob(f".{glob.escape(path.name)}.*{PARTIAL}"))


@contextmanager
def replacing(path: str | os.PathLike[str], program: str) -> Iterator[Path]:
    """A temporary path next to `path` to write to; when the block succeeds it is renamed onto `path`, otherwise it
    is removed, so a failure or a cancellation keeps any older file intact. An OSError becomes a FireInvestError
    naming the file and the reason."""
    path = Path(path)
    # Same directory, so the rename is atomic; the caller opens it with "x" rather than using mkstemp, so the file
    # gets the user's normal permissions instead of mkstemp's owner-only 0600.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{PARTIAL}")
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise FireInvestError(f"无法写入“{path}”：{os_error_reason(exc, program)}。") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_output(target: OutputTarget, render: Callable[[BinaryIO], T], program: str) -> T:
    """Call `render` with a binary stream and return its result. A path is written through `replacing`; an open
    stream is handed over as it is."""
    if not isinstance(target, str | os.PathLike):
        return render(target)
    with replacing(target, program) as temporary, temporary.open("xb") as stream:
        return render(stream)
