"""Benchmark: the GUI thread's longest pause while a user keeps working during long operations, FireInvest now
("after") against the version before the redesign (562b988, "before", today's figure) in the same run.

The archive holds dossier.py's large case (300 evidence items, 100 camera photos, 40 documents, 25 interviews,
5 inspections) and some demo cases; it is built untimed with the current use cases and copied afresh for each child.
Each version runs in a child process of its own (versions.py), starts as its `run_gui` does, opens the large case
on its 附件 tab and then, with a 10 ms timer on the GUI thread recording the gaps between its ticks:

- t = 0: an intake of `--photos` 2 MB camera photos (500: about 1 GB; attachments.py's cached photos) into the
  large case, started as the 附件 tab starts it (AttachmentsPage.add_files);
- t = 0.5 s: the large case's Word dossier, exported as the case menu starts it (the main window's
  CaseOutputs.export_dossier);
- t = 1 s: the user opens `--open` other cases one after another (MainWindow.open_case), visits each one's tabs
  (物证 … 文书, the next as soon as the last shows its data) and closes it;
- t = 2 s: the user changes the caption of one of the large case's photos on the 附件 tab (AttachmentsPage
  edit_caption; "before": edit_caption then reload, as its edit_selected_caption did).

Message boxes (the "dossier written" note, an error) are answered within 25 ms. The run ends when everything has
finished and the 附件 tab lists the new photos. Reported for both: the longest pause and the 99th percentile of the
gaps, and the latencies: the caption edit from request until the tab lists the new caption, each case opening from
request until its editor has been painted with its facts. In "before" the 附件 tab, the editor and the caption edit
worked on the GUI thread, the dossier export and the intake on QThreadPool workers; in "after" every use case runs
on the window's single database thread.

`--diagnose` also notes the Python stack of the GUI thread during each pause over 80 ms (a sampling thread, which
itself competes for the GIL: not for the reported figures).

    python benchmarks/gui_pause.py                          # 500 photos (1 GB), 5 cases opened
    python benchmarks/gui_pause.py --photos 50 --open 3     # a quicker run
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))
import versions  # noqa: E402

CAPTION = "起火部位烧损痕迹（已核对）"
LABELS = {
    "after": "FireInvest (after): every use case on the database thread",
    "before": "today: before (562b988), editor, 附件 tab and caption on the GUI thread",
}


def _during(events: list[tuple[float, str]], samples: list[tuple[float, str]], ends: float, ms: float) -> dict:
    """What happened around a pause that ended at `ends` (seconds from the start) and lasted `ms`."""
    start = ends - ms / 1000
    inside = [text for t, text in events if start - 0.01 <= t <= ends + 0.01]
    before = [f"nothing of the scenario; last: {text} at {t:,.1f} s" for t, text in events if t < start]
    return {"events": inside or before[-1:], "stacks": [where for t, where in samples if start <= t <= ends + 0.02]}


def scenario(version: str, job: dict, diagnose: bool) -> dict:
    """In the child: the whole scenario on one version; its measurements."""
    from PySide6.QtCore import QTimer
    from scenario import MessageBoxes, PauseMeter, StackSampler, now, run_until, settle, wait, watch_editors

    driver = importlib.import_module(f"scenario_{version}")
    program = driver.Program(job["url"])
    run_until(lambda: program.list_shown() and not program.busy(), what="the case list")
    waiting: dict = {}
    watch_editors(program.window, lambda editor: QTimer.singleShot(0, lambda: waiting.pop("painted")(editor)))

    # Untimed: the large case's editor on its 附件 tab, as the user has it before dropping the photos.
    opened: list = []

    def open_large(finish) -> None:
        waiting["painted"] = lambda editor: (opened.append(editor), finish())
        program.open_case(job["case_id"])

    wait(open_large, what="the large case's editor")
    large = opened[0]
    large.tabs.setCurrentWidget(large.attachments)
    wait(lambda finish: program.when_tab_shows_data(large.attachments, finish), what="the 附件 tab")
    existing = len(program.attachments(large))
    settle(300)

    origin = now()
    events: list[tuple[float, str]] = []

    def log(text: str) -> None:
        events.append((now() - origin, text))

    meter = PauseMeter()
    boxes = MessageBoxes(lambda: origin)
    sampler = StackSampler() if diagnose else None
    state = {"intake_s": None, "dossier_s": None, "dossier_started": False, "chain_done": False}
    caption: dict = {}
    openings: list[dict] = []
    to_open = list(job["open_ids"])
    paths = [Path(p) for p in job["photos"]]

    def open_next() -> None:
        if not to_open:
            state["chain_done"] = True
            return
        case_id = to_open.pop(0)
        requested = now()
        log(f"case {case_id}: open requested")

        def painted(editor) -> None:
            shown = now()
            log(f"case {case_id}: editor painted")
            record = {"case_id": case_id, "latency_s": shown - requested}
            openings.append(record)
            visit(editor, program.case_tabs(editor), record, shown)

        waiting["painted"] = painted
        program.open_case(case_id)

    def visit(editor, tabs: list, record: dict, since: float) -> None:
        if not tabs:
            record["tabs_s"] = now() - since
            log(f"case {record['case_id']}: every tab shown, closing")
            editor.reject()
            QTimer.singleShot(0, open_next)
            return
        tab, rest = tabs[0], tabs[1:]
        editor.tabs.setCurrentWidget(tab)
        program.when_tab_shows_data(tab, lambda: QTimer.singleShot(0, lambda: visit(editor, rest, record, since)))

    def start_dossier() -> None:
        log("dossier export started")
        state["dossier_started"] = True
        program.start_dossier(job["case_id"], job["case_number"], Path(job["dossier"]))

    def edit_caption() -> None:
        record = program.attachments(large)[0]
        requested = now()
        log("caption edit requested")

        def shown(saved: bool) -> None:
            caption.update(saved=saved, latency_s=now() - requested)
            log(f"caption edit {'shown' if saved else 'failed'}")

        program.edit_caption(large, record, CAPTION, shown)

    def watch_operations() -> None:
        if state["intake_s"] is None and not program.intake_running(large):
            state["intake_s"] = now() - origin
            log("intake finished")
        if state["dossier_started"] and state["dossier_s"] is None and not program.dossier_running():
            state["dossier_s"] = now() - origin - 0.5
            log("dossier export finished")

    def caption_failed() -> bool:
        return any(box["title"] == "无法保存说明" for box in boxes.seen)

    def finished() -> bool:
        return (state["intake_s"] is not None and state["dossier_s"] is not None and state["chain_done"]
                and (bool(caption) or caption_failed()) and not program.busy()
                and len(program.attachments(large)) == existing + len(paths))  # fmt: skip

    meter.start()
    if sampler is not None:
        sampler.start(lambda: meter._last)
    log(f"intake of {len(paths)} photos started")
    program.start_intake(large, paths)
    QTimer.singleShot(500, start_dossier)
    QTimer.singleShot(1000, open_next)
    QTimer.singleShot(2000, edit_caption)
    operations = QTimer()
    operations.timeout.connect(watch_operations)
    operations.start(50)
    run_until(finished, timeout_s=3600, what="the scenario", interval_ms=50)
    total_s = now() - origin
    settle(300)
    meter.stop()
    operations.stop()
    if sampler is not None:
        sampler.stop()
    pauses = meter.summary(origin)
    samples = [(t - origin, where) for t, where in (sampler.samples if sampler else [])]
    for pause in pauses["longest"]:
        pause.update(_during(events, samples, pause["ends_s"], pause["ms"]))
    program.close()
    if not caption:
        caption.update(saved=False, latency_s=None)
    return {"version": version, **pauses, "openings": openings, "caption": caption, "intake_s": state["intake_s"],
            "dossier_s": state["dossier_s"], "total_s": total_s, "message_boxes": boxes.seen,
            "events": events}  # fmt: skip


def build_template(folder: Path, photo_count: int, open_count: int) -> dict:
    """The archive both versions start from: the large case (its own 100 photos come after the intake's in the
    cache, so that none of the intake's is already stored) and demo cases to open."""
    from attachments import photos
    from dossier import build_case

    from fireinvest.demo.generator import generate_demo_cases
    from fireinvest.services.case_query import CaseFilter, CaseSort, list_cases

    photos(photo_count + 100)
    workstation, case_id, _documents = build_case(folder, 300, 100, first_photo=photo_count)
    generate_demo_cases(workstation, max(30, 3 * open_count), seed=11)
    with workstation.database.reading() as session:
        rows = [r for r in list_cases(session, CaseFilter(), CaseSort(), 0, 1000) if r.id != case_id]
        number = next(r.case_number for r in list_cases(session, CaseFilter(), CaseSort(), 0, 1000) if r.id == case_id)
    workstation.database.dispose()
    step = max(1, len(rows) // open_count)  # new and old cases alike, from the top of the list down
    return {"case_id": case_id, "case_number": number, "open_ids": [r.id for r in rows[::step][:open_count]]}


def run_child(version: str, template: Path, job: dict, diagnose: bool) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"gui-pause-{version}-", dir=CACHE))
    try:
        shutil.copyfile(template, folder / "bench.sqlite3")
        if version == "before":
            versions.stamp_for_before(folder / "bench.sqlite3")
        job = {**job, "url": f"sqlite:///{folder / 'bench.sqlite3'}", "dossier": str(folder / "dossier.docx")}
        command = [versions.PYTHON, __file__, "--child", version, "--job", json.dumps(job)]
        if diagnose:
            command.append("--diagnose")
        done = subprocess.run(command, env=versions.child_env(version), capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"the {version} child failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(photo_count: int = 500, open_count: int = 5, repeats: int = 1, diagnose: bool = False) -> dict:
    from attachments import _warm, photos

    for version in versions.VERSIONS:
        versions.check_package(version)
    CACHE.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="gui-pause-template-", dir=CACHE))
    try:
        started = time.perf_counter()
        job = build_template(folder, photo_count, open_count)
        print(f"built the archive in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        paths = photos(photo_count)
        job["photos"] = [str(p) for p in paths]
        size = _warm(paths)
        runs: dict[str, list[dict]] = {"after": [], "before": []}
        for _ in range(repeats):
            for version in runs:
                runs[version].append(run_child(version, folder / "bench.sqlite3", job, diagnose))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    best = {version: min(results, key=lambda r: r["longest_pause_ms"]) for version, results in runs.items()}
    return {"photos": photo_count, "bytes": size, "open": open_count, "repeats": repeats, **best}


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f} s"


