"""What a reader hands to the import: the records of a file, each with its place in the file for messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fireinvest.exchange.record import key_label
from fireinvest.exchange.values import FieldProblem


@dataclass
class SourceRow:
    """One case of a file: where it is ("第3个案件（cases[2]）", "第4行"), its record, and problems the reader
    already found while turning the file's cells into the record."""

    where: str
    record: Any
    problems: list[FieldProblem] = field(default_factory=list)


@dataclass
class SourceFile:
    """All rows of one file, and how the file names its fields in messages."""

    kind: str  # "json" or "xlsx"
    rows: list[SourceRow]
    # How this file names a record key in messages: the key itself in JSON, the column header in Excel.
    name_of_key: Callable[[str], str]

    def describe(self, row: SourceRow, problem: FieldProblem) -> str:
        """The message line of a problem: the row, the field (Chinese label and the file's own name), the reason."""
        if not problem.key:
            return f"{row.where}：{problem.reason}"
        return f"{row.where}，{key_label(problem.key)}（{self.name_of_key(problem.key)}）：{problem.reason}"
