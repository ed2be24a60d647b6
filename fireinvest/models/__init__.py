"""SQLAlchemy 2.0 typed ORM models, one module per aggregate. Importing this package registers them all."""

from fireinvest.models.base import Base
from fireinvest.models.cases import CaseInvestigator, CaseNumberCounter, FireCase, Party
from fireinvest.models.people import Person
from fireinvest.models.reference import ReferenceItem, Setting
from fireinvest.models.workflow import CalendarEntry, CaseDeadline, CaseEvent

__all__ = [
    "Base",
    "CalendarEntry",
    "CaseDeadline",
    "CaseEvent",
    "CaseInvestigator",
    "CaseNumberCounter",
    "FireCase",
    "Party",
    "Person",
    "ReferenceItem",
    "Setting",
]
