"""The register of experts (专家库) that reviews draw on: name, unit, specialty, title and contact.

Two experts may share a name, but not a name and a unit: that pair is how people (and import files) tell experts
apart. A retired expert is deactivated, never deleted, because the reviews they sat on keep naming them.

Use cases: `list_experts` and `get_expert` read, `save_expert` and `deactivate_expert` write. Imports register the
experts their reviews name with `find_or_create_expert`, in their own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import Expert, ExpertReview, ReviewOpinion
from fireinvest.rules import text_limits
from fireinvest.services.changes import Part, Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.unit_of_work import UnitOfWork

REGISTER_LOCK = "experts"  # held while the register is looked up and then added to
_TEXTS = ("name", "unit", "specialty", "title", "contact")
_LABELS = {"name": "姓名", "unit": "工作单位", "specialty": "专业领域", "title": "职称", "contact": "联系方式"}
_LIMITS = {key: text_limits.EXPERTS[key] for key in _TEXTS}


@dataclass(frozen=True)
class ExpertRecord:
    """Read model of one expert; also what the register's editor hands back to save_expert (id None: new)."""

    id: int | None
    name: str
    unit: str = ""
    specialty: str = ""
    title: str = ""
    contact: str = ""
    active: bool = True
    version: int = 0

    @property
    def display_name(self) -> str:
        """How lists name the expert: 陈立新（研究员，应急管理部天津消防研究所）."""
        details = "，".join(part for part in (self.title, self.unit) if part)
        return f"{self.name}（{details}）" if details else self.name


def _record(expert: Expert) -> ExpertRecord:
    return ExpertRecord(expert.id, expert.name, expert.unit, expert.specialty, expert.title, expert.contact,
                        expert.active, expert.version)  # fmt: skip


@reads
def list_experts(uow: UnitOfWork, *, include_inactive: bool = False) -> list[ExpertRecord]:
    """The register by name (then unit); retired experts only when asked for."""
    query = select(Expert).order_by(Expert.name, Expert.unit, Expert.id)
    if not include_inactive:
        query = query.where(Expert.active.is_(True))
    return [_record(e) for e in uow.session.scalars(query)]


@reads
def get_expert(uow: UnitOfWork, expert_id: int) -> ExpertRecord:
    """One expert of the register."""
    expert = uow.session.get(Expert, expert_id)
    if expert is None:
        raise NotFound(_missing(expert_id))
    return _record(expert)


def _missing(expert_id: int) -> str:
    return f"专家（内部编号 {expert_id}）不存在，可能已被删除。"


def _validate(session: Session, record: ExpertRecord) -> list[FieldError]:
    errors = []
    if not record.name.strip():
        errors.append(FieldError("name", "请填写专家姓名。"))
    for key in _TEXTS:
        if len(getattr(record, key).strip()) > _LIMITS[key]:
            errors.append(FieldError(key, text_limits.too_long(_LABELS[key], _LIMITS[key])))
    twin = _find(session, record.name, record.unit)
    if twin is not None and twin.id != record.id:
        unit = f"（{record.unit.strip()}）" if record.unit.strip() else "（未填工作单位）"
        errors.append(FieldError("name", f"专家库中已有同一单位的“{record.name.strip()}”{unit}，请勿重复登记。"))
    return errors


def _find(session: Session, name: str, unit: str) -> Expert | None:
    return session.scalars(
        select(Expert).where(Expert.name == name.strip(), Expert.unit == unit.strip()).order_by(Expert.id).limit(1)
    ).first()


def _what(expert: Expert) -> str:
    return f"专家“{expert.name}”"


def _cases_sat_on(session: Session, expert_id: int) -> list[int]:
    """The cases with a review this expert sat on (their 专家论证 tabs name the expert as the register does)."""
    return list(session.scalars(
        select(ExpertReview.case_id).distinct().join(ReviewOpinion, ReviewOpinion.review_id == ExpertReview.id)
        .where(ReviewOpinion.expert_id == expert_id)
    ))  # fmt: skip


@writes
def save_expert(uow: UnitOfWork, record: ExpertRecord) -> ExpertRecord:
    """Register the expert (id None) or save changes to them, refusing to overwrite someone else's newer change."""
    session = uow.session
    # The register's lock keeps the twin check below true until this save commits: two workstations registering
    # the same expert at once get the refusal, not a unique-constraint failure.
    uow.hold_register_lock(REGISTER_LOCK)
    if record.id is None:
        expert = Expert()
    else:
        expert = uow.lock(Expert, record.id, missing=_missing(record.id))
        uow.check_version(expert, record.version, _what(expert))
    errors = _validate(session, record)
    if errors:
        raise ValidationFailed(errors)
    for key in _TEXTS:
        setattr(expert, key, getattr(record, key).strip())
    expert.active = record.active
    expert.updated_at, expert.updated_by = utc_now(), uow.actor.name
    if record.id is None:
        session.add(expert)
    uow.flush()
    uow.changed_register(Register.EXPERTS)
    if record.id is not None:  # reviews show the expert's name, unit and title as the register has them now
        uow.changed(_cases_sat_on(session, expert.id), Part.REVIEWS)
    return _record(expert)


@writes
def deactivate_expert(uow: UnitOfWork, expert_id: int, expected_version: int) -> ExpertRecord:
    """Take a retired expert off the lists new reviews pick from; the reviews they sat on keep their name."""
    expert = uow.lock(Expert, expert_id, missing=_missing(expert_id))
    uow.check_version(expert, expected_version, _what(expert))
    expert.active = False
    expert.updated_at, expert.updated_by = utc_now(), uow.actor.name
    uow.flush()
    uow.changed_register(Register.EXPERTS)
    return _record(expert)


def find_or_create_expert(
    uow: UnitOfWork, name: str, unit: str = "", specialty: str = "", title: str = ""
) -> tuple[ExpertRecord, bool]:
    """The expert of that name and unit, registering them if unknown (imports); True when registered now. Two
    imports at once that bring the same new expert register one: the look-up and the registration hold the
    register's lock."""
    uow.hold_register_lock(REGISTER_LOCK)
    found = _find(uow.session, name, unit)
    if found is not None:
        return _record(found), False
    return save_expert.within(uow, ExpertRecord(None, name, unit, specialty, title)), True
