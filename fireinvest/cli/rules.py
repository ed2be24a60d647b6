"""`fireinvest rules export|import grades|periods FILE`: the grade thresholds and statutory periods in force, which
a province may change."""

from __future__ import annotations

import argparse
from pathlib import Path

from fireinvest.cli.common import EXIT_OK, command_group, opened_workstation
from fireinvest.errors import FireInvestError


def add_rule_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `rules export|import grades|periods FILE`."""
    rule_commands = command_group(commands, "rules", "火灾等级标准和法定期限（省级规定可调整）")
    for verb, text, handler in (("export", "导出现行规则为 JSON 文件", _export_rules),
                                ("import", "导入规则（检查后保存，并重新计算等级或期限）", _import_rules)):  # fmt: skip
        command = rule_commands.add_parser(verb, parents=[common], help=text)
        command.add_argument("which", choices=["grades", "periods"], help="grades：火灾等级标准；periods：法定期限")
        command.add_argument("file", type=Path, metavar="FILE")
        command.set_defaults(handler=handler)


def _export_rules(args: argparse.Namespace, url: str) -> int:
    import json

    from fireinvest.services.deadlines import period_rules_data
    from fireinvest.services.grade_rules import grade_rules_data

    with opened_workstation(url) as workstation:
        data = (period_rules_data if args.which == "periods" else grade_rules_data)(workstation)
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
    with opened_workstation(url) as workstation:
        if args.which == "grades":
            changed = replace_grade_rules(workstation, data).value
            print(f"已保存火灾等级标准，{changed} 个案件的等级随之改变。")
        else:
            recomputed = replace_period_rules(workstation, data).value
            print(f"已保存期限规则，重新计算了 {recomputed} 个未结案件的期限。")
    return EXIT_OK
