"""SQLAlchemy 2.0 typed ORM models, one module per aggregate. Importing this package registers them all."""

from fireinvest.models.attachments import Attachment, AttachmentChunk, AttachmentContent
from fireinvest.models.base import Base
from fireinvest.models.cases import CaseInvestigator, CaseNumberCounter, FireCase, Party
from fireinvest.models.closed_loop import (
    AccountabilityEntry,
    CorrectiveMeasure,
    PreventionRecommendation,
    RectificationAssessment,
)
from fireinvest.models.documents import DocumentCounter, DocumentNumber, IssuedDocument
from fireinvest.models.evidence import CustodyEvent, EvidenceCounter, EvidenceItem
from fireinvest.models.people import Person
from fireinvest.models.records import Interview, SceneInspection
from fireinvest.models.reference import ReferenceItem, Setting
from fireinvest.models.reviews import Expert, ExpertReview, ReviewOpinion
from fireinvest.models.search import SearchEntry
from fireinvest.models.workflow import CalendarEntry, CaseDeadline, CaseEvent

__all__ = [
    "AccountabilityEntry",
    "CorrectiveMeasure",
    "PreventionRecommendation",
    "RectificationAssessment",
    "DocumentCounter",
    "DocumentNumber",
    "IssuedDocument",
    "Expert",
    "ExpertReview",
    "ReviewOpinion",
    "Attachment",
    "AttachmentChunk",
    "AttachmentContent",
    "Base",
    "CustodyEvent",
    "EvidenceCounter",
    "EvidenceItem",
    "Interview",
    "SceneInspection",
    "SearchEntry",
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
