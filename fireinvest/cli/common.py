"""What every command module shares: exit codes, the parser class, opening the database, progress lines on a
terminal, and printing tables and JSON that line up with Chinese text."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from sqlalchemy.exc import ArgumentError

from fireinvest.db import Database
from fireinvest.errors import FireInvestError
from fireinvest.services.actor import workstation_actor
from fireinvest.services.front_door import Workstation
from fireinvest.services.progress import ProgressCallback
from fireinvest.services.startup import open_prepared_database

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Parser(argparse.ArgumentParser):
    """A mistyped command line prints the usage and "错误：…" and exits with EXIT_USAGE."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"错误：{message}\n")


def positive_int(text: str) -> int:
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
    return group.add_subparsers(dest=f"{name}_command", metavar="子命令", required=True, parser_class=Parser)


@contextmanager
def opened_workstation(url: str) -> Iterator[Workstation]:
    """The workstation on the database at `url`, acting for the operating-system login; closed afterwards."""
    with opened_database(url) as database:
        yield Workstation(database, workstation_actor())


@contextmanager
def opened_database(url: str) -> Iterator[Database]:
    try:
        database = open_prepared_database(url)
    except ArgumentError as exc:  # a mistyped URL or a database kind without a driver
        raise FireInvestError(
            f"数据库地址无效或不受支持（{exc}）。示例：sqlite:///路径/fireinvest.sqlite3 或 "
            "postgresql+psycopg://用户:密码@服务器/数据库"
        ) from None
    try:
        yield database
    finally:
        database.dispose()


def progress_line(label: str) -> ProgressCallback | None:
    """A progress line on stderr, only for a person watching a terminal (never in pipes, logs or tests)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        # A percentage: the units differ by job (an import counts three per case: parsed, checked, written).
        end = "\n" if done >= total else ""
        print(f"\r{label} {done * 100 // max(total, 1)}%", end=end, file=sys.stderr, flush=True)

    return show


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def display_width(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns."""
    return text + " " * max(0, width - display_width(text))
