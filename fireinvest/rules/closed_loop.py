"""The closed loop of an investigated fire as plain values (DOMAIN.md section 7): which fires need one, when the
rectification assessment is due, what stage a loop has reached, and what is still missing before it may close.

    责任追究 accountability -> 事故防范 prevention -> 措施改进 corrective measures -> 整改评估 rectification assessment

A loop is closed when the assessment report is issued, and the report may only be issued once every other item is
in place (see `loop_closure_problems`); so "closed" needs no column of its own: it is the report's filing date.
The checks of the single items (drafts and their validation) are in rules/loop_items.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self


class _Labelled(StrEnum):
    """A code stored in the database with the Chinese name a user sees."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @classmethod
    def of(cls, text: str) -> Self:
        """The member named by its code (`done`) or its Chinese name (`已落实`); ValueError otherwise."""
        for member in cls:
            if text in (member.value, member.label):
                return member
        raise ValueError(text)


class AccountabilityMeasure(_Labelled):
    CRIMINAL_REFERRAL = "criminal_referral"
    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    DISCIPLINE_REFERRAL = "discipline_referral"
    SECTOR_REFERRAL = "sector_referral"


class AccountabilityStatus(_Labelled):
    PROPOSED = "proposed"
    REFERRED = "referred"
    DECIDED = "decided"
    CLOSED = "closed"


class PartyKind(_Labelled):
    UNIT = "unit"
    PERSON = "person"


class AddresseeKind(_Labelled):
    UNIT = "unit"
    SECTOR = "sector"
    GOVERNMENT = "government"


class MeasureStatus(_Labelled):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Verdict(_Labelled):
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


class LoopStage(_Labelled):
    """How far a case's loop has come, in the order of the four stages; CLOSED once the report is issued."""

    NOT_STARTED = "not_started"
    ACCOUNTABILITY = "accountability"
    PREVENTION = "prevention"
    MEASURES = "measures"
    ASSESSMENT = "assessment"
    CLOSED = "closed"


_LABELS: dict[str, dict[str, str]] = {
    "AccountabilityMeasure": {
        "criminal_referral": "移送公安机关（失火罪/消防责任事故罪）",
        "administrative_penalty": "行政处罚",
        "discipline_referral": "移送纪检监察机关",
        "sector_referral": "移送行业主管部门",
    },
    "AccountabilityStatus": {"proposed": "拟追责", "referred": "已移送", "decided": "已作出处理", "closed": "已办结"},
    "PartyKind": {"unit": "单位", "person": "个人"},
    "AddresseeKind": {"unit": "单位", "sector": "行业主管部门", "government": "地方政府（街道、乡镇）"},
    "MeasureStatus": {"planned": "未开始", "in_progress": "整改中", "completed": "已完成"},
    "Verdict": {"done": "已落实", "partly": "部分落实", "not_done": "未落实"},
    "LoopStage": {
        "not_started": "未启动",
        "accountability": "责任追究",
        "prevention": "事故防范",
        "measures": "措施改进",
        "assessment": "整改评估",
        "closed": "已闭环",
    },
}

# Statuses in which the deciding body has acted: the entry then names who decided and when.
DECIDED_STATUSES = frozenset({AccountabilityStatus.DECIDED, AccountabilityStatus.CLOSED})
# Verdicts that send a measure back to accountability (安全生产法 Art. 86: 对……没有落实的……追究责任).
REFERRABLE_VERDICTS = frozenset({Verdict.PARTLY, Verdict.NOT_DONE})
REFERRAL_LEGAL_BASIS = "《中华人民共和国安全生产法》第八十六条"


# --- which fires need a loop, and when the assessment is due ------------------------------------------------------


@dataclass(frozen=True)
class LoopRule:
    """When a fire needs a closed loop, and the assessment window in months after the case's closure."""

    min_deaths: int | None = 1
    min_serious_injuries: int | None = None
    grades: frozenset[str] = frozenset({"较大", "重大", "特别重大"})
    window_opens_months: int = 10
    window_due_months: int = 12


def parse_loop_rule(data: Mapping[str, Any]) -> LoopRule:
    """The rule from its reference structure (resources/reference/closed_loop.json or a stored override)."""
    when, window = data["required_when"], data["assessment_window_months"]

    def bound(key: str) -> int | None:
        value = when.get(key)
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValueError(f"{key} must be a positive whole number or null")
        return value

    opens, due = int(window["opens"]), int(window["due"])
    if not 0 <= opens <= due:
        raise ValueError("assessment window: opens must not come after due")
    return LoopRule(bound("min_deaths"), bound("min_serious_injuries"), frozenset(when.get("grades", ())), opens, due)


@dataclass(frozen=True)
class LoopFacts:
    """The facts of a case the loop rule looks at."""

    deaths: int
    serious_injuries: int
    fire_grade: str


