"""`fireinvest import|export|cases list|case show|deadlines`: cases in and out, listed, shown, and what is due.

fireinvest import FILE                            .json or .xlsx, all or nothing
fireinvest export FILE [--year Y] [--district D]  .json or .xlsx
fireinvest cases list [--json] [filters]          a table, or the exchange document on stdout
fireinvest case show CASE_NUMBER [--json]         one case with its events and deadlines
fireinvest deadlines [--within DAYS] [--mine] [--json]   overdue and upcoming deadlines across cases
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fireinvest.cli.codes import code_mapping_entry
from fireinvest.cli.common import (
    EXIT_OK,
    cell,
    command_group,
    opened_workstation,
    positive_int,
    print_json,
    progress_line,
)
from fireinvest.clock import format_local

LIST_PAGE = 1000


def case_filters() -> argparse.ArgumentParser:
    """The filters shared by `export` and `cases list`."""
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--year", type=int, help="只含该年份的案件")
    filters.add_argument("--district", help="只含该辖区的案件")
    filters.add_argument("--include-voided", action="store_true", help="包括已作废的案件")
    return filters


def add_case_commands(commands, common: argparse.ArgumentParser, filters: argparse.ArgumentParser):
    """Register `import`, `export`, `cases list`, `case show` and `deadlines`; returns the `export` parser, which
    the dossier and summary exports extend."""
    importing = commands.add_parser("import", parents=[common], help="从 .json 或 .xlsx 文件导入案件（全部或全不）")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--add-missing-codes", action="store_true",
                           help="把文件中本机代码表没有的辖区、场所类型、起火原因和细分原因一并加入代码表")  # fmt: skip
    importing.add_argument("--map", action="append", default=[], type=code_mapping_entry, metavar="KIND:NAME=OURS",
                           help="把文件中的代码对照为本机代码，可重复：district:丙区=江宁区、place_type:人员密集场所=商场市场、"
                                "cause:生产作业=其他、sub_cause:生产作业/电焊=电焊气割")  # fmt: skip
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
        "--within", type=positive_int, default=7, metavar="DAYS", help="列出多少天内到期的（默认 7）"
    )
    deadlines.add_argument("--mine", action="store_true", help="只列出本人承办的案件（按人员名册中的登录名）")
    deadlines.add_argument("--json", action="store_true", help="以 JSON 输出")
    deadlines.set_defaults(handler=_list_deadlines)
    return exporting


def _import(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import import_cases_file

    with opened_workstation(url) as workstation:
        report = import_cases_file(workstation, args.file, progress=progress_line("导入"),
                                   add_missing_codes=args.add_missing_codes,
                                   code_mapping=dict(args.map)).value  # fmt: skip
    print(
        f"已导入 {report.imported} 个案件（沿用原编号 {report.numbers_kept} 个，新编号 {report.numbers_assigned} 个）。"
    )
    if report.investigators_added:
        print(f"新登记调查人员：{'、'.join(report.investigators_added)}")
    if report.codes_added:
        print(f"代码表新增：{'、'.join(report.codes_added)}")
    if report.codes_mapped:
        print(f"代码对照：{'、'.join(report.codes_mapped)}")
    return EXIT_OK


def _case_filter(args: argparse.Namespace):
    from fireinvest.services.case_query import CaseFilter

    return CaseFilter(year=args.year, district=args.district or None, include_voided=args.include_voided)


def _export(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import export_cases_file

    with opened_workstation(url) as workstation:
        count = export_cases_file(workstation, args.file, _case_filter(args), progress=progress_line("导出"))
    print(f"已导出 {count} 个案件到 {args.file}。")
    return EXIT_OK


def _list_cases(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import write_case_records

    with opened_workstation(url) as workstation:
        if args.json:
            write_case_records(workstation, _case_filter(args), sys.stdout)
        else:
            _print_table(workstation, _case_filter(args))
    return EXIT_OK


def _show_case(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange import case_record_with_deadlines

    with opened_workstation(url) as workstation:
        record = case_record_with_deadlines(workstation, args.case_number)
    if args.json:
        print_json(record)
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
    from fireinvest.services.deadlines import todo_list

    with opened_workstation(url) as workstation:
        items = todo_list(workstation, within_days=args.within, mine=args.mine)
    if args.json:
        print_json([
            {"case_number": i.case_number, "kind": i.kind, "label": i.label, "due": i.due.isoformat(),
             "status": i.status.value, "days_left": i.days_left, "basis": i.basis, "address": i.address}
            for i in items
        ])  # fmt: skip
        return EXIT_OK
    for item in items:
        when = f"逾期 {-item.days_left} 天" if item.days_left < 0 else f"还有 {item.days_left} 天"
        print(f"{item.due}  {cell(when, 12)}  {item.case_number}  {item.label}  {item.address}")
    print(f"共 {len(items)} 项（{args.within} 天内到期及已逾期）。")
    return EXIT_OK


def _print_table(workstation, case_filter) -> None:
    """The cases as a table, read a page at a time (each page its own short read)."""
    from fireinvest.services.case_query import CaseSort, case_list_page
    from fireinvest.services.settings import agency_settings

    zone = agency_settings(workstation).zone
    widths = (18, 17, 10, 8, 10, 8)
    header = ("案件编号", "接警时间", "辖区", "等级", "起火原因", "状态", "起火地址 / 单位")
    print("  ".join(cell(h, w) for h, w in zip(header, widths)) + "  " + header[-1])
    page = case_list_page(workstation, case_filter, CaseSort(), 0, LIST_PAGE, with_total=True)
    total = page.total or 0
    while page.rows:
        for row in page.rows:
            values = (row.case_number, format_local(row.alarm_time, zone), row.district, row.fire_grade.value,
                      row.cause_category, row.status.label)  # fmt: skip
            place = f"{row.address} / {row.unit_name}" if row.unit_name else row.address
            print("  ".join(cell(v, w) for v, w in zip(values, widths)) + "  " + place)
        if page.offset + len(page.rows) >= total:
            break
        page = case_list_page(workstation, case_filter, CaseSort(), page.offset + LIST_PAGE, LIST_PAGE)
    print(f"共 {total} 个案件。")
