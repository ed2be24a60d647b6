"""Benchmark: the Word dossier of a large case and its printed summary, each against a naive build of the same
content in the same run.

The case has 300 evidence items (the evidence collection list runs to several pages), 100 camera photos of about
2 MB (4000 x 3000 px, the attachment benchmark's photos) and 40 issued documents made by the real generator from the
shipped templates: an interview record for each of 25 interviews, 5 scene inspection records and the case's other
documents. Building it is untimed; the archive is made afresh in benchmarks/.cache for each run.

- `export_dossier` is timed end to end: reading every document and photo digest-checked from SQLite, composing,
  writing the .docx (the file's rename included), once the documents' page counts are recorded; the first export,
  which lays the documents out with LibreOffice for those counts, is timed apart, and so is the export as a command
  (`python -m fireinvest export dossier`, a fresh interpreter).
- The naive build is what python-docx invites: the file list filled with table.cell(r, c), each document appended
  by saving the volume so far and opening it again to compose onto it, and each photo added with
  run.add_picture from the camera file as it is, in a grid addressed with table.cell(r, c).
- The summary PDF (`case_summary_pdf`) against a plain PDF of the same facts, one line each, no layout: the floor
  of what a PDF of that text costs with ReportLab.

    python benchmarks/dossier.py                  # 300 items, 100 photos, 40 documents
    python benchmarks/dossier.py --photos 20      # a quicker run
    python benchmarks/dossier.py --repeats 1      # one timed run of each
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))
from attachments import photos as camera_photos  # noqa: E402  (the cached 2 MB photos)

ZONE = ZoneInfo("Asia/Shanghai")
DOCUMENTS = 40
INTERVIEWS, INSPECTIONS = 25, 5


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=ZONE)


def build_case(folder: Path, evidence: int, photo_count: int, first_photo: int = 0):
    """A fresh archive in `folder` holding the large case, built through the use cases (each in its own unit of
    work, as the window and the command line run them); returns (workstation, case_id, documents issued). The photos
    are the cached ones from number `first_photo` on."""
    from fireinvest.documents.issuing import issue_document
    from fireinvest.errors import FireInvestError
    from fireinvest.rules.case_facts import CaseDraft, PartyDraft, PartyRole
    from fireinvest.rules.evidence import EvidenceDraft
    from fireinvest.rules.records import InspectionDraft, Inspector, InterviewDraft, QuestionAnswer
    from fireinvest.rules.workflow import EventType
    from fireinvest.services.actor import Actor
    from fireinvest.services.attachments.intake import add_attachments
    from fireinvest.services.cases import create_case, get_case
    from fireinvest.services.documents.kinds import document_kinds
    from fireinvest.services.evidence import register_evidence
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.records import create_inspection, create_interview, list_inspections, list_interviews
    from fireinvest.services.startup import open_prepared_database
    from fireinvest.services.workflow import record_step

    database = open_prepared_database(f"sqlite:///{folder / 'bench.sqlite3'}")
    ws = Workstation(database, Actor("张明"))
    draft = CaseDraft(
        alarm_time=_at(1, 10, 5), extinguished_time=_at(1, 13, 30), ignition_time=_at(1, 9, 50),
        address="玄武区中山路100号", district="玄武区", place_type="厂房", unit_name="某某电子科技有限公司",
        summary="生产车间配电柜起火，蔓延至成品仓库。", ignition_area="配电间", ignition_point="配电柜内接线端子",
        cause_category="电气", cause_detail="接触不良", burned_area_m2=Decimal("850"),
        direct_property_loss=Decimal("2600000"), direct_economic_loss=Decimal("2750000"),
        parties=[PartyDraft("某某电子科技有限公司", PartyRole.RESPONSIBLE_UNIT)],
    )  # fmt: skip
    case_id = create_case(ws, draft).value.id
    for n in range(evidence):
        register_evidence(ws, case_id, EvidenceDraft(
            f"熔痕导线{n + 1}", _at(2, 9 + n // 60, n % 60), "张明", found_position=f"配电柜东侧第{n % 9 + 1}排",
            measurements="长约12厘米", witness="李强", seal_number=f"FC-{n + 1:04d}"))  # fmt: skip
    for n in range(INSPECTIONS):
        create_inspection(ws, case_id, InspectionDraft(
            _at(2 + n, 9), _at(2 + n, 12), "玄武区中山路100号", [Inspector("张明", "某市消防救援支队", "工程师")],
            "王某", "晴", "东风2级", "12℃", "自然光", "厂区周边" * 40, "车间内部" * 40, "配电间" * 60,
            "配电柜" * 40))  # fmt: skip
    for n in range(INTERVIEWS):
        questions = [QuestionAnswer(f"问题{q + 1}：起火时你在哪里？", "我在车间东侧巡检，" * 6) for q in range(8)]
        create_interview(ws, case_id, InterviewDraft(
            f"证人{n + 1}", role="目击者", started_at=_at(2, 14 + n % 6), ended_at=_at(2, 15 + n % 6),
            place="玄武区消防救援大队", interviewers=["张明", "李强"], questions=questions))  # fmt: skip
    # The procedure up to a concluded review, so that every document of the general procedure has its facts on file
    # (the determination, its service by notice, the review documents): 40 documents with the records' 30.
    steps = ((EventType.INVESTIGATION_STARTED, _at(1, 15), {}), (EventType.HEARING_HELD, _at(20, 9), {}),
             (EventType.DETERMINED, _at(25, 9), {}), (EventType.SERVED, _at(26, 9), {"method": "public_notice"}),
             (EventType.REVIEW_APPLIED, _at(27, 9), {"applicant": "某某电子科技有限公司"}),
             (EventType.REVIEW_ACCEPTED, _at(28, 9), {}), (EventType.CASE_FILE_SENT, _at(29, 9), {}),
             (EventType.REVIEW_CONCLUDED, _at(30, 9), {"outcome": "upheld"}))  # fmt: skip
    for step, when, details in steps:
        record_step(ws, case_id, get_case(ws, case_id).version, step, when, details)
    issued = 0
    subjects = {"interview": [r.id for r in list_interviews(ws, case_id)],
                "inspection": [r.id for r in list_inspections(ws, case_id)]}  # fmt: skip
    for kind in document_kinds():
        for subject in subjects[kind.per_record.value] if kind.per_record else [0]:
            if issued == DOCUMENTS:
                break
            try:
                issue_document(ws, case_id, kind.kind, subject)
                issued += 1
            except FireInvestError:
                pass  # a kind of the other procedure, or of the closed loop (its unit of work rolled back)
    add_attachments(ws, case_id, camera_photos(first_photo + photo_count)[first_photo:], caption="起火部位烧损痕迹")
    return ws, case_id, issued


def naive_dossier(session, case_id: int, target: Path) -> None:
    """The same volume the straightforward python-docx way (see the module docstring)."""
    from docx import Document
    from docx.shared import Mm
    from docxcompose.composer import Composer

    from fireinvest.archive.dossier_contents import plan_dossier
    from fireinvest.services.attachments.reads import attachment_bytes
    from fireinvest.services.documents.register import document_bytes

    plan = plan_dossier(session, case_id, compiled_by="张明")
    document = Document()
    for label, value in (("案卷题名", plan.cover.title), ("案件编号", plan.cover.case_number),
                         ("保管期限", plan.cover.retention.label), ("档号", plan.cover.archive_number)):  # fmt: skip
        document.add_paragraph(f"{label}：{value}")
    document.add_page_break()
    table = document.add_table(rows=len(plan.items) + 1, cols=7)
    for c, name in enumerate(("序号", "责任者", "文号", "题名", "日期", "页号", "备注")):
        table.cell(0, c).text = name
    for r, item in enumerate(plan.items, start=1):
        values = (str(item.number), item.author, item.document_number, item.title, item.date, "", item.remarks)
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for issued in plan.documents:
        buffer = io.BytesIO()
        document.save(buffer)
        document = Document(io.BytesIO(buffer.getvalue()))  # open the volume so far again, compose onto it
        document.add_page_break()
        Composer(document).append(Document(io.BytesIO(document_bytes(session, issued.id))))
    grid = document.add_table(rows=math.ceil(len(plan.photos) / 2) * 2, cols=2)
    for n, photo in enumerate(plan.photos):
        row, column = n // 2 * 2, n % 2
        grid.cell(row, column).paragraphs[0].add_run().add_picture(
            io.BytesIO(attachment_bytes(session, photo.attachment_id)), width=Mm(74)
        )
        grid.cell(row + 1, column).text = f"照片{photo.number} {photo.caption} {photo.captured_at}"
    document.add_paragraph(f"本卷共有文件材料 {len(plan.items)} 件")
    document.save(target)


def plain_summary(workstation, case_id: int, target: Path) -> None:
    """The summary's facts (read by the same use case) as plain lines on A4 pages: no tables, no fitting."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from fireinvest.documents.case_summary_facts import case_summary
    from fireinvest.documents.fonts import cjk_font

    summary = case_summary(workstation, case_id)
    pairs = summary.facts + summary.losses + summary.cause + summary.counts
    lines = [summary.case_number, *(f"{k}：{v}" for k, v in pairs), *(f"{e.day} {e.step}" for e in summary.timeline),
             *(f"{d.label} {d.due}" for d in summary.deadlines), *summary.documents, *summary.reviews,
             *summary.loop]  # fmt: skip
    canvas = Canvas(str(target), pagesize=A4)
    canvas.setFont(cjk_font().name, 9)
    y = A4[1] - 40
    for line in lines:
        if y < 40:
            canvas.showPage()
            canvas.setFont(cjk_font().name, 9)
            y = A4[1] - 40
        canvas.drawString(40, y, line[:90])
        y -= 12
    canvas.save()


