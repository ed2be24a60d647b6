"""Document numbers (文号) as the rules print them.

Enforcement documents: agency abbreviation, 消火, the kind's word, 字, the year in 〔〕 and a zero-padded sequence
after 第, e.g. 某消火认字〔2026〕第0021号. Official documents (GB/T 9704-2012 7.2.4): abbreviation, 消, the year in
〔〕 and the bare sequence, e.g. 某消〔2026〕5号 — no 第, no padding.
"""

from __future__ import annotations

ENFORCEMENT_DIGITS = 4


def enforcement_number(abbreviation: str, word: str, year: int, sequence: int) -> str:
    """某消火认字〔2026〕第0021号."""
    return f"{abbreviation}消火{word}字〔{year}〕第{sequence:0{ENFORCEMENT_DIGITS}d}号"


def official_number(abbreviation: str, year: int, sequence: int) -> str:
    """某消〔2026〕5号."""
    return f"{abbreviation}消〔{year}〕{sequence}号"
