"""`fireinvest document …` and `fireinvest documents …`: a case's documents from the Word templates, and the register.

fireinvest document CASE_NUMBER KIND --out FILE.docx [--issue] [--subject ID] [--correction REASON]
    without --issue a draft to look at ("（未编号）", recorded nowhere); with --issue numbered and recorded
fireinvest documents list CASE_NUMBER [--json] [--all]     the case's documents (--all: every version)
fireinvest documents export DOCUMENT_ID FILE.docx          an issued document as stored (SHA-256 checked)
fireinvest documents void NUMBER --reason R                void a document number; it stays recorded
fireinvest documents kinds [--json]                        the kinds of document there are

"""

from __future__ import annotations

import argparse
from pathlib import Path

from fireinvest.cli.common import EXIT_OK, cell, command_group, opened_workstation, print_json
from fireinvest.errors import FireInvestError


def add_document_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register `document` and `documents list|export|void|kinds` under the top-level command parser."""
    document = commands.add_parser("document", parents=[common], help="生成案件的一份文书（Word .docx）")
    document.add_argument("case_number", metavar="CASE_NUMBER")
    document.add_argument("kind", metavar="KIND", help="文书种类，见 fireinvest documents kinds")
    document.add_argument("--out", type=Path, required=True, metavar="FILE.docx", help="输出的 Word 文件")
    document.add_argument("--issue", action="store_true", help="正式出具：编文号并登记（不加此项只生成未编号的草稿）")
    document.add_argument("--subject", type=int, default=0, metavar="ID",
                          help="笔录类文书针对的笔录内部编号（现场勘验笔录、询问笔录）")  # fmt: skip
    document.add_argument("--correction", default="", metavar="REASON", help="更正已出具的文书：更正原因（文号不变）")
    document.set_defaults(handler=_document)

    verbs = command_group(commands, "documents", "文书登记")
    listing = verbs.add_parser("list", parents=[common], help="列出案件已出具的文书")
    listing.add_argument("case_number", metavar="CASE_NUMBER")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.add_argument("--all", action="store_true", help="包括已被更正的旧版本")
    listing.set_defaults(handler=_list)

    export = verbs.add_parser("export", parents=[common], help="导出已出具文书的存档原件（校验 SHA-256）")
    export.add_argument("document_id", type=int, metavar="DOCUMENT_ID")
    export.add_argument("out", type=Path, metavar="FILE.docx")
    export.set_defaults(handler=_export)

    void = verbs.add_parser("void", parents=[common], help="作废文号（作废记录保留）")
    void.add_argument("number", metavar="NUMBER", help="文号，例如 某消火认字〔2026〕第0021号")
    void.add_argument("--reason", required=True, help="作废原因")
    void.set_defaults(handler=_void)

    kinds = verbs.add_parser("kinds", parents=[common], help="列出文书种类")
    kinds.add_argument("--json", action="store_true", help="以 JSON 输出")
    kinds.set_defaults(handler=_kinds)


def _write(path: Path, data: bytes) -> None:
    from fireinvest.files import write_output

    write_output(path, lambda stream: stream.write(data), "Word")


def _subject_hint(workstation, case_id: int, kind) -> str:
    """The records a per-record document may be about, for the message when --subject is missing."""
    from fireinvest.services.documents.listing import document_subjects

    found = [f"{subject_id}（{text}）" for subject_id, text in document_subjects(workstation, case_id, kind.kind)]
    listed = "；".join(found) if found else "本案还没有这类笔录"
    return f"“{kind.title}”针对一份笔录，请用 --subject 指定笔录内部编号：{listed}。"


def _document(args: argparse.Namespace, url: str) -> int:
    from fireinvest.documents.issuing import issue_document, preview_document
    from fireinvest.files import replacing
    from fireinvest.services.cases import find_case_id
    from fireinvest.services.documents.kinds import document_kind
    from fireinvest.services.documents.register import issued_document_bytes

    kind = document_kind(args.kind)
    if args.correction and not args.issue:
        raise FireInvestError("--correction 只能与 --issue 一起使用：更正版本也要正式出具。")
    with opened_workstation(url) as workstation:
        case_id = find_case_id(workstation, args.case_number)
        if kind.per_record is not None and not args.subject:
            raise FireInvestError(_subject_hint(workstation, case_id, kind))
        if not args.issue:
            _write(args.out, preview_document(workstation, case_id, kind.kind, args.subject))
            print(f"已生成“{kind.title}”草稿（未编号，未登记）：{args.out}")
            return EXIT_OK
        # The file is opened before the document is issued: a folder that refuses it leaves nothing issued.
        with replacing(args.out, "Word") as temporary, temporary.open("xb") as stream:
            issued = issue_document(workstation, case_id, kind.kind, args.subject, args.correction).value
            stream.write(issued_document_bytes(workstation, issued.id))
    number = f"，文号 {issued.number_text}" if issued.number_text else ""
    print(f"已出具“{issued.title}”第 {issued.version} 版{number}（文书编号 {issued.id}）：{args.out}")
    print(f"SHA-256：{issued.sha256}")
    return EXIT_OK


def _list(args: argparse.Namespace, url: str) -> int:
    from fireinvest.clock import format_local
    from fireinvest.services.cases import find_case_id
    from fireinvest.services.documents.register import list_case_documents
    from fireinvest.services.settings import agency_settings

    with opened_workstation(url) as workstation:
        zone = agency_settings(workstation).zone
        found = list_case_documents(workstation, find_case_id(workstation, args.case_number), all_versions=args.all)
    if args.json:
        print_json([
            {"id": d.id, "kind": d.kind, "title": d.title, "subject_id": d.subject_id, "number": d.number_text,
             "version": d.version, "status": d.status.value, "status_label": d.status.label, "voided": d.voided,
             "generated_at": d.generated_at.astimezone(zone).isoformat(), "generated_by": d.generated_by,
             "sha256": d.sha256, "size": d.size, "page_count": d.page_count,
             "correction_reason": d.correction_reason}
            for d in found
        ])  # fmt: skip
        return EXIT_OK
    for d in found:
        fields = (
            str(d.id),
            format_local(d.generated_at, zone),
            d.status.label,
            f"第{d.version}版",
            d.number_text or "—",
        )
        print("  ".join(cell(f, w) for f, w in zip(fields, (6, 16, 8, 6, 28))) + f"  {d.title}")
    print(f"共 {len(found)} 份文书。")
    return EXIT_OK


def _export(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.documents.register import get_issued_document, issued_document_bytes

    with opened_workstation(url) as workstation:
        document = get_issued_document(workstation, args.document_id)
        data = issued_document_bytes(workstation, document.id)
    _write(args.out, data)
    print(f"已导出“{document.title}”{document.number_text} 第 {document.version} 版，SHA-256 与出具时一致：{args.out}")
    return EXIT_OK


def _void(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.documents.register import void_document_number

    with opened_workstation(url) as workstation:
        voided = void_document_number(workstation, args.number, args.reason).value
    print(f"已作废文号 {voided.number_text}（原因：{voided.void_reason}）。该文号不再使用，作废记录保留。")
    return EXIT_OK


def _kinds(args: argparse.Namespace, url: str) -> int:
    from fireinvest.services.documents.kinds import document_kinds

    kinds = document_kinds()
    if args.json:
        print_json([
            {"kind": k.kind, "title": k.title, "layout": k.layout.value, "numbered": k.numbered,
             "per_record": k.per_record.value if k.per_record else None,
             "procedure": k.procedure.value if k.procedure else None, "template": k.template}
            for k in kinds
        ])  # fmt: skip
        return EXIT_OK
    for k in kinds:
        layout = "公文" if k.layout == "official" else "执法文书"
        numbered = "编文号" if k.numbered else "不编号"
        per = "（每份笔录一份）" if k.per_record else ""
        print(f"{cell(k.kind, 22)}{cell(k.title, 36)}{cell(layout, 10)}{numbered}{per}")
    return EXIT_OK
