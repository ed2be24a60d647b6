"""`fireinvest codes list|add|retire KIND`: the code lists (辖区, 场所类型, 起火原因, 细分原因), for the scripted
set-up of an installation and for the codes a file from another detachment brings.

    fireinvest codes list [district|place_type|cause|sub_cause]
    fireinvest codes add district 丙区 丁区
    fireinvest codes add sub_cause 电焊 --cause 生产作业
    fireinvest codes retire place_type 人员密集场所
"""

from __future__ import annotations

import argparse

from fireinvest.cli.common import EXIT_OK, command_group, opened_workstation

KINDS = {"district": "district", "place_type": "place_type", "cause": "cause_category", "sub_cause": "cause_detail"}


def add_code_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `codes list|add|retire`."""
    codes = command_group(commands, "codes", "代码表：辖区、场所类型、起火原因、细分原因")
    listing = codes.add_parser("list", parents=[common], help="列出现行代码")
    listing.add_argument("kind", nargs="?", choices=list(KINDS), help="只列一类")
    listing.set_defaults(handler=_list)
    for verb, text, handler in (("add", "添加代码（已停用的恢复使用）", _add),
                                ("retire", "停用代码（已有案件仍保留原值）", _retire)):  # fmt: skip
        command = codes.add_parser(verb, parents=[common], help=text)
        command.add_argument("kind", choices=list(KINDS))
        command.add_argument("names", nargs="+", metavar="NAME")
        command.add_argument("--cause", default="", metavar="起火原因", help="细分原因所属的起火原因")
        command.set_defaults(handler=handler)


def code_mapping_entry(text: str):
    """`--map KIND:NAME=OURS` of `fireinvest import` as (Code, our name); a sub-cause names its category first
    (`sub_cause:生产作业/电焊=电焊气割`)."""
    from fireinvest.services.reference import CAUSE_DETAIL, Code

    kind_text, _colon, rest = text.partition(":")
    name, _equals, ours = rest.partition("=")
    kind, parent = KINDS.get(kind_text.strip()), ""
    if kind == CAUSE_DETAIL:
        parent, _slash, name = name.rpartition("/")
    if kind is None or not name.strip() or not ours.strip() or (kind == CAUSE_DETAIL and not parent.strip()):
        raise argparse.ArgumentTypeError(
            f"“{text}”应写成 类别:文件中的代码=本机代码，类别为 {'、'.join(KINDS)} 之一；细分原因写成 "
            "sub_cause:起火原因/细分原因=本机细分原因"
        )
    return Code(kind, name.strip(), parent.strip()), ours.strip()


def _codes(args: argparse.Namespace):
    from fireinvest.services.reference import Code

    return [Code(KINDS[args.kind], name, args.cause) for name in args.names]


def _list(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.reference import reference_lists

    with opened_workstation(url) as workstation:
        lists = reference_lists(workstation)
    sections = {
        "district": ("辖区", list(lists.districts)),
        "place_type": ("场所类型", lists.place_type_names),
        "cause": ("起火原因", lists.cause_names),
        "sub_cause": ("细分原因", [f"{c}/{d}" for c, details in lists.cause_details.items() for d in details]),
    }
    for kind, (label, names) in sections.items():
        if args.kind in (None, kind):
            print(f"{label}（{kind}，{len(names)} 项）：{'、'.join(names)}")
    return EXIT_OK


def _add(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.reference import add_codes

    with opened_workstation(url) as workstation:
        added = add_codes(workstation, _codes(args)).value
    print(
        f"已添加 {len(added)} 项：{'、'.join(map(str, added))}。" if added else "这些代码都已在现行代码表中，没有改动。"
    )
    return EXIT_OK


def _retire(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.reference import retire_codes

    with opened_workstation(url) as workstation:
        retired = retire_codes(workstation, _codes(args)).value
    print(f"已停用 {len(retired)} 项：{'、'.join(map(str, retired))}。已有案件仍保留原值。")
    return EXIT_OK
