"""Benchmark: opening the case editor on a large case, FireInvest now ("after") against the version before the
redesign (562b988, "before") in the same run.

The case is dossier.py's large case: 300 evidence items, 100 camera photos, 40 issued documents, 25 interviews and
5 scene inspections, in a fresh archive under benchmarks/.cache (built untimed with the current use cases; both
versions share the schema). Each version runs in a child process of its own (versions.py: the "before" child
imports the package of a git worktree of the old commit), starts as its `run_gui` does, waits for its case list,
and then opens the case from the main window (MainWindow.open_case) `--repeats` times, closing the editor in
between:

- the SQL statements sent (an SQLAlchemy `before_cursor_execute` listener on the engine, every thread) and the time
  from the request until the editor has been painted with the case's facts;
- then the user visits every tab of the case once (物证, 笔录, 附件, 程序与期限, 专家论证, 闭环管理, 文书): the
  statements and the time until the last tab shows its data. "after" reads each tab's part when the tab is first shown;
  "before" read every part in the editor's constructor, on the GUI thread.

The first opening of each child (which also loads the editor's modules) is reported apart; times are the best of
the openings after it.

    python benchmarks/editor_open.py                            # the large case, 3 timed openings per version
    python benchmarks/editor_open.py --photos 20 --evidence 60 --repeats 1   # a quicker run
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

LABELS = {
    "after": "FireInvest (after): one read for the facts, each tab reads when first shown",
    "before": "baseline: before (562b988), the constructor read every tab on the GUI thread",
}


def measure(version: str, url: str, case_id: int, repeats: int) -> dict:
    """In the child: start the program, then open the case `repeats + 1` times."""
    from PySide6.QtCore import QCoreApplication
    from scenario import StatementCounter, now, run_until, settle, wait, watch_editors

    driver = importlib.import_module(f"scenario_{version}")
    program = driver.Program(url)
    run_until(lambda: program.list_shown() and not program.busy(), what="the case list")
    settle(200)
    counter = StatementCounter(program.engine)
    waiting: dict = {}
    watch_editors(program.window, lambda editor: waiting["painted"](editor))
    openings = []
    for _ in range(repeats + 1):
        settle(100)
        counter.take()
        editors: list = []

        def open_case(finish, editors=editors) -> None:
            waiting["painted"] = lambda shown: (editors.append(shown), finish())
            program.open_case(case_id)

        started = now()
        painted = wait(open_case, what="the editor")
        open_statements = counter.take()
        (editor,) = editors
        assert editor.case_id == case_id and editor.detail.case_number in editor.title_label.text()
        tabs_started = now()
        for tab in program.case_tabs(editor):

            def visit(finish, editor=editor, tab=tab) -> None:
                editor.tabs.setCurrentWidget(tab)
                program.when_tab_shows_data(tab, finish)

            wait(visit, what="a tab's data")
        QCoreApplication.processEvents()  # the last tab painted
        tabs_done = now()
        openings.append({"open_s": painted - started, "open_statements": open_statements,
                         "tabs_s": tabs_done - tabs_started, "tabs_statements": counter.take()})  # fmt: skip
        editor.reject()
        run_until(lambda: not program.busy(), what="the editor to close")
    program.close()
    return {"version": version, "openings": openings}


def run_child(version: str, url: str, case_id: int, repeats: int) -> dict:
    command = [versions.PYTHON, __file__, "--child", version, "--url", versions.archive_for(version, url),
               "--case-id", str(case_id),
               "--repeats", str(repeats)]  # fmt: skip
    done = subprocess.run(command, env=versions.child_env(version), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the {version} child failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(evidence: int = 300, photo_count: int = 100, repeats: int = 3) -> dict:
    from dossier import build_case

    for version in versions.VERSIONS:
        versions.check_package(version)
    CACHE.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="editor-open-", dir=CACHE))
    try:
        started = time.perf_counter()
        workstation, case_id, documents = build_case(folder, evidence, photo_count)
        workstation.database.dispose()
        print(f"built the case in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        children = {version: run_child(version, url, case_id, repeats) for version in ("after", "before")}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result: dict = {"evidence": evidence, "photos": photo_count, "documents": documents, "repeats": repeats}
    for version, child in children.items():
        first, *rest = child["openings"]
        rest = rest or [first]
        result[version] = {
            "open_s": min(o["open_s"] for o in rest), "open_statements": rest[-1]["open_statements"],
            "tabs_s": min(o["tabs_s"] for o in rest), "tabs_statements": rest[-1]["tabs_statements"],
            "first_open_s": first["open_s"], "first_tabs_s": first["tabs_s"],
        }  # fmt: skip
    return result


def table(r: dict) -> str:
    what = (f"{r['evidence']} evidence items, {r['photos']} photos, {r['documents']} documents, 25 interviews, "
            f"5 inspections")  # fmt: skip
    lines = [
        f"| opening the editor of a large case ({what}) | SQL statements to open | editor shown with its facts "
        f"| then every tab visited once: statements | time |",
        "|---|---:|---:|---:|---:|",
    ]
    for version in ("after", "before"):
        v = r[version]
        lines.append(f"| {LABELS[version]} | {v['open_statements']:,} | {v['open_s'] * 1000:,.0f} ms "
                     f"| {v['tabs_statements']:,} | {v['tabs_s'] * 1000:,.0f} ms |")  # fmt: skip
    a, b = r["after"], r["before"]
    lines.append("")
    lines.append(
        f"First opening in a fresh process (modules still loading): after {a['first_open_s'] * 1000:,.0f} ms "
        f"(tabs {a['first_tabs_s'] * 1000:,.0f} ms), before {b['first_open_s'] * 1000:,.0f} ms "
        f"(tabs {b['first_tabs_s'] * 1000:,.0f} ms)."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evidence", type=int, default=300)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3, help="timed openings per version (after a first one)")
    parser.add_argument("--child", choices=versions.VERSIONS, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--case-id", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = measure(args.child, args.url, args.case_id, args.repeats)
        print(json.dumps(result), flush=True)
        os._exit(0)  # no teardown of windows and threads at exit
    print(table(run(args.evidence, args.photos, args.repeats)))


if __name__ == "__main__":
    main()
