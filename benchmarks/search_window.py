"""Benchmark: the first page of hits shown in the 查找档案 window (issue 13's target: ≤ 300 ms), on a 100,000-case
archive, against the case list showing its first page in the same run.

The window is the real one (ui/search/window.py) with the program's threaded runner; the time runs from the search
being asked for (as Enter in the query box does) until the results view has painted with rows. The baseline is the
case list's lazy model opening unfiltered (its first page needs no search at all: the floor of reading and painting
a page of cases), and the case list with the same words typed into its quick filter (which uses the same index).

    python benchmarks/search_window.py [--url sqlite:////path/archive.sqlite3] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import case_list  # noqa: E402

QUERIES = ("火", "短路", "电动自行车", "短路 电动自行车", "李明")


def measure(url: str, repeats: int) -> dict:
    """In this process: the window's and the case list's first painted page for each query, `repeats` times."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from fireinvest.services.actor import Actor
    from fireinvest.services.case_query import CaseFilter
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.settings import load_agency_settings
    from fireinvest.services.startup import open_prepared_database
    from fireinvest.ui.main.case_table_model import CaseTableModel
    from fireinvest.ui.runner import Runner
    from fireinvest.ui.search.window import SearchWindow

    app = QApplication.instance() or QApplication([])
    database = open_prepared_database(url)  # an archive cached by an older version gets its index built first
    with database.reading() as session:
        zone = load_agency_settings(session).zone
    runner = Runner(Workstation(database, Actor("benchmark")))
    window = SearchWindow(runner, zone)
    window.resize(1366, 700)
    window.show()
    results: dict[str, dict[str, list[float]]] = {}

    def timed(start, has_rows, view) -> float:
        started = time.perf_counter()
        start()
        case_list._painted_with_rows(view, has_rows)
        return (time.perf_counter() - started) * 1000

    def case_list_page(case_filter: CaseFilter) -> float:
        """A case list opened on `case_filter`, until its first page is painted."""
        view = QTableView()
        view.resize(1366, 600)
        view.show()
        opened: list[CaseTableModel] = []

        def open_list() -> None:
            opened.append(CaseTableModel(runner, zone, case_filter=case_filter))
            view.setModel(opened[0])

        elapsed = timed(open_list, lambda: bool(opened) and opened[0].rowCount() > 0, view)
        view.close()
        return elapsed

    def search_page(text: str) -> float:
        window.model.clear()
        app.processEvents()
        return timed(lambda: window.search_for(text), lambda: window.model.rowCount() > 0, window.results)

    for text in QUERIES:
        times = results.setdefault(text, {"window": [], "list": [], "floor": []})
        search_page(text), case_list_page(CaseFilter(text=text)), case_list_page(CaseFilter())  # warm-up
        for _ in range(repeats):
            times["window"].append(search_page(text))
            times["list"].append(case_list_page(CaseFilter(text=text)))
            times["floor"].append(case_list_page(CaseFilter()))
    window.close()
    runner.shutdown()
    database.dispose()
    return results


def run(url: str, repeats: int = 5) -> dict:
    """Measure in a child process (a fresh interpreter and Qt, as a user's program)."""
    command = [sys.executable, __file__, "--measure", "--url", url, "--repeats", str(repeats)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {"url": url, "repeats": repeats, "results": json.loads(output.strip().splitlines()[-1])}


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ms"


def table(measured: dict) -> str:
    lines = [
        "| 查找档案 window, 100,000 cases: query | first page of hits painted (median) | baseline: case list with the "
        "words in its quick filter | baseline: case list unfiltered (first page) |",
        "|---|---:|---:|---:|",
    ]
    for text, times in measured["results"].items():
        lines.append(f"| {text} | {_median(times['window'])} | {_median(times['list'])} | {_median(times['floor'])} |")
    return "\n".join(lines) + (
        f"\n\nMedian of {measured['repeats']} runs after a warm-up; from the search being asked for to the results "
        "view painted with rows, through the program's threaded runner (target of issue 13: ≤ 300 ms)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="the archive (default: the cached 100,000-case demo archive)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = args.url or case_list.demo_database(100_000)
    if args.measure:
        print(json.dumps(measure(url, args.repeats)))
        return
    print(table(run(url, args.repeats)))


if __name__ == "__main__":
    main()
