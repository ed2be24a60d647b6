"""Why a file could not be read or written, in words a user can act on (the OS's own text is English)."""

from __future__ import annotations


def os_error_reason(exc: OSError) -> str:
    """A short Chinese reason for a failed file operation."""
    if isinstance(exc, PermissionError):
        return "没有读写权限，或文件正被其他程序（例如 Excel）打开"
    if isinstance(exc, FileNotFoundError):
        return "文件或文件夹不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    return exc.strerror or str(exc)
