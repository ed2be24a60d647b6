"""Benchmark: time to the first visible page of the case list, and peak memory, lazy model against eager loading.

Each measurement runs in its own process so that its peak memory is its own. The lazy variant is the real
CaseTableModel(runner, zone) on a real (threaded) Runner, in a real QTableView (offscreen), timed until its count
and first page have arrived from the database thread and the view has painted them; the eager variant is the
obvious alternative, every row read into memory before the view shows, displayed by the same view. Both run on the
same demo database in the same run, and the lazy model is also measured on an archive a tenth of the size, to show
that its memory does not grow with the archive.

    python benchmarks/case_list.py                # 100,000 and 10,000 cases, databases cached in benchmarks/.cache
    python benchmarks/case_list.py --cases 20000  # a quicker run
    python benchmarks/case_list.py --repeats 1    # one timed run per variant
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"


def demo_database(cases: int) -> str:
    """URL of a cached SQLite archive filled with `cases` demo cases (generated on first use)."""
    from fireinvest.demo.generator import DEMO_GENERATION, generate_demo_cases
    from fireinvest.services.actor import Actor
    from fireinvest.services.case_query import CaseFilter, count_cases
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.startup import open_prepared_database

    CACHE.mkdir(exist_ok=True)
    # The generator's version is in the name: an archive made by an older generator (without timelines, reviews or
    # loops, say) would measure something else, so it is never reused.
    url = f"sqlite:///{CACHE / f'demo-{cases}-v{DEMO_GENERATION}.sqlite3'}"
    database = open_prepared_database(url)
    try:
        with database.reading() as session:
            present = count_cases(session, CaseFilter(include_voided=True))
        if present != cases:
            if present:
                raise SystemExit(f"{url} holds {present} cases, expected {cases}; delete it to regenerate")
            started = time.perf_counter()
            generate_demo_cases(Workstation(database, Actor("benchmark")), cases, seed=2026)
            print(f"generated {cases} demo cases in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    finally:
        database.dispose()
    return url


def _rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_rss_kib() -> int:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over from the parent through
    fork and exec, so a child of a large parent (run.py, after it built an archive) would report the parent's."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def _eager_model(database, zone):
    """What loading everything looks like: every row read into a list, then served from it."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    from fireinvest.clock import format_local
    from fireinvest.services.case_query import CaseFilter, CaseSort, count_cases, list_cases

    with database.reading() as session:
        total = count_cases(session, CaseFilter())
        rows = list_cases(session, CaseFilter(), CaseSort(), 0, total)

    class EagerModel(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent=QModelIndex()):
            return 0 if parent.isValid() else 4

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            row = rows[index.row()]
            return (row.case_number, format_local(row.alarm_time, zone), row.address, row.fire_grade.value)[
                index.column()
            ]

    return EagerModel()


def _painted_with_rows(view, has_rows) -> None:
    """Run the event loop until the view's viewport gets its first Paint event after `has_rows()` is true."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()

    class PaintWatch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and has_rows():
                QTimer.singleShot(0, loop.quit)  # after this paint has been delivered
            return False

    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.timeout.connect(lambda: loop.exit(1))
    timeout.start(120_000)
    if loop.exec() != 0:
        raise SystemExit("the case list never painted a page")
    view.viewport().removeEventFilter(watch)


def measure(variant: str, url: str, trace: bool) -> dict:
    """Open the list the way a user does and stop when the first page has been painted."""
    from PySide6.QtWidgets import QApplication, QTableView

    from fireinvest.db import open_database
    from fireinvest.services.actor import Actor
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.settings import load_agency_settings
    from fireinvest.ui.main.case_table_model import CaseTableModel
    from fireinvest.ui.runner import Runner

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive for the measurement)
    database = open_database(url)
    with database.reading() as session:
        zone = load_agency_settings(session).zone
    # The window's runner exists before the list is opened (it is made at start-up); the eager baseline reads on
    # this thread, as loading everything up front would.
    runner = Runner(Workstation(database, Actor("benchmark"))) if variant == "lazy" else None
    baseline_rss = _rss_kib()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    model = CaseTableModel(runner, zone) if runner is not None else _eager_model(database, zone)
    view = QTableView()
    view.resize(1366, 768)
    view.setModel(model)
    view.show()
    if runner is not None:
        _painted_with_rows(view, lambda: model.rowCount() > 0 and model.cached_page_count > 0)
    else:
        _painted_with_rows(view, lambda: model.rowCount() > 0)
    elapsed = time.perf_counter() - started
    first_page = [model.data(model.index(r, 0)) for r in range(min(30, model.rowCount()))]
    heap_peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    peak_rss = peak_rss_kib()
    assert first_page and all(first_page), "the first page was not filled"
    result = {
        "variant": variant,
        "rows": model.rowCount(),
        "seconds": elapsed,
        "rss_growth_kib": peak_rss - baseline_rss,
    }
    if trace:
        result["python_heap_peak_kib"] = heap_peak // 1024
    view.close()
    if runner is not None:
        runner.shutdown()
    database.dispose()
    return result


def run_child(variant: str, url: str, trace: bool) -> dict:
    command = [sys.executable, __file__, "--measure", variant, "--url", url] + (["--trace"] if trace else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(cases: int, repeats: int) -> list[dict]:
    small = max(cases // 10, 1000)
    urls = {cases: demo_database(cases), small: demo_database(small)}
    results = []
    for size, variant in ((cases, "lazy"), (cases, "eager"), (small, "lazy")):
        timings = [run_child(variant, urls[size], trace=False) for _ in range(repeats)]
        heap = run_child(variant, urls[size], trace=True)
        best = min(timings, key=lambda r: r["seconds"])
        results.append(
            {
                "archive": size,
                "variant": variant,
                "first_page_s": best["seconds"],
                "rss_growth_mib": best["rss_growth_kib"] / 1024,
                "python_heap_peak_mib": heap["python_heap_peak_kib"] / 1024,
            }
        )
    return results


def table(results: list[dict]) -> str:
    lines = [
        "| case list | archive | first visible page | Python heap peak | process memory growth |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        name = "lazy model (CaseTableModel)" if r["variant"] == "lazy" else "baseline: every row loaded eagerly"
        lines.append(
            f"| {name} | {r['archive']:,} cases | {r['first_page_s'] * 1000:,.0f} ms "
            f"| {r['python_heap_peak_mib']:,.1f} MiB | {r['rss_growth_mib']:,.1f} MiB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--measure", choices=["lazy", "eager"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.url, args.trace)))
        return
    print(table(run(args.cases, args.repeats)))


if __name__ == "__main__":
    main()
