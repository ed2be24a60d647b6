"""Importing cases from an exchange file: all or nothing.

Every row is read and checked before the first case is written, so a bad file is refused with every problem
listed (row, field and reason) and no case of it saved. The writing itself happens inside a savepoint: a failure
or a cancellation half-way rolls back to the state before the import even if the caller goes on using the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from fireinvest.errors import ImportRejected, MissingCodes, ValidationFailed
from fireinvest.exchange.excel_file import read_excel_cases
from fireinvest.exchange.json_file import read_json_cases
from fireinvest.exchange.loop_record import imported_loop_problems
from fireinvest.exchange.record import ImportedCase, key_of_draft_field, record_to_case
from fireinvest.exchange.review_record import concluded_cause_review_days
from fireinvest.exchange.source import SourceFile, SourceRow
from fireinvest.exchange.timeline_record import describe_timeline_problem
from fireinvest.exchange.values import FieldProblem
from fireinvest.files import os_error_reason
from fireinvest.rules.case_validation import validate_case
from fireinvest.rules.expert_review import ReviewFacts, review_required_reasons
from fireinvest.rules.identifiers import imported_number_problems, parse_case_number
from fireinvest.services.case_query import existing_case_numbers
from fireinvest.services.cases import create_case, load_case_context
from fireinvest.services.changes import Register
from fireinvest.services.deadlines import load_deadline_rules
from fireinvest.services.evidence import import_evidence
from fireinvest.services.front_door import writes
from fireinvest.services.loop.case_loop import load_loop_rule
from fireinvest.services.loop.transfer import store_loop
from fireinvest.services.numbering import next_case_sequences
from fireinvest.services.people import find_or_create_investigator, list_people
from fireinvest.services.progress import ProgressCallback, ProgressTicker
from fireinvest.services.records import create_inspection, create_interview
from fireinvest.services.reference import (
    CAUSE_CATEGORY,
    CAUSE_DETAIL,
    DISTRICT,
    KIND_LABELS,
    PLACE_TYPE,
    Code,
    ReferenceLists,
    add_codes_within,
    load_reference_lists,
)
from fireinvest.services.reviews.gate import load_review_rule
from fireinvest.services.reviews.lifecycle import import_reviews
from fireinvest.services.settings import load_agency_settings
from fireinvest.services.unit_of_work import UnitOfWork
from fireinvest.services.workflow import append_checked_timeline, check_timeline

MAX_LISTED_PROBLEMS = 30  # enough to fix a file in one go without flooding a dialog


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    source_format: str  # "json" or "xlsx"
    imported: int
    numbers_kept: int  # cases that brought their own case number
    numbers_assigned: int  # cases numbered by this installation
    investigators_added: tuple[str, ...]  # names registered in the people register by the import
    experts_added: tuple[str, ...] = ()  # names registered in the expert register by the import
    codes_added: tuple[str, ...] = ()  # codes the file brought that were added to the lists (add_missing_codes)


class _Problems:
    """Problems of a file, collected row by row and turned into one ImportRejected."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.lines: list[str] = []
        self.missing_codes: tuple[str, ...] = ()  # codes the lists lack: the refusal offers to add them

    def add(self, row: SourceRow, problem: FieldProblem) -> None:
        self.lines.append(self.source.describe(row, problem))

    def raise_if_any(self) -> None:
        if not self.lines:
            return
        shown = "\n".join(self.lines[:MAX_LISTED_PROBLEMS])
        hidden = len(self.lines) - MAX_LISTED_PROBLEMS
        more = f"\n……另有{hidden}处问题未列出。" if hidden > 0 else ""
        if self.missing_codes:
            codes = "、".join(self.missing_codes)
            raise MissingCodes(f"导入被拒绝，数据库没有任何改动。文件中有本机代码表没有的代码：{codes}。可以一并加入"
                               "代码表后导入（命令行 --add-missing-codes），或先用 fireinvest codes add 添加，"
                               f"或把文件中的代码改为本机已有的代码：\n{shown}{more}", self.missing_codes)  # fmt: skip
        raise ImportRejected(f"导入被拒绝，数据库没有任何改动。请修改文件后重新导入：\n{shown}{more}")


