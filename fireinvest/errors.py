"""Errors a user can cause or meet. Each carries a message in Chinese fit to show as is, in a dialog or on stderr."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One refused value: which field (the name the screens and files know it by) and why, in Chinese."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class FireInvestError(Exception):
    """Base of every error whose message is meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(FireInvestError):
    """The input breaks one or more rules; nothing was saved."""

    def __init__(self, errors: Sequence[FieldError], prefix: str = "") -> None:
        self.errors = list(errors)
        lines = "\n".join(f"• {e.message}" for e in self.errors)
        super().__init__(f"{prefix}{lines}" if prefix else lines)


class NotFound(FireInvestError):
    pass


class ConcurrentEditError(FireInvestError):
    """Someone else saved the same record since it was opened; saving now would overwrite their work."""


class DatabaseUnavailable(FireInvestError):
    """The database is locked, missing, unreachable or not ours."""

    @classmethod
    def from_exception(cls, exc: BaseException) -> DatabaseUnavailable:
        text = str(getattr(exc, "orig", exc) or exc)
        lowered = text.lower()
        if "locked" in lowered or "busy" in lowered:
            reason = "数据库正被其他程序占用（已锁定），请稍后重试。"
        elif "unable to open" in lowered or "no such file" in lowered or "readonly" in lowered:
            reason = "无法打开数据库文件，请检查文件是否存在以及是否有读写权限。"
        elif "connect" in lowered or "connection" in lowered or "server closed" in lowered:
            reason = "无法连接数据库服务器，请检查网络和服务器状态。"
        elif "not a database" in lowered or "malformed" in lowered:
            reason = "该文件不是 FireInvest 数据库，或数据库文件已损坏。"
        elif "no such table" in lowered or "does not exist" in lowered:
            reason = "数据库结构不完整或不是 FireInvest 数据库。"
        else:
            reason = "数据库操作失败。"
        return cls(f"{reason}\n（详细信息：{text.strip().splitlines()[0] if text.strip() else type(exc).__name__}）")


class ImportRejected(FireInvestError):
    """An import file was refused as a whole; the database is unchanged."""


class MissingCodes(ImportRejected):
    """An import file names codes (districts, place types, causes) the lists lack; importing it again with them
    added (add_missing_codes) or mapped onto codes in force may succeed. `codes` holds each as (kind, name, parent
    category of a sub-cause or "")."""

    def __init__(self, message: str, codes: tuple[tuple[str, str, str], ...]) -> None:
        super().__init__(message)
        self.codes = codes


class AttachmentDamaged(FireInvestError):
    """An attachment's stored bytes are missing or no longer match the SHA-256 recorded at intake; never served."""

    def __init__(self, message: str, *, attachment_id: int, state: str) -> None:
        super().__init__(message)
        self.attachment_id = attachment_id
        self.state = state  # "missing" or "altered" (services.attachment_store.DamageState)
