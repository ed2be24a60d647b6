"""`fireinvest db upgrade|info` and `fireinvest demo`: the database itself, and synthetic cases to try it with.

fireinvest db upgrade                 brings the schema up to date (opening a database does so too)
fireinvest db info                    which database, schema version, agency and number of cases
fireinvest demo --cases N [--seed S]  realistic synthetic cases
"""

from __future__ import annotations

import argparse

from fireinvest.cli.common import (
    EXIT_OK,
    command_group,
    opened_database,
    opened_workstation,
    positive_int,
    progress_line,
)
from fireinvest.db import Database
from fireinvest.services.case_query import CaseSort


def add_database_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `db upgrade|info` and `demo`."""
    db_commands = command_group(commands, "db", "数据库维护")
    db_commands.add_parser("upgrade", parents=[common], help="把数据库结构升级到最新版本").set_defaults(
        handler=_db_upgrade
    )
    db_commands.add_parser("info", parents=[common], help="显示数据库信息").set_defaults(handler=_db_info)

    demo = commands.add_parser("demo", parents=[common], help="生成演示案件")
    demo.add_argument("--cases", type=positive_int, required=True, metavar="N", help="生成的案件数")
    demo.add_argument("--seed", type=int, default=None, help="随机种子（相同种子得到相同案件）")
    demo.set_defaults(handler=_demo)


def _revision(database: Database) -> str:
    return database.schema_revision() or "（无）"


def _db_upgrade(args: argparse.Namespace, url: str) -> int:
    with opened_database(url) as database:
        print(f"数据库结构已是最新版本 {_revision(database)}：{database.display_url}")
    return EXIT_OK


def _db_info(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.case_query import CaseFilter, case_list_page
    from fireinvest.services.settings import agency_settings

    with opened_workstation(url) as workstation:
        database = workstation.database
        settings = agency_settings(workstation)
        total = case_list_page(workstation, CaseFilter(include_voided=True), CaseSort(), 0, 0, with_total=True).total
        lines = [
            ("数据库", database.display_url),
            ("类型", database.backend),
            ("结构版本", _revision(database)),
            ("机构", f"{settings.agency_name}（代码 {settings.agency_code}）"),
            ("案件数", str(total)),
        ]
    for name, value in lines:
        print(f"{name}：{value}")
    return EXIT_OK


def _demo(args: argparse.Namespace, url: str) -> int:
    from fireinvest.demo.generator import DEFAULT_SEED, generate_demo_cases

    seed = DEFAULT_SEED if args.seed is None else args.seed
    with opened_workstation(url) as workstation:
        count = generate_demo_cases(workstation, args.cases, seed=seed, progress=progress_line("生成")).value
    print(f"已生成 {count} 个演示案件。")
    return EXIT_OK
