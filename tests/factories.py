"""Builders for realistic test input, so each test states only what matters to it, and the procedural steps that
take a stored case along its timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from fireinvest.rules.case_facts import CaseDraft, PartyDraft, PartyRole, Procedure
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence, experts, workflow
from fireinvest.services.experts import ExpertRecord
from fireinvest.services.front_door import Workstation

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def make_draft(**overrides) -> CaseDraft:
    """A valid general-procedure case of an electrical fire in a dwelling; override any fact."""
    values = dict(
        alarm_time=local(2026, 3, 1, 10, 5),
        extinguished_time=local(2026, 3, 1, 11, 30),
        ignition_time=local(2026, 3, 1, 9, 50),
        address="玄武区中山路100号3栋502室",
        district="玄武区",
        place_type="住宅",
        unit_name="王某某住宅",
        procedure=Procedure.GENERAL,
        summary="厨房冰箱背部起火，蔓延至客厅。",
        dispatched_units="玄武消防救援站，消防车2辆、指战员10名",
        disaster_causes="住户发现较晚，初期处置不当；厨房门未关闭，火势经门洞蔓延至客厅。",
        ignition_area="厨房",
        ignition_point="冰箱压缩机附近",
        cause_category="电气",
        cause_detail="短路",
        cause_finding="冰箱压缩机启动器接线端子短路，产生的高温熔珠引燃周围可燃物",
        burned_area_m2=Decimal("25.50"),
        direct_property_loss=Decimal("30000.00"),
        direct_economic_loss=Decimal("32000.00"),
        parties=[PartyDraft("王某某", PartyRole.OWNER, "320102198001011234", "13800000000")],
    )
    values.update(overrides)
    return CaseDraft(**values)


# The general procedure up to the determination, for a case of make_draft() (alarm 2026-03-01 10:05).
STEPS_TO_DETERMINATION = (
    (EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12), {}),
    (EventType.HEARING_HELD, local(2026, 3, 20), {}),
    (EventType.DETERMINED, local(2026, 3, 25), {"cause_category": "电气"}),
)


def take_step(db, actor, case_id: int, kind: EventType, when: dt.datetime, **details):
    """Record one procedural step of a stored case, each in its own unit of work, at the case's current version."""
    workstation = Workstation(db, actor)
    version = cases.get_case(workstation, case_id).version
    return workflow.record_step(workstation, case_id, version, kind, when, details).value


def take_steps(db, actor, case_id: int, steps=STEPS_TO_DETERMINATION) -> None:
    """Record the steps (kind, time, details) one after the other."""
    for kind, when, details in steps:
        take_step(db, actor, case_id, kind, when, **details)


SIMPLE_DETERMINATION = ((EventType.SIMPLE_DETERMINED, local(2026, 3, 1, 12), {}),)


def determine(workstation: Workstation, case_id: int) -> None:
    """Give a stored case of make_draft() one evidence item (the 认定书's basis) and its timeline up to the
    determination (the on-site one for the simple procedure): the facts a determination document states."""
    evidence.register_evidence(workstation, case_id, evidence.EvidenceDraft("导线熔痕", local(2026, 3, 1, 14), "张明"))
    simple = cases.get_case(workstation, case_id).facts.procedure == Procedure.SIMPLE
    take_steps(workstation.database, workstation.actor, case_id,
               SIMPLE_DETERMINATION if simple else STEPS_TO_DETERMINATION)  # fmt: skip


def determined_case(workstation: Workstation, **overrides) -> int:
    """A case of make_draft(**overrides), determined (see `determine`)."""
    case_id = cases.create_case(workstation, make_draft(**overrides)).value.id
    determine(workstation, case_id)
    return case_id


# The register's experts: name, unit, specialty, title.
EXPERTS = (
    ("陈立新", "应急管理部天津消防研究所", "电气火灾", "研究员"),
    ("刘建华", "某省消防救援总队", "火灾调查", "高级工程师"),
    ("王海燕", "某工业大学", "火灾动力学", "教授"),
    ("赵文斌", "某电力科学研究院", "电气线路", "高级工程师"),
)


def register_experts(db, actor, count: int = len(EXPERTS)) -> list[int]:
    """The first `count` experts of EXPERTS in the register; their ids in that order."""
    workstation = Workstation(db, actor)
    saved = [experts.save_expert(workstation, ExpertRecord(None, *person)).value for person in EXPERTS[:count]]
    return [expert.id for expert in saved if expert.id is not None]


def make_photo(
    size: tuple[int, int] = (640, 480),
    *,
    taken: str | None = "2026:03:01 09:55:00",
    offset: str | None = None,
    orientation: int | None = None,
    quality: int = 90,
) -> bytes:
    """A JPEG as a camera writes it: EXIF DateTimeOriginal (and OffsetTimeOriginal, Orientation when given)."""
    import io

    from PIL import Image

    image = Image.linear_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    exif_ifd = exif.get_ifd(0x8769)
    if taken is not None:
        exif_ifd[0x9003] = taken
    if offset is not None:
        exif_ifd[0x9011] = offset
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=quality)
    return out.getvalue()
