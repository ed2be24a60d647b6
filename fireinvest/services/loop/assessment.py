"""The rectification assessment (整改评估) of a case's loop: the assessment itself, a verdict on every measure, the
referral of what was not carried out back to accountability, the files that prove completion or hold the report,
and closing the loop by issuing the report.

When verdicts may be given: once the case is closed and its assessment window has opened (10 months after closure
by default, rules/closed_loop.py), because the assessment judges what was done in the year after the fire's case
was closed. Closing the loop is issuing the report: `close_loop` records the report's number and date only when
nothing else is missing, and names every missing item otherwise; from then on the loop is read-only.

Use cases (all write, all change Part.LOOP of the case; linking files also Part.ATTACHMENTS): save_assessment,
record_verdict, refer_back, close_loop, attach_measure_evidence, attach_assessment_report, detach_loop_attachment,
and relink_loop_files (the picker's choice applied in one transaction). Each locks the case first, so "closing needs
every verdict" and "a closed loop is read-only" hold with two workstations writing at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from fireinvest.clock import utc_now
from fireinvest.errors import FieldError, NotFound, ValidationFailed
from fireinvest.models import AccountabilityEntry, Attachment, CorrectiveMeasure, FireCase, RectificationAssessment
from fireinvest.rules.case_facts import CaseStatus
from fireinvest.rules.closed_loop import (
    REFERRABLE_VERDICTS,
    REFERRAL_LEGAL_BASIS,
    AccountabilityMeasure,
    AccountabilityStatus,
    PartyKind,
    Verdict,
    assessment_window,
    loop_closure_problems,
    short_text,
    window_not_open_problem,
)
from fireinvest.rules.loop_items import AccountabilityDraft, AssessmentDraft, validate_assessment, validate_report
from fireinvest.services.changes import Part
from fireinvest.services.documents.register import current_document
from fireinvest.services.front_door import writes
from fireinvest.services.loop.case_loop import (
    AccountabilityRecord,
    AssessmentRecord,
    CaseLoop,
    MeasureRecord,
    accountability_record,
    assessment_record,
    loop_of,
    loop_rows_of_cases,
    loop_snapshot,
    measure_record,
)
from fireinvest.services.loop.guard import case_of_row, loop_open_for_writing, loop_row_for_writing, raise_if
from fireinvest.services.loop.items import draft_columns, measure_name, stripped
from fireinvest.services.unit_of_work import UnitOfWork


def _assessment_of(session: Session, case_id: int) -> RectificationAssessment | None:
    return session.scalars(
        select(RectificationAssessment).where(RectificationAssessment.case_id == case_id)
    ).one_or_none()


def _assessment_name(case: FireCase) -> str:
    """How a refusal names a case's assessment."""
    return f"案件 {case.case_number} 的整改评估"


@writes
def save_assessment(
    uow: UnitOfWork, case_id: int, expected_version: int | None, draft: AssessmentDraft, today: dt.date | None = None
) -> AssessmentRecord:
    """Create (expected_version None) or update the case's assessment: team, on-site check, findings. The report
    itself is issued with close_loop."""
    session = uow.session
    ctx = loop_open_for_writing(uow, case_id, today)
    if ctx.closed_on is None:
        raise ValidationFailed([FieldError("case", f"案件 {ctx.case.case_number} 尚未结案，结案后才能开展整改评估。")])
    draft = stripped(draft)
    row = _assessment_of(session, case_id)
    if row is None and expected_version is not None:
        raise NotFound(f"案件 {ctx.case.case_number} 的整改评估不存在，可能已被删除。")
    if row is not None:
        if expected_version is None:
            raise ValidationFailed([FieldError("case", f"案件 {ctx.case.case_number} 已有整改评估，请刷新后修改。")])
        uow.check_version(row, expected_version, _assessment_name(ctx.case))
    raise_if(validate_assessment(draft, ctx.closed_on, ctx.today))
    if row is None:
        row = RectificationAssessment(case_id=case_id)
        session.add(row)
    row.team, row.visited_on, row.findings = draft.team, draft.visited_on, draft.findings
    row.updated_at, row.updated_by = utc_now(), uow.actor.name
    uow.flush()
    uow.changed(case_id, Part.LOOP)
    return assessment_record(row)


def _missing_measure(measure_id: int) -> str:
    return f"整改措施（内部编号 {measure_id}）不存在，可能已被删除。"


def _referral_of(session: Session, measure_id: int) -> int | None:
    return session.scalar(select(AccountabilityEntry.id).where(AccountabilityEntry.referred_measure_id == measure_id))


