"""Benchmark: time from starting a process to the first painted case list at 100,000 cases, against a bare Qt
window and against the "before" version of FireInvest, all in the same run.

Measured from the parent: the clock starts just before `subprocess.Popen` of the child and stops when the child
prints a marker line on stdout. The child prints it from an event filter on the table's viewport, once a Paint event
that found the list with rows has been painted (FireInvest: `window.model.rowCount() > 0` and the first page
cached), then leaves with `os._exit(0)`. Best of `--repeats` (the three kinds of child take turns).

- FireInvest (after) starts the way the `fireinvest` command does: it imports the command's module
  (fireinvest.cli.main), then the lines of fireinvest/ui/app.py `run_gui`: create_application,
  open_prepared_database, Runner, MainWindow, show_when_listed. The child imports nothing the program does not.
- FireInvest (before, commit 562b988, from the worktree described in versions.py): its own `run_gui` lines,
  create_application, open_case_archive, MainWindow(database, actor), show_on_screen.
- The bare Qt window: QApplication, a QMainWindow holding a QTableView over a 30-row QStandardItemModel, shown.

The archive is the 100,000-case demo archive cached by case_list.py. Children run offscreen (QT_QPA_PLATFORM) with
empty Qt settings (a first start). One more "after" child runs under `python -X importtime`: its imports up to the
first painted page, summed over the top-level imports, are split by package (PySide6 and shiboken6, SQLAlchemy,
fireinvest, other; each module's own time goes to the package it belongs to).

    python benchmarks/startup.py                          # 100,000 cases, best of 5
    python benchmarks/startup.py --cases 20000 --repeats 2  # a quicker run
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import versions  # noqa: E402
from case_list import demo_database  # noqa: E402  (the cached demo archive shared with the case list benchmark)

MARKER = "FIRST-PAGE-PAINTED"
TIMEOUT_S = 180

# Prints MARKER once a paint of the viewport that found rows (and, for FireInvest's model, the first page cached) has
# been carried out, then leaves. The paint is sent on to the viewport from inside the filter, so that "painted" means
# painted: the "before" list reads its first page while it paints. Just before, the child's phase stamps (monotonic
# clock, shared with the parent) go to stderr.
_WATCH = """
class _FirstPage(QObject):
    def __init__(self, viewport, model):
        super().__init__()
        self.model, self.inside = model, False
        viewport.installEventFilter(self)

    def eventFilter(self, watched, event):
        if self.inside or event.type() != QEvent.Type.Paint or self.model.rowCount() == 0:
            return False
        self.inside = True
        QCoreApplication.sendEvent(watched, event)
        self.inside = False
        if getattr(self.model, "cached_page_count", 1) > 0:
            _stamps.append(("first page painted", time.monotonic()))
            os.write(2, ("STAMPS " + repr(_stamps) + "\\n").encode())
            os.write(1, b"MARKER\\n")
            os._exit(0)
        return True
""".replace("MARKER", MARKER)

_SOURCES = {  # each child's source; its WATCH line becomes _WATCH, each STAMP line a phase stamp
    "bare": """
import os, time
_stamps = [("interpreter started", time.monotonic())]
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
WATCH
STAMP imports
app = QApplication([])
STAMP application
window = QMainWindow()
model = QStandardItemModel(30, 4)
for row in range(30):
    for column in range(4):
        model.setItem(row, column, QStandardItem(f"{row}-{column}"))
table = QTableView()
table.setModel(model)
window.setCentralWidget(table)
window.resize(1280, 760)
watch = _FirstPage(table.viewport(), model)
STAMP window built
window.show()
STAMP shown
app.exec()
""",
    "after": """
import os, time
_stamps = [("interpreter started", time.monotonic())]
import fireinvest.cli.main  # what the `fireinvest` command imports before it starts the window
from fireinvest.ui import app as program
from PySide6.QtCore import QCoreApplication, QEvent, QObject
WATCH
STAMP imports
app = program.create_application()
STAMP application
database = program.open_prepared_database(os.environ["FIREINVEST_BENCH_URL"])
STAMP database opened
runner = program.Runner(program.Workstation(database, program.workstation_actor()))
window = program.MainWindow(runner, state=program.QSettings())
watch = _FirstPage(window.table.viewport(), window.model)
STAMP window built
window.show_when_listed()
STAMP shown
app.exec()
""",
    "before": """
