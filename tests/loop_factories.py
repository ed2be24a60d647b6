"""Builders for closed-loop tests: a case taken through the procedure to its closure, and loop items to add to it."""

from __future__ import annotations

import datetime as dt

from fireinvest.rules.case_facts import PartyDraft, PartyRole
from fireinvest.rules.closed_loop import AccountabilityMeasure, AddresseeKind, MeasureStatus
from fireinvest.rules.loop_items import AccountabilityDraft, MeasureDraft, RecommendationDraft
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases
from fireinvest.services.front_door import Workstation
from tests.factories import local, make_draft, take_steps

E = EventType


def registered_case(db, actor, alarm: dt.datetime = local(2025, 1, 10), **overrides):
    """A general-procedure case of an electrical fire in a dwelling, registered at `alarm`."""
    draft = make_draft(
        alarm_time=alarm,
        extinguished_time=alarm + dt.timedelta(hours=1),
        ignition_time=alarm - dt.timedelta(minutes=10),
        **overrides,
    )
    return cases.create_case(Workstation(db, actor), draft).value


def closed_case(db, actor, *, alarm=local(2025, 1, 10), closed=local(2025, 3, 1), deaths=0, **overrides):
    """A case taken through investigation, hearing, determination and service to its closure on `closed`.

    Deaths are entered after the closure, as a correction (deaths count up to 30 days after the fire): a fire with
    deaths needs a concluded expert review before its determination, which is not what these tests are about.
    """
    case = registered_case(db, actor, alarm, **overrides)
    steps = [
        (E.INVESTIGATION_STARTED, alarm + dt.timedelta(hours=2), {}),
        (E.HEARING_HELD, alarm + dt.timedelta(days=10), {}),
        (E.DETERMINED, alarm + dt.timedelta(days=15), {"cause_category": "电气"}),
        (E.SERVED, alarm + dt.timedelta(days=16), {"method": "in_person"}),
        (E.CLOSED, closed, {}),
    ]
    take_steps(db, actor, case.id, steps)
    workstation = Workstation(db, actor)
    if deaths:
        detail = cases.get_case(workstation, case.id)
        facts = detail.facts
        facts.deaths = deaths
        facts.parties = [*facts.parties, PartyDraft("李某", PartyRole.VICTIM)]
        cases.update_case(workstation, case.id, detail.version, facts)
    return cases.get_case(workstation, case.id)


def accountability(**overrides) -> AccountabilityDraft:
    values = dict(
        party="南京某某物业管理有限公司",
        measure=AccountabilityMeasure.ADMINISTRATIVE_PENALTY,
        breach="未按规定维护保养消防设施，致使火灾发生时自动喷水灭火系统不能正常运行。",
        legal_basis="《中华人民共和国消防法》第十六条",
    )
    values.update(overrides)
    return AccountabilityDraft(**values)


def recommendation(**overrides) -> RecommendationDraft:
    values = dict(
        recommendation="开展老旧小区电气线路专项排查整治。",
        addressee="玄武区住房和城乡建设局",
        addressee_kind=AddresseeKind.SECTOR,
        lesson="老旧住宅电气线路老化，私拉乱接现象普遍。",
    )
    values.update(overrides)
    return RecommendationDraft(**values)


def measure(**overrides) -> MeasureDraft:
    values = dict(
        description="更换小区公共区域老化电气线路",
        owner="南京某某物业管理有限公司",
        deadline=dt.date(2025, 6, 30),
        status=MeasureStatus.PLANNED,
    )
    values.update(overrides)
    return MeasureDraft(**values)
