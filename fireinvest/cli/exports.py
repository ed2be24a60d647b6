"""`fireinvest export dossier|summary`: a case's Word dossier (卷宗) and its printed summary (案件摘要).

    fireinvest export dossier CASE_NUMBER --out FILE.docx [--checked-by NAME] [--archive-number 档号]
    fireinvest export summary CASE_NUMBER --out FILE.pdf

`fireinvest export FILE` (cases to .json or .xlsx) came first and keeps its command line: these two are routed by
the word in FILE's place, which can never be a case export (that needs a .json or .xlsx name).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from fireinvest.cli.common import EXIT_OK, opened_workstation, progress_line
from fireinvest.errors import FireInvestError

Handler = Callable[[argparse.Namespace, str], int]
SUFFIXES = {"dossier": ".docx", "summary": ".pdf"}


def add_dossier_exports(exporting: argparse.ArgumentParser) -> None:
    """Teach the `export` parser the dossier and summary forms, keeping `export FILE` as it is."""
    exporting.usage = (
        "fireinvest export FILE [--year Y] [--district D] [--include-voided]\n"
        "       fireinvest export dossier CASE_NUMBER --out FILE.docx [--checked-by NAME] [--archive-number 档号]\n"
        "       fireinvest export summary CASE_NUMBER --out FILE.pdf"
    )
    exporting.add_argument("case_number", nargs="?", metavar="CASE_NUMBER",
                           help="export dossier / export summary：案件编号")  # fmt: skip
    exporting.add_argument("--out", type=Path, metavar="FILE", help="卷宗（.docx）或案件摘要（.pdf）的输出文件")
    exporting.add_argument("--checked-by", default="", metavar="NAME", help="卷宗备考表的检查人（默认留空待签）")
    exporting.add_argument("--archive-number", metavar="档号", help="卷宗档号（默认按保管期限规则生成）")
    export_cases: Handler = exporting.get_default("handler")
    exporting.set_defaults(handler=lambda args, url: _route(args, url, export_cases))


def _route(args: argparse.Namespace, url: str, export_cases: Handler) -> int:
    what = str(args.file)
    if what not in SUFFIXES:
        extra = args.case_number or args.out or args.checked_by or args.archive_number
        if extra:
            raise FireInvestError("导出案件只需要一个文件名（.json 或 .xlsx）；导出卷宗或摘要请用 "
                                  "export dossier|summary CASE_NUMBER --out FILE。")  # fmt: skip
        return export_cases(args, url)
    if not args.case_number or args.out is None:
        raise FireInvestError(f"用法：fireinvest export {what} CASE_NUMBER --out FILE{SUFFIXES[what]}")
    if args.year is not None or args.district or args.include_voided:
        raise FireInvestError(f"export {what} 导出一个案件，不接受 --year、--district 或 --include-voided。")
    if args.out.suffix.lower() != SUFFIXES[what]:
        raise FireInvestError(f"输出文件应以 {SUFFIXES[what]} 结尾：{args.out}")
    return _dossier(args, url) if what == "dossier" else _summary(args, url)


def _dossier(args: argparse.Namespace, url: str) -> int:
    from fireinvest.archive.dossier import export_dossier
    from fireinvest.services.cases import find_case_id
    from fireinvest.services.documents.register import record_page_counts

    with opened_workstation(url) as workstation:
        result = export_dossier(workstation, find_case_id(workstation, args.case_number), args.out,
                                compiled_by=workstation.actor.name, checked_by=args.checked_by,
                                archive_number=args.archive_number, progress=progress_line("生成卷宗"))  # fmt: skip
        record_page_counts(workstation, result.measured)  # the next export need not lay these out again
    pages = f"，卷内文件 {result.plan.page_count} 页" if result.plan.page_count else ""
    print(f"已生成案件 {args.case_number} 的卷宗：{args.out}（档号 {result.plan.cover.archive_number}，"
          f"共 {len(result.items)} 件{pages}，保管期限 {result.plan.cover.retention.label}）")  # fmt: skip
    if result.unprintable_photos:
        print(f"注意：照片 {'、'.join(map(str, result.unprintable_photos))} 无法打印，卷内以文字说明代替。")
    return EXIT_OK


def _summary(args: argparse.Namespace, url: str) -> int:
    from fireinvest.documents.case_summary import case_summary_pdf
    from fireinvest.services.cases import find_case_id

    with opened_workstation(url) as workstation:
        pages = case_summary_pdf(workstation, find_case_id(workstation, args.case_number), args.out)
    print(f"已生成案件 {args.case_number} 的摘要：{args.out}（{pages} 页）")
    return EXIT_OK
