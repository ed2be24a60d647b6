"""`fireinvest loop …`: closed loops across cases, headless.

fireinvest loop status [--overdue] [--district D] [--json]   every case that needs or has a loop
fireinvest loop unit UNIT [--json]                           every measure addressed to one responsible unit

"""

from __future__ import annotations

import argparse
import datetime as dt

from fireinvest.cli.common import EXIT_OK, cell, command_group, opened_workstation, print_json


def add_loop_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `loop status|unit` under the top-level command parser."""
    verbs = command_group(commands, "loop", "闭环管理（责任追究、事故防范、措施改进、整改评估）")

    status = verbs.add_parser("status", parents=[common], help="列出需要或已有闭环的案件及其阶段、未完成和逾期事项")
    status.add_argument("--overdue", action="store_true", help="只列出有逾期事项的案件")
    status.add_argument("--district", help="只含该辖区的案件")
    status.add_argument("--json", action="store_true", help="以 JSON 输出")
    status.set_defaults(handler=_status)

    unit = verbs.add_parser("unit", parents=[common], help="列出某责任单位在各案件中的全部整改措施")
    unit.add_argument("unit", metavar="UNIT", help="责任单位名称（与整改措施中填写的一致）")
    unit.add_argument("--json", action="store_true", help="以 JSON 输出")
    unit.set_defaults(handler=_unit)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _status(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.loop.board import loop_status

    with opened_workstation(url) as workstation:
        rows = loop_status(workstation, overdue_only=args.overdue, district=args.district or None)
    if args.json:
        print_json([
            {"case_number": r.case_number, "address": r.address, "district": r.district, "fire_grade": r.fire_grade,
             "case_status": r.case_status.value, "closed_on": _day(r.closed_on), "required": r.required,
             "stage": r.stage.value, "stage_label": r.stage.label, "measures": r.measures,
             "open_items": r.open_items, "overdue_items": r.overdue_items, "next_due": _day(r.next_due),
             "owners": list(r.owners)}
            for r in rows
        ])  # fmt: skip
        return EXIT_OK
    widths = (18, 10, 8, 10, 6, 6, 10)
    header = ("案件编号", "辖区", "等级", "闭环阶段", "未完成", "逾期", "最近到期", "起火地址")
    print("  ".join(cell(h, w) for h, w in zip(header, widths)) + "  " + header[-1])
    for r in rows:
        values = (r.case_number, r.district, r.fire_grade, r.stage.label, str(r.open_items), str(r.overdue_items),
                  _day(r.next_due) or "—")  # fmt: skip
        print("  ".join(cell(v, w) for v, w in zip(values, widths)) + "  " + r.address)
    overdue = sum(1 for r in rows if r.overdue_items)
    print(f"共 {len(rows)} 个案件，其中 {overdue} 个有逾期事项。")
    return EXIT_OK


def _unit(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.loop.board import unit_measures

    with opened_workstation(url) as workstation:
        measures = unit_measures(workstation, args.unit)
    if args.json:
        print_json([
            {"case_number": m.case_number, "district": m.district, "address": m.address,
             "description": m.description, "deadline": _day(m.deadline), "status": m.status.value,
             "status_label": m.status.label, "completed_on": _day(m.completed_on), "verified": m.verified,
             "verdict": m.verdict.value if m.verdict else None, "open": m.is_open, "overdue": m.overdue}
            for m in measures
        ])  # fmt: skip
        return EXIT_OK
    for m in measures:
        state = "已逾期" if m.overdue else (m.verdict.label if m.verdict else m.status.label)
        print(f"{m.deadline}  {cell(state, 8)}  {m.case_number}  {m.description}")
    print(f"“{args.unit.strip()}”共有 {len(measures)} 项整改措施，其中 {sum(m.overdue for m in measures)} 项已逾期。")
    return EXIT_OK
