"""How the lists of the 闭环管理 tab show a loop's items, one row each: accountability entries, prevention
recommendations and corrective measures (deadline coloured when due or late, verdict, evidence, referral)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from fireinvest.rules.closed_loop import REFERRABLE_VERDICTS, short_text
from fireinvest.services.loop.case_loop import AccountabilityRecord, CaseLoop, MeasureRecord, RecommendationRecord
from fireinvest.ui.widgets.deadline_style import MET_COLOUR, OVERDUE_COLOUR
from fireinvest.ui.widgets.item_table import Cell, measure_deadline_cells

ACCOUNTABILITY_HEADERS = (
    "责任单位或人员",
    "类别",
    "追责措施",
    "违反的法律条款",
    "处理机关",
    "办理状态",
    "处理日期",
    "来源",
)
RECOMMENDATION_HEADERS = ("建议对象", "对象类别", "防范建议", "事故教训", "整改措施")
MEASURE_HEADERS = (
    "整改措施",
    "责任单位",
    "整改期限",
    "期限状态",
    "整改状态",
    "核查",
    "评估结论",
    "完成证明",
    "移交追责",
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("loop", text)


def accountability_cells(e: AccountabilityRecord) -> list:
    """Party, kind, measure, legal basis (the breach in its tooltip), deciding body, status, date, source."""
    d = e.draft
    source = _tr("整改评估移交") if e.referred_measure_id is not None else ""
    return [d.party, d.party_kind.label, d.measure.label, Cell(d.legal_basis, tooltip=d.breach), d.deciding_body,
            d.status.label, d.decided_on.isoformat() if d.decided_on else "", source]  # fmt: skip


def recommendation_cells(r: RecommendationRecord, loop: CaseLoop) -> list:
    """Addressee, kind, recommendation, lesson, and how many measures carry it out."""
    carried = sum(1 for m in loop.measures if m.draft.recommendation_id == r.id)
    d = r.draft
    return [d.addressee, d.addressee_kind.label, Cell(d.recommendation, tooltip=d.recommendation),
            Cell(short_text(d.lesson, 30), tooltip=d.lesson), str(carried) if carried else ""]  # fmt: skip


def measure_cells(m: MeasureRecord, today) -> list:
    """Measure, owner, deadline and how it stands, progress, check, verdict, evidence files, referral."""
    d = m.draft
    verified = f"{d.verified_by} {d.verified_on.isoformat()}" if d.verified_on else ""
    verdict = m.verdict.label if m.verdict else ""
    verdict_colour = MET_COLOUR if m.verdict and m.verdict not in REFERRABLE_VERDICTS else OVERDUE_COLOUR
    files = "\n".join(a.original_name for a in m.attachments)
    return [
        Cell(m.title, tooltip=d.description), d.owner,
        *measure_deadline_cells(d.deadline, d.status, m.verdict, today), d.status.label, verified,
        Cell(verdict, verdict_colour if verdict else None, m.verdict_note),
        Cell(str(len(m.attachments)) if m.attachments else "", tooltip=files),
        _tr("已移交") if m.referred_entry_id is not None else "",
    ]  # fmt: skip
