"""The versions of FireInvest the benchmarks compare in the same run.

"after" is this checkout (the venv's editable install). "before" is commit 562b988, the last one before every use
case went through the front door and the runner (startup.py, editor_open.py, gui_pause.py compare with it).
"previous" is commit c42e12d, the importer as it was before bulk import (exchange.py compares with it). Each is
checked out once as a git worktree under /tmp (FIREINVEST_BEFORE_TREE, default /tmp/fireinvest-before, and
/tmp/fireinvest-previous; created by the first benchmark that needs it and left there for the next run;
`python benchmarks/versions.py --remove` removes them) and its children run with the same venv interpreter (the
dependencies are the same) and PYTHONPATH pointing at the worktree, so `import fireinvest` finds the old package
before the editable install. before_site/sitecustomize.py makes the old package read its own resources/ and
migrations/ too. `check_package` asks a child which package it really imports.

    python benchmarks/versions.py            # create the worktrees if missing and show what each child imports
    python benchmarks/versions.py --remove   # git worktree remove
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
BEFORE_COMMIT = "562b988"
PREVIOUS_COMMIT = "c42e12d"
COMMITS = {"before": BEFORE_COMMIT, "previous": PREVIOUS_COMMIT}
TREES = {
    "before": Path(os.environ.get("FIREINVEST_BEFORE_TREE", "/tmp/fireinvest-before")),
    "previous": Path(os.environ.get("FIREINVEST_PREVIOUS_TREE", "/tmp/fireinvest-previous")),
}
BEFORE_SITE = HERE / "before_site"
VERSIONS = ("before", "after")
_venv_python = ROOT / ".venv" / "bin" / "python"
PYTHON = str(_venv_python) if _venv_python.exists() else sys.executable


def _git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout.strip()


def tree_of(version: str) -> Path:
    """The worktree of an old version's commit, created when missing; refuses one at another commit or with edits."""
    commit, tree = COMMITS[version], TREES[version]
    wanted = _git("rev-parse", f"{commit}^{{commit}}")
    if not (tree / "fireinvest" / "__init__.py").exists():
        _git("worktree", "prune")  # forget a registration whose folder was deleted, so the path can be used again
        _git("worktree", "add", "--detach", str(tree), wanted)
        print(f"created the worktree {tree} at {commit}", file=sys.stderr)
    head = _git("rev-parse", "HEAD", cwd=tree)
    if head != wanted or _git("status", "--porcelain", "--untracked-files=no", cwd=tree):
        raise SystemExit(f"{tree} is not a clean checkout of {commit}; remove it "
                         f"(git worktree remove --force {tree}) and run again")  # fmt: skip
    return tree


def before_tree() -> Path:
    return tree_of("before")


def remove_trees() -> None:
    for tree in TREES.values():
        if tree.exists():
            _git("worktree", "remove", "--force", str(tree))
            print(f"removed the worktree {tree}", file=sys.stderr)


def stamp_for_before(path: Path) -> None:
    """Make the SQLite archive at `path` one the "before" version opens. It knows only the migrations up to its own
    head and refuses (Alembic: unknown revision) an archive the current version has upgraded since. The later
    migrations only add nullable columns, a column with a default and an index, which the before version ignores
    for the reading and attachment work it is measured on, so the archive is stamped with its head."""
    head = sorted(p.name for p in (before_tree() / "migrations" / "versions").glob("[0-9]*.py"))[-1].split("_")[0]
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (head,))


def archive_for(version: str, url: str) -> str:
    """The SQLite archive at `url` as `version` opens it: itself, or for "before" a stamped copy (see
    stamp_for_before), made again whenever the archive changed."""
    if version != "before":
        return url
    source = Path(url.removeprefix("sqlite:///"))
    copy = source.with_name(f"{source.stem}-before{source.suffix}")
    if not copy.exists() or copy.stat().st_mtime < source.stat().st_mtime:
        shutil.copyfile(source, copy)
        stamp_for_before(copy)
    return f"sqlite:///{copy}"


def package_root(version: str) -> Path:
    return ROOT if version == "after" else tree_of(version)


def child_env(version: str, **extra: str) -> dict[str, str]:
    """Environment of a child running `version`: offscreen Qt, its own (empty) Qt settings, the right package."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FIREINVEST_BENCH_TREE")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    CACHE.mkdir(exist_ok=True)
    # QSettings (window geometry, column layout) of a first start, never the developer's own.
    env["XDG_CONFIG_HOME"] = str(CACHE / "qt-settings")
    if version != "after":
        tree = tree_of(version)
        env["PYTHONPATH"] = os.pathsep.join([str(tree), str(BEFORE_SITE)])
        env["FIREINVEST_BENCH_TREE"] = str(tree)
    env.update(extra)
    return env


def neutral_directory() -> str:
    """A working directory for children run with `python -c`: sys.path[0] is then the working directory, which
    must not be the checkout (it would shadow the "before" package)."""
    folder = Path(tempfile.gettempdir()) / "fireinvest-bench-cwd"
    folder.mkdir(exist_ok=True)
    return str(folder)


def check_package(version: str) -> str:
    """Where a `version` child imports fireinvest (and its resources) from; raises if it is the wrong one."""
    code = "import fireinvest, fireinvest.resources; print(fireinvest.__file__); print(fireinvest.resources.__file__)"
    out = subprocess.run([PYTHON, "-c", code], env=child_env(version), cwd=neutral_directory(), check=True,
                         capture_output=True, text=True).stdout.split()  # fmt: skip
    root = package_root(version).resolve()
    if not all(Path(path).resolve().is_relative_to(root) for path in out):
        raise SystemExit(f"the {version} child imports {out}, not the package under {root}")
    return out[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--remove", action="store_true", help="remove the worktrees of the old commits")
    args = parser.parse_args()
    if args.remove:
        remove_trees()
        return
    for version in (*VERSIONS, "previous"):
        print(f"{version}: {check_package(version)}")


if __name__ == "__main__":
    main()
