"""`fireinvest attachments …`: attach files to a case, list and export them, and verify every stored file.

fireinvest attachments add CASE_NUMBER FILE... [--kind K] [--caption TEXT]   all files or none
fireinvest attachments list CASE_NUMBER
fireinvest attachments export ATTACHMENT_ID FILE                             digest-checked copy
fireinvest attachments verify                                                exit 1 if anything is damaged

"""

from __future__ import annotations

import argparse
from pathlib import Path

from fireinvest.cli.common import EXIT_ERROR, EXIT_OK, command_group, opened_workstation, positive_int, progress_line
from fireinvest.services.attachments.intake import AttachmentKind


def add_attachment_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `attachments add|list|export|verify` under the top-level command parser."""
    verbs = command_group(commands, "attachments", "案件附件（照片、视频、扫描件、图纸、检验报告）")

    add = verbs.add_parser("add", parents=[common], help="为案件添加附件（全部成功或全部不添加）")
    add.add_argument("case_number", metavar="CASE_NUMBER")
    add.add_argument("files", type=Path, nargs="+", metavar="FILE")
    kind_help = "附件类别（默认按文件类型：图片为照片，视频为视频，其余为其他）"
    add.add_argument("--kind", choices=[k.value for k in AttachmentKind], help=kind_help)
    add.add_argument("--caption", default="", help="说明文字（用于所有这些文件）")
    add.set_defaults(handler=_add)

    listing = verbs.add_parser("list", parents=[common], help="列出案件的附件")
    listing.add_argument("case_number", metavar="CASE_NUMBER")
    listing.set_defaults(handler=_list)

    export = verbs.add_parser("export", parents=[common], help="把附件导出为文件（先核对 SHA-256）")
    export.add_argument("attachment_id", type=positive_int, metavar="ATTACHMENT_ID")
    export.add_argument("file", type=Path, metavar="FILE")
    export.set_defaults(handler=_export)

    verbs.add_parser("verify", parents=[common], help="核对所有附件的 SHA-256，列出缺失或被改动的文件").set_defaults(
        handler=_verify
    )


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} B"


def _add(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.attachments.intake import add_attachments
    from fireinvest.services.cases import find_case_id

    with opened_workstation(url) as workstation:
        case_id = find_case_id(workstation, args.case_number)
        records = add_attachments(workstation, case_id, args.files, progress_line("添加（KB）"), kind=args.kind,
                                  caption=args.caption).value  # fmt: skip
    for r in records:
        print(f"{r.id}  {r.kind.label}  {r.original_name}  {_size(r.size)}  SHA-256 {r.sha256}")
    print(f"已为案件 {args.case_number} 添加 {len(records)} 个附件。")
    return EXIT_OK


def _list(args: argparse.Namespace, url: str) -> int:
    from fireinvest.clock import format_local
    from fireinvest.services.attachments.intake import list_attachments
    from fireinvest.services.cases import find_case_id
    from fireinvest.services.settings import agency_settings

    with opened_workstation(url) as workstation:
        zone = agency_settings(workstation).zone
        records = list_attachments(workstation, find_case_id(workstation, args.case_number))
    for r in records:
        taken = f"拍摄于 {format_local(r.captured_at, zone)}" if r.captured_at else ""
        fields = (str(r.id), r.kind.label, r.original_name, _size(r.size), taken, r.caption)
        print("  ".join(field for field in fields if field))
    print(f"共 {len(records)} 个附件。")
    return EXIT_OK


def _export(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.attachments.reads import export_attachment

    with opened_workstation(url) as workstation:
        target = export_attachment(workstation, args.attachment_id, args.file)
    print(f"已导出到 {target}（SHA-256 与登记时一致）。")
    return EXIT_OK


def _verify(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.attachments.reads import verify_attachments

    with opened_workstation(url) as workstation:
        report = verify_attachments(workstation, progress_line("校验（KB）"))
    for problem in report.problems:
        for message in problem.messages():
            print(message)
        if not problem.attachments:  # damaged content that no attachment uses any more
            print(f"未被任何附件使用的内容 {problem.sha256}：{problem.state.label}（{problem.detail}）。")
    checked = f"已核对 {report.contents_checked} 份文件内容（{_size(report.bytes_checked)}）"
    if report.ok:
        print(f"{checked}，全部与登记时的 SHA-256 一致。")
        return EXIT_OK
    print(f"{checked}：{len(report.damaged_attachments)} 个附件的内容缺失或被改动，见上。")
    return EXIT_ERROR
