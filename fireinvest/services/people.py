"""The people register: investigators a case can be assigned to.

Use cases: `people_register` reads, `save_person` writes. Imports find or register investigators by name with
`find_or_create_investigator` in their own unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import CaseInvestigator, Person
from fireinvest.rules import text_limits
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.unit_of_work import UnitOfWork

_LABELS = {"name": "姓名", "unit": "单位", "title": "职务", "badge_number": "执法证号", "phone": "电话",
           "login_name": "工作站登录名"}  # fmt: skip


@dataclass(frozen=True)
class PersonRecord:
    id: int | None
    name: str
    unit: str = ""
    title: str = ""
    badge_number: str = ""
    phone: str = ""
    is_investigator: bool = True
    active: bool = True
    login_name: str = ""  # workstation login, so "my cases" finds this person
    version: int = 0

    @property
    def display_name(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


def _record(person: Person) -> PersonRecord:
    return PersonRecord(
        id=person.id,
        name=person.name,
        unit=person.unit,
        title=person.title,
        badge_number=person.badge_number,
        phone=person.phone,
        is_investigator=person.is_investigator,
        active=person.active,
        login_name=person.login_name,
        version=person.version,
    )


def list_people(
    session: Session, *, investigators_only: bool = False, include_inactive: bool = False
) -> list[PersonRecord]:
    query = select(Person).order_by(Person.name, Person.id)
    if investigators_only:
        query = query.where(Person.is_investigator.is_(True))
    if not include_inactive:
        query = query.where(Person.active.is_(True))
    return [_record(p) for p in session.scalars(query)]


@dataclass(frozen=True)
class PeopleNames:
    """How the register names workstation logins (root → 张明): documents and screens name people, never the
    account they typed under. `acting` is the name of the person at this workstation (their login when unmapped)."""

    by_login: dict[str, str]
    acting: str = ""

    @classmethod
    def of(cls, people: Iterable[PersonRecord], acting_login: str = "") -> PeopleNames:
        """The names of these people's logins (a register already read)."""
        by_login = {p.login_name: p.name for p in people if p.login_name}
        return cls(by_login, by_login.get(acting_login.strip(), acting_login))

    def name(self, who: str) -> str:
        """The register's name for `who` when it is a mapped login, else `who` as it is."""
        return self.by_login.get(who.strip(), who)


def login_names(session: Session, acting_login: str = "") -> PeopleNames:
    """Every mapped login with its person's name (one query), inactive people included: they did what they did."""
    rows = session.execute(select(Person.login_name, Person.name).where(Person.login_name != "")).all()
    by_login = {login: name for login, name in rows}
    return PeopleNames(by_login, by_login.get(acting_login.strip(), acting_login))


@reads
def people_names(uow: UnitOfWork) -> PeopleNames:
    """How the register names logins, and the acting person's name."""
    return login_names(uow.session, uow.actor.name)


@reads
def people_register(
    uow: UnitOfWork, *, investigators_only: bool = False, include_inactive: bool = False
) -> list[PersonRecord]:
    """The people register in name order (active people only, unless asked)."""
    return list_people(uow.session, investigators_only=investigators_only, include_inactive=include_inactive)


@writes
def save_person(uow: UnitOfWork, record: PersonRecord) -> PersonRecord:
    """Create the person (id None) or update them, refusing to overwrite someone else's newer change."""
    texts = {name: getattr(record, name).strip() for name in _LABELS}
    problems = text_limits.text_problems(texts, text_limits.PEOPLE, _LABELS)
    if not texts["name"]:
        problems.insert(0, FieldError("name", "请填写姓名。"))
    if problems:
        raise ValidationFailed(problems)
    if record.id is None:
        person = Person()
        uow.session.add(person)
    else:
        person = uow.lock(Person, record.id, missing=f"人员（编号 {record.id}）不存在，可能已被删除。")
        uow.check_version(person, record.version, f"人员“{person.name}”")
        if person.name != record.name.strip():  # the cases naming them show (and are found by) the new name
            assigned = select(CaseInvestigator.case_id).where(CaseInvestigator.person_id == person.id)
            uow.changed(list(uow.session.scalars(assigned)), Part.FACTS)
    person.name = record.name.strip()
    person.unit = record.unit.strip()
    person.title = record.title.strip()
    person.badge_number = record.badge_number.strip()
    person.phone = record.phone.strip()
    person.is_investigator = record.is_investigator
    person.active = record.active
    person.login_name = record.login_name.strip()
    uow.flush()
    uow.changed_register(Register.PEOPLE)
    return _record(person)


def find_or_create_investigator(uow: UnitOfWork, name: str) -> PersonRecord:
    """The active investigator of that name, registering them if unknown (used when importing cases). Two imports
    at once that bring the same new name register one person: the look-up and the registration hold the
    register's lock."""
    uow.hold_register_lock("people")
    person = uow.session.scalars(
        select(Person).where(Person.name == name.strip(), Person.active.is_(True)).order_by(Person.id).limit(1)
    ).first()
    if person is not None:
        return _record(person)
    return save_person.within(uow, PersonRecord(id=None, name=name))
