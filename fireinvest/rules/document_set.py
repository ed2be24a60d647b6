"""Which documents a case may have: the document kinds (resources/reference/document_kinds.json, parsed here) and
the rule that decides, from plain facts of the case, whether a kind may be written for it, about which record, and
whether the facts behind it are there yet.

Two questions, two answers:
- Does the document belong to the case at all (`document_refusal`)? Nothing for a voided case; a kind bound to one
  procedure only for a case of that procedure (the simple determination for the simple procedure, the hearing record,
  the determination and the review documents for the general one); a per-record kind (scene inspection record,
  interview record) once per record of that kind, and never for the whole case; any other kind once for the whole
  case. The 文书 tab lists every document that belongs.
- Are the facts it states on file (`missing_facts`)? A numbered document is a legal act: the 认定书 records the
  determination the timeline holds, the 受理通知书 the acceptance it holds, and so on. The act is recorded first (on
  the timeline, in the closed loop) and the document follows it, so the two can never disagree; until then the
  document is refused with what is missing and the tab says so. A document dates from its act (`act_date`): the
  认定书 from the determination, the review documents from the review decision; the number's year is that date's.

The document register applies both before it numbers anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fireinvest.errors import FieldError
from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.identifiers import enforcement_number, official_number
from fireinvest.rules.workflow import EventType, ServiceMethod, WorkflowEvent

OFFICIAL_SERIES = "official"  # every official document of an agency counts in one series: 某消〔2026〕1号, 2号 …


class DocumentLayout(StrEnum):
    ENFORCEMENT = "enforcement"  # 执法文书
    OFFICIAL = "official"  # 公文, GB/T 9704-2012


class Issuer(StrEnum):
    """Whose document it is: whose name heads it, whose seal it bears, whose 代字 its number carries."""

    AGENCY = "agency"  # the agency that investigated the fire
    REVIEW_AGENCY = "review_agency"  # 复核机构: the next-higher agency deciding on a review application


class RecordKind(StrEnum):
    INSPECTION = "inspection"
    INTERVIEW = "interview"

    @property
    def label(self) -> str:
        return "现场勘验笔录" if self is RecordKind.INSPECTION else "询问笔录"


@dataclass(frozen=True)
class DocumentKind:
    kind: str
    title: str
    order: int
    layout: DocumentLayout
    number_word: str | None  # None: the document carries no number
    per_record: RecordKind | None
    procedure: Procedure | None  # None: a document of either procedure
    rows: int | None  # the form's fixed table rows
    template: str
    issuer: Issuer = Issuer.AGENCY

    @property
    def numbered(self) -> bool:
        return self.number_word is not None

    @property
    def series(self) -> str:
        """The counter the numbers come from: its own for an enforcement kind, one shared by official documents
        (their numbers look alike, 某消〔2026〕5号, so two kinds counting apart would print the same number)."""
        return OFFICIAL_SERIES if self.layout == DocumentLayout.OFFICIAL else self.kind

    def number_text(self, abbreviation: str, year: int, sequence: int) -> str:
        """The number as printed on the document."""
        if self.layout == DocumentLayout.OFFICIAL:
            return official_number(abbreviation, year, sequence)
        return enforcement_number(abbreviation, self.number_word or "", year, sequence)


def parse_document_kind(entry: Mapping[str, Any]) -> DocumentKind:
    """One kind from its entry in document_kinds.json; KeyError, TypeError or ValueError when it is malformed."""
    return DocumentKind(
        kind=str(entry["kind"]),
        title=str(entry["title"]),
        order=int(entry["order"]),
        layout=DocumentLayout(entry["layout"]),
        number_word=entry.get("number_word"),
        per_record=RecordKind(entry["per_record"]) if entry.get("per_record") else None,
        procedure=Procedure(entry["procedure"]) if entry.get("procedure") else None,
        rows=int(entry["rows"]) if entry.get("rows") else None,
        template=str(entry["template"]),
        issuer=Issuer(entry.get("issuer", Issuer.AGENCY)),
    )


@dataclass(frozen=True)
class CaseForDocuments:
    """What decides which documents a case may have."""

    case_number: str
    status: CaseStatus
    procedure: Procedure
    records: Mapping[RecordKind, tuple[int, ...]]  # the ids of the case's records of each kind
    events: tuple[WorkflowEvent, ...] = ()  # the timeline, in time order
    evidence_items: int = 0
    corrective_measures: int = 0  # in the closed loop
    assessed: bool = False  # the rectification assessment is recorded

    def last(self, *types: EventType) -> WorkflowEvent | None:
        """The latest event of these types on the timeline."""
        return next((e for e in reversed(self.events) if e.type in types), None)


DETERMINATIONS = (EventType.DETERMINED, EventType.REDETERMINED)  # the general procedure's determination acts


def document_refusal(kind: DocumentKind, case: CaseForDocuments, subject_id: int = 0) -> FieldError | None:
    """Why this document cannot be written for the case (about record `subject_id` for a per-record kind), or
    None when it can."""
    if case.status == CaseStatus.VOIDED:
        return FieldError("case", f"案件 {case.case_number} 已作废，不能制作文书。")
    if kind.procedure is not None and case.procedure != kind.procedure:
        return FieldError("kind", f"案件 {case.case_number} 适用{case.procedure.label}，不制作“{kind.title}”。")
    if kind.per_record is None:
        if subject_id:
            return FieldError("subject", f"“{kind.title}”针对整个案件，不需要指定笔录。")
        return None
    if subject_id not in case.records.get(kind.per_record, ()):
        return FieldError(
            "subject", f"案件 {case.case_number} 中没有内部编号为 {subject_id} 的{kind.per_record.label}。"
        )
    return None


def _not_on_timeline(*types: EventType) -> Callable[[CaseForDocuments], str | None]:
    wanted = "”或“".join(t.label for t in types)
    return lambda case: None if case.last(*types) else f"时间线上尚未记录“{wanted}”。"


def _determination(case: CaseForDocuments) -> str | None:
    if case.last(*DETERMINATIONS) is None:
        return (f"时间线上尚未记录“{EventType.DETERMINED.label}”（案件现为{case.status.label}）。"
                "认定书载明的就是这一认定：先在时间线上记录认定，再出具认定书。")  # fmt: skip
    if not any(case.records.values()) and not case.evidence_items:
        return "案件没有现场勘验笔录、询问笔录或痕迹物品，认定书的认定依据无从列明。"
    return None


def _determined(case: CaseForDocuments) -> str | None:
    if case.last(*DETERMINATIONS, EventType.SIMPLE_DETERMINED) is None:
        return f"尚未作出火灾事故认定（案件现为{case.status.label}），没有可据以制作的认定。"
    return None


def _public_notice(case: CaseForDocuments) -> str | None:
    served = case.last(EventType.SERVED)
    method = served.details.get("method") if served is not None else None
    if method is not None and method != ServiceMethod.PUBLIC_NOTICE:
        return f"认定书已{ServiceMethod(method).label}，无需公告送达。"
    return _determined(case)


def _latest_review_decision(wanted: EventType) -> Callable[[CaseForDocuments], str | None]:
    def check(case: CaseForDocuments) -> str | None:
        decision = case.last(EventType.REVIEW_ACCEPTED, EventType.REVIEW_REFUSED)
        if decision is None:
            return f"时间线上尚未记录复核申请的受理决定（“{wanted.label}”）。"
        if decision.type != wanted:
            return f"复核申请的决定是“{decision.type.label}”，不是“{wanted.label}”。"
        return None

    return check


# What must be on file before each kind may be issued; a kind not named here needs nothing beyond belonging.
_FACTS_BEHIND: dict[str, Callable[[CaseForDocuments], str | None]] = {
    "evidence_list": lambda case: None if case.evidence_items else "案件尚未登记痕迹物品，提取清单没有可列的物品。",
    "hearing_record": _not_on_timeline(EventType.HEARING_HELD),
    "simple_determination": _not_on_timeline(EventType.SIMPLE_DETERMINED),
    "determination": _determination,
    "proof_of_service": _determined,
    "public_notice": _public_notice,
    "review_acceptance": _latest_review_decision(EventType.REVIEW_ACCEPTED),
    "review_refusal": _latest_review_decision(EventType.REVIEW_REFUSED),
    "review_file_request": _latest_review_decision(EventType.REVIEW_ACCEPTED),
    "review_conclusion": _not_on_timeline(EventType.REVIEW_CONCLUDED),
    "investigation_report": _determined,
    "rectification_notice": lambda case: (
        None if case.corrective_measures else "闭环中尚未登记整改措施，没有可通知整改的内容。"
    ),
    "assessment_report": lambda case: None if case.assessed else "闭环中尚未录入整改评估（评估组、现场核查和结论）。",
}

# The event that is a kind's act: the document is dated on its day (its number's year is that day's year).
_ACT: dict[str, tuple[EventType, ...]] = {
    "hearing_record": (EventType.HEARING_HELD,),
    "simple_determination": (EventType.SIMPLE_DETERMINED,),
    "determination": DETERMINATIONS,
    "review_acceptance": (EventType.REVIEW_ACCEPTED,),
    "review_refusal": (EventType.REVIEW_REFUSED,),
    "review_file_request": (EventType.REVIEW_ACCEPTED,),
    "review_conclusion": (EventType.REVIEW_CONCLUDED,),
}


def missing_facts(kind: DocumentKind, case: CaseForDocuments) -> str | None:
    """What the case file still lacks for this document to be issued (in words), or None when it is all there."""
    check = _FACTS_BEHIND.get(kind.kind)
    return check(case) if check is not None else None


def act_date(kind: DocumentKind, case: CaseForDocuments) -> dt.date | None:
    """The local day of the act the document records, or None for a document dated when it is issued."""
    event = case.last(*_ACT.get(kind.kind, ()))
    return event.day if event is not None else None


def documents_the_case_may_have(
    kinds: Iterable[DocumentKind], case: CaseForDocuments
) -> list[tuple[DocumentKind, int]]:
    """Every document the case may have, as (kind, record id or 0 for the whole case), in the kinds' order."""
    allowed: list[tuple[DocumentKind, int]] = []
    for kind in kinds:
        subjects = (0,) if kind.per_record is None else case.records.get(kind.per_record, ())
        allowed += [(kind, subject) for subject in subjects if document_refusal(kind, case, subject) is None]
    return allowed
