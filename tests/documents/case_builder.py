"""A case with everything its documents draw on: investigators, a scene inspection, an interview, evidence with a
laboratory report, photos, and a timeline up to the served determination — each recorded through its use case, as
a user would."""

from __future__ import annotations

import io
from dataclasses import dataclass

from fireinvest.rules.custody import CustodyKind, CustodyStep
from fireinvest.rules.records import InspectionDraft, Inspector, InterviewDraft, QuestionAnswer
from fireinvest.rules.workflow import EventType
from fireinvest.services import cases, evidence, records, workflow
from fireinvest.services.attachments.intake import AttachmentKind, AttachmentRecord, add_attachment
from fireinvest.services.changes import Part
from fireinvest.services.front_door import Workstation, writes
from fireinvest.services.people import PersonRecord, save_person
from fireinvest.services.unit_of_work import UnitOfWork
from tests.factories import local, make_draft, make_photo

LAB = "某省消防救援总队火灾物证鉴定中心"
DISASTER_CAUSES = "住户发现起火后未及时报警，自行扑救延误约十分钟。\n楼道堆放杂物，火势沿楼道蔓延。"


@dataclass(frozen=True)
class BuiltCase:
    id: int
    number: str
    inspection_id: int
    interview_id: int
    evidence_numbers: tuple[str, ...]


@writes
def attach(
    uow: UnitOfWork, case_id: int, data: bytes, original_name: str, kind: AttachmentKind | str | None = None,
    caption: str = "",
) -> AttachmentRecord:  # fmt: skip
    """File one attachment given as bytes, with its own name and caption (the intake use case takes files)."""
    uow.lock_case(case_id)
    record = add_attachment(uow.session, uow.actor, case_id, io.BytesIO(data), original_name=original_name, kind=kind,
                            caption=caption)  # fmt: skip
    uow.changed(case_id, Part.ATTACHMENTS)
    return record


def _step(workstation: Workstation, case_id: int, kind: EventType, when, details=None, performer: str = "") -> None:
    version = cases.get_case(workstation, case_id).version
    workflow.record_step(workstation, case_id, version, kind, when, details or {}, performer)


def build_case(workstation: Workstation, *, determine: bool = True, **overrides) -> BuiltCase:
    """Register the case and record its investigation; `determine=False` stops before the hearing."""
    ws = workstation
    lead = save_person(ws, PersonRecord(None, "张明", "某市玄武区消防救援大队", "火灾调查员", "FD0012")).value
    other = save_person(ws, PersonRecord(None, "李强", "某市玄武区消防救援大队", "高级工程师")).value
    facts = {"disaster_causes": DISASTER_CAUSES, **overrides}
    draft = make_draft(lead_investigator_id=lead.id, other_investigator_ids=[other.id], **facts)
    case = cases.create_case(ws, draft).value
    _step(ws, case.id, EventType.INVESTIGATION_STARTED, local(2026, 3, 1, 12))
    inspection = records.create_inspection(ws, case.id, InspectionDraft(
        local(2026, 3, 1, 13), local(2026, 3, 1, 16, 30), "玄武区中山路100号3栋502室",
        [Inspector("张明", "某市玄武区消防救援大队", "火灾调查员"),
         Inspector("李强", "某市玄武区消防救援大队", "高级工程师")],
        "赵某（物业管理员）", "晴", "东北风2级", "12℃", "自然光，辅以手电照明",
        "该住宅楼为六层砖混结构，502室位于五层东侧。", "厨房烟熏最重，客厅次之。", "冰箱背部压缩机附近导线有熔痕。",
        "",  # no special inspection: its section is struck through
    )).value  # fmt: skip
    interview = records.create_interview(ws, case.id, InterviewDraft(
        "王某某", "320102198001011234", "当事人", "13800000000", local(2026, 3, 1, 17), local(2026, 3, 1, 17, 40),
        "玄武区消防救援大队询问室", ["张明", "李强"],
        [QuestionAnswer("请讲一下起火经过。", "我闻到焦糊味，发现冰箱后面冒烟。"),
         QuestionAnswer("起火前冰箱是否正常？", "")],
    )).value  # fmt: skip
    numbers = []
    for minute, name in enumerate(("导线熔痕", "插座残骸")):
        item = evidence.register_evidence(ws, case.id, evidence.EvidenceDraft(
            name, local(2026, 3, 1, 14, minute), "张明", found_position="厨房冰箱背部", measurements="长约12厘米",
            witness="赵某", seal_number=f"FZ-00{minute + 1}", photo_refs=f"P{minute + 3}")).value  # fmt: skip
        numbers.append(item.evidence_number)
        if minute == 0:
            evidence.record_custody(
                ws,
                item.id,
                CustodyStep(
                    CustodyKind.SENT_TO_LAB, local(2026, 3, 2), "张明", LAB, purpose="熔痕鉴定", signed_by="张明"
                ),
            )
            evidence.record_custody(ws, item.id, CustodyStep(
                CustodyKind.REPORT_RECEIVED, local(2026, 3, 10), LAB, "张明", signed_by="张明",
                note="鉴定意见书 JD-2026-015"))  # fmt: skip
    for n in range(3):
        attach(ws, case.id, make_photo((320 + n, 240)), f"现场{n}.jpg")
    if determine:
        _step(ws, case.id, EventType.HEARING_HELD, local(2026, 3, 20), {"place": "大队会议室"}, "张明")
        _step(ws, case.id, EventType.DETERMINED, local(2026, 3, 25))
        _step(ws, case.id, EventType.SERVED, local(2026, 3, 26), {"method": "in_person"}, "张明")
    return BuiltCase(case.id, case.case_number, inspection.id, interview.id, tuple(numbers))


def add_review_and_loop(workstation: Workstation, case_id: int) -> None:
    """A concluded expert review of the cause and the first three stages of the closed loop."""
    import datetime as dt

    from fireinvest.rules.closed_loop import AccountabilityMeasure, AddresseeKind
    from fireinvest.rules.expert_review import ExpertOpinion, ReviewDraft
    from fireinvest.rules.loop_items import AccountabilityDraft, MeasureDraft, RecommendationDraft
    from fireinvest.services.experts import ExpertRecord, save_expert
    from fireinvest.services.loop import items as loop_items
    from fireinvest.services.reviews import lifecycle as reviews

    ws = workstation
    expert = save_expert(ws, ExpertRecord(None, "周工", "某大学", "电气火灾", "教授")).value
    review = reviews.create_review(
        ws,
        case_id,
        ReviewDraft(
            held_on=dt.date(2026, 3, 18),
            place="支队会议室",
            question="起火原因是否为电气短路",
            opinions=[ExpertOpinion(expert.id, "熔痕为一次短路熔痕。")],
            conclusion="同意认定为电气线路短路引发火灾。",
        ),
    ).value
    reviews.conclude_review(ws, review.id, review.version)
    loop_items.create_accountability(
        ws,
        case_id,
        AccountabilityDraft(
            "某物业公司",
            AccountabilityMeasure.ADMINISTRATIVE_PENALTY,
            breach="未及时清理楼道堆放的杂物",
            legal_basis="《中华人民共和国消防法》第二十八条",
        ),
    )
    loop_items.create_recommendation(
        ws,
        case_id,
        RecommendationDraft(
            "开展老旧小区电气线路排查", "玄武区人民政府", AddresseeKind.GOVERNMENT, lesson="老旧住宅电气线路老化"
        ),
    )
    loop_items.create_measure(
        ws, case_id, MeasureDraft("清理楼道杂物并设置巡查制度", "某物业公司", dt.date(2026, 6, 30))
    )