@writes
def record_verdict(
    uow: UnitOfWork, measure_id: int, expected_version: int, verdict: Verdict | None, note: str = "",
    today: dt.date | None = None,
) -> MeasureRecord:  # fmt: skip
    """The assessment's verdict on one measure (None withdraws it); allowed once the assessment window is open."""
    session = uow.session
    row, ctx = loop_row_for_writing(uow, CorrectiveMeasure, measure_id, _missing_measure(measure_id), today)
    uow.check_version(row, expected_version, measure_name(row))
    problem = window_not_open_problem(ctx.closed_on, ctx.rule, ctx.today)
    if problem is not None:
        raise ValidationFailed([FieldError("verdict", problem)])
    referral = _referral_of(session, measure_id)
    if referral is not None and verdict not in REFERRABLE_VERDICTS:
        message = (
            "该措施已按评估结论移交责任追究，结论只能是“部分落实”或“未落实”；如需更正，请先删除对应的责任追究记录。"
        )
        raise ValidationFailed([FieldError("verdict", message)])
    row.verdict, row.verdict_note = (verdict.value if verdict else None), note.strip()
    row.updated_at, row.updated_by = utc_now(), uow.actor.name
    uow.flush()
    uow.changed(row.case_id, Part.LOOP)
    return measure_record(row, ctx.today, referral)


@writes
def refer_back(
    uow: UnitOfWork, measure_id: int, expected_version: int, *,
    measure: AccountabilityMeasure = AccountabilityMeasure.DISCIPLINE_REFERRAL, deciding_body: str = "",
    legal_basis: str = REFERRAL_LEGAL_BASIS,
) -> AccountabilityRecord:  # fmt: skip
    """Refer a measure the assessment found partly or not carried out back to accountability: a new entry against
    the measure's owner that names the measure (安全生产法 Art. 86)."""
    session = uow.session
    row, ctx = loop_row_for_writing(uow, CorrectiveMeasure, measure_id, _missing_measure(measure_id))
    uow.check_version(row, expected_version, measure_name(row))
    verdict = Verdict(row.verdict) if row.verdict else None
    if verdict not in REFERRABLE_VERDICTS:
        shown = verdict.label if verdict else "尚无评估结论"
        message = f"只有评估为“部分落实”或“未落实”的措施才能移交责任追究（该措施：{shown}）。"
        raise ValidationFailed([FieldError("verdict", message)])
    if _referral_of(session, measure_id) is not None:
        raise ValidationFailed([FieldError("measure", "该措施已经移交责任追究。")])
    assert verdict is not None
    breach = f"未按期落实整改措施“{short_text(row.description, 60)}”（整改评估结论：{verdict.label}）。"
    draft = stripped(AccountabilityDraft(row.owner, measure, PartyKind.UNIT, breach, legal_basis, deciding_body,
                                         AccountabilityStatus.PROPOSED))  # fmt: skip
    if not draft.legal_basis:
        raise ValidationFailed([FieldError("legal_basis", "请填写违反的法律条款。")])
    entry = AccountabilityEntry(case_id=ctx.case.id, referred_measure_id=row.id, updated_at=utc_now(),
                                updated_by=uow.actor.name, **draft_columns(draft))  # fmt: skip
    session.add(entry)
    uow.flush()
    uow.changed(ctx.case.id, Part.LOOP)
    return accountability_record(entry)


ASSESSMENT_REPORT_KIND = "assessment_report"  # its kind in resources/reference/document_kinds.json


@writes
def close_loop(
    uow: UnitOfWork, case_id: int, expected_version: int, report_number: str, filed_on: dt.date,
    today: dt.date | None = None,
) -> CaseLoop:  # fmt: skip
    """Issue the assessment report and so close the loop; refused, with every missing item named, until all else
    is in place. `expected_version` is the assessment's. A blank `report_number` takes the number of the 整改评估报告
    issued from the case's 文书 (so the register and the loop never disagree); a report issued elsewhere, e.g. by
    the government's team, is recorded with its own number."""
    session = uow.session
    ctx = loop_open_for_writing(uow, case_id, today)
    if not report_number.strip():
        issued = current_document(session, case_id, ASSESSMENT_REPORT_KIND)
        if issued is not None and not issued.voided:
            report_number = issued.number_text
    rows = loop_rows_of_cases(session, [case_id])[case_id]
    if rows.assessment is not None:
        uow.check_version(rows.assessment, expected_version, _assessment_name(ctx.case))
    # Everything but the report itself, which this call issues.
    snapshot = dataclasses.replace(loop_snapshot(rows, ctx.closed_on), report_filed_on=filed_on)
    errors = [FieldError("loop", p) for p in loop_closure_problems(snapshot, ctx.rule, ctx.today)]
    if ctx.closed_on is not None:
        visited = rows.assessment.visited_on if rows.assessment else None
        window = assessment_window(ctx.closed_on, ctx.rule)
        errors += validate_report(report_number, filed_on, window, visited, ctx.today)
    if errors:
        raise ValidationFailed(errors, prefix=f"案件 {ctx.case.case_number} 的闭环还不能完成：\n")
    assert rows.assessment is not None  # a missing assessment is one of the problems above
    rows.assessment.report_number, rows.assessment.report_filed_on = report_number.strip(), filed_on
    rows.assessment.updated_at, rows.assessment.updated_by = utc_now(), uow.actor.name
    uow.flush()
    uow.changed(case_id, Part.LOOP)
    return loop_of(session, case_id, ctx.today)


