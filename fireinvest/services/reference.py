"""Code lists (起火原因, 场所类型, 辖区): seeded from resources/reference on first open, extendable afterwards.

Use cases: `reference_lists` reads, `set_districts` writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.errors import FieldError, ValidationFailed
from fireinvest.models import ReferenceItem
from fireinvest.reference_files import load_reference
from fireinvest.services.changes import Register
from fireinvest.services.front_door import reads, writes
from fireinvest.services.unit_of_work import UnitOfWork

CAUSE_CATEGORY = "cause_category"
CAUSE_DETAIL = "cause_detail"
PLACE_TYPE = "place_type"
DISTRICT = "district"
_KINDS = frozenset({CAUSE_CATEGORY, CAUSE_DETAIL, PLACE_TYPE, DISTRICT})


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
