"""Benchmark: bulk intake of camera photos into the database against a plain file copy of the same bytes.

The `add_attachments` use case reads each photo, computes its SHA-256, reads its EXIF capture time, makes a 256 px
thumbnail (prepare_attachments, without the database) and writes the bytes into a fresh SQLite archive in one unit
of work (store_attachments, committed inside the timing). The baseline copies
the same files with shutil.copyfile into a folder on the same disk; a second baseline also fsyncs the copies, since
a committed SQLite transaction is on disk (its checkpoint syncs) while a plain copy may still be in the page cache.
All run in the same run, best of `--repeats`, with the photos already in the page cache, so they measure the work
rather than the first read from disk. The intake runs in a child process of its own so that its peak memory is its
own (it should not grow with the number of photos). A last child attaches the same photos the way the 附件 tab does
(the real AttachmentsPage.add_files on a real Runner) and reports the GUI thread's longest pause meanwhile.

Photos are about 2 MB, 4000 x 3000 px JPEGs (a gradient under camera-like noise, each with its own noise and its
own EXIF DateTimeOriginal, so no two are alike and nothing is deduplicated). They are generated once, untimed, and
cached in benchmarks/.cache/photos.

    python benchmarks/attachments.py                # 500 photos
    python benchmarks/attachments.py --photos 50    # a quicker run
    python benchmarks/attachments.py --repeats 1    # one timed run of each
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PHOTOS = CACHE / "photos"
WIDTH, HEIGHT = 4000, 3000
NOISE_SIGMA = 16  # chosen so that a photo comes out at about 2 MB at quality 85


def _photo_path(index: int) -> Path:
    return PHOTOS / f"IMG_{index:04d}.jpg"


def _generate(indices: list[int]) -> None:
    from PIL import Image

    base = Image.merge(
        "RGB",
        [Image.linear_gradient("L").resize((WIDTH, HEIGHT)),
         Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT)),
         Image.radial_gradient("L").resize((WIDTH, HEIGHT))],
    )  # fmt: skip
    # One noise layer per worker, cropped at a different offset for each photo: unique pixels, cheap to make.
    noise = Image.merge("RGB", [Image.effect_noise((WIDTH + 97, HEIGHT + 89), NOISE_SIGMA) for _ in range(3)])
    for index in indices:
        left, top = index % 97, (index * 7) % 89
        photo = Image.blend(base, noise.crop((left, top, left + WIDTH, top + HEIGHT)), 0.5)
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = (
            f"2026:03:01 {9 + index // 3600 % 12:02d}:{index // 60 % 60:02d}:{index % 60:02d}"
        )
        partial = _photo_path(index).with_suffix(".part")
        photo.save(partial, "JPEG", quality=85, exif=exif)
        partial.rename(_photo_path(index))


def photos(count: int) -> list[Path]:
    """The first `count` cached benchmark photos, generating the missing ones (in parallel, untimed)."""
    PHOTOS.mkdir(parents=True, exist_ok=True)
    missing = [i for i in range(count) if not _photo_path(i).exists()]
    if missing:
        started = time.perf_counter()
        workers = os.cpu_count() or 1
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_generate, [missing[w::workers] for w in range(workers)]))
        print(f"generated {len(missing)} photos in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return [_photo_path(i) for i in range(count)]


def _warm(paths: list[Path]) -> int:
    return sum(len(path.read_bytes()) for path in paths)  # into the page cache, as a photo just copied off a card


def time_copy(paths: list[Path], scratch: Path, *, durable: bool) -> float:
    """The plain copy; `durable` also waits until the copies are on disk, as a committed transaction is."""
    target = Path(tempfile.mkdtemp(dir=scratch))
    started = time.perf_counter()
    for path in paths:
        shutil.copyfile(path, target / path.name)
    if durable:
        for path in paths:
            with open(target / path.name, "rb") as copy:
                os.fsync(copy.fileno())
        directory = os.open(target, os.O_RDONLY)
        os.fsync(directory)
        os.close(directory)
    elapsed = time.perf_counter() - started
    shutil.rmtree(target)
    return elapsed


def _archive_with_one_case(scratch: Path):
    """A fresh archive in its own folder under `scratch`, holding one case to attach to; (folder, workstation,
    case id)."""
    from fireinvest.demo.generator import generate_demo_cases
    from fireinvest.services.actor import Actor
    from fireinvest.services.case_query import CaseFilter, CaseSort, list_cases
    from fireinvest.services.front_door import Workstation
    from fireinvest.services.startup import open_prepared_database

    folder = Path(tempfile.mkdtemp(dir=scratch))
    database = open_prepared_database(f"sqlite:///{folder / 'bench.sqlite3'}")
    workstation = Workstation(database, Actor("benchmark"))
    generate_demo_cases(workstation, 1, seed=1)
    with database.reading() as session:
        (case,) = list_cases(session, CaseFilter(include_voided=True), CaseSort(), 0, 1)
    return folder, workstation, case.id


def measure_intake(count: int, scratch: Path) -> dict:
    """In the child process: a fresh archive with one case, then every photo attached to it by the use case (one
    unit of work, committed inside the timing)."""
    from case_list import peak_rss_kib

    from fireinvest.services.attachments.intake import add_attachments

    paths = photos(count)
    _warm(paths)
    folder, workstation, case_id = _archive_with_one_case(scratch)
    baseline_rss = peak_rss_kib()
    started = time.perf_counter()
    records = add_attachments(workstation, case_id, paths).value
    elapsed = time.perf_counter() - started
    peak_rss = peak_rss_kib()
    assert len(records) == count and all(r.has_thumbnail and r.captured_at for r in records)
    workstation.database.dispose()
    shutil.rmtree(folder)
    return {"seconds": elapsed, "rss_growth_kib": peak_rss - baseline_rss}


def measure_gui_pauses(count: int, scratch: Path) -> dict:
    """In the child process: the same photos attached the way the 附件 tab attaches them (the real AttachmentsPage's
    add_files on the window's runner, behind its progress window; the page is not shown, so it does not read the
    list again afterwards), while a 10 ms timer on the GUI thread records how long the event loop was away."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from fireinvest.services.attachments.intake import list_attachments
    from fireinvest.services.settings import agency_settings
    from fireinvest.ui.attachments.page import AttachmentsPage
    from fireinvest.ui.runner import Runner

    app = QApplication.instance() or QApplication([])
    paths = photos(count)
    _warm(paths)
    folder, workstation, case_id = _archive_with_one_case(scratch)
    zone = agency_settings(workstation).zone
    runner = Runner(workstation)
    page = AttachmentsPage(runner, zone)
    page.set_case(case_id)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        if page.intake is None:
            loop.quit()  # the intake has finished (its progress window closed)

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    last[0] = time.perf_counter()
    page.add_files(paths)
    loop.exec()
    timer.stop()
    runner.shutdown()
    stored = len(list_attachments(workstation, case_id))
    assert stored == count, f"the intake stored {stored} of {count} photos"
    workstation.database.dispose()
    shutil.rmtree(folder)
    del app
    return {"longest_pause_ms": max(gaps) * 1000, "ticks": len(gaps)}


