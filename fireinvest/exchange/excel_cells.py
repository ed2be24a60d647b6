"""The columns of the Excel sheet 案件 and the conversion of its cells to and from exchange record values.

Users fill these sheets by hand, so reading is forgiving where it cannot be wrong (是/否, 简易程序, "32,000.00",
numbers typed as text) and strict where it could lose something (a float with more than two decimals is refused by
the case validation after being read through str(), never rounded).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.utils.datetime import from_excel

from fireinvest.exchange.record import key_label, party_role
from fireinvest.exchange.values import FieldProblem
from fireinvest.rules.case_facts import CaseStatus, PartyRole, Procedure
from fireinvest.rules.case_validation import FIELD_LABELS

LEAD = "lead_investigator"  # the two investigator columns together fill the record key "investigators"
OTHERS = "other_investigators"
EXCEL_EXACT_DIGITS = 15  # Excel keeps 15 significant digits; longer amounts are written as text to stay exact


@dataclass(frozen=True)
class Column:
    """One column of the sheet: the record key it fills, how its cells read, its header and width."""

    key: str  # record key, or LEAD / OTHERS
    kind: str  # text, time, amount, count, flag, procedure, parties, names, grade, status
    header: str
    width: int


def _column(key: str, kind: str, width: int, unit: str = "", label: str | None = None) -> Column:
    return Column(key, kind, (label or key_label(key)) + (f"({unit})" if unit else ""), width)


COLUMNS = (
    _column("case_number", "text", 20),
    _column("alarm_time", "time", 17),
    _column("extinguished_time", "time", 17),
    _column("address", "text", 36),
    _column("district", "text", 10),
    _column("place_type", "text", 12),
    _column("unit_name", "text", 24),
    _column("procedure", "procedure", 10),
    _column("cause_category", "text", 10),
    _column("cause_detail", "text", 14),
    _column("ignition_area", "text", 12),
    _column("ignition_point", "text", 16),
    _column("deaths", "count", 9),
    _column("serious_injuries", "count", 9),
    _column("minor_injuries", "count", 9),
    _column("affected_households", "count", 9),
    _column("burned_area_m2", "amount", 14, unit="平方米"),
    _column("direct_property_loss_yuan", "amount", 16, unit="元"),
    _column("direct_economic_loss_yuan", "amount", 16, unit="元"),
    _column("summary", "text", 40),
    _column("dispatched_units", "text", 24),
    _column("disaster_causes", "text", 40),
    _column("cause_finding", "text", 40),
    _column("parties", "parties", 40),
    _column("fire_grade", "grade", 9),
    _column("ignition_time", "time", 17),
    _column("is_key_unit", "flag", 9),
    _column("facts_disputed", "flag", 9),
    _column(LEAD, "names", 12, label=FIELD_LABELS["lead_investigator_id"]),
    _column(OTHERS, "names", 16, label=FIELD_LABELS["other_investigator_ids"]),
    _column("status", "status", 10),
)
REQUIRED_KEYS = ("alarm_time", "address", "district", "place_type")

_TRUE = {"是", "true", "yes", "y", "1", "√"}
_FALSE = {"否", "false", "no", "n", "0", ""}
_SHORT_PROCEDURE = {"简易": Procedure.SIMPLE.value, "一般": Procedure.GENERAL.value}
_NAME_SEPARATORS = re.compile(r"[、,，;；\s]+")
_PARTY_SEPARATOR = re.compile(r"\s*[；;]\s*")
_PARTY = re.compile(r"^(?P<name>.*?)\s*[(（](?P<details>[^()（）]*)[)）]$")


def normalise_header(text: str) -> str:
    """Headers as typed by people: spaces dropped, full-width parentheses made half-width."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def header_lookup() -> dict[str, Column]:
    """Accepted header texts -> column; a unit in parentheses may be left out
    ("直接财产损失" for "直接财产损失(元)")."""
    lookup: dict[str, Column] = {}
    for column in COLUMNS:
        lookup[normalise_header(column.header)] = column
        lookup.setdefault(normalise_header(column.header.split("(")[0]), column)
    return lookup


# ---- reading: cell value -> record value (None: the cell is empty, leave the key out) ----


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an all-digit text Excel turned into a number, e.g. a foreign case number
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