# --- files: evidence of completion, the assessment report ----------------------------------------------------------


def _attachment_of_case(session: Session, attachment_id: int, case: FireCase) -> Attachment:
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFound(f"附件（内部编号 {attachment_id}）不存在，可能已被删除。")
    if row.case_id != case.id:
        raise ValidationFailed([FieldError("attachment", f"附件“{row.original_name}”不属于案件 {case.case_number}。")])
    if case.status == CaseStatus.VOIDED:
        raise ValidationFailed([FieldError("case", f"案件 {case.case_number} 已作废，不能再关联附件。")])
    return row


@writes
def attach_measure_evidence(uow: UnitOfWork, measure_id: int, attachment_id: int) -> None:
    """Link a file already attached to the case as evidence that the measure was completed (see add_attachment for
    bringing the file in). Allowed after the loop is closed too: adding proof changes no verdict."""
    session = uow.session
    missing = _missing_measure(measure_id)
    case = uow.lock_case(case_of_row(uow, CorrectiveMeasure, measure_id, missing))
    measure = uow.lock(CorrectiveMeasure, measure_id, missing=missing)  # read as stored, now that its case is locked
    row = _attachment_of_case(session, attachment_id, case)
    if row.corrective_measure_id not in (None, measure_id):
        other = session.get_one(CorrectiveMeasure, row.corrective_measure_id)
        message = f"附件“{row.original_name}”已是措施“{short_text(other.description)}”的完成证明。"
        raise ValidationFailed([FieldError("attachment", message)])
    row.corrective_measure_id = measure.id
    uow.flush()
    uow.changed(case.id, Part.LOOP, Part.ATTACHMENTS)


@writes
def attach_assessment_report(uow: UnitOfWork, case_id: int, attachment_id: int) -> None:
    """Link a file already attached to the case as the assessment report (or its material); the issued report is
    usually attached after the loop was closed, so this is allowed then."""
    session = uow.session
    case = uow.lock_case(case_id)
    assessment = _assessment_of(session, case_id)
    if assessment is None:
        raise ValidationFailed([FieldError("assessment", f"案件 {case.case_number} 尚未开展整改评估。")])
    _attachment_of_case(session, attachment_id, case).assessment_id = assessment.id
    uow.flush()
    uow.changed(case_id, Part.LOOP, Part.ATTACHMENTS)


@writes
def detach_loop_attachment(uow: UnitOfWork, attachment_id: int) -> None:
    """Undo a link made by mistake (the file stays attached to the case); refused once the loop is closed."""
    missing = f"附件（内部编号 {attachment_id}）不存在，可能已被删除。"
    case_id = case_of_row(uow, Attachment, attachment_id, missing)
    loop_open_for_writing(uow, case_id)
    row = uow.lock(Attachment, attachment_id, missing=missing)
    row.corrective_measure_id, row.assessment_id = None, None
    uow.flush()
    uow.changed(case_id, Part.LOOP, Part.ATTACHMENTS)


@writes
def relink_loop_files(
    uow: UnitOfWork, case_id: int, linked: Collection[int], unlinked: Collection[int], measure_id: int | None = None
) -> None:
    """Link the `linked` files to the measure (as evidence of its completion) or, without `measure_id`, to the
    case's assessment, and undo the links of the `unlinked` ones: the picker's choice, all or nothing."""
    for attachment_id in sorted(linked):
        if measure_id is not None:
            attach_measure_evidence.within(uow, measure_id, attachment_id)
        else:
            attach_assessment_report.within(uow, case_id, attachment_id)
    for attachment_id in sorted(unlinked):
        detach_loop_attachment.within(uow, attachment_id)
