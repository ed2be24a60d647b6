"""Finding cases: filtered, sorted pages of small rows for the case list, counts, and the filter choices.

The list never loads the archive: it asks for the count and then for the page the user is looking at. Every filter
and sort column has an index (see models/cases.py), so the first page costs the same at 100 or 100,000 cases.

Use cases: `case_list_page`, `case_list_position`, `case_list_years` and `case_list_choices` read for the case list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from fireinvest.errors import ValidationFailed
from fireinvest.models import CaseDeadline, CaseInvestigator, FireCase, Party, Person
from fireinvest.rules.case_facts import CaseStatus, Procedure
from fireinvest.rules.grading import FireGrade
from fireinvest.search.engine import holds_query
from fireinvest.search.query import SearchQuery, parse_query
from fireinvest.services.front_door import reads
from fireinvest.services.reference import load_reference_lists
from fireinvest.services.settings import AgencySettings, load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork


class SortKey(StrEnum):
    CASE_NUMBER = "case_number"
    ALARM_TIME = "alarm_time"
    ADDRESS = "address"
    DISTRICT = "district"
    UNIT_NAME = "unit_name"
    PLACE_TYPE = "place_type"
    CAUSE = "cause_category"
    GRADE = "fire_grade"
    DEATHS = "deaths"
    LOSS = "direct_economic_loss"
    STATUS = "status"
    NEXT_DEADLINE = "next_deadline"


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a list or a search shows; every field left at its default selects everything."""

    year: int | None = None
    district: str | None = None
    cause_category: str | None = None
    fire_grade: FireGrade | None = None
    status: CaseStatus | None = None
    # Words searched in everything the case holds (the archive search's index, search/query.py for the syntax);
    # digits and letters also find a case number that merely contains them (a number typed in part).
    text: str = ""
    include_voided: bool = False  # voided cases show only when asked for, or when filtering on that status
    date_from: dt.date | None = None  # the fire's alarm date, local time, both ends included
    date_to: dt.date | None = None
    cause_detail: str | None = None
    place_type: str | None = None
    investigator: str | None = None  # the name of an investigator assigned to the case
    party: str | None = None  # part of a party's name

    def described(self) -> dict[str, str]:
        """The filters in force by field, as a user names them (`年份=2026`), for the empty-result message."""
        shown = {
            "year": ("年份", self.year), "date_from": ("接警日期从", self.date_from),
            "date_to": ("接警日期至", self.date_to), "district": ("辖区", self.district),
            "cause_category": ("起火原因", self.cause_category), "cause_detail": ("细分原因", self.cause_detail),
            "place_type": ("场所", self.place_type), "fire_grade": ("等级", self.fire_grade.value if self.fire_grade
                                                                    else None),
            "status": ("状态", self.status.label if self.status else None),
            "investigator": ("调查人员", self.investigator), "party": ("当事人", self.party),
        }  # fmt: skip
        return {field: f"{name}={value}" for field, (name, value) in shown.items() if value not in (None, "")}


@dataclass(frozen=True)
class CaseSort:
    key: SortKey = SortKey.ALARM_TIME
    descending: bool = True


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    case_number: str
    alarm_time: dt.datetime
    address: str
    district: str
    unit_name: str
    place_type: str
    cause_category: str
    fire_grade: FireGrade
    deaths: int
    direct_economic_loss: Decimal
    status: CaseStatus
    procedure: Procedure
    version: int
    next_deadline: dt.date | None = None  # the earliest deadline the agency has still to meet
    next_deadline_label: str = ""


def _next_deadline(column):
    """The case's earliest unmet agency deadline (a correlated subquery: one index lookup per listed row)."""
    return (
        select(column)
        .where(
            CaseDeadline.case_id == FireCase.id,
            CaseDeadline.met_on.is_(None),
            CaseDeadline.responsible == "agency",
            CaseDeadline.suspended.is_(False),
        )
        .order_by(CaseDeadline.due)
        .limit(1)
        .scalar_subquery()
    )


_ROW_COLUMNS = (
    FireCase.id, FireCase.case_number, FireCase.alarm_time, FireCase.address, FireCase.district,
    FireCase.unit_name, FireCase.place_type, FireCase.cause_category, FireCase.fire_grade, FireCase.deaths,
    FireCase.direct_economic_loss, FireCase.status, FireCase.procedure, FireCase.version,
    _next_deadline(CaseDeadline.due).label("next_deadline"),
    _next_deadline(CaseDeadline.label).label("next_deadline_label"),
)  # fmt: skip


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_NUMBER_LIKE = re.compile(r"[0-9A-Za-z\-]+")


