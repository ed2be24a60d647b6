"""Realistic synthetic cases to try FireInvest with and to measure it: `fireinvest demo --cases N`.

The mix follows the reference data (cause and place-type weights from national statistics), the seasons (more fires
in winter) and the hours of the day; losses are log-normal with a thin tail of large fires, so a run of 100,000
cases holds a handful of 较大 and rarely a 重大 fire, as a real archive would. Every case obeys the same rules as
one typed in by hand: graded by the grade rules in force on its date, numbered gaplessly per year, simple procedure
only where its conditions hold.

Cases are written with bulk INSERTs in batches, which is what makes 100,000 cases take seconds rather than the
quarter of an hour one create_case() per case would.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.demo import vocabulary as words
from fireinvest.demo.loops import add_demo_loops
from fireinvest.demo.reviews import add_demo_reviews
from fireinvest.demo.timeline import HOUR, DemoTimeline
from fireinvest.models import CaseEvent, CaseInvestigator, FireCase, Party
from fireinvest.rules.case_facts import (
    ARSON_CAUSE,
    UNDETERMINED_CAUSE,
    CaseDraft,
    CaseStatus,
    PartyDraft,
    PartyRole,
    Procedure,
    cause_found,
)
from fireinvest.rules.grading import GradeFacts, GradeRuleSet, grade_fire
from fireinvest.rules.identifiers import CaseNumber
from fireinvest.rules.workflow import WorkflowEvent
from fireinvest.services.actor import Actor
from fireinvest.services.cases import assigned_investigators, party_rows
from fireinvest.services.changes import Part, Register
from fireinvest.services.deadlines import FINISHED_STATUSES, load_deadline_rules, refresh_deadlines
from fireinvest.services.front_door import writes
from fireinvest.services.numbering import allocate_case_numbers
from fireinvest.services.people import PersonRecord, list_people, save_person
from fireinvest.services.progress import ProgressCallback, ProgressTicker
from fireinvest.services.reference import ReferenceLists, WeightedName, load_reference_lists
from fireinvest.services.settings import AgencySettings, load_agency_settings, load_grade_rules
from fireinvest.services.unit_of_work import UnitOfWork

DEFAULT_SEED = 119  # the fire alarm number
# Bumped whenever the generator makes different data (timelines, reviews, loops, new facts), so archives cached by
# the benchmarks are regenerated instead of measuring an older kind of archive.
DEMO_GENERATION = 4
FIRST_YEAR = 2021
BATCH_SIZE = 2000
# More fires in the heating months and around the Spring Festival, fewer in early summer.
MONTH_WEIGHTS = (1.35, 1.3, 1.1, 0.95, 0.9, 0.85, 0.9, 0.9, 0.85, 0.95, 1.05, 1.3)
# Alarms by local hour: quiet before dawn, peaks around cooking times.
HOUR_WEIGHTS = (1.2, 0.9, 0.7, 0.6, 0.6, 0.7, 1.0, 1.6, 2.0, 2.3, 2.6, 3.0,
                3.0, 2.7, 2.6, 2.7, 2.9, 3.2, 3.4, 3.1, 2.7, 2.3, 1.9, 1.5)  # fmt: skip
# Typical loss by place type relative to a dwelling (log-normal median of about 3,000 元).
LOSS_SCALE = {"户外": 0.15, "交通工具": 0.8, "厂房": 5.0, "仓储": 6.0, "商场市场": 3.0, "宾馆饭店": 2.0}
LARGE_FIRE_SHARE = 0.0005  # share of fires drawn from the large-loss tail (median 1.5 million 元)
LOSS_CAP = 200_000_000
_STATUS_BY_AGE = (  # (older than days, statuses, weights) for general-procedure cases; few are left overdue
    (365, (CaseStatus.CLOSED, CaseStatus.SERVED), (98, 2)),
    (90, (CaseStatus.CLOSED, CaseStatus.SERVED, CaseStatus.DETERMINED, CaseStatus.UNDER_REVIEW), (84, 15, 0.3, 0.7)),
    (30, (CaseStatus.INVESTIGATING, CaseStatus.HEARING, CaseStatus.DETERMINED, CaseStatus.SERVED, CaseStatus.CLOSED),
     (3, 2, 5, 50, 40)),
    (-1, (CaseStatus.REGISTERED, CaseStatus.INVESTIGATING, CaseStatus.HEARING, CaseStatus.DETERMINED),
     (40, 45, 10, 5)),
)  # fmt: skip
_ID_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@writes
def generate_demo_cases(
    uow: UnitOfWork,
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    until: dt.datetime | None = None,
    progress: ProgressCallback | None = None,
) -> int:
    """Register `count` synthetic cases with alarms from 2021 up to `until` (default now); returns how many.

    The same seed and `until` give the same cases. Cancelling through `progress` undoes every case of the run.
    """
    if count <= 0:
        return 0
    session, actor = uow.session, uow.actor
    settings = load_agency_settings(session)
    end = until or utc_now()
    ticker = ProgressTicker(progress, count, "已取消生成演示数据，数据库没有任何改动。", step=BATCH_SIZE)
    ticker.report(0, force=True)
    rng = random.Random(seed)
    with session.begin_nested():
        factory = DemoCaseFactory(
            rng, settings, load_reference_lists(session), load_grade_rules(session),
            _ensure_investigators(uow, settings), end,
        )  # fmt: skip
        alarms = alarm_times(rng, count, settings.zone, end)
        done, open_ids, case_ids = 0, [], []
        for year, group in itertools.groupby(alarms, key=lambda moment: moment.astimezone(settings.zone).year):
            year_alarms = list(group)
            numbers = allocate_case_numbers(session, settings.agency_code, year, len(year_alarms))
            for start in range(0, len(year_alarms), BATCH_SIZE):
                chunk = zip(year_alarms[start : start + BATCH_SIZE], numbers[start : start + BATCH_SIZE])
                batch_ids, batch_open_ids = _insert_batch(
                    session, actor, end, [factory.make(alarm) + (number,) for alarm, number in chunk]
                )
                case_ids += batch_ids
                open_ids += batch_open_ids
                uow.changed(batch_ids, Part.FACTS, Part.TIMELINE, Part.REVIEWS)
                uow.update_search_index()
                done += min(BATCH_SIZE, len(year_alarms) - start)
                ticker.report(done)
        _refresh_open_deadlines(session, open_ids)
        add_demo_loops(session, actor, random.Random(seed + 1), end)  # closed loops for the fires that need one
        uow.changed(case_ids, Part.LOOP)
    uow.changed_register(Register.CASES, Register.PEOPLE, Register.EXPERTS)
    return count


def _refresh_open_deadlines(session: Session, case_ids: list[int]) -> None:
    rules = load_deadline_rules(session)
    for start in range(0, len(case_ids), BATCH_SIZE):
        batch = session.scalars(select(FireCase).where(FireCase.id.in_(case_ids[start : start + BATCH_SIZE]))).all()
        refresh_deadlines(session, list(batch), rules)


def alarm_times(rng: random.Random, count: int, zone: ZoneInfo, end: dt.datetime) -> list[dt.datetime]:
    """`count` alarm times (UTC, sorted) from 1 January 2021 local time up to `end`, weighted by month and hour."""
    last_day = end.astimezone(zone).date()
    first_day = min(dt.date(FIRST_YEAR, 1, 1), last_day - dt.timedelta(days=365))
    days = [first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    picked_days = rng.choices(days, weights=[MONTH_WEIGHTS[d.month - 1] for d in days], k=count)
    picked_hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=count)
    moments = []
    for day, hour in zip(picked_days, picked_hours):
        local = dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=zone)
        moment = local.astimezone(dt.UTC)
        if moment > end:  # today's fires cannot be reported later than now
            moment = end - dt.timedelta(minutes=rng.randint(1, 180))
        moments.append(moment)
    moments.sort()
    return moments


def _ensure_investigators(uow: UnitOfWork, settings: AgencySettings) -> list[int]:
    """Ids of the demo investigators, registering those not yet in the people register."""
    existing = {person.name: person for person in list_people(uow.session, investigators_only=True)}
    ids = []
    for number, (name, title) in enumerate(words.INVESTIGATORS, start=1):
        if name not in existing:
            record = PersonRecord(
                id=None, name=name, unit=settings.agency_name, title=title,
                badge_number=f"{settings.agency_code[:6]}{number:04d}", phone=f"1390000{number:04d}",
            )  # fmt: skip
            existing[name] = save_person.within(uow, record)
        person_id = existing[name].id
        assert person_id is not None  # read from the register or saved (flushed) just now
        ids.append(person_id)
    return ids


def _insert_batch(
    session: Session,
    actor: Actor,
    end: dt.datetime,
    cases: list[tuple[CaseDraft, CaseStatus, str, list[WorkflowEvent], CaseNumber]],
) -> tuple[list[int], list[int]]:
    """Insert a batch of cases, then their parties, investigators and timelines, with one bulk statement each;
    returns the ids of the cases, and of those still open."""
    rows = [_case_row(draft, status, grade, number, actor, end) for draft, status, grade, _events, number in cases]
    session.execute(insert(FireCase).execution_options(render_nulls=True), rows)
    # Without RETURNING the insert runs as one executemany; the new ids are then read back by their numbers, which
    # a batch holds as one consecutive range of one agency and year (the unique index answers that directly).
    first, last = cases[0][-1], cases[-1][-1]
    id_of_sequence = dict(
        session.execute(
            select(FireCase.sequence, FireCase.id).where(
                FireCase.agency_code == first.agency_code,
                FireCase.year == first.year,
                FireCase.sequence.between(first.sequence, last.sequence),
            )
        ).all()
    )
    case_ids = [id_of_sequence[number.sequence] for *_facts, number in cases]
    parties, investigators, events = [], [], []
    for case_id, (draft, _status, _grade, timeline, _number) in zip(case_ids, cases):
        events += [
            {"case_id": case_id, "type": e.type.value, "occurred_at": e.time, "performed_by": actor.name,
             "details_json": json.dumps(e.details, ensure_ascii=False), "recorded_at": min(e.time + HOUR, end),
             "recorded_by": actor.name}
            for e in timeline
        ]  # fmt: skip
        parties += [dict(case_id=case_id, version=1, **row) for row in party_rows(draft)]
        investigators += [dict(case_id=case_id, person_id=person_id, is_lead=is_lead, position=position)
                          for position, (person_id, is_lead) in enumerate(assigned_investigators(draft))]  # fmt: skip
    if parties:
        session.execute(insert(Party), parties)
    if investigators:
        session.execute(insert(CaseInvestigator), investigators)
    session.execute(insert(CaseEvent), events)
    add_demo_reviews(session, actor, end, case_ids, cases)  # the expert reviews the review rule asks for
    return case_ids, [case_id for case_id, case in zip(case_ids, cases) if case[1] not in FINISHED_STATUSES]


_FACT_COLUMNS = tuple(name for name in CaseDraft.__dataclass_fields__ if name in FireCase.__table__.c)


def _case_row(
    draft: CaseDraft, status: CaseStatus, grade: str, number: CaseNumber, actor: Actor, end: dt.datetime
) -> dict:
    """The fire_cases row of a generated case, registered two hours after the alarm (but not after `end`)."""
    row = {name: getattr(draft, name) for name in _FACT_COLUMNS}
    created = min(draft.alarm_time + dt.timedelta(hours=2), end)  # type: ignore[operator]
    row.update(
        procedure=draft.procedure.value, case_number=str(number), agency_code=number.agency_code,
        year=number.year, sequence=number.sequence, status=status.value, fire_grade=grade,
        void_reason="",
        created_at=created, created_by=actor.name, updated_at=created, updated_by=actor.name, version=1,
    )  # fmt: skip
    return row


def _pick(rng: random.Random, items: tuple[WeightedName, ...]) -> str:
    weights = [item.weight for item in items]
    if not any(weights):  # lists an administrator built without weights: all alike
        return rng.choice(items).name
    return rng.choices(items, weights=weights)[0].name


class DemoCaseFactory:
    """Draws the facts of one plausible case at a time."""

    def __init__(
        self, rng: random.Random, settings: AgencySettings, reference: ReferenceLists,
        grade_rules: list[GradeRuleSet], investigator_ids: list[int], end: dt.datetime,
    ) -> None:  # fmt: skip
        self.rng, self.settings, self.reference, self.grade_rules = rng, settings, reference, grade_rules
        self.investigator_ids, self.end = investigator_ids, end
        self.timeline = DemoTimeline(rng, end)
        digits = settings.agency_code if settings.agency_code.isdigit() and len(settings.agency_code) == 6 else "320100"
        self.region = digits[:4]

    def make(self, alarm: dt.datetime) -> tuple[CaseDraft, CaseStatus, str, list[WorkflowEvent]]:
        """A case whose alarm rang at `alarm`: its facts, its status, its grade and its timeline."""
        rng, zone = self.rng, self.settings.zone
        place = _pick(rng, self.reference.place_types)
        cause = _pick(rng, self.reference.cause_categories)
        details = self.reference.cause_details.get(cause, ())
        district = rng.choice(self.reference.districts)
        person = rng.choice(words.SURNAMES) + rng.choice(("某某", "某"))
        unit = self._unit(place, district, person)
        draft = CaseDraft(
            alarm_time=alarm, address=self._address(place, district), district=district, place_type=place,
            unit_name=unit, cause_category=cause, cause_detail=rng.choice(details) if details else "",
            ignition_area=rng.choice(words.IGNITION_AREAS.get(place, words.DEFAULT_AREAS)),
            ignition_point=rng.choice(words.IGNITION_POINTS.get(cause, words.DEFAULT_POINTS)),
            is_key_unit=place not in ("住宅", "户外", "交通工具", "其他") and rng.random() < 0.15,
            facts_disputed=rng.random() < 0.03,
        )  # fmt: skip
        minutes = min(600.0, max(20.0, rng.lognormvariate(math.log(50), 0.6)))
        out = alarm + dt.timedelta(minutes=round(minutes))
        draft.extinguished_time = out if out <= self.end else None  # still being put out
        if rng.random() < 0.7:
            draft.ignition_time = alarm - dt.timedelta(minutes=rng.randint(3, 40))
        self._casualties_and_losses(draft)
        eligible = draft.casualties == 0 and not draft.facts_disputed and cause != ARSON_CAUSE
        if (
            eligible
            and draft.direct_property_loss < self.settings.simple_procedure_loss_ceiling
            and rng.random() < 0.35
        ):
            draft.procedure = Procedure.SIMPLE
        draft.parties = self._parties(draft, person)
        lead, *others = rng.sample(self.investigator_ids, 2 if draft.procedure == Procedure.GENERAL else 1)
        draft.lead_investigator_id, draft.other_investigator_ids = lead, others
        draft.summary = self._summary(draft, zone)
        draft.dispatched_units = self._dispatch(draft)
        if draft.procedure == Procedure.GENERAL and (draft.casualties or draft.burned_area_m2 >= 100):
            draft.disaster_causes = rng.choice(words.DISASTER_CAUSES)
        if cause_found(cause) and draft.ignition_point:  # the finding in prose, as a determination states it
            draft.cause_finding = f"{draft.ignition_point}处{draft.cause_detail or cause}，引燃周围可燃物"
        facts = GradeFacts(
            fire_date=alarm.astimezone(zone).date(), deaths=draft.deaths, serious_injuries=draft.serious_injuries,
            minor_injuries=draft.minor_injuries, affected_households=draft.affected_households,
            direct_property_loss=draft.direct_property_loss, direct_economic_loss=draft.direct_economic_loss,
        )  # fmt: skip
        events = self.timeline.events(draft, self._status(draft))
        return draft, self.timeline.status_after(events), grade_fire(facts, self.grade_rules).value, events

    def _unit(self, place: str, district: str, person: str) -> str:
        pattern = self.rng.choice(words.UNIT_PATTERNS.get(place, ("",)))
        trade = self.rng.choice(words.TRADE_NAMES)
        return pattern.format(trade=trade, person=person, district=district, street=self.rng.choice(words.STREETS))

    def _address(self, place: str, district: str) -> str:
        rng = self.rng
        street = rng.choice(words.STREETS)
        if place == "户外":
            return f"{district}{street}与{rng.choice(words.STREETS)}交叉口附近"
        if place == "交通工具":
            return f"{district}{street}{rng.randint(1, 400)}号附近路段"
        address = f"{district}{street}{rng.randint(1, 600)}号"
        if place == "住宅":
            floor = rng.randint(1, 18)
            address += f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{floor}{rng.randint(1, 4):02d}室"
        return address

    def _casualties_and_losses(self, draft: CaseDraft) -> None:
        rng = self.rng
        if rng.random() < 0.005:
            draft.deaths = rng.choices((1, 2, 3, 4, 6, 12), weights=(86, 12.5, 1, 0.4, 0.08, 0.02))[0]
        if rng.random() < 0.01:
            draft.serious_injuries = rng.choices((1, 2, 3, 5, 12), weights=(78, 15, 5, 1.8, 0.2))[0]
        if rng.random() < 0.03:
            draft.minor_injuries = rng.randint(1, 4)
        if rng.random() < LARGE_FIRE_SHARE:
            loss = rng.lognormvariate(math.log(1_500_000), 1.4)
        else:
            loss = rng.lognormvariate(math.log(3000 * LOSS_SCALE.get(draft.place_type, 1.0)), 1.8)
        loss = min(loss, LOSS_CAP)
        # Declared losses are mostly whole yuan; some carry fen.
        fen = round(loss * 100) if rng.random() < 0.2 else round(loss) * 100
        draft.direct_property_loss = Decimal(fen).scaleb(-2)
        # XF 185: economic loss adds scene handling and the cost of casualties to the property loss.
        handling = round(loss * rng.uniform(0.03, 0.25)) + rng.randint(300, 5000)
        casualty_cost = draft.deaths * rng.randint(300_000, 1_000_000) + draft.serious_injuries * rng.randint(
            50_000, 200_000
        ) + draft.minor_injuries * rng.randint(2_000, 20_000)  # fmt: skip
        draft.direct_economic_loss = draft.direct_property_loss + handling + casualty_cost
        if draft.place_type == "交通工具":
            area = rng.uniform(2, 15)
        elif draft.place_type == "户外":
            area = rng.uniform(5, 800)
        else:
            area = min(20_000.0, max(0.5, loss / rng.uniform(300, 1500)))
        draft.burned_area_m2 = Decimal(round(area * 10)).scaleb(-1)
        if draft.place_type == "住宅":
            draft.affected_households = rng.choices((1, 2, 3, 6, 15), weights=(90, 6, 2.5, 1.2, 0.3))[0]
        else:
            draft.affected_households = 1 if rng.random() < 0.2 else 0

    def _parties(self, draft: CaseDraft, person: str) -> list[PartyDraft]:
        rng = self.rng
        if draft.place_type == "住宅" or not draft.unit_name:
            parties = [PartyDraft(person, PartyRole.OWNER, self._id_number(), self._mobile())]
        else:
            parties = [PartyDraft(draft.unit_name, PartyRole.RESPONSIBLE_UNIT, self._credit_code(), self._landline())]
        if rng.random() < 0.3:
            parties.append(PartyDraft(self._person(), PartyRole.OCCUPANT, self._id_number(), self._mobile()))
        if draft.casualties and len(parties) < 3:
            parties.append(PartyDraft(self._person(), PartyRole.VICTIM, self._id_number(), self._mobile()))
        if draft.cause_category == ARSON_CAUSE and len(parties) < 3:
            parties.append(PartyDraft(self._person(), PartyRole.SUSPECT, self._id_number(), ""))
        return parties

    def _person(self) -> str:
        return self.rng.choice(words.SURNAMES) + self.rng.choice(("某某", "某"))

    def _id_number(self) -> str:
        """A well-formed 18-digit resident identity number (valid check digit) of an invented person."""
        rng = self.rng
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        body = f"{self.region}{rng.randint(1, 18):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        check = sum(int(d) * w for d, w in zip(body, _ID_CHECK_WEIGHTS)) % 11
        return body + "10X98765432"[check]

    def _credit_code(self) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        return f"91{self.region}00" + "".join(self.rng.choices(alphabet, k=10))

    def _mobile(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randrange(10**9):09d}"

    def _landline(self) -> str:
        return f"025-{self.rng.randrange(5_000_000, 9_000_000)}"

    def _status(self, draft: CaseDraft) -> CaseStatus:
        rng = self.rng
        # No voided cases: the demo should list exactly as many cases as were asked for.
        age_days = (self.end - draft.alarm_time).days  # type: ignore[operator]
        if draft.procedure == Procedure.SIMPLE:  # determined on the spot, filed within days, never reviewed
            return CaseStatus.CLOSED if age_days > 7 else CaseStatus.DETERMINED
        for older_than, statuses, weights in _STATUS_BY_AGE:
            if age_days > older_than:
                return rng.choices(statuses, weights=weights)[0]
        return CaseStatus.REGISTERED

    def _dispatch(self, draft: CaseDraft) -> str:
        # Bigger fires bring more stations; about five firefighters per engine.
        engines = 1 + min(20, int(math.sqrt(float(draft.burned_area_m2)) / 3)) + self.rng.randint(0, 1)
        suffixes = ("", "东", "西")[: 1 + engines // 6]
        stations = "、".join(f"{draft.district[:2]}{suffix}消防救援站" for suffix in suffixes)
        return f"{stations}，消防车{engines}辆、指战员{engines * 5 + self.rng.randint(0, 4)}名"

    def _summary(self, draft: CaseDraft, zone: ZoneInfo) -> str:
        local = draft.alarm_time.astimezone(zone)  # type: ignore[union-attr]
        where = draft.unit_name or draft.address
        if draft.cause_category == UNDETERMINED_CAUSE:
            cause = f"起火原因无法认定，列为{UNDETERMINED_CAUSE}"
        else:
            detail = f"（{draft.cause_detail}）" if draft.cause_detail not in ("", "其他") else ""
            cause = f"起火原因认定为{draft.cause_category}{detail}"
        if draft.casualties:
            hurt = f"造成{draft.deaths}人死亡、{draft.serious_injuries}人重伤、{draft.minor_injuries}人轻伤"
        else:
            hurt = "无人员伤亡"
        return (
            f"{local:%Y年%m月%d日%H时%M分}接警，{where}发生火灾，起火部位位于{draft.ignition_area}，{cause}。"
            f"过火面积约{draft.burned_area_m2}平方米，{hurt}。"
        )