def import_cases(
    uow: UnitOfWork, source: SourceFile, progress: ProgressCallback | None = None, *, add_missing_codes: bool = False
) -> ImportReport:
    """Import the records of an already read file (see import_cases_file)."""
    session = uow.session
    rows = source.rows
    ticker = ProgressTicker(progress, 2 * len(rows), "导入已取消，数据库没有任何改动。")
    problems = _Problems(source)
    zone = load_agency_settings(session).zone
    parsed = _parse_rows(rows, zone, problems, ticker)
    problems.raise_if_any()
    assert len(parsed) == len(rows)  # a row is left out of `parsed` only with a problem, and problems stop above
    _check_numbers(session, rows, parsed, problems)
    problems.raise_if_any()
    with session.begin_nested():
        missing = _missing_codes(load_reference_lists(session), parsed)
        codes_added = add_codes_within(session, missing) if add_missing_codes and missing else []
        if missing and not add_missing_codes:  # each case naming one is refused below; the refusal lists them all
            problems.missing_codes = tuple(f"{KIND_LABELS[c.kind]}“{c}”" for c in missing)
        added = _resolve_investigators(uow, parsed)
        ctx = load_case_context(session)  # loaded after the investigators so their ids pass validation
        deadline_rules = load_deadline_rules(session)
        review_rule = load_review_rule(session)
        loop_rule, today = load_loop_rule(session), deadline_rules.today()
        for done, (row, case) in enumerate(zip(rows, parsed), start=1):
            errors = validate_case(case.draft, ctx.validation)
            for error in errors:
                problems.add(row, FieldProblem(key_of_draft_field(error.field), error.message))
            if case.steps and not errors:
                # A determination on the timeline needs a concluded cause review in the same record, if required.
                required = review_required_reasons(ReviewFacts.of(case.draft, ctx.grade(case.draft)), review_rule)
                reviewed_on = concluded_cause_review_days(case.reviews)
                for index, problem in check_timeline(case.draft, case.steps, deadline_rules, required, reviewed_on):
                    problems.add(row, FieldProblem("events", describe_timeline_problem(case.steps, index, problem)))
            if not case.loop.is_empty and not errors:
                assert case.draft.alarm_time is not None  # validate_case requires it
                for problem in imported_loop_problems(case.loop, case.draft.alarm_time, case.steps,
                                                      deadline_rules.zone, today, loop_rule):  # fmt: skip
                    problems.add(row, FieldProblem("loop", problem))
            ticker.report((len(rows) + done) // 2)
        problems.raise_if_any()
        # Cases that bring their numbers go first: the counter then moves past them before numbers are handed
        # out, so an assigned number can never collide with one further down the file.
        order = sorted(range(len(rows)), key=lambda i: not parsed[i].case_number)
        experts_added: list[str] = []
        for done, i in enumerate(order, start=1):
            experts_added += _create(uow, source, rows[i], parsed[i], ctx)
            ticker.report(len(rows) + done)
    kept = sum(1 for case in parsed if case.case_number)
    if added:
        uow.changed_register(Register.PEOPLE)
    if experts_added:
        uow.changed_register(Register.EXPERTS)
    if codes_added:
        uow.changed_register(Register.SETTINGS)
    return ImportReport(source.kind, len(parsed), kept, len(parsed) - kept, tuple(added), tuple(experts_added),
                        tuple(map(str, codes_added)))  # fmt: skip


def _parse_rows(rows: list[SourceRow], zone, problems: _Problems, ticker: ProgressTicker) -> list[ImportedCase]:
    parsed: list[ImportedCase] = []
    for done, row in enumerate(rows, start=1):
        row_problems = list(row.problems)
        case = record_to_case(row.record, zone, row_problems)
        row.record = None  # the raw dict is no longer needed; at 100,000 cases it is most of the memory
        for problem in row_problems:
            problems.add(row, problem)
        if case is not None and not row_problems:
            parsed.append(case)
        ticker.report(done // 2)
    return parsed


def _check_numbers(session: Session, rows: list[SourceRow], parsed: list[ImportedCase], problems: _Problems) -> None:
    first_row_of: dict[str, SourceRow] = {}
    for row, case in zip(rows, parsed):
        number = case.case_number
        if not number:
            continue
        if number in first_row_of:
            problems.add(
                row,
                FieldProblem("case_number", f"案件编号“{number}”在文件中重复（{first_row_of[number].where}已使用）。"),
            )
        else:
            first_row_of[number] = row
    existing = existing_case_numbers(session, first_row_of)
    for number in sorted(existing):
        problems.add(first_row_of[number], FieldProblem("case_number", f"案件编号“{number}”已存在于数据库中。"))
    ours = {parsed_number: text for text in first_row_of if text not in existing
            if (parsed_number := parse_case_number(text)) is not None}  # fmt: skip
    own_agency = load_agency_settings(session).agency_code
    next_of_year = next_case_sequences(session, own_agency)
    for case_number, reason in imported_number_problems(ours, own_agency, next_of_year).items():
        text = ours[case_number]
        message = f"案件编号“{text}”不能保留：{reason}。请删去该编号由本机按顺序编号，或先导入它前面的案件。"
        problems.add(first_row_of[text], FieldProblem("case_number", message))


def _missing_codes(lists: ReferenceLists, parsed: list[ImportedCase]) -> list[Code]:
    """Every district, place type, cause and sub-cause the file names that the lists in force lack, once each."""
    found: dict[Code, None] = {}
    causes = set(lists.cause_names)
    for case in parsed:
        draft = case.draft
        if draft.district.strip() and draft.district not in lists.districts:
            found[Code(DISTRICT, draft.district.strip())] = None
        if draft.place_type.strip() and draft.place_type not in lists.place_type_names:
            found[Code(PLACE_TYPE, draft.place_type.strip())] = None
        category = draft.cause_category.strip()
        if category and category not in causes:
            found[Code(CAUSE_CATEGORY, category)] = None
        if draft.cause_detail.strip() and category and draft.cause_detail not in lists.cause_details.get(category, ()):
            found[Code(CAUSE_DETAIL, draft.cause_detail.strip(), category)] = None
    return list(found)


def _resolve_investigators(uow: UnitOfWork, parsed: list[ImportedCase]) -> list[str]:
    """Match investigators by name in the people register, registering unknown names; returns the new names."""
    names = {name for case in parsed for name in [case.lead_investigator, *case.other_investigators] if name}
    if not names:
        return []
    # Under the register's lock, so a name another import registers meanwhile is not reported as ours too.
    uow.hold_register_lock("people")
    known = {person.name for person in list_people(uow.session, investigators_only=True)}
    ids: dict[str, int] = {}
    for name in sorted(names):
        person = find_or_create_investigator(uow, name)
        assert person.id is not None  # found in the register or registered (flushed) just now
        ids[name] = person.id
    for case in parsed:
        case.draft.lead_investigator_id = ids[case.lead_investigator] if case.lead_investigator else None
        case.draft.other_investigator_ids = [ids[name] for name in case.other_investigators]
    return sorted(names - known)


def _create(uow: UnitOfWork, source: SourceFile, row: SourceRow, case: ImportedCase, ctx) -> list[str]:
    """Write one checked case with everything it brings; returns the experts it registered."""
    session, actor = uow.session, uow.actor
    try:
        detail = create_case.within(uow, case.draft, case_number=case.case_number or None, ctx=ctx)
        # Records first: a determination on the imported timeline makes them read-only.
        for inspection in case.inspections:
            create_inspection.within(uow, detail.id, inspection)
        for interview in case.interviews:
            create_interview.within(uow, detail.id, interview)
        experts_added = import_reviews(uow, detail.id, case.reviews)
        if case.steps:
            append_checked_timeline(session, actor, detail.id, case.steps)
        for item in case.evidence:
            import_evidence(uow, detail.id, item.evidence_number, item.draft, item.steps)
        if not case.loop.is_empty:
            store_loop(uow, detail.id, case.loop)
        return experts_added
    except ValidationFailed as failure:
        # Checked above already; this catches what only the database knows (e.g. a number taken meanwhile).
        problems = _Problems(source)
        for error in failure.errors:
            problems.add(row, FieldProblem(key_of_draft_field(error.field), error.message))
        problems.raise_if_any()
        raise


def read_cases_file(path: Path) -> SourceFile:
    """Read a .json or .xlsx exchange file into records; refuses a missing file or another type."""
    readers: dict[str, Callable[[Path], SourceFile]] = {".json": read_json_cases, ".xlsx": read_excel_cases}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ImportRejected(f"不支持的文件类型“{path.suffix or path.name}”：只能导入 .json 或 .xlsx 文件。")
    if not path.is_file():
        raise ImportRejected(f"找不到文件“{path}”。")
    try:
        return reader(path)
    except OSError as exc:
        raise ImportRejected(f"无法读取文件“{path}”：{os_error_reason(exc, 'Excel', reading=True)}。") from None


@writes
def import_cases_file(
    uow: UnitOfWork, path: str | Path, progress: ProgressCallback | None = None, *, add_missing_codes: bool = False
) -> ImportReport:
    """Import every case of a .json or .xlsx file, or none: any bad row raises ImportRejected naming row and field.
    A file from another detachment may name districts, place types or causes this installation's lists lack: they
    are all named in one message, or added to the lists with the import when `add_missing_codes` is set."""
    return import_cases(uow, read_cases_file(Path(path)), progress, add_missing_codes=add_missing_codes)