def table(r: dict) -> str:
    lines = [
        f"| GUI thread while a {r['bytes'] / 1e9:,.2f} GB intake ({r['photos']} photos), a dossier export, "
        f"{r['open']} case openings and a caption edit run together | longest pause | 99th percentile "
        f"| pauses over 100 ms | caption edit: request to shown | case openings: request to editor shown |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for version in ("after", "before"):
        v = r[version]
        c = v["caption"]
        caption = _seconds(c["latency_s"]) if c["saved"] else f"failed after {_seconds(c['latency_s'])}"
        opens = ", ".join(f"{o['latency_s']:,.1f}" for o in v["openings"]) + " s"
        lines.append(f"| {LABELS[version]} | {v['longest_pause_ms']:,.0f} ms | {v['p99_pause_ms']:,.0f} ms "
                     f"| {v['pauses_over_100ms']:,} | {caption} | {opens} |")  # fmt: skip
    lines.append("")
    for version in ("after", "before"):
        v = r[version]
        pauses = "; ".join(f"{p['ms']:,.0f} ms at {p['ends_s']:,.1f} s ({', '.join(p['events']) or '—'})"
                           for p in v["longest"][:3])  # fmt: skip
        failures = [box for box in v["message_boxes"] if box["title"] not in ("导出卷宗",)]
        shown = "; ".join(f"{box['title']}: {' '.join(box['text'].split())[:100]}" for box in failures)
        lines.append(
            f"{version}: intake {_seconds(v['intake_s'])}, dossier {_seconds(v['dossier_s'])}, all done after "
            f"{_seconds(v['total_s'])}; longest pauses: {pauses}." + (f" Messages: {shown}." if shown else "")
        )
    lines.append("")
    lines.append("Target for after: no pause over 100 ms.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=500, help="2 MB photos in the intake (500: about 1 GB)")
    parser.add_argument("--open", type=int, default=5, help="cases the user opens meanwhile")
    parser.add_argument("--repeats", type=int, default=1, help="runs per version (the one with the shortest "
                        "longest pause is reported)")  # fmt: skip
    parser.add_argument("--diagnose", action="store_true", help="note the GUI thread's stack during long pauses")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON too")
    parser.add_argument("--child", choices=versions.VERSIONS, help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = scenario(args.child, json.loads(args.job), args.diagnose)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        os._exit(0)  # no teardown of windows and threads at exit
    result = run(args.photos, args.open, args.repeats, args.diagnose)
    if args.json or args.diagnose:
        print(json.dumps(result, ensure_ascii=False, indent=1), file=sys.stderr)
    print(table(result))


if __name__ == "__main__":
    main()