def _text_condition(session: Session, text: str):
    """The quick filter: the archive search's words, or a case number typed in part. What the search cannot read
    as a query (only exclusions, "-00021" typed as a number) still filters by the case number."""
    try:
        query = parse_query(text)
    except ValidationFailed:
        query = SearchQuery()
    dialect = session.get_bind().dialect.name
    found = holds_query(dialect, query, FireCase.id) if not query.empty else None
    if _NUMBER_LIKE.fullmatch(text):
        typed_number = FireCase.case_number.ilike(f"%{_escape_like(text)}%", escape="\\")
        return typed_number if found is None else or_(found, typed_number)
    return found


def _alarm_bound(session: Session, day: dt.date) -> dt.datetime:
    zone = load_agency_settings(session).zone
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)


def filtered(query: Select, f: CaseFilter, session: Session) -> Select:
    """`query` (over fire_cases) narrowed to the cases the filter selects."""
    if f.year is not None:
        query = query.where(FireCase.year == f.year)
    if f.district:
        query = query.where(FireCase.district == f.district)
    if f.cause_category:
        query = query.where(FireCase.cause_category == f.cause_category)
    if f.fire_grade is not None:
        query = query.where(FireCase.fire_grade == f.fire_grade.value)
    if f.status is not None:
        query = query.where(FireCase.status == f.status.value)
    elif not f.include_voided:
        query = query.where(FireCase.status != CaseStatus.VOIDED.value)
    if f.date_from is not None:
        query = query.where(FireCase.alarm_time >= _alarm_bound(session, f.date_from))
    if f.date_to is not None:
        query = query.where(FireCase.alarm_time < _alarm_bound(session, f.date_to + dt.timedelta(days=1)))
    if f.cause_detail:
        query = query.where(FireCase.cause_detail == f.cause_detail)
    if f.place_type:
        query = query.where(FireCase.place_type == f.place_type)
    if f.investigator:
        assigned = select(CaseInvestigator.case_id).join(Person, Person.id == CaseInvestigator.person_id)
        query = query.where(FireCase.id.in_(assigned.where(Person.name == f.investigator.strip())))
    if f.party and f.party.strip():
        named = Party.name.ilike(f"%{_escape_like(f.party.strip())}%", escape="\\")
        query = query.where(FireCase.id.in_(select(Party.case_id).where(named)))
    text = f.text.strip()
    if text:
        condition = _text_condition(session, text)
        if condition is not None:
            query = query.where(condition)
    return query


# Grades and statuses are stored as words; sorting them alphabetically would put 一般 above 特别重大, so they sort
# by severity and by workflow order instead.
_GRADE_RANK = {grade.value: rank for rank, grade in enumerate(reversed(list(FireGrade)))}
_STATUS_RANK = {status.value: rank for rank, status in enumerate(CaseStatus)}


def _sort_expression(key: SortKey):
    if key == SortKey.GRADE:
        return case(_GRADE_RANK, value=FireCase.fire_grade, else_=-1)
    if key == SortKey.NEXT_DEADLINE:
        return _next_deadline(CaseDeadline.due)
    if key == SortKey.STATUS:
        return case(_STATUS_RANK, value=FireCase.status, else_=-1)
    return getattr(FireCase, key.value)


def _ordering(sort: CaseSort) -> list:
    column = _sort_expression(sort.key)
    # Cases without a pending deadline go last either way (the two backends disagree on where NULL sorts).
    if sort.descending:
        return [column.desc().nulls_last(), FireCase.id.desc()]
    return [column.asc().nulls_last(), FireCase.id.asc()]


def count_cases(session: Session, f: CaseFilter) -> int:
    return session.scalar(filtered(select(func.count(FireCase.id)), f, session)) or 0