def loop_required_reasons(facts: LoopFacts, rule: LoopRule) -> list[str]:
    """Why this fire must end in a closed loop; empty when the rule does not require one."""
    reasons = []
    if rule.min_deaths is not None and facts.deaths >= rule.min_deaths:
        reasons.append(f"造成{facts.deaths}人死亡")
    if rule.min_serious_injuries is not None and facts.serious_injuries >= rule.min_serious_injuries:
        reasons.append(f"造成{facts.serious_injuries}人重伤")
    if facts.fire_grade in rule.grades:
        reasons.append(f"火灾等级为{facts.fire_grade}")
    return reasons


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when that month is shorter (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class AssessmentWindow:
    """The rectification assessment may be carried out from `opens` and must be finished by `due` (both included)."""

    opens: dt.date
    due: dt.date

    @property
    def basis(self) -> str:
        return f"结案后 {self.opens.isoformat()} 至 {self.due.isoformat()} 期间开展整改评估（{REFERRAL_LEGAL_BASIS}）"


def assessment_window(closed_on: dt.date, rule: LoopRule) -> AssessmentWindow:
    """The assessment window of a case closed on `closed_on`."""
    return AssessmentWindow(
        add_months(closed_on, rule.window_opens_months), add_months(closed_on, rule.window_due_months)
    )


def window_not_open_problem(closed_on: dt.date | None, rule: LoopRule, today: dt.date) -> str | None:
    """Why verdicts and the report cannot be recorded today: the case is not closed or the window has not opened.

    Verdicts wait for the window because the assessment checks what was carried out 10 to 12 months after closure;
    a verdict given earlier would judge measures whose deadlines may not even have passed.
    """
    if closed_on is None:
        return "案件尚未结案，结案后才能开展整改评估。"
    window = assessment_window(closed_on, rule)
    if today < window.opens:
        return f"整改评估自 {window.opens.isoformat()} 起方可进行（结案后{rule.window_opens_months}个月）。"
    return None


# --- where a loop stands ------------------------------------------------------------------------------------------


def measure_is_open(status: MeasureStatus, verdict: Verdict | None) -> bool:
    """A measure still to be carried out: not completed and not yet judged by the assessment."""
    return verdict is None and status != MeasureStatus.COMPLETED


def measure_is_overdue(deadline: dt.date, status: MeasureStatus, verdict: Verdict | None, today: dt.date) -> bool:
    """An open measure whose last day has passed."""
    return measure_is_open(status, verdict) and deadline < today


def loop_stage(
    accountability: int, recommendations: int, measures: int, assessment_started: bool, report_filed: bool
) -> LoopStage:
    """The furthest stage that has items: the loop's progress as the board and the case's loop tab show it."""
    if report_filed:
        return LoopStage.CLOSED
    if assessment_started:
        return LoopStage.ASSESSMENT
    for count, stage in ((measures, LoopStage.MEASURES), (recommendations, LoopStage.PREVENTION),
                         (accountability, LoopStage.ACCOUNTABILITY)):  # fmt: skip
        if count:
            return stage
    return LoopStage.NOT_STARTED


@dataclass(frozen=True)
class MeasureState:
    """What closure needs to know of one measure."""

    description: str
    verdict: Verdict | None
    referred: bool  # an accountability entry was created from it


@dataclass(frozen=True)
class LoopSnapshot:
    """Everything of a case's loop that decides whether it may close."""

    closed_on: dt.date | None  # the case's closure (结案)
    accountability_entries: int
    recommendations: int
    measures: Sequence[MeasureState]
    assessment_recorded: bool  # the assessment names its team and the day of the on-site check
    report_filed_on: dt.date | None


def short_text(text: str, limit: int = 24) -> str:
    """A long description cut for a message or a list, with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def loop_closure_problems(snapshot: LoopSnapshot, rule: LoopRule, today: dt.date) -> list[str]:
    """Every item still missing before the loop may close, in the order of the stages; empty when it may."""
    problems = []
    window_problem = window_not_open_problem(snapshot.closed_on, rule, today)
    if window_problem:
        problems.append(window_problem)
    if not snapshot.accountability_entries:
        problems.append("尚无责任追究记录（责任单位或人员、违反的法律条款、追责措施）。")
    if not snapshot.recommendations:
        problems.append("尚无事故防范建议。")
    if not snapshot.measures:
        problems.append("尚无整改措施。")
    for measure in snapshot.measures:
        name = short_text(measure.description)
        if measure.verdict is None:
            problems.append(f"措施“{name}”尚无评估结论。")
        elif measure.verdict in REFERRABLE_VERDICTS and not measure.referred:
            problems.append(f"措施“{name}”评估为{measure.verdict.label}，尚未移交责任追究。")
    if not snapshot.assessment_recorded:
        problems.append("整改评估尚未记录评估组成员和现场核查日期。")
    if snapshot.report_filed_on is None:
        problems.append("整改评估报告尚未印发。")
    return problems
