"""The formats of the identifiers FireInvest hands out, in one place: case numbers, evidence numbers, document
numbers (文号) and the agency code they all start from.

- Case number: `<agency code>-<year>-<sequence>`, the sequence zero-padded to five digits (320100-2026-00021).
- Evidence number: `<agency code>-WZ-<year>-<sequence>`, four digits (320100-WZ-2026-0001).
- Enforcement document: agency abbreviation, 消火, the kind's word, 字, the year in 〔〕 and a zero-padded sequence
  after 第, e.g. 某消火认字〔2026〕第0021号. Official document (GB/T 9704-2012 7.2.4): abbreviation, 消, the year in
  〔〕 and the bare sequence, e.g. 某消〔2026〕5号 — no 第, no padding.

Numbers of other systems (an imported case from another detachment) are kept as they are; `parse_*` tells ours
apart by returning None for anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

AGENCY_CODE_PATTERN = re.compile(r"^[0-9A-Za-z]{2,20}$")
CASE_SEQUENCE_DIGITS = 5
EVIDENCE_MARK = "WZ"  # 物证
EVIDENCE_SEQUENCE_DIGITS = 4
ENFORCEMENT_DIGITS = 4

_CASE_NUMBER = re.compile(
    rf"^(?P<agency>[0-9A-Za-z]{{2,20}})-(?P<year>\d{{4}})-(?P<sequence>\d{{{CASE_SEQUENCE_DIGITS},}})$"
)
_EVIDENCE_NUMBER = re.compile(
    rf"^(?P<agency>[0-9A-Za-z]{{2,20}})-{EVIDENCE_MARK}-(?P<year>\d{{4}})-(?P<sequence>\d{{{EVIDENCE_SEQUENCE_DIGITS},}})$"
)


@dataclass(frozen=True)
class CaseNumber:
    agency_code: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.agency_code}-{self.year}-{self.sequence:0{CASE_SEQUENCE_DIGITS}d}"


MAX_CASE_SEQUENCE = 10**CASE_SEQUENCE_DIGITS - 1


def imported_number_problems(
    numbers: Iterable[CaseNumber], own_agency: str, next_sequence: Mapping[int, int]
) -> dict[CaseNumber, str]:
    """Why imported case numbers in our format cannot be kept, by number.

    The register of this agency's own numbers is gapless, so an own number is kept only while it continues the
    register: each year's numbers, taken in order, may fill it up to its next number (`next_sequence`, by year), never
    jump ahead of it (importing 00500 would leave 00004-00499 never issued). Another agency's numbers are its own
    register's and are kept. A sequence of more than CASE_SEQUENCE_DIGITS digits, or 0, is no number at all."""
    problems: dict[CaseNumber, str] = {}
    expected = dict(next_sequence)
    for number in sorted(numbers, key=lambda n: (n.agency_code, n.year, n.sequence)):
        if not 1 <= number.sequence <= MAX_CASE_SEQUENCE:
            problems[number] = f"序号应为1至{MAX_CASE_SEQUENCE}"
        elif number.agency_code == own_agency:
            following = expected.get(number.year, 1)
            if number.sequence > following:
                next_number = CaseNumber(own_agency, number.year, following)
                problems[number] = f"本机{number.year}年的下一个编号是{next_number}，保留它会在编号登记中留下空号"
            else:
                expected[number.year] = max(following, number.sequence + 1)
    return problems


def parse_case_number(text: str) -> CaseNumber | None:
    """The parts of a case number in our format, or None for any other format (e.g. another system's numbers)."""
    match = _CASE_NUMBER.match(text.strip())
    if match is None:
        return None
    return CaseNumber(match["agency"], int(match["year"]), int(match["sequence"]))


@dataclass(frozen=True)
class EvidenceNumber:
    agency_code: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.agency_code}-{EVIDENCE_MARK}-{self.year}-{self.sequence:0{EVIDENCE_SEQUENCE_DIGITS}d}"


def parse_evidence_number(text: str) -> EvidenceNumber | None:
    """The parts of an evidence number in our format, or None for any other format."""
    match = _EVIDENCE_NUMBER.match(text.strip())
    if match is None:
        return None
    return EvidenceNumber(match["agency"], int(match["year"]), int(match["sequence"]))


def enforcement_number(abbreviation: str, word: str, year: int, sequence: int) -> str:
    """某消火认字〔2026〕第0021号."""
    return f"{abbreviation}消火{word}字〔{year}〕第{sequence:0{ENFORCEMENT_DIGITS}d}号"


def official_number(abbreviation: str, year: int, sequence: int) -> str:
    """某消〔2026〕5号."""
    return f"{abbreviation}消〔{year}〕{sequence}号"
