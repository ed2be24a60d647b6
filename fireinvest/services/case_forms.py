"""What the case editor opens with, read in one short transaction: the choices its forms offer and compute with
(settings, code lists, investigators, grade rules) and the case's facts. The editor's other tabs read their own
parts when they are first shown, so opening a case costs a handful of queries whatever the case holds."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from fireinvest.rules.grading import GradeRuleSet
from fireinvest.services.cases import CaseDetail, case_detail
from fireinvest.services.front_door import reads
from fireinvest.services.people import PersonRecord, list_people
from fireinvest.services.reference import ReferenceLists, load_reference_lists
from fireinvest.services.settings import AgencySettings, load_agency_settings, load_grade_rules
from fireinvest.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class CaseFormChoices:
    """What the case forms offer and compute with."""

    settings: AgencySettings
    reference: ReferenceLists
    investigators: tuple[PersonRecord, ...]
    grade_rules: tuple[GradeRuleSet, ...]

    @property
    def zone(self) -> ZoneInfo:
        return self.settings.zone


@dataclass(frozen=True)
class CaseEditorView:
    """The case editor's read model: its choices, and the case (None for a new one)."""

    choices: CaseFormChoices
    detail: CaseDetail | None


@reads
def open_case_editor(uow: UnitOfWork, case_id: int | None = None) -> CaseEditorView:
    """Everything the case editor shows when it opens on this case (None: a new case)."""
    session = uow.session
    choices = CaseFormChoices(
        settings=load_agency_settings(session),
        reference=load_reference_lists(session),
        investigators=tuple(list_people(session, investigators_only=True)),
        grade_rules=tuple(load_grade_rules(session)),
    )
    return CaseEditorView(choices, case_detail(session, case_id) if case_id is not None else None)
