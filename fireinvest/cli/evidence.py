"""`fireinvest evidence …`: a case's evidence items and their printable labels.

fireinvest evidence list CASE_NUMBER [--json]          each item with its status and holder
fireinvest evidence labels CASE_NUMBER --out FILE.pdf [--per-page N] [--item EVIDENCE_NUMBER ...]

"""

from __future__ import annotations

import argparse
from pathlib import Path

from fireinvest.cli.common import EXIT_OK, cell, command_group, opened_workstation, print_json
from fireinvest.errors import FireInvestError

LABELS_PER_PAGE = (1, 2, 4, 6, 8)  # the grids documents.label_sheet offers


def add_evidence_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `evidence list|labels` under the top-level command parser."""
    verbs = command_group(commands, "evidence", "物证（火灾痕迹物品）")

    listing = verbs.add_parser("list", parents=[common], help="列出案件的物证及其状态和持有人")
    listing.add_argument("case_number", metavar="CASE_NUMBER")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=_list)

    labels = verbs.add_parser("labels", parents=[common], help="生成物证标签（A4 PDF，打印后沿虚线剪开）")
    labels.add_argument("case_number", metavar="CASE_NUMBER")
    labels.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    labels.add_argument("--per-page", type=int, default=8, choices=LABELS_PER_PAGE, metavar="N",
                        help="每页标签数：1、2、4、6 或 8（默认 8）")  # fmt: skip
    labels.add_argument("--item", action="append", metavar="EVIDENCE_NUMBER",
                        help="只打印该编号的物证（可重复；默认打印全部）")  # fmt: skip
    labels.set_defaults(handler=_labels)


def _list(args: argparse.Namespace, url: str) -> int:
    from fireinvest.clock import format_local
    from fireinvest.services.cases import find_case_id
    from fireinvest.services.evidence import list_evidence
    from fireinvest.services.settings import agency_settings

    with opened_workstation(url) as workstation:
        zone = agency_settings(workstation).zone
        items = list_evidence(workstation, find_case_id(workstation, args.case_number))
    if args.json:
        print_json([
            {"evidence_number": i.evidence_number, "name": i.draft.name,
             "collected_at": i.draft.collected_at.astimezone(zone).isoformat(), "collector": i.draft.collector,
             "status": i.state.status.value, "status_label": i.state.status.label, "holder": i.state.holder,
             "location": i.state.location, "sealed": i.state.sealed, "seal_number": i.draft.seal_number}
            for i in items
        ])  # fmt: skip
        return EXIT_OK
    for i in items:
        sealed = "已封存" if i.state.sealed else "未封存"
        fields = (i.evidence_number, format_local(i.draft.collected_at, zone), i.state.status.label, sealed)
        print("  ".join(cell(f, w) for f, w in zip(fields, (20, 16, 8, 6))) + f"  {i.state.holder}  {i.draft.name}")
    print(f"共 {len(items)} 件物证。")
    return EXIT_OK


def _labels(args: argparse.Namespace, url: str) -> int:
    from fireinvest.documents.evidence_labels import evidence_labels_pdf
    from fireinvest.services.cases import find_case_id
    from fireinvest.services.evidence import list_evidence

    with opened_workstation(url) as workstation:
        case_id = find_case_id(workstation, args.case_number)
        item_ids = None
        if args.item:
            # People type the number printed on the package; the document wants internal ids.
            ids = {i.evidence_number: i.id for i in list_evidence(workstation, case_id)}
            wanted = [number.strip() for number in args.item]
            unknown = [number for number in wanted if number not in ids]
            if unknown:
                raise FireInvestError(f"案件 {args.case_number} 中没有编号为“{'”“'.join(unknown)}”的物证。")
            item_ids = [ids[number] for number in wanted]
        count = evidence_labels_pdf(workstation, case_id, args.out, item_ids=item_ids, per_page=args.per_page)
    print(f"已生成 {count} 张物证标签：{args.out}")
    return EXIT_OK
