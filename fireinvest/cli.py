"""The `fireinvest` command: starts the window, or runs the same services headless.

    fireinvest [--database URL]                       the window
    fireinvest db upgrade | db info                   schema and facts about the database
    fireinvest demo --cases N [--seed S]              synthetic cases to try the program with
    fireinvest import FILE                            .json or .xlsx, all or nothing
    fireinvest export FILE [--year Y] [--district D]  .json or .xlsx
    fireinvest export dossier|summary CASE_NUMBER --out FILE   the Word dossier (.docx); the case summary (.pdf)
    fireinvest cases list [--json] [filters]          a table, or the exchange document on stdout
    fireinvest case show CASE_NUMBER [--json]         one case with its events and deadlines
    fireinvest deadlines [--within DAYS] [--mine] [--json]   overdue and upcoming deadlines across cases
    fireinvest rules export|import grades|periods FILE        the grade thresholds and statutory periods in force
    fireinvest attachments add|list|export|verify ...       files of a case, stored and checked by SHA-256
    fireinvest evidence list|labels CASE_NUMBER ...         evidence items; printable evidence labels (A4 PDF)
    fireinvest document CASE_NUMBER KIND --out FILE.docx [--issue]   a document from its Word template
    fireinvest documents list|export|void|kinds ...        the document register (numbers, versions, voiding)
    fireinvest experts list | reviews list CASE_NUMBER      the expert register; a case's expert reviews
    fireinvest loop status [--overdue] | loop unit UNIT     closed loops across cases; one unit's measures

Errors a user can cause print "错误：…" on stderr and exit with 1 (2 for a mistyped command line), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import ArgumentError

from fireinvest.clock import format_local
from fireinvest.db import Database, resolve_database_url
from fireinvest.errors import FireInvestError
from fireinvest.services.actor import workstation_actor
from fireinvest.services.archive_setup import open_case_archive
from fireinvest.services.progress import ProgressCallback

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
LIST_PAGE = 1000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"错误：{message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError("应为正整数")
    return value


def command_group(commands, name: str, help: str):
    """A command whose sub-commands are its verbs (`fireinvest NAME VERB …`); returns where the verbs are added."""
    group = commands.add_parser(name, help=help)
    return group.add_subparsers(dest=f"{name}_command", metavar="子命令", required=True, parser_class=_Parser)


def build_parser() -> argparse.ArgumentParser:
    """The command line; `--database` is accepted before or after the command."""
    database_help = "数据库地址（默认：环境变量 FIREINVEST_DATABASE_URL，否则本机内置 SQLite 数据库）"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=database_help)
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--year", type=int, help="只含该年份的案件")
    filters.add_argument("--district", help="只含该辖区的案件")
    filters.add_argument("--include-voided", action="store_true", help="包括已作废的案件")

    parser = _Parser(prog="fireinvest", description="FireInvest 火灾事故调查案件管理。不带命令时启动图形界面。")
    parser.add_argument("--database", metavar="URL", default=None, help=database_help)
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    db_commands = command_group(commands, "db", "数据库维护")
    db_commands.add_parser("upgrade", parents=[common], help="把数据库结构升级到最新版本").set_defaults(
        handler=_db_upgrade
    )
    db_commands.add_parser("info", parents=[common], help="显示数据库信息").set_defaults(handler=_db_info)

    demo = commands.add_parser("demo", parents=[common], help="生成演示案件")
    demo.add_argument("--cases", type=_positive_int, required=True, metavar="N", help="生成的案件数")
    demo.add_argument("--seed", type=int, default=None, help="随机种子（相同种子得到相同案件）")
    demo.set_defaults(handler=_demo)

    importing = commands.add_parser("import", parents=[common], help="从 .json 或 .xlsx 文件导入案件（全部或全不）")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.set_defaults(handler=_import)

    exporting = commands.add_parser("export", parents=[common, filters], help="导出案件（.json/.xlsx）、卷宗或案件摘要")
    exporting.add_argument("file", type=Path, metavar="FILE")
    exporting.set_defaults(handler=_export)

    listing = command_group(commands, "cases", "案件").add_parser("list", parents=[common, filters], help="列出案件")
    listing.add_argument("--json", action="store_true", help="以交换格式（JSON）输出到标准输出")
    listing.set_defaults(handler=_list_cases)

    case_commands = command_group(commands, "case", "单个案件")
    show = case_commands.add_parser("show", parents=[common], help="显示案件及其程序事件和期限")
    show.add_argument("case_number", metavar="CASE_NUMBER")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    show.set_defaults(handler=_show_case)

    deadlines = commands.add_parser("deadlines", parents=[common], help="列出已逾期和即将到期的期限")
    deadlines.add_argument(
        "--within", type=_positive_int, default=7, metavar="DAYS", help="列出多少天内到期的（默认 7）"
    )
    deadlines.add_argument("--mine", action="store_true", help="只列出本人承办的案件（按人员名册中的登录名）")
    deadlines.add_argument("--json", action="store_true", help="以 JSON 输出")
    deadlines.set_defaults(handler=_list_deadlines)

    rule_commands = command_group(commands, "rules", "火灾等级标准和法定期限（省级规定可调整）")
    for verb, text, handler in (("export", "导出现行规则为 JSON 文件", _export_rules),
                                ("import", "导入规则（检查后保存，并重新计算等级或期限）", _import_rules)):  # fmt: skip
        command = rule_commands.add_parser(verb, parents=[common], help=text)
        command.add_argument("which", choices=["grades", "periods"], help="grades：火灾等级标准；periods：法定期限")
        command.add_argument("file", type=Path, metavar="FILE")
        command.set_defaults(handler=handler)

    # Imported here: those modules import this one.
    from fireinvest import cli_attachments, cli_documents, cli_dossier, cli_evidence, cli_loop, cli_reviews

    for add_commands in (cli_attachments.add_attachment_commands, cli_evidence.add_evidence_commands,
                         cli_documents.add_document_commands, cli_reviews.add_review_commands,
                         cli_loop.add_loop_commands):  # fmt: skip
        add_commands(commands, common)
    cli_dossier.add_dossier_exports(exporting)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _use_utf8_streams()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    url = resolve_database_url(args.database)
    try:
        if args.command is None:
            return _start_gui(url)
        return args.handler(args, url)
    except FireInvestError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\n已中断，数据库没有任何改动。", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of a pipe (`| head`) stopped early: not an error. Point stdout at devnull so the interpreter's
        # final flush does not complain again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _use_utf8_streams() -> None:
    # Chinese output must not fail on a C/POSIX locale or a Windows console code page.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass  # replaced by a stream that cannot be reconfigured (e.g. a test capture); it copes itself


def _start_gui(url: str) -> int:
    try:
        from fireinvest.ui.app import run_gui  # loaded only here: the headless commands must not need Qt
    except ImportError as exc:
        raise FireInvestError(f"无法启动图形界面（{exc}）。命令行功能见 fireinvest --help。") from None
    return run_gui(url)


@contextmanager
def _archive(url: str) -> Iterator[Database]:
    try:
        database = open_case_archive(url)
    except ArgumentError as exc:  # a mistyped URL or a database kind without a driver
        raise FireInvestError(
            f"数据库地址无效或不受支持（{exc}）。示例：sqlite:///路径/fireinvest.sqlite3 或 "
            "postgresql+psycopg://用户:密码@服务器/数据库"
        ) from None
    try:
        yield database
    finally:
        database.dispose()


def _progress(label: str) -> ProgressCallback | None:
    """A progress line on stderr, only for a person watching a terminal (never in pipes, logs or tests)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _current_revision(database: Database) -> str:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return ", ".join(heads) or "（无）"


