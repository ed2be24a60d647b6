"""Run every benchmark and write its results into the performance table of README.md.

Each benchmark measures FireInvest against a baseline in the same run (never against a fixed number), so the
table stays meaningful on whatever machine it was produced. startup.py, editor_open.py and gui_pause.py compare with
FireInvest as it was before the redesign (commit 562b988), exchange.py with the importer before bulk import (commit
c42e12d), each run from a git worktree under /tmp (see versions.py); search.py compares the archive search with
LIKE scans over the same archive (and, with --postgresql, runs it on a scratch PostgreSQL database too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"

sys.path.insert(0, str(HERE))
import attachments  # noqa: E402
import case_list  # noqa: E402
import dossier  # noqa: E402
import editor_open  # noqa: E402
import exchange  # noqa: E402
import gui_pause  # noqa: E402
import loop_board  # noqa: E402
import search  # noqa: E402
import search_window  # noqa: E402
import startup  # noqa: E402
import versions  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, SQLite"


def write_readme(section: str) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    README.write_text(pattern.sub(lambda _: f"{START}\n{section}\n{END}", text), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="archive size for the case list, start-up and "
                        "loop board benchmarks")  # fmt: skip
    parser.add_argument("--photos", type=int, default=500, help="photos (about 2 MB each) for the intake benchmark "
                        "and the intake that runs during the GUI pause scenario")  # fmt: skip
    parser.add_argument("--postgresql", nargs="?", const=search.DEFAULT_POSTGRESQL, metavar="ADMIN_URL",
                        help="run the archive search benchmark on PostgreSQL too (search.py)")  # fmt: skip
    parser.add_argument("--no-readme", action="store_true", help="print the results only")
    args = parser.parse_args()
    versions.before_tree()  # the "before" version's worktree, created once (a git worktree under /tmp)
    tables = [
        case_list.table(case_list.run(args.cases, repeats=3)),
        startup.table(startup.run(args.cases, repeats=5)),
        editor_open.table(editor_open.run(repeats=3)),
        attachments.table(attachments.run(args.photos, 3)),
        gui_pause.table(gui_pause.run(args.photos, open_count=5, repeats=1)),
        loop_board.table(loop_board.run(args.cases, repeats=3)),
        dossier.table(dossier.run(repeats=3)),
        exchange.table(exchange.run()),
        search.table(search.run(args.cases, repeats=20, baseline_repeats=5, postgresql=args.postgresql)),
        search_window.table(search_window.run(case_list.demo_database(args.cases), repeats=5)),
    ]
    note = ("best of 3 runs for times (start-up: best of 5; the GUI pause scenario: one run of each version); "
            f"\"before\" is commit {versions.BEFORE_COMMIT} and the importer's baseline commit "
            f"{versions.PREVIOUS_COMMIT}, both run in the same run; imports and exports: one run each; the "
            "archive search: median and 95th percentile of 20 runs (its LIKE baselines: 5).")  # fmt: skip
    section = "\n\n".join([f"Measured {dt.date.today().isoformat()} on {machine()}; {note}", *tables])
    print(section)
    if not args.no_readme:
        write_readme(section)


if __name__ == "__main__":
    main()