def list_cases(session: Session, f: CaseFilter, sort: CaseSort, offset: int, limit: int) -> list[CaseRow]:
    """One page of the filtered, sorted list; the id breaks ties so pages never overlap or skip rows."""
    query = filtered(select(*_ROW_COLUMNS), f, session).order_by(*_ordering(sort)).offset(offset).limit(limit)
    return [
        CaseRow(
            id=r.id,
            case_number=r.case_number,
            alarm_time=r.alarm_time,
            address=r.address,
            district=r.district,
            unit_name=r.unit_name,
            place_type=r.place_type,
            cause_category=r.cause_category,
            fire_grade=FireGrade(r.fire_grade),
            deaths=r.deaths,
            direct_economic_loss=r.direct_economic_loss,
            status=CaseStatus(r.status),
            procedure=Procedure(r.procedure),
            version=r.version,
            next_deadline=r.next_deadline,
            next_deadline_label=r.next_deadline_label or "",
        )
        for r in session.execute(query)
    ]


def case_position(session: Session, f: CaseFilter, sort: CaseSort, case_id: int) -> int | None:
    """Row number (from 0) of the case in the filtered, sorted list, or None when the filter excludes it.

    Lets a list that holds only a page of rows scroll to a case it has not loaded (e.g. the one just saved).
    """
    column = _sort_expression(sort.key)
    key = session.execute(filtered(select(column), f, session).where(FireCase.id == case_id)).first()
    if key is None:
        return None
    (value,) = key
    id_before = FireCase.id > case_id if sort.descending else FireCase.id < case_id
    if value is None:  # NULLs sort last: every row with a value comes first, then NULLs by id
        before = or_(column.is_not(None), and_(column.is_(None), id_before))
    elif sort.descending:
        before = or_(column > value, and_(column == value, id_before))
    else:
        before = or_(column < value, and_(column == value, id_before))
    return session.scalar(filtered(select(func.count(FireCase.id)), f, session).where(before)) or 0


def case_years(session: Session) -> list[int]:
    """Years that have cases, newest first, for the year filter."""
    return list(
        session.scalars(select(FireCase.year).where(FireCase.year > 0).distinct().order_by(FireCase.year.desc()))
    )


def case_ids(session: Session, f: CaseFilter, sort: CaseSort) -> list[int]:
    """Ids of every case matching the filter, for exports that then read them in batches."""
    return list(session.scalars(filtered(select(FireCase.id), f, session).order_by(*_ordering(sort))))


def existing_case_numbers(session: Session, numbers: Iterable[str], chunk: int = 500) -> set[str]:
    """Which of these case numbers are already in the archive (checked in chunks to keep each IN list small)."""
    wanted = list(dict.fromkeys(numbers))
    found: set[str] = set()
    for start in range(0, len(wanted), chunk):
        part = wanted[start : start + chunk]
        found.update(session.scalars(select(FireCase.case_number).where(FireCase.case_number.in_(part))))
    return found


@dataclass(frozen=True)
class CasePage:
    """Rows of the case list from `offset` on; `total` is the number of cases the filter selects, when asked for."""

    offset: int
    rows: tuple[CaseRow, ...]
    total: int | None = None


@reads
def case_list_page(
    uow: UnitOfWork, case_filter: CaseFilter, sort: CaseSort, offset: int, limit: int, *, with_total: bool = False
) -> CasePage:
    """One page of the case list, with the number of matching cases when `with_total` (a new filter or sort)."""
    session = uow.session
    total = count_cases(session, case_filter) if with_total else None
    rows = list_cases(session, case_filter, sort, offset, limit) if total != 0 else []
    return CasePage(offset, tuple(rows), total)


@reads
def case_list_position(uow: UnitOfWork, case_filter: CaseFilter, sort: CaseSort, case_id: int) -> int | None:
    """Where the case is in the filtered, sorted list (None when the filter excludes it)."""
    return case_position(uow.session, case_filter, sort, case_id)


@reads
def case_list_years(uow: UnitOfWork) -> list[int]:
    """Years that have cases, newest first."""
    return case_years(uow.session)


@dataclass(frozen=True)
class CaseListChoices:
    """What the case list's window shows besides the rows: the agency (title, time zone) and the filter choices."""

    settings: AgencySettings
    years: tuple[int, ...]
    districts: tuple[str, ...]
    causes: tuple[str, ...]


@reads
def case_list_choices(uow: UnitOfWork) -> CaseListChoices:
    """The agency's settings and the filter choices: years that have cases, districts, cause categories."""
    lists = load_reference_lists(uow.session)
    return CaseListChoices(load_agency_settings(uow.session), tuple(case_years(uow.session)), lists.districts,
                           tuple(lists.cause_names))  # fmt: skip
