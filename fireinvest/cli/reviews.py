"""`fireinvest experts …` and `fireinvest reviews …`: the expert register and a case's expert reviews.

fireinvest experts list [--all] [--json]          the register (active experts; --all adds retired ones)
fireinvest reviews list CASE_NUMBER [--json]      the case's reviews, and whether its determination still waits

"""

from __future__ import annotations

import argparse

from fireinvest.cli.common import EXIT_OK, cell, command_group, opened_workstation, print_json


def add_review_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `experts list` and `reviews list` under the top-level command parser."""
    verbs = command_group(commands, "experts", "专家库")
    listing = verbs.add_parser("list", parents=[common], help="列出专家库中的专家")
    listing.add_argument("--all", action="store_true", help="包括已停用的专家")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=_list_experts)

    verbs = command_group(commands, "reviews", "专家论证")
    listing = verbs.add_parser("list", parents=[common], help="列出案件的专家论证及其结论")
    listing.add_argument("case_number", metavar="CASE_NUMBER")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=_list_reviews)


def _list_experts(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.experts import list_experts

    with opened_workstation(url) as workstation:
        experts = list_experts(workstation, include_inactive=args.all)
    if args.json:
        print_json([
            {"id": e.id, "name": e.name, "unit": e.unit, "specialty": e.specialty, "title": e.title,
             "contact": e.contact, "active": e.active}
            for e in experts
        ])  # fmt: skip
        return EXIT_OK
    for e in experts:
        retired = "" if e.active else "  （已停用）"
        cells = "  ".join(cell(f, w) for f, w in zip((e.name, e.title, e.specialty), (8, 18, 16)))
        print(f"{cells}  {e.unit}{retired}")
    print(f"共 {len(experts)} 名专家。")
    return EXIT_OK


def _list_reviews(args: argparse.Namespace, url: str) -> int:
    from fireinvest.exchange.values import format_time
    from fireinvest.services.cases import find_case_id
    from fireinvest.services.reviews.lifecycle import case_reviews
    from fireinvest.services.settings import agency_settings

    with opened_workstation(url) as workstation:
        zone = agency_settings(workstation).zone
        shown = case_reviews(workstation, find_case_id(workstation, args.case_number))
    reviews, blocked = shown.reviews, shown.blocked
    if args.json:
        print_json([
            {"id": r.id, "purpose": r.purpose.value, "purpose_label": r.purpose.label,
             "held_on": r.held_on.isoformat(), "place": r.place, "question": r.question,
             "status": r.status.value, "status_label": r.status.label, "conclusion": r.conclusion,
             "dissent": r.dissent, "supersedes_id": r.supersedes_id, "superseded_by_id": r.superseded_by_id,
             "concluded_at": format_time(r.concluded_at, zone),
             "concluded_by": r.concluded_by, "attachment_ids": list(r.attachment_ids),
             "experts": [{"expert_id": o.expert_id, "name": o.name, "unit": o.unit, "specialty": o.specialty,
                          "title": o.title, "opinion": o.opinion, "dissents": o.dissents} for o in r.opinions]}
            for r in reviews
        ])  # fmt: skip
        return EXIT_OK
    for r in reviews:
        names = "、".join(o.name + ("（不同意见）" if o.dissents else "") for o in r.opinions)
        fields = (r.held_on.isoformat(), r.purpose.label, r.status.label)
        print("  ".join(cell(f, w) for f, w in zip(fields, (10, 16, 8))) + f"  专家：{names}")
        if r.conclusion.strip():
            print(f"    结论：{r.conclusion.strip()}")
    print(f"共 {len(reviews)} 次专家论证。")
    if blocked:
        print(f"注意：作出认定前需要经专家论证并形成结论（原因：{'；'.join(blocked)}）。")
    return EXIT_OK
