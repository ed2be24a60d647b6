"""Code lists (起火原因, 场所类型, 辖区): seeded from resources/reference on first open, extendable afterwards.

Use cases: `reference_lists` reads; `set_districts`, `add_codes` and `retire_codes` write. A retired code is kept
(inactive), because cases already stored still name it; adding it again brings it back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import ReferenceItem
from fireinvest.reference_files import load_reference
from fireinvest.rules import text_limits
from fireinvest.services.changes import Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.unit_of_work import UnitOfWork

CAUSE_CATEGORY = "cause_category"
CAUSE_DETAIL = "cause_detail"
PLACE_TYPE = "place_type"
DISTRICT = "district"
_KINDS = frozenset({CAUSE_CATEGORY, CAUSE_DETAIL, PLACE_TYPE, DISTRICT})
KIND_LABELS = {DISTRICT: "辖区", PLACE_TYPE: "场所类型", CAUSE_CATEGORY: "起火原因", CAUSE_DETAIL: "细分原因"}


@dataclass(frozen=True)
class Code:
    """One entry of a code list to add or retire; a sub-cause names its category as `parent`."""

    kind: str
    name: str
    parent: str = ""

    def __str__(self) -> str:
        return f"{self.parent}/{self.name}" if self.parent else self.name


@dataclass(frozen=True)
class WeightedName:
    name: str
    weight: float


@dataclass(frozen=True)
class ReferenceLists:
    """The active code lists, in display order."""

    cause_categories: tuple[WeightedName, ...]
    cause_details: dict[str, tuple[str, ...]]  # category -> sub-causes
    place_types: tuple[WeightedName, ...]
    districts: tuple[str, ...]

    @property
    def cause_names(self) -> list[str]:
        return [c.name for c in self.cause_categories]

    @property
    def place_type_names(self) -> list[str]:
        return [p.name for p in self.place_types]


def _shipped_items() -> list[ReferenceItem]:
    items: list[ReferenceItem] = []
    for order, category in enumerate(load_reference("causes")["categories"]):
        items.append(
            ReferenceItem(kind=CAUSE_CATEGORY, name=category["name"], weight=category["weight"], sort_order=order)
        )
        for detail_order, detail in enumerate(category["details"]):
            items.append(
                ReferenceItem(kind=CAUSE_DETAIL, name=detail, parent=category["name"], sort_order=detail_order)
            )
    for order, place in enumerate(load_reference("place_types")["place_types"]):
        items.append(
            ReferenceItem(
                kind=PLACE_TYPE, name=place["name"], parent=place["group"], weight=place["weight"], sort_order=order
            )
        )
    for order, district in enumerate(load_reference("districts")["districts"]):
        items.append(ReferenceItem(kind=DISTRICT, name=district, sort_order=order))
    return items


def unseeded_kinds(session: Session) -> frozenset[str]:
    """The kinds of code list the database has no item of yet (all of them in a new database)."""
    return _KINDS - set(session.scalars(select(ReferenceItem.kind).distinct()))


def seed_reference_data(session: Session) -> int:
    """Load the shipped lists into a database that has none of a kind yet; returns how many items were added."""
    missing = unseeded_kinds(session)
    added = [item for item in _shipped_items() if item.kind in missing]
    session.add_all(added)
    session.flush()
    return len(added)


def load_reference_lists(session: Session) -> ReferenceLists:
    rows = session.scalars(
        select(ReferenceItem).where(ReferenceItem.active.is_(True)).order_by(ReferenceItem.sort_order, ReferenceItem.id)
    ).all()
    by_kind: dict[str, list[ReferenceItem]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    details: dict[str, list[str]] = defaultdict(list)
    for row in by_kind[CAUSE_DETAIL]:
        details[row.parent].append(row.name)
    categories = tuple(WeightedName(r.name, r.weight) for r in by_kind[CAUSE_CATEGORY])
    return ReferenceLists(
        cause_categories=categories,
        cause_details={c.name: tuple(details.get(c.name, ())) for c in categories},
        place_types=tuple(WeightedName(r.name, r.weight) for r in by_kind[PLACE_TYPE]),
        districts=tuple(r.name for r in by_kind[DISTRICT]),
    )


@reads
def reference_lists(uow: UnitOfWork) -> ReferenceLists:
    """The code lists in force (active entries)."""
    return load_reference_lists(uow.session)


@writes
def set_districts(uow: UnitOfWork, names: list[str]) -> ReferenceLists:
    """Make the district list exactly `names`, in that order. Districts no longer listed are deactivated, not
    deleted, because existing cases still name them."""
    cleaned = [n.strip() for n in names if n.strip()]
    if not cleaned:
        raise ValidationFailed([FieldError("districts", "辖区列表不能为空。")])
    duplicates = sorted({n for n in cleaned if cleaned.count(n) > 1})
    if duplicates:
        raise ValidationFailed([FieldError("districts", f"辖区重复：{'、'.join(duplicates)}。")])
    session = uow.session
    existing = {r.name: r for r in session.scalars(select(ReferenceItem).where(ReferenceItem.kind == DISTRICT))}
    for order, name in enumerate(cleaned):
        row = existing.pop(name, None)
        if row is None:
            session.add(ReferenceItem(kind=DISTRICT, name=name, sort_order=order))
        else:
            row.active, row.sort_order = True, order
    for row in existing.values():
        row.active = False
    uow.flush()
    uow.changed_register(Register.SETTINGS)
    return load_reference_lists(session)


def _checked(codes: list[Code]) -> list[Code]:
    errors: list[FieldError] = []
    cleaned = [Code(c.kind, c.name.strip(), c.parent.strip()) for c in codes]
    for code in cleaned:
        label = KIND_LABELS.get(code.kind)
        if label is None:
            errors.append(
                FieldError("kind", f"代码类别“{code.kind}”无法识别（可用：{'、'.join(KIND_LABELS.values())}）。")
            )
            continue
        if not code.name:
            errors.append(FieldError("name", f"{label}名称不能为空。"))
        if (code.kind == CAUSE_DETAIL) != bool(code.parent):
            errors.append(FieldError("parent", "细分原因须注明所属起火原因；其他代码不注明。"))
        errors += text_limits.text_problems({"name": code.name, "parent": code.parent}, text_limits.REFERENCE_ITEMS,
                                            {"name": f"{label}名称", "parent": "所属起火原因"})  # fmt: skip
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def add_codes_within(session: Session, codes: list[Code]) -> list[Code]:
    """Add the codes not in force yet (new ones last in their list, retired ones brought back), in the caller's
    transaction; returns those added. A sub-cause's category must be in force or among `codes`."""
    codes = _checked(codes)
    rows = {(r.kind, r.parent, r.name): r for r in session.scalars(select(ReferenceItem))}
    categories = {r.name for r in rows.values() if r.kind == CAUSE_CATEGORY and r.active}
    categories |= {c.name for c in codes if c.kind == CAUSE_CATEGORY}
    unknown = sorted({c.parent for c in codes if c.kind == CAUSE_DETAIL and c.parent not in categories})
    if unknown:
        raise ValidationFailed([FieldError("parent", f"起火原因“{'、'.join(unknown)}”不在代码表中，请先添加。")])
    order = {kind: max((r.sort_order for r in rows.values() if r.kind == kind), default=-1) for kind in _KINDS}
    added = []
    for code in dict.fromkeys(codes):  # each once, in the order given (categories before their sub-causes)
        row = rows.get((code.kind, code.parent, code.name))
        if row is not None and row.active:
            continue
        if row is None:
            order[code.kind] += 1
            row = ReferenceItem(kind=code.kind, name=code.name, parent=code.parent, sort_order=order[code.kind])
            session.add(row)
            rows[(code.kind, code.parent, code.name)] = row
        row.active = True
        added.append(code)
    session.flush()
    return added


@writes
def add_codes(uow: UnitOfWork, codes: list[Code]) -> list[Code]:
    """Add codes to the lists (see add_codes_within); returns those that were not in force before."""
    added = add_codes_within(uow.session, codes)
    if added:
        uow.changed_register(Register.SETTINGS)
    return added


@writes
def retire_codes(uow: UnitOfWork, codes: list[Code]) -> list[Code]:
    """Take codes out of the lists in force; cases that name them keep them. Refuses a code that is not listed."""
    codes = _checked(codes)
    session = uow.session
    retired = []
    for code in dict.fromkeys(codes):
        row = session.scalars(select(ReferenceItem).where(
            ReferenceItem.kind == code.kind, ReferenceItem.parent == code.parent, ReferenceItem.name == code.name,
            ReferenceItem.active.is_(True))).first()  # fmt: skip
        if row is None:
            raise ValidationFailed([FieldError("name", f"{KIND_LABELS[code.kind]}“{code}”不在现行代码表中。")])
        row.active = False
        retired.append(code)
    uow.flush()
    uow.changed_register(Register.SETTINGS)
    return retired
