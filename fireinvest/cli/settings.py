"""`fireinvest settings show|set`: the agency settings, for the scripted set-up of a new installation.

fireinvest settings show
fireinvest settings set agency_name 某市消防救援支队 agency_code 320100 agency_abbreviation 某消
"""

from __future__ import annotations

import argparse
import dataclasses
from decimal import Decimal, InvalidOperation

from fireinvest.cli.common import EXIT_OK, command_group, opened_workstation
from fireinvest.errors import FireInvestError

# Setting key (as the command line names it) -> (AgencySettings field, label).
KEYS = {
    "agency_name": ("agency_name", "机构名称"),
    "agency_code": ("agency_code", "机构代码（行政区划代码）"),
    "agency_abbreviation": ("agency_abbreviation", "机关代字"),
    "review_agency_name": ("review_agency_name", "复核机构"),
    "review_agency_abbreviation": ("review_agency_abbreviation", "复核机关代字"),
    "simple_procedure_loss_ceiling_yuan": ("simple_procedure_loss_ceiling", "简易程序财产损失上限（元）"),
    "timezone": ("timezone", "时区"),
}


def add_settings_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `settings show|set`."""
    settings = command_group(commands, "settings", "机构设置（名称、代码、代字、复核机构、时区等）")
    settings.add_parser("show", parents=[common], help="列出现行设置").set_defaults(handler=_show)
    setting = settings.add_parser("set", parents=[common], help="修改设置：KEY VALUE [KEY VALUE …]")
    setting.add_argument("pairs", nargs="+", metavar="KEY VALUE", help=f"可用的 KEY：{'、'.join(KEYS)}")
    setting.set_defaults(handler=_set)


def _show(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.settings import agency_settings

    with opened_workstation(url) as workstation:
        current = agency_settings(workstation)
    for key, (field, label) in KEYS.items():
        print(f"{key} = {getattr(current, field)}    # {label}")
    return EXIT_OK


def _set(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.settings import agency_settings, update_agency_settings

    if len(args.pairs) % 2:
        raise FireInvestError("设置须成对给出：KEY VALUE [KEY VALUE …]。")
    changes = dict(zip(args.pairs[::2], args.pairs[1::2]))
    unknown = [key for key in changes if key not in KEYS]
    if unknown:
        raise FireInvestError(f"无法识别的设置：{'、'.join(unknown)}（可用：{'、'.join(KEYS)}）。")
    with opened_workstation(url) as workstation:
        current = agency_settings(workstation)
        values = {KEYS[key][0]: _value(key, text) for key, text in changes.items()}
        saved = update_agency_settings(workstation, dataclasses.replace(current, **values)).value
    for key in changes:
        print(f"{key} = {getattr(saved, KEYS[key][0])}")
    return EXIT_OK


def _value(key: str, text: str):
    if key != "simple_procedure_loss_ceiling_yuan":
        return text
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise FireInvestError(f"{KEYS[key][1]}“{text}”不是有效的金额。") from None
