"""Case exchange at scale: importing 10,000 and 100,000 cases into an empty archive, and exporting 100,000.

Everything runs as the command a user would type (`fireinvest import FILE`, `fireinvest export FILE`) in a child
process, on SQLite; measured are the wall time, the child's peak memory (VmHWM) and, for imports, how long the
write lock was held: a probe tries to take it (BEGIN IMMEDIATE without waiting) every 10 ms from another
connection and keeps the longest stretch it was refused, which is what another workstation trying to save would
have waited. The files are the cached demo archives (case_list.py) exported to JSON by this version; those exports
are the export measurements.

The baseline is the importer as it was before bulk import ("previous", commit c42e12d, versions.py), run in the same
run on the same files. At 100,000 cases it takes about 20 minutes, so it runs at 10,000 only unless
--previous-at-100k is given.

    python benchmarks/exchange.py [--cases 10000 100000] [--previous-at-100k]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import case_list  # noqa: E402
import versions  # noqa: E402

now = time.perf_counter


class _Watcher:
    """A thread that watches a child until the `with` block ends; subclasses say what `_watch` does."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        raise NotImplementedError


class PeakMemory(_Watcher):
    """Reads a child's peak resident memory (VmHWM) every 20 ms until it ends. The child's own rusage would not do:
    Linux carries the parent's peak across fork and exec into the child's ru_maxrss."""

    def __init__(self, pid: int) -> None:
        super().__init__()
        self.status, self.peak_kib = Path(f"/proc/{pid}/status"), 0

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                for line in self.status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))
            except OSError:  # ended
                return
            time.sleep(0.02)


class LockProbe(_Watcher):
    """Tries to take the SQLite write lock every 10 ms; `longest` is the longest stretch it was refused."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path, self.longest = path, 0.0

    def _watch(self) -> None:
        connection = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        locked_since: float | None = None
        while not self._stop.is_set():
            moment = now()
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
                if locked_since is not None:
                    self.longest, locked_since = max(self.longest, moment - locked_since), None
            except sqlite3.OperationalError:  # database is locked: a writer holds it
                locked_since = moment if locked_since is None else locked_since
            time.sleep(0.01)
        if locked_since is not None:
            self.longest = max(self.longest, now() - locked_since)
        connection.close()


def fireinvest(version: str, url: str, *args: str, probe: Path | None = None) -> dict:
    """Run `fireinvest --database URL ARGS` as `version`; wall time, peak memory (MiB) and the lock's longest hold."""
    with tempfile.TemporaryFile() as output:
        started = now()
        child = subprocess.Popen([versions.PYTHON, "-m", "fireinvest", "--database", url, *args],
                                 env=versions.child_env(version), cwd=versions.neutral_directory(),
                                 stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
        with PeakMemory(child.pid) as memory:
            if probe is None:
                status, lock = child.wait(), None
            else:
                with LockProbe(probe) as watching:
                    status = child.wait()
                lock = watching.longest
        elapsed = now() - started
        if status != 0:
            output.seek(0)
            raise SystemExit(f"{version}: fireinvest {' '.join(args)} failed:\n{output.read().decode()[-2000:]}")
    return {"s": elapsed, "peak_mib": memory.peak_kib / 1024, "lock_s": lock}


def import_into_empty(version: str, path: Path, work: Path) -> dict:
    """Import `path` into a new, empty archive made by the same version (schema created before the clock starts)."""
    archive = work / f"{version}-{path.stem}.sqlite3"
    for leftover in work.glob(f"{archive.name}*"):
        leftover.unlink()
    url = f"sqlite:///{archive}"
    fireinvest(version, url, "db", "upgrade")
    result = fireinvest(version, url, "import", str(path), probe=archive)
    with sqlite3.connect(archive) as connection:
        result["imported"] = connection.execute("SELECT count(*) FROM fire_cases").fetchone()[0]
    return result


def run(sizes: tuple[int, ...] = (10_000, 100_000), previous_at_100k: bool = False) -> dict:
    for version in ("after", "previous"):
        versions.check_package(version)
    work = Path(tempfile.mkdtemp(prefix="fireinvest-exchange-"))
    results: dict = {"imports": [], "exports": []}
    try:
        for size in sizes:
            source = case_list.demo_database(size)
            json_file = work / f"cases-{size}.json"
            exported = fireinvest("after", source, "export", str(json_file))
            results["exports"].append({"format": "JSON", "cases": size, **exported,
                                       "mb": json_file.stat().st_size / 1e6})  # fmt: skip
            if size == max(sizes):
                xlsx_file = work / f"cases-{size}.xlsx"
                exported = fireinvest("after", source, "export", str(xlsx_file))
                results["exports"].append({"format": ".xlsx", "cases": size, **exported,
                                           "mb": xlsx_file.stat().st_size / 1e6})  # fmt: skip
            for version in ("after", "previous"):
                if version == "previous" and size > 10_000 and not previous_at_100k:
                    continue
                result = import_into_empty(version, json_file, work)
                if result["imported"] != size:
                    raise SystemExit(f"{version} imported {result['imported']} of {size} cases")
                results["imports"].append({"version": version, "cases": size, **result})
                print(f"{version}: {size:,} cases imported in {result['s']:.1f} s", file=sys.stderr)
    finally:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()
    return results


_IMPORTERS = {
    "after": "bulk import: checked without the write lock, then written in batches",
    "previous": f"baseline: the importer before ({versions.PREVIOUS_COMMIT}), one use case per case under the lock",
}


def table(r: dict) -> str:
    lines = [
        "| importing a JSON exchange file into an empty archive (`fireinvest import`) | cases | time | per case "
        "| peak memory | write lock held (longest) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for i in r["imports"]:
        per_case = i["s"] / i["cases"] * 1000
        lines.append(f"| {_IMPORTERS[i['version']]} | {i['cases']:,} | {i['s']:,.1f} s | {per_case:.2f} ms "
                     f"| {i['peak_mib']:,.0f} MiB | {i['lock_s']:,.1f} s |")  # fmt: skip
    lines += ["", "| exporting the archive (`fireinvest export`) | cases | time | per case | peak memory | file |",
              "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for e in r["exports"]:
        lines.append(f"| {e['format']} | {e['cases']:,} | {e['s']:,.1f} s | {e['s'] / e['cases'] * 1000:.2f} ms "
                     f"| {e['peak_mib']:,.0f} MiB | {e['mb']:,.0f} MB |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--previous-at-100k", action="store_true", help="run the old importer at 100,000 too")
    args = parser.parse_args()
    print(table(run(tuple(args.cases), args.previous_at_100k)))


if __name__ == "__main__":
    main()
