"""Checking an import file before anything is written: every row parsed and every case checked by the rules in
force, with every problem listed (row, field and reason).

The checks run in a read-only transaction, so a long file does not hold the write lock while it is parsed (another
workstation keeps saving meanwhile). What they were checked against is kept as the file's `ImportBasis`; the
writing compares it with the rules in force under the lock and checks again if anything changed (see importer.py).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy.orm import Session

from fireinvest.errors import ImportRejected, MissingCodes
from fireinvest.exchange.code_mapping import CodeMapping, apply_code_mapping, describe_mapping, mapping_problems
from fireinvest.exchange.loop_record import imported_loop_problems
from fireinvest.exchange.record import ImportedCase, key_of_draft_field, record_to_case
from fireinvest.exchange.review_record import concluded_cause_review_days
from fireinvest.exchange.source import SourceFile, SourceRow
from fireinvest.exchange.timeline_record import describe_timeline_problem
from fireinvest.exchange.values import FieldProblem
from fireinvest.rules.case_validation import ValidationContext, validate_case
from fireinvest.rules.closed_loop import LoopRule
from fireinvest.rules.expert_review import ReviewFacts, ReviewRule, review_required_reasons
from fireinvest.rules.grading import GradeRuleSet
from fireinvest.rules.identifiers import imported_number_problems, parse_case_number
from fireinvest.services.case_query import existing_case_numbers
from fireinvest.services.cases import CaseContext, load_case_context
from fireinvest.services.deadlines import DeadlineRules, load_deadline_rules
from fireinvest.services.loop.case_loop import load_loop_rule
from fireinvest.services.numbering import next_case_sequences
from fireinvest.services.people import list_people
from fireinvest.services.progress import ProgressTicker
from fireinvest.services.reference import (
    CAUSE_CATEGORY,
    CAUSE_DETAIL,
    DISTRICT,
    KIND_LABELS,
    PLACE_TYPE,
    Code,
    ReferenceLists,
    load_reference_lists,
)
from fireinvest.services.reviews.gate import load_review_rule
from fireinvest.services.settings import AgencySettings, load_agency_settings
from fireinvest.services.workflow import check_timeline

MAX_LISTED_PROBLEMS = 30  # enough to fix a file in one go without flooding a dialog


class Problems:
    """Problems of a file, collected row by row and turned into one ImportRejected."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.lines: list[str] = []
        self.missing_codes: list[Code] = []  # codes the lists lack: the refusal offers to add or map them

    def add(self, row: SourceRow, problem: FieldProblem) -> None:
        self.lines.append(self.source.describe(row, problem))

    def raise_if_any(self) -> None:
        if not self.lines:
            return
        shown = "\n".join(self.lines[:MAX_LISTED_PROBLEMS])
        hidden = len(self.lines) - MAX_LISTED_PROBLEMS
        more = f"\n……另有{hidden}处问题未列出。" if hidden > 0 else ""
        if self.missing_codes:
            codes = "、".join(f"{KIND_LABELS[c.kind]}“{c}”" for c in self.missing_codes)
            raise MissingCodes(f"导入被拒绝，数据库没有任何改动。文件中有本机代码表没有的代码：{codes}。可以一并加入"
                               "代码表后导入（命令行 --add-missing-codes），或先用 fireinvest codes add 添加，"
                               f"或对照为本机已有的代码（命令行 --map）：\n{shown}{more}",
                               tuple((c.kind, c.name, c.parent) for c in self.missing_codes))  # fmt: skip
        raise ImportRejected(f"导入被拒绝，数据库没有任何改动。请修改文件后重新导入：\n{shown}{more}")


@dataclass(frozen=True)
class ImportBasis:
    """What a file's cases were checked against that another workstation can change before they are written: the
    agency's settings, the code lists, the grade, period, review and loop rules and the working calendar."""

    settings: AgencySettings
    reference: ReferenceLists
    grade_rules: tuple[GradeRuleSet, ...]
    deadline_rules: DeadlineRules
    review_rule: ReviewRule
    loop_rule: LoopRule


@dataclass
class CheckedFile:
    """A file whose every case passed the checks, ready to be written (importer.write_checked_import)."""

    source: SourceFile
    cases: list[ImportedCase]  # in the file's order, one per row
    basis: ImportBasis
    missing_codes: list[Code]  # codes the file names that the lists lack (added on writing, when asked to)
    add_missing_codes: bool
    codes_mapped: tuple[str, ...] = ()  # the entries of the code mapping the file's cases used, described


def load_basis(session: Session) -> ImportBasis:
    ctx = load_case_context(session)
    return ImportBasis(ctx.settings, ctx.reference, tuple(ctx.grade_rules), load_deadline_rules(session),
                       load_review_rule(session), load_loop_rule(session))  # fmt: skip


def check_file(
    session: Session,
    source: SourceFile,
    ticker: ProgressTicker,
    *,
    add_missing_codes: bool = False,
    code_mapping: CodeMapping | None = None,
) -> CheckedFile:
    """Parse and check every row, after mapping the file's codes onto ours (code_mapping.py); raises
    ImportRejected (MissingCodes for unknown codes) listing every problem. `ticker` counts three units a case:
    parsing, checking, writing (importer.py)."""
    problems = Problems(source)
    cases = _parse_rows(source.rows, load_agency_settings(session).zone, problems, ticker)
    problems.raise_if_any()
    assert len(cases) == len(source.rows)  # a row is left out only with a problem, and problems stop above
    mapped: tuple[str, ...] = ()
    if code_mapping:
        wrong = mapping_problems(code_mapping, load_reference_lists(session))
        if wrong:
            raise ImportRejected("导入被拒绝，数据库没有任何改动。代码对照有误：\n" + "\n".join(wrong))
        mapped = tuple(describe_mapping(c, code_mapping[c]) for c in apply_code_mapping(cases, code_mapping))
    checked = CheckedFile(source, cases, load_basis(session), [], add_missing_codes, mapped)
    recheck(session, checked, ticker)
    return checked


