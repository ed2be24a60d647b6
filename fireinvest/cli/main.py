"""The `fireinvest` command: starts the window, or runs the same use cases headless.

    fireinvest [--database URL]                       the window
    fireinvest db upgrade | db info                   schema and facts about the database
    fireinvest demo --cases N [--seed S]              synthetic cases to try the program with
    fireinvest import FILE                            .json or .xlsx, all or nothing
    fireinvest export FILE [--year Y] [--district D]  .json or .xlsx
    fireinvest export dossier|summary CASE_NUMBER --out FILE   the Word dossier (.docx); the case summary (.pdf)
    fireinvest cases list [--json] [filters]          a table, or the exchange document on stdout
    fireinvest case show CASE_NUMBER [--json]         one case with its events and deadlines
    fireinvest search WORDS… [filters] [--json]       the archive search; `search reindex` rebuilds its index
    fireinvest deadlines [--within DAYS] [--mine] [--json]   overdue and upcoming deadlines across cases
    fireinvest rules export|import grades|periods FILE        the grade thresholds and statutory periods in force
    fireinvest attachments add|list|export|verify ...       files of a case, stored and checked by SHA-256
    fireinvest evidence list|labels CASE_NUMBER ...         evidence items; printable evidence labels (A4 PDF)
    fireinvest document CASE_NUMBER KIND --out FILE.docx [--issue]   a document from its Word template
    fireinvest documents list|export|void|kinds ...        the document register (numbers, versions, voiding)
    fireinvest experts list | reviews list CASE_NUMBER      the expert register; a case's expert reviews
    fireinvest codes list|add|retire KIND [NAME ...]        the code lists (districts, place types, causes)
    fireinvest settings show | set KEY VALUE ...            the agency settings (name, code, 代字, review agency)
    fireinvest loop status [--overdue] | loop unit UNIT     closed loops across cases; one unit's measures

Each group of commands lives in its own module of this package.
Errors a user can cause print "错误：…" on stderr and exit with 1 (2 for a mistyped command line), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from fireinvest.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Parser
from fireinvest.db import resolve_database_url
from fireinvest.errors import FireInvestError


def build_parser() -> argparse.ArgumentParser:
    """The command line; `--database` is accepted before or after the command."""
    # The command modules (and the services behind them) load only for a command, not to start the window.
    from fireinvest.cli import (
        attachments,
        cases,
        codes,
        database,
        documents,
        evidence,
        exports,
        loop,
        reviews,
        rules,
        search,
        settings,
    )

    database_help = "数据库地址（默认：环境变量 FIREINVEST_DATABASE_URL，否则本机内置 SQLite 数据库）"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS, help=database_help)

    parser = Parser(prog="fireinvest", description="FireInvest 火灾事故调查案件管理。不带命令时启动图形界面。")
    parser.add_argument("--database", metavar="URL", default=None, help=database_help)
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=Parser)
    database.add_database_commands(commands, common)
    filters = cases.case_filters()
    exporting = cases.add_case_commands(commands, common, filters)
    search.add_search_commands(commands, common, filters)
    exports.add_dossier_exports(exporting)
    rules.add_rule_commands(commands, common)
    for add_commands in (attachments.add_attachment_commands, evidence.add_evidence_commands,
                         documents.add_document_commands, reviews.add_review_commands,
                         loop.add_loop_commands, codes.add_code_commands,
                         settings.add_settings_commands):  # fmt: skip
        add_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _use_utf8_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if _only_a_database(arguments):  # `fireinvest [--database URL]`: the window, started without loading commands
        try:
            return _start_gui(resolve_database_url(arguments[1] if arguments else None))
        except FireInvestError as error:
            print(f"错误：{error.message}", file=sys.stderr)
            return EXIT_ERROR
    try:
        parser = build_parser()
        args, leftover = parser.parse_known_args(arguments)
        if leftover and args.command == "search":
            args.words = [*args.words, *leftover]  # `fireinvest search 电焊 -气割`: "-气割" is a word to exclude
        elif leftover:
            parser.error(f"unrecognized arguments: {' '.join(leftover)}")
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


def _only_a_database(arguments: list[str]) -> bool:
    return not arguments or (len(arguments) == 2 and arguments[0] == "--database")


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