def _best(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def run(evidence: int = 300, photo_count: int = 100, repeats: int = 3) -> dict:
    from fireinvest.archive.dossier import export_dossier
    from fireinvest.documents.case_summary import case_summary_pdf
    from fireinvest.services.cases import get_case
    from fireinvest.services.documents.register import record_page_counts

    CACHE.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="dossier-", dir=CACHE))
    try:
        started = time.perf_counter()
        ws, case_id, documents = build_case(folder, evidence, photo_count)
        print(f"built the case in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        out = folder / "out"
        out.mkdir()
        # The use cases, each in its own read-only transaction, as the 文书 tab and the command line run them. The
        # first export lays the 40 documents out with LibreOffice for their page counts, which are then recorded.
        started = time.perf_counter()
        first = export_dossier(ws, case_id, out / "first.docx", compiled_by="张明")
        first_s = time.perf_counter() - started
        record_page_counts(ws, first.measured)
        dossier_s = _best(lambda: export_dossier(ws, case_id, out / "dossier.docx", compiled_by="张明"), repeats)
        # The same export as a user types it: a fresh interpreter, imports, opening the database, writing the file.
        command = [sys.executable, "-m", "fireinvest", "--database", str(ws.database.url), "export", "dossier",
                   get_case(ws, case_id).case_number, "--out", str(out / "command.docx")]  # fmt: skip
        command_s = _best(lambda: subprocess.run(command, check=True, capture_output=True), repeats)
        with ws.database.reading() as session:
            naive_s = _best(lambda: naive_dossier(session, case_id, out / "naive.docx"), 1)  # minutes; run once
        summary_s = _best(lambda: case_summary_pdf(ws, case_id, out / "summary.pdf"), repeats)
        plain_s = _best(lambda: plain_summary(ws, case_id, out / "plain.pdf"), repeats)
        result = {
            "evidence": evidence, "photos": photo_count, "documents": documents,
            "first_s": first_s, "measured": len(first.measured), "command_s": command_s,
            "dossier_s": dossier_s, "dossier_mb": (out / "dossier.docx").stat().st_size / 1e6,
            "naive_s": naive_s, "naive_mb": (out / "naive.docx").stat().st_size / 1e6,
            "summary_s": summary_s, "plain_s": plain_s,
        }  # fmt: skip
        ws.database.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def table(result: dict) -> str:
    naive_factor = result["naive_s"] / result["dossier_s"]
    what = f"{result['documents']} documents, {result['photos']} photos, {result['evidence']} evidence items"
    lines = [
        f"| dossier and summary of a large case ({what}) | time | file | time vs. FireInvest |",
        "|---|---:|---:|---:|",
        f"| export_dossier use case: one .docx, sections kept, photos at print size | {result['dossier_s']:,.2f} s "
        f"| {result['dossier_mb']:,.1f} MB | 1.0× |",
        f"| the same as a command (`fireinvest export dossier`: interpreter, imports, database, file) "
        f"| {result['command_s']:,.2f} s | — | {result['command_s'] / result['dossier_s']:,.2f}× |",
        f"| first export: {result['measured']} documents laid out by LibreOffice for their page counts, then "
        f"recorded | {result['first_s']:,.2f} s | — | {result['first_s'] / result['dossier_s']:,.2f}× |",
        f"| naive python-docx: table.cell(r, c), re-open and compose per document, camera files as they are "
        f"| {result['naive_s']:,.2f} s | {result['naive_mb']:,.1f} MB | {naive_factor:,.1f}× |",
        f"| case_summary_pdf: laid-out summary, one page | {result['summary_s']:,.2f} s | — | 1.0× |",
        f"| baseline: the same facts as plain text lines | {result['plain_s']:,.2f} s | — "
        f"| {result['plain_s'] / result['summary_s']:,.2f}× |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evidence", type=int, default=300)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(table(run(args.evidence, args.photos, args.repeats)))


if __name__ == "__main__":
    main()