import os, time
_stamps = [("interpreter started", time.monotonic())]
import fireinvest.cli  # what the `fireinvest` command imported before it started the window
from fireinvest.ui import app as program
from PySide6.QtCore import QCoreApplication, QEvent, QObject
WATCH
STAMP imports
app = program.create_application()
STAMP application
database = program.open_case_archive(os.environ["FIREINVEST_BENCH_URL"])
STAMP database opened
window = program.MainWindow(database, program.workstation_actor(), state=program.QSettings())
watch = _FirstPage(window.table.viewport(), window.model)
STAMP window built
window.show_on_screen()
STAMP shown
app.exec()
""",
}
CHILDREN = {
    kind: re.sub(
        r"\nSTAMP (.*)\n", r'\n_stamps.append(("\1", time.monotonic()))\n', source.replace("\nWATCH\n", _WATCH)
    )
    for kind, source in _SOURCES.items()
}
LABELS = {
    "after": "FireInvest (after): window, list painted with its first page",
    "before": "baseline: FireInvest before the redesign (562b988), same archive",
    "bare": "baseline: bare Qt window (QMainWindow, QTableView over 30 rows)",
}


def start_once(kind: str, url: str, *, importtime: bool = False) -> tuple[float, dict[str, float], str]:
    """Seconds from just before Popen to the marker line, the child's phases (seconds since that moment at which
    each ended) and its stderr."""
    version = "before" if kind == "before" else "after"
    env = versions.child_env(version, FIREINVEST_BENCH_URL=versions.archive_for(version, url))
    command = [versions.PYTHON, *(["-X", "importtime"] if importtime else []), "-c", CHILDREN[kind]]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        origin = time.monotonic()
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env,
                                 cwd=versions.neutral_directory(), text=True)  # fmt: skip
        assert child.stdout is not None
        watchdog = threading.Timer(TIMEOUT_S, child.kill)  # a child that never paints must not hang the run
        watchdog.start()
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        watchdog.cancel()
        try:
            code = child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            code = child.wait()
        errors.seek(0)
        stderr = errors.read()
    if line.strip() != MARKER or code != 0:
        raise SystemExit(f"the {kind} child did not paint its list (exit {code}, printed {line!r}):\n{stderr[-3000:]}")
    stamps = next(ast.literal_eval(s[len("STAMPS ") :]) for s in stderr.splitlines() if s.startswith("STAMPS "))
    return elapsed, {name: at - origin for name, at in stamps}, stderr


def _group(module: str) -> str:
    root = module.split(".")[0]
    if root in ("PySide6", "shiboken6", "shibokensupport"):
        return "PySide6"
    if root == "sqlalchemy":
        return "SQLAlchemy"
    return root if root == "fireinvest" else "other"


def import_times(stderr: str) -> dict:
    """`-X importtime` output: the top-level imports' cumulative time and each package's own share (seconds)."""
    total = 0
    own: dict[str, int] = defaultdict(int)
    others: dict[str, int] = defaultdict(int)
    ours: dict[str, int] = defaultdict(int)
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own_us, cumulative_us, name = line[len("import time:"):].split("|")  # fmt: skip
        module = name.strip()
        if not name[1:].startswith(" "):  # one space after the bar: a top-level import
            total += int(cumulative_us)
        own[_group(module)] += int(own_us)
        if _group(module) == "other":
            others[module.split(".")[0]] += int(own_us)
        elif _group(module) == "fireinvest":
            ours[".".join(module.split(".")[:2])] += int(own_us)

    def largest(times: dict[str, int]) -> list[tuple[str, float]]:
        return [(k, v / 1e6) for k, v in sorted(times.items(), key=lambda item: -item[1])[:5]]

    return {"total_s": total / 1e6, "by_package_s": {k: v / 1e6 for k, v in own.items()},
            "top_others_s": largest(others), "top_ours_s": largest(ours)}  # fmt: skip


def run(cases: int = 100_000, repeats: int = 5) -> dict:
    url = demo_database(cases)
    for version in versions.VERSIONS:
        versions.check_package(version)
    kinds = ("bare", "after", "before")
    starts: dict[str, list[tuple[float, dict[str, float]]]] = {kind: [] for kind in kinds}
    start_once("after", url)  # untimed: the archive's pages into the page cache, Python's bytecode caches written
    start_once("before", url)
    for _ in range(repeats):
        for kind in kinds:  # in turns, so that a slow moment of the machine does not fall on one kind only
            elapsed, phases, _stderr = start_once(kind, url)
            starts[kind].append((elapsed, phases))
    _elapsed, _phases, stderr = start_once("after", url, importtime=True)
    best = {kind: min(runs, key=lambda run: run[0]) for kind, runs in starts.items()}
    return {"archive": cases, "repeats": repeats, "best_s": {k: v[0] for k, v in best.items()},
            "phases_s": {k: v[1] for k, v in best.items()}, "imports": import_times(stderr)}  # fmt: skip


def table(result: dict) -> str:
    best = result["best_s"]
    lines = [
        f"| start-up to the first painted case list ({result['archive']:,} cases) | time | vs. bare Qt window |",
        "|---|---:|---:|",
    ]
    for kind in ("after", "before", "bare"):
        lines.append(f"| {LABELS[kind]} | {best[kind] * 1000:,.0f} ms | {best[kind] / best['bare']:,.1f}× |")
    imports = result["imports"]
    shares = imports["by_package_s"]
    parts = ", ".join(f"{name} {shares.get(name, 0) * 1000:,.0f} ms"
                      for name in ("PySide6", "SQLAlchemy", "fireinvest", "other"))  # fmt: skip
    others = ", ".join(f"{name} {seconds * 1000:,.0f} ms" for name, seconds in imports["top_others_s"])
    ours = ", ".join(f"{name} {seconds * 1000:,.0f} ms" for name, seconds in imports["top_ours_s"])
    lines.append("")
    lines.append(
        "Where the time goes (the best start of each; ms from Popen to the end of each phase): "
        + "; ".join(
            f"{kind}: " + ", ".join(f"{name} {at * 1000:,.0f}" for name, at in result["phases_s"][kind].items())
            for kind in ("after", "before", "bare")
        )
        + "."
    )
    lines.append("")
    lines.append(
        f"Imports of the FireInvest (after) start (`python -X importtime`, which slows imports down; summed over "
        f"top-level imports): {imports['total_s'] * 1000:,.0f} ms: {parts}. Each module's own time counts for its "
        f"package, so fireinvest includes the SQLAlchemy mapping of its model classes. Largest in fireinvest: {ours}; "
        f"in other: {others}."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="archive size (a cached demo archive)")
    parser.add_argument("--repeats", type=int, default=5, help="starts of each kind (best kept)")
    args = parser.parse_args()
    print(table(run(args.cases, args.repeats)))


if __name__ == "__main__":
    main()