def _db_upgrade(args: argparse.Namespace, url: str) -> int:
    with _archive(url) as database:
        print(f"数据库结构已是最新版本 {_current_revision(database)}：{database.display_url}")
    return EXIT_OK


def _db_info(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.case_query import CaseFilter, count_cases
    from fireinvest.services.settings import load_agency_settings

    with _archive(url) as database, database.reading() as session:
        settings = load_agency_settings(session)
        total = count_cases(session, CaseFilter(include_voided=True))
        lines = [
            ("数据库", database.display_url),
            ("类型", database.backend),
            ("结构版本", _current_revision(database)),
            ("机构", f"{settings.agency_name}（代码 {settings.agency_code}）"),
            ("案件数", str(total)),
        ]
    for name, value in lines:
        print(f"{name}：{value}")
    return EXIT_OK


def _demo(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.demo import DEFAULT_SEED, generate_demo_cases

    seed = DEFAULT_SEED if args.seed is None else args.seed
    with _archive(url) as database, database.unit_of_work() as session:
        count = generate_demo_cases(session, workstation_actor(), args.cases, seed=seed, progress=_progress("生成"))
    print(f"已生成 {count} 个演示案件。")
    return EXIT_OK


def _import(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import import_cases_file

    with _archive(url) as database, database.unit_of_work() as session:
        report = import_cases_file(session, workstation_actor(), args.file, progress=_progress("导入"))
    print(
        f"已导入 {report.imported} 个案件（沿用原编号 {report.numbers_kept} 个，新编号 {report.numbers_assigned} 个）。"
    )
    if report.investigators_added:
        print(f"新登记调查人员：{'、'.join(report.investigators_added)}")
    return EXIT_OK


def _case_filter(args: argparse.Namespace):
    from fireinvest.services.case_query import CaseFilter

    return CaseFilter(year=args.year, district=args.district or None, include_voided=args.include_voided)


def _export(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import export_cases_file

    with _archive(url) as database, database.reading() as session:
        count = export_cases_file(session, args.file, _case_filter(args), progress=_progress("导出"))
    print(f"已导出 {count} 个案件到 {args.file}。")
    return EXIT_OK


def _list_cases(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import cases_as_records, write_json_cases

    with _archive(url) as database, database.reading() as session:
        if args.json:
            write_json_cases(cases_as_records(session, _case_filter(args)), sys.stdout)
        else:
            _print_table(session, _case_filter(args))
    return EXIT_OK


def _print_json(value) -> None:
    import json

    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _show_case(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import case_record_with_deadlines

    with _archive(url) as database, database.reading() as session:
        record = case_record_with_deadlines(session, args.case_number)
    if args.json:
        _print_json(record)
        return EXIT_OK
    print(f"{record['case_number']}  {record['address']}  {record['fire_grade']}  状态：{record['status']}")
    print("程序事件：")
    for event in record["events"]:
        print(f"  {event['time']}  {event['type']}  {event.get('performed_by', '')}")
    print("期限：")
    for deadline in record["deadlines"]:
        print(f"  {deadline['due']}  {deadline['label']}  [{deadline['status']}]  {deadline['basis']}")
    for warning in record.get("calendar_warnings", []):
        print(f"注意：{warning}")
    return EXIT_OK


def _list_deadlines(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.deadlines import pending_deadlines

    actor = workstation_actor() if args.mine else None
    with _archive(url) as database, database.reading() as session:
        items = pending_deadlines(session, within_days=args.within, mine=actor)
    if args.json:
        _print_json([
            {"case_number": i.case_number, "kind": i.kind, "label": i.label, "due": i.due.isoformat(),
             "status": i.status.value, "days_left": i.days_left, "basis": i.basis, "address": i.address}
            for i in items
        ])  # fmt: skip
        return EXIT_OK
    for item in items:
        when = f"逾期 {-item.days_left} 天" if item.days_left < 0 else f"还有 {item.days_left} 天"
        print(f"{item.due}  {_cell(when, 12)}  {item.case_number}  {item.label}  {item.address}")
    print(f"共 {len(items)} 项（{args.within} 天内到期及已逾期）。")
    return EXIT_OK


def _rules_data(session, which: str):
    from fireinvest.reference_files import load_reference
    from fireinvest.services.deadlines import load_period_data
    from fireinvest.services.settings import GRADE_RULES_KEY, load_setting

    if which == "periods":
        return load_period_data(session)
    return load_setting(session, GRADE_RULES_KEY) or load_reference("fire_grades")


def _export_rules(args: argparse.Namespace, url: str) -> int:
    import json

    with _archive(url) as database, database.reading() as session:
        data = _rules_data(session, args.which)
    try:
        args.file.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise FireInvestError(f"无法写入“{args.file}”：{exc.strerror}。") from None
    print(f"已导出到 {args.file}。修改后用 fireinvest rules import {args.which} {args.file} 导入。")
    return EXIT_OK


def _import_rules(args: argparse.Namespace, url: str) -> int:
    import json

    from fireinvest.services.deadlines import replace_period_rules
    from fireinvest.services.grade_rules import replace_grade_rules

    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FireInvestError(f"无法读取“{args.file}”：{exc}") from None
    if not isinstance(data, dict):
        raise FireInvestError(f"“{args.file}”应为一个 JSON 对象。")
    with _archive(url) as database, database.unit_of_work() as session:
        if args.which == "grades":
            changed = replace_grade_rules(session, workstation_actor(), data)
            print(f"已保存火灾等级标准，{changed} 个案件的等级随之改变。")
        else:
            recomputed = replace_period_rules(session, workstation_actor(), data)
            print(f"已保存期限规则，重新计算了 {recomputed} 个未结案件的期限。")
    return EXIT_OK


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _print_table(session, case_filter) -> None:
    from fireinvest.services.case_query import CaseSort, count_cases, list_cases
    from fireinvest.services.settings import load_agency_settings

    zone = load_agency_settings(session).zone
    widths = (18, 17, 10, 8, 10, 8)
    header = ("案件编号", "接警时间", "辖区", "等级", "起火原因", "状态", "起火地址 / 单位")
    print("  ".join(_cell(h, w) for h, w in zip(header, widths)) + "  " + header[-1])
    total = count_cases(session, case_filter)
    for offset in range(0, total, LIST_PAGE):
        for row in list_cases(session, case_filter, CaseSort(), offset, LIST_PAGE):
            values = (row.case_number, format_local(row.alarm_time, zone), row.district, row.fire_grade.value,
                      row.cause_category, row.status.label)  # fmt: skip
            place = f"{row.address} / {row.unit_name}" if row.unit_name else row.address
            print("  ".join(_cell(v, w) for v, w in zip(values, widths)) + "  " + place)
    print(f"共 {total} 个案件。")