def recheck(session: Session, checked: CheckedFile, ticker: ProgressTicker | None = None) -> None:
    """Check the parsed cases against the register and the rules in force (again, when writing finds them changed
    since): numbers, code lists, facts, timelines and loops. Records the basis and the codes the lists lack."""
    source, cases = checked.source, checked.cases
    refuse_taken_numbers(session, checked)
    problems = Problems(source)
    checked.basis = basis = load_basis(session)
    checked.missing_codes = missing = _missing_codes(basis.reference, cases)
    if missing and not checked.add_missing_codes:  # each case naming one is refused below; the refusal lists them all
        problems.missing_codes = missing
    ctx = load_case_context(session)
    validation = dataclasses.replace(
        _with_codes(ctx.validation, missing if checked.add_missing_codes else []),
        investigator_ids=ctx.validation.investigator_ids | _provisional_investigators(session, cases),
    )
    ctx = dataclasses.replace(ctx, validation=validation)
    rows, total = source.rows, len(cases)
    for done, (row, case) in enumerate(zip(rows, cases), start=1):
        for problem in _case_problems(case, ctx, basis):
            problems.add(row, problem)
        if ticker is not None:
            ticker.report(total + done)
    problems.raise_if_any()


def _case_problems(case: ImportedCase, ctx: CaseContext, basis: ImportBasis) -> list[FieldProblem]:
    errors = validate_case(case.draft, ctx.validation)
    found = [FieldProblem(key_of_draft_field(error.field), error.message) for error in errors]
    if errors:
        return found
    rules = basis.deadline_rules
    if case.steps:
        # A determination on the timeline needs a concluded cause review in the same record, if required.
        required = review_required_reasons(ReviewFacts.of(case.draft, ctx.grade(case.draft)), basis.review_rule)
        reviewed_on = concluded_cause_review_days(case.reviews)
        for index, problem in check_timeline(case.draft, case.steps, rules, required, reviewed_on):
            found.append(FieldProblem("events", describe_timeline_problem(case.steps, index, problem)))
    if not case.loop.is_empty:
        assert case.draft.alarm_time is not None  # validate_case requires it
        for problem in imported_loop_problems(case.loop, case.draft.alarm_time, case.steps, rules.zone,
                                              rules.today(), basis.loop_rule):  # fmt: skip
            found.append(FieldProblem("loop", problem))
    return found


def _parse_rows(rows: list[SourceRow], zone, problems: Problems, ticker: ProgressTicker) -> list[ImportedCase]:
    parsed: list[ImportedCase] = []
    for done, row in enumerate(rows, start=1):
        row_problems = list(row.problems)
        case = record_to_case(row.record, zone, row_problems)
        row.record = None  # the raw dict is no longer needed; at 100,000 cases it is most of the memory
        for problem in row_problems:
            problems.add(row, problem)
        if case is not None and not row_problems:
            parsed.append(case)
        ticker.report(done)
    return parsed


def refuse_taken_numbers(session: Session, checked: CheckedFile) -> None:
    """Refuse the file if a number it brings is taken or would open a hole in the register (see _check_numbers)."""
    problems = Problems(checked.source)
    _check_numbers(session, checked.source.rows, checked.cases, problems)
    problems.raise_if_any()


def _check_numbers(session: Session, rows: list[SourceRow], parsed: list[ImportedCase], problems: Problems) -> None:
    """Numbers a file brings: each once in the file, none already in the register, and this installation's own
    only where they open no hole in its register."""
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


def _with_codes(validation: ValidationContext, codes: list[Code]) -> ValidationContext:
    """The validation context as it will be once `codes` are added to the lists."""
    if not codes:
        return validation
    details = {name: set(values) for name, values in validation.cause_details.items()}
    for code in codes:
        if code.kind == CAUSE_CATEGORY:
            details.setdefault(code.name, set())
        elif code.kind == CAUSE_DETAIL:
            details.setdefault(code.parent, set()).add(code.name)
    return dataclasses.replace(
        validation,
        cause_details={name: frozenset(values) for name, values in details.items()},
        place_types=validation.place_types | {c.name for c in codes if c.kind == PLACE_TYPE},
        districts=validation.districts | {c.name for c in codes if c.kind == DISTRICT},
    )


def _provisional_investigators(session: Session, parsed: list[ImportedCase]) -> frozenset[int]:
    """Give each case its investigators' ids by name: registered people their own, names the writing will register
    a stand-in (negative, so never a real id) that passes the checks; returns the stand-ins."""
    names = {name for case in parsed for name in (case.lead_investigator, *case.other_investigators) if name}
    known = {p.name: p.id for p in list_people(session, investigators_only=True) if p.id is not None}
    stand_ins = {name: -1 - n for n, name in enumerate(sorted(names - known.keys()))}
    ids = {**known, **stand_ins}
    for case in parsed:
        case.draft.lead_investigator_id = ids[case.lead_investigator] if case.lead_investigator else None
        case.draft.other_investigator_ids = [ids[name] for name in case.other_investigators]
    return frozenset(stand_ins.values())