def run(count: int, repeats: int) -> dict:
    paths = photos(count)
    size = _warm(paths)
    CACHE.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="attachments-", dir=CACHE))  # same disk as the photos and archives
    try:
        copies = [time_copy(paths, scratch, durable=False) for _ in range(repeats)]
        durable_copies = [time_copy(paths, scratch, durable=True) for _ in range(repeats)]
        command = [sys.executable, __file__, "--measure", "--photos", str(count), "--scratch", str(scratch)]
        intakes = [_child(command) for _ in range(repeats)]
        pauses = _child(command + ["--gui"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    best = min(intakes, key=lambda r: r["seconds"])
    return {
        "photos": count,
        "bytes": size,
        "intake_s": best["seconds"],
        "intake_rss_growth_mib": max(r["rss_growth_kib"] for r in intakes) / 1024,
        "copy_s": min(copies),
        "durable_copy_s": min(durable_copies),
        "gui_longest_pause_ms": pauses["longest_pause_ms"],
    }


def _child(command: list[str]) -> dict:
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1])


def table(result: dict) -> str:
    megabytes = result["bytes"] / 1e6
    lines = [
        "| attachment intake | photos | data | time | throughput | time vs. copy | process memory growth |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = (
        ("add_attachments: SHA-256, EXIF time, thumbnail, into SQLite", result["intake_s"],
         f"{result['intake_rss_growth_mib']:,.1f} MiB"),
        ("baseline: shutil.copyfile into a folder", result["copy_s"], "—"),
        ("baseline: the same, then fsync until on disk", result["durable_copy_s"], "—"),
    )  # fmt: skip
    for name, seconds, memory in rows:
        lines.append(
            f"| {name} | {result['photos']:,} | {megabytes:,.0f} MB | {seconds:,.2f} s "
            f"| {megabytes / seconds:,.0f} MB/s | {seconds / result['copy_s']:,.1f}× | {memory} |"
        )
    lines.append("")
    lines.append(
        f"While the same photos are attached as the 附件 tab attaches them (AttachmentsPage.add_files, on the window's "
        f"runner), the GUI thread's longest pause (a 10 ms timer) was {result['gui_longest_pause_ms']:,.0f} ms."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--gui", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure and args.gui:
        print(json.dumps(measure_gui_pauses(args.photos, args.scratch)))
        return
    if args.measure:
        print(json.dumps(measure_intake(args.photos, args.scratch)))
        return
    print(table(run(args.photos, args.repeats)))


if __name__ == "__main__":
    main()
