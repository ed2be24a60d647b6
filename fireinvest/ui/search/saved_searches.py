"""Saved searches (常用查询): a name for a query with its filters and order, kept in this workstation's settings
(QSettings, beside the window layout), so an investigator's usual searches are one click away.

A saved search is stored as JSON of plain values; one that no longer reads (a renamed code, an older format) is
skipped rather than breaking the window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.grading import FireGrade
from fireinvest.services.case_query import CaseFilter
from fireinvest.services.search import SearchOrder

_KEY = "search/saved"
MAX_SAVED = 50


@dataclass(frozen=True)
class SavedSearch:
    name: str
    text: str
    case_filter: CaseFilter
    order: SearchOrder


def _plain(case_filter: CaseFilter) -> dict:
    values = dataclasses.asdict(case_filter)
    for key, value in values.items():
        if isinstance(value, dt.date):
            values[key] = value.isoformat()
        elif isinstance(value, FireGrade | CaseStatus):
            values[key] = value.value
    return values


def _filter(values: dict) -> CaseFilter:
    known = {f.name for f in dataclasses.fields(CaseFilter)}
    values = {k: v for k, v in values.items() if k in known}
    for key in ("date_from", "date_to"):
        if values.get(key):
            values[key] = dt.date.fromisoformat(values[key])
    if values.get("fire_grade"):
        values["fire_grade"] = FireGrade(values["fire_grade"])
    if values.get("status"):
        values["status"] = CaseStatus(values["status"])
    return CaseFilter(**values)


class SavedSearches:
    """The saved searches of this workstation; without settings (tests), kept for the session only."""

    def __init__(self, state: QSettings | None) -> None:
        self._state = state
        self._memory: list[SavedSearch] = []

    def all(self) -> list[SavedSearch]:
        if self._state is None:
            return list(self._memory)
        try:
            stored = json.loads(str(self._state.value(_KEY, "[]")))
        except ValueError:
            return []
        found = []
        for entry in stored if isinstance(stored, list) else []:
            try:
                found.append(SavedSearch(str(entry["name"]), str(entry["text"]), _filter(entry["filter"]),
                                         SearchOrder(entry.get("order", "relevance"))))  # fmt: skip
            except (KeyError, TypeError, ValueError):
                continue
        return found

    def save(self, saved: SavedSearch) -> None:
        """Save under its name (replacing one of the same name)."""
        entries = [s for s in self.all() if s.name != saved.name] + [saved]
        self._write(entries[-MAX_SAVED:])

    def remove(self, name: str) -> None:
        self._write([s for s in self.all() if s.name != name])

    def _write(self, entries: list[SavedSearch]) -> None:
        if self._state is None:
            self._memory = entries
            return
        data = [{"name": s.name, "text": s.text, "filter": _plain(s.case_filter), "order": s.order.value}
                for s in entries]  # fmt: skip
        self._state.setValue(_KEY, json.dumps(data, ensure_ascii=False))
