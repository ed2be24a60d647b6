"""`fireinvest search`: the archive search from the command line, and rebuilding its index.

    fireinvest search 短路 电动自行车 [--year Y] [--district D] [--from DATE] [--to DATE] … [--limit N] [--json]
    fireinvest search reindex                 index every case again (with a progress line)
    fireinvest search status                  what the index holds

Words are searched in everything a case holds; "a phrase" in quotes, -word to exclude (search/query.py). To search
for the words reindex or status themselves, quote them with another word ("reindex 电焊") or use the window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from fireinvest.cli.common import EXIT_OK, EXIT_USAGE, opened_workstation, positive_int, print_json, progress_line


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，应写成 2026-03-01") from None


def add_search_commands(commands, common: argparse.ArgumentParser, filters: argparse.ArgumentParser) -> None:
    """Register `search QUERY…`, `search reindex` and `search status`."""
    search = commands.add_parser(
        "search", parents=[common, filters], help="在档案中查找案件（reindex：重建检索索引；status：索引情况）",
        description="在案件的全部内容中查找：多个词须同时出现，\"引号\"内为短语，-词 表示排除。"
        "reindex 重建检索索引，status 显示索引情况。",
    )  # fmt: skip
    search.add_argument("words", nargs="*", metavar="QUERY", help="要查找的词（-词 表示排除）；或 reindex、status")
    search.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="接警日期不早于（YYYY-MM-DD）")
    search.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="接警日期不晚于（YYYY-MM-DD）")
    search.add_argument("--cause", help="起火原因")
    search.add_argument("--sub-cause", help="细分原因")
    search.add_argument("--place-type", help="场所类型")
    search.add_argument("--grade", help="火灾等级（一般、较大、重大、特别重大）")
    search.add_argument("--status", help="案件状态（如 已结案）")
    search.add_argument("--investigator", help="调查人员姓名")
    search.add_argument("--party", help="当事人姓名（部分即可）")
    search.add_argument("--order", choices=["relevance", "newest", "oldest"], default="relevance", help="排序")
    search.add_argument("--limit", type=positive_int, default=20, metavar="N", help="最多列出多少件（默认 20）")
    search.add_argument("--json", action="store_true", help="以 JSON 输出")
    search.set_defaults(handler=_search)


def _case_filter(args: argparse.Namespace):
    from fireinvest.errors import FieldError, ValidationFailed
    from fireinvest.rules.case_facts import CaseStatus
    from fireinvest.rules.grading import FireGrade
    from fireinvest.services.case_query import CaseFilter

    grade = status = None
    if args.grade:
        grade = next((g for g in FireGrade if args.grade in (g.value, g.name.lower())), None)
        if grade is None:
            raise ValidationFailed([FieldError("grade", f"未知的火灾等级“{args.grade}”。")])
    if args.status:
        status = next((s for s in CaseStatus if args.status in (s.value, s.label)), None)
        if status is None:
            raise ValidationFailed([FieldError("status", f"未知的案件状态“{args.status}”。")])
    return CaseFilter(
        year=args.year, district=args.district or None, cause_category=args.cause or None, fire_grade=grade,
        status=status, include_voided=args.include_voided, date_from=args.date_from, date_to=args.date_to,
        cause_detail=args.sub_cause or None, place_type=args.place_type or None,
        investigator=args.investigator or None, party=args.party or None,
    )  # fmt: skip


def _search(args: argparse.Namespace, url: str) -> int:
    if not args.words:
        print("错误：请输入要查找的词。", file=sys.stderr)
        return EXIT_USAGE
    if args.words == ["reindex"]:
        return _reindex(url)
    if args.words == ["status"]:
        return _status(url)
    from fireinvest.services.search import SearchOrder, search_archive

    case_filter = _case_filter(args)
    with opened_workstation(url) as workstation:
        page = search_archive(workstation, " ".join(args.words), case_filter, SearchOrder(args.order), 0, args.limit)
    if args.json:
        hits = [{"case_number": h.case_number, "where": h.where, "snippet": h.snippet.marked() if h.snippet else "",
                 "score": h.score, "alarm_time": h.alarm_time.isoformat(), "address": h.address,
                 "places": [p.label for p in h.places]} for h in page.hits]  # fmt: skip
        print_json({"query": page.query, "total": page.total, "more_than_total": page.capped,
                    "empty_reason": page.empty_reason, "hits": hits})  # fmt: skip
        return EXIT_OK
    if not page.hits:
        print(f"没有找到。{page.empty_reason}")
        return EXIT_OK
    total = f"{page.total:,} 件以上" if page.capped else f"{page.total:,} 件"
    print(f"找到 {total}，列出前 {len(page.hits)} 件：")
    for hit in page.hits:
        print(f"{hit.case_number}  {hit.alarm_time:%Y-%m-%d}  {hit.address}  [{hit.where}]")
        if hit.snippet:
            print(f"    {hit.snippet.marked()}")
    return EXIT_OK


def _reindex(url: str) -> int:
    from fireinvest.services.search import rebuild_search_index

    with opened_workstation(url) as workstation:
        done = rebuild_search_index(workstation, progress_line("重建检索索引")).value
    print(f"检索索引已重建：{done:,} 件案件。")
    return EXIT_OK


def _status(url: str) -> int:
    from fireinvest.services.search import search_index_status

    with opened_workstation(url) as workstation:
        status = search_index_status(workstation)
    state = "需要重建（fireinvest search reindex）" if status.out_of_date else "与程序的分析方式一致"
    print(f"检索索引：{status.entries:,} 条，覆盖 {status.cases:,} / {status.archive_cases:,} 件案件；{state}。")
    return EXIT_OK
