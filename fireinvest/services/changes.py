"""What a use case changed: which cases and which of their parts, and which registers shared across cases.

Every write use case returns its changes with its result (services.front_door.Outcome). The desktop program
publishes them once, through one hub, and every open view refreshes what it shows of the parts named: the 附件 tab
of a case when a laboratory report is filed from its 物证 tab, the case list when a case is registered, the to-do
list when a deadline moves. Nothing is announced by hand-wired signals between screens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Part(StrEnum):
    """A part of a case that screens show and use cases change."""

    FACTS = "facts"  # the case's facts, grade, parties and investigators (what the case editor's first tabs edit)
    TIMELINE = "timeline"  # procedure events, the status that follows from them, deadlines, the case's version
    EVIDENCE = "evidence"  # evidence items and their chain of custody
    RECORDS = "records"  # scene inspection and interview records
    ATTACHMENTS = "attachments"
    REVIEWS = "reviews"  # expert reviews and the gate before the determination
    LOOP = "loop"  # the closed loop: accountability, prevention, measures, the assessment
    DOCUMENTS = "documents"  # issued documents and their numbers


class Register(StrEnum):
    """Something shared across cases."""

    CASES = "cases"  # cases registered, imported, voided or renumbered: the case list and its filter choices
    PEOPLE = "people"  # the investigators' register
    EXPERTS = "experts"  # the expert register
    SETTINGS = "settings"  # the agency's settings and the code lists (districts, causes, place types)
    RULES = "rules"  # grade thresholds, statutory periods, holidays, the expert review rule


@dataclass(frozen=True)
class Changes:
    """The changes of one use case (or several merged). Empty for a use case that only read."""

    cases: Mapping[int, frozenset[Part]] = field(default_factory=lambda: MappingProxyType({}))
    every_case: frozenset[Part] = frozenset()  # parts changed for every case at once (regrading, new periods)
    registers: frozenset[Register] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.cases or self.every_case or self.registers)

    def parts_of(self, case_id: int | None) -> frozenset[Part]:
        """The parts of this case that changed."""
        if case_id is None:
            return frozenset()
        return self.cases.get(case_id, frozenset()) | self.every_case

    def touches(self, case_id: int | None, *parts: Part) -> bool:
        """True when any of `parts` (any part at all, when none are named) of this case changed."""
        changed = self.parts_of(case_id)
        return bool(changed & set(parts)) if parts else bool(changed)

    def touches_any_case(self, *parts: Part) -> bool:
        """True when any of `parts` changed for some case (lists across cases refresh on this)."""
        wanted = set(parts)
        return bool(self.every_case & wanted) or any(changed & wanted for changed in self.cases.values())

    def touches_register(self, *registers: Register) -> bool:
        return bool(self.registers & set(registers))

    def merged(self, other: Changes) -> Changes:
        cases = dict(self.cases)
        for case_id, parts in other.cases.items():
            cases[case_id] = cases.get(case_id, frozenset()) | parts
        return Changes(MappingProxyType(cases), self.every_case | other.every_case, self.registers | other.registers)


NO_CHANGES = Changes()


class ChangeLog:
    """Collects the changes of one unit of work as it makes them."""

    def __init__(self) -> None:
        self._cases: dict[int, set[Part]] = {}
        self._every_case: set[Part] = set()
        self._registers: set[Register] = set()

    def case(self, case_ids: int | Iterable[int], *parts: Part) -> None:
        for case_id in (case_ids,) if isinstance(case_ids, int) else case_ids:
            self._cases.setdefault(case_id, set()).update(parts)

    def every_case(self, *parts: Part) -> None:
        self._every_case.update(parts)

    def register(self, *registers: Register) -> None:
        self._registers.update(registers)

    def freeze(self) -> Changes:
        if not (self._cases or self._every_case or self._registers):
            return NO_CHANGES
        cases = {case_id: frozenset(parts) for case_id, parts in self._cases.items()}
        return Changes(MappingProxyType(cases), frozenset(self._every_case), frozenset(self._registers))
