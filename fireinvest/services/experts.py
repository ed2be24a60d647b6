"""The register of experts (专家库) that reviews draw on: name, unit, specialty, title and contact.

Two experts may share a name, but not a name and a unit: that pair is how people (and import files) tell experts
apart. A retired expert is deactivated, never deleted, because the reviews they sat on keep naming them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import ConcurrentEditError, FieldError, NotFound, ValidationFailed
from fireinvest.models import Expert
from fireinvest.services.actor import Actor
from fireinvest.services.versioning import flush_or_raise

_TEXTS = ("name", "unit", "specialty", "title", "contact")
_LABELS = {"name": "姓名", "unit": "工作单位", "specialty": "专业领域", "title": "职称", "contact": "联系方式"}
_LIMITS = {key: Expert.__table__.c[key].type.length for key in _TEXTS}


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


def list_experts(session: Session, *, include_inactive: bool = False) -> list[ExpertRecord]:
    """The register by name (then unit); retired experts only when asked for."""
    query = select(Expert).order_by(Expert.name, Expert.unit, Expert.id)
    if not include_inactive:
        query = query.where(Expert.active.is_(True))
    return [_record(e) for e in session.scalars(query)]


def get_expert(session: Session, expert_id: int) -> ExpertRecord:
    """One expert of the register."""
    return _record(_load(session, expert_id))


def _load(session: Session, expert_id: int) -> Expert:
    expert = session.get(Expert, expert_id)
    if expert is None:
        raise NotFound(f"专家（内部编号 {expert_id}）不存在，可能已被删除。")
    return expert


def _validate(session: Session, record: ExpertRecord) -> list[FieldError]:
    errors = []
    if not record.name.strip():
        errors.append(FieldError("name", "请填写专家姓名。"))
    for key in _TEXTS:
        if len(getattr(record, key).strip()) > _LIMITS[key]:
            errors.append(FieldError(key, f"{_LABELS[key]}最多{_LIMITS[key]}个字，请删减。"))
    twin = _find(session, record.name, record.unit)
    if twin is not None and twin.id != record.id:
        unit = f"（{record.unit.strip()}）" if record.unit.strip() else "（未填工作单位）"
        errors.append(FieldError("name", f"专家库中已有同一单位的“{record.name.strip()}”{unit}，请勿重复登记。"))
    return errors


def _find(session: Session, name: str, unit: str) -> Expert | None:
    return session.scalars(
        select(Expert).where(Expert.name == name.strip(), Expert.unit == unit.strip()).order_by(Expert.id).limit(1)
    ).first()


def _stale(name: str) -> ConcurrentEditError:
    return ConcurrentEditError(
        f"专家“{name}”的信息已被其他人修改，为避免覆盖对方的修改，本次保存未执行；请刷新后再编辑。"
    )


def save_expert(session: Session, actor: Actor, record: ExpertRecord) -> ExpertRecord:
    """Register the expert (id None) or save changes to them, refusing to overwrite someone else's newer change."""
    if record.id is None:
        expert = Expert()
    else:
        expert = _load(session, record.id)
        if expert.version != record.version:
            raise _stale(expert.name)
    errors = _validate(session, record)
    if errors:
        raise ValidationFailed(errors)
    for key in _TEXTS:
        setattr(expert, key, getattr(record, key).strip())
    expert.active = record.active
    expert.updated_at, expert.updated_by = utc_now(), actor.name
    if record.id is None:
        session.add(expert)
    _flush(session, record.name)
    return _record(expert)


def deactivate_expert(session: Session, actor: Actor, expert_id: int, expected_version: int) -> ExpertRecord:
    """Take a retired expert off the lists new reviews pick from; the reviews they sat on keep their name."""
    expert = _load(session, expert_id)
    if expert.version != expected_version:
        raise _stale(expert.name)
    expert.active = False
    expert.updated_at, expert.updated_by = utc_now(), actor.name
    _flush(session, expert.name)
    return _record(expert)


def _flush(session: Session, name: str) -> None:
    flush_or_raise(session, _stale(name))


def find_or_create_expert(
    session: Session, actor: Actor, name: str, unit: str = "", specialty: str = "", title: str = ""
) -> tuple[ExpertRecord, bool]:
    """The expert of that name and unit, registering them if unknown (imports); True when registered now."""
    found = _find(session, name, unit)
    if found is not None:
        return _record(found), False
    return save_expert(session, actor, ExpertRecord(None, name, unit, specialty, title)), True