# Dates from 1949 on as Excel's serial numbers (days since 1899-12-30): a date in a cell without a date format shows
# as one (46082.42 is 2026-03-01 10:05) and is read as the date it stands for. Other numbers are no time.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_SERIAL, LAST_SERIAL = (dt.date(1949, 1, 1) - _EXCEL_EPOCH).days, (dt.date(9000, 1, 1) - _EXCEL_EPOCH).days


def _serial_time(serial: float) -> dt.datetime:
    """The time an Excel serial number stands for, to the minute (the fraction of a day carries float noise)."""
    moment = from_excel(serial)
    return (moment + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)


def cell_to_value(column: Column, value: Any) -> Any:
    """The record value of a cell, or None if the cell is empty; raises FieldProblem for a cell of the wrong kind."""
    if _is_empty(value):
        return None
    kind = column.kind
    if kind == "time":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and FIRST_SERIAL <= value < LAST_SERIAL:
            value = _serial_time(value)
        if isinstance(value, dt.datetime):  # a date cell: local time without zone, like the typed text
            return value.replace(tzinfo=None).isoformat(sep=" ")
        if not isinstance(value, str):
            raise FieldProblem(column.key, f"“{value}”不是日期时间，应写成 2026-03-01 10:05。")
        return value
    if kind == "amount":
        if isinstance(value, float):
            return str(value)  # shortest form that reads back as this float, e.g. 30000.5 -> "30000.5"
        return value
    if kind == "count":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            return int(value)
        return value
    if kind == "flag":
        if isinstance(value, bool):
            return value
        text = _text(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise FieldProblem(column.key, f"“{value}”应为“是”或“否”。")
    if kind == "procedure":
        text = _text(value).strip()
        return _SHORT_PROCEDURE.get(text, text)
    if kind == "parties":
        return parse_parties_text(_text(value))
    if kind == "names":
        return [name for name in _NAME_SEPARATORS.split(_text(value)) if name]
    return _text(value)


def parse_parties_text(text: str) -> list[dict[str, str]]:
    """Parties from "王某某(所有人,身份证号,电话)；某某公司(责任单位,,025-1234)"; a bare name is an owner."""
    parties = []
    for piece in _PARTY_SEPARATOR.split(text.strip()):
        if not piece:
            continue
        match = _PARTY.match(piece)
        if match is None:
            parties.append({"name": piece, "role": PartyRole.OWNER.value, "id_number": "", "contact": ""})
            continue
        # The contact may itself hold commas ("025-1234, 139…"), so only the first two separate fields.
        role, id_number, contact = (re.split(r"[,，]", match["details"], maxsplit=2) + ["", ""])[:3]
        parties.append(
            {
                "name": match["name"],
                "role": party_role(role).value,
                "id_number": id_number.strip(),
                "contact": contact.strip(),
            }
        )
    return parties


# ---- writing: record value -> cell value ----


def format_parties_text(parties: list[dict[str, str]]) -> str:
    """The parties of a record as one readable cell; parse_parties_text reads it back."""
    return "；".join(f"{p['name']}({PartyRole(p['role']).label},{p['id_number']},{p['contact']})" for p in parties)


def local_time_text(iso: str | None) -> str | None:
    """Local time text such as 2026-03-01 10:05 (seconds only when there are any); the record is in the agency zone."""
    if iso is None:
        return None
    moment = dt.datetime.fromisoformat(iso)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")


def amount_cell_value(text: str) -> Decimal | str:
    """A number Excel can sum when it holds it exactly, else the exact text."""
    amount = Decimal(text)
    return amount if len(amount.as_tuple().digits) <= EXCEL_EXACT_DIGITS else text


def value_to_cell(column: Column, record: dict[str, Any]) -> Any:
    """The cell value of a column for one exported record."""
    kind = column.kind
    if kind == "names":
        wanted_lead = column.key == LEAD
        return "、".join(i["name"] for i in record["investigators"] if i["lead"] == wanted_lead)
    value = record[column.key]
    if kind == "time":
        return local_time_text(value)
    if kind == "amount":
        return amount_cell_value(value)
    if kind == "flag":
        return "是" if value else "否"
    if kind == "procedure":
        return Procedure(value).label
    if kind == "parties":
        return format_parties_text(value)
    if kind == "status":
        return CaseStatus(value).label
    return value
