"""The people register: investigators a case can be assigned to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.errors import ConcurrentEditError, FieldError, NotFound, ValidationFailed
from fireinvest.models import Person
from fireinvest.services.actor import Actor
from fireinvest.services.versioning import flush_or_raise


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


def save_person(session: Session, actor: Actor, record: PersonRecord) -> PersonRecord:
    """Create the person (id None) or update them, refusing to overwrite someone else's newer change."""
    if not record.name.strip():
        raise ValidationFailed([FieldError("name", "请填写姓名。")])
    if record.id is None:
        person = Person()
        session.add(person)
    else:
        person = session.get(Person, record.id)
        if person is None:
            raise NotFound(f"人员（编号 {record.id}）不存在，可能已被删除。")
        if person.version != record.version:
            raise ConcurrentEditError(_changed_by_someone_else(person.name))
    # Composed before the flush: a row whose UPDATE found a newer version can no longer be read.
    stale = ConcurrentEditError(_changed_by_someone_else(person.name or record.name))
    person.name = record.name.strip()
    person.unit = record.unit.strip()
    person.title = record.title.strip()
    person.badge_number = record.badge_number.strip()
    person.phone = record.phone.strip()
    person.is_investigator = record.is_investigator
    person.active = record.active
    person.login_name = record.login_name.strip()
    # Another workstation may save between the version check above and this write.
    flush_or_raise(session, stale)
    return _record(person)


def _changed_by_someone_else(name: str) -> str:
    return f"人员“{name}”已被其他人修改，请刷新后再编辑。"


def find_or_create_investigator(session: Session, actor: Actor, name: str) -> PersonRecord:
    """The active investigator of that name, registering them if unknown (used when importing cases)."""
    person = session.scalars(
        select(Person).where(Person.name == name.strip(), Person.active.is_(True)).order_by(Person.id).limit(1)
    ).first()
    if person is not None:
        return _record(person)
    return save_person(session, actor, PersonRecord(id=None, name=name))
