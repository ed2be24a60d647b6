"""What the GUI benchmarks' children share, whichever version of FireInvest they drive (scenario_before.py,
scenario_after.py): waiting on the event loop, noticing when an editor has been painted, measuring the GUI thread's
pauses, closing message boxes as a user would, counting SQL statements. Only Qt and the standard library here (and
SQLAlchemy's event API for the count): the version's own code is reached through the driver.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

now = time.perf_counter


def wait(start: Callable[[Callable[..., None]], Any], timeout_s: float = 600, what: str = "") -> float:
    """Call `start(finish)` and run the event loop until `finish` is called; the time it was called."""
    finished: list[float] = []
    loop = QEventLoop()

    def finish(*_args: Any) -> None:
        if not finished:
            finished.append(now())
            loop.quit()

    start(finish)
    if not finished:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: loop.exit(1))
        timer.start(int(timeout_s * 1000))
        if loop.exec() != 0 and not finished:
            raise SystemExit(f"timed out after {timeout_s:.0f} s waiting for {what or 'the program'}")
    return finished[0]


def run_until(condition: Callable[[], bool], timeout_s: float = 600, what: str = "", interval_ms: int = 20) -> float:
    """Run the event loop until `condition()` holds (checked every `interval_ms`); the time it was seen."""
    if condition():
        return now()

    def start(finish: Callable[..., None]) -> QTimer:
        poll = QTimer(QCoreApplication.instance())
        poll.timeout.connect(lambda: condition() and (poll.stop(), finish()))
        poll.start(interval_ms)
        return poll

    return wait(start, timeout_s, what)


def settle(ms: int = 50) -> None:
    """Let the event loop run for a moment (posted events, deferred deletes, paints)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class FirstPaint(QObject):
    """Calls `painted(widget)` at the first Paint event of `widget` (the widget itself, not its children)."""

    def __init__(self, widget: QWidget, painted: Callable[[QWidget], None]) -> None:
        super().__init__(widget)
        self._painted = painted
        self._seen = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and event.type() == QEvent.Type.Paint:
            self._seen = True
            self._painted(watched)
        return False


def watch_editors(window: Any, painted: Callable[[Any], None]) -> None:
    """Call `painted(editor)` when each case editor the main window opens is first painted (both versions show
    editors through MainWindow._show_editor)."""
    original = window._show_editor

    def show_editor(editor: Any) -> Any:
        FirstPaint(editor, painted)
        return original(editor)

    window._show_editor = show_editor


class PauseMeter(QObject):
    """A 10 ms timer on the GUI thread: the gaps between its ticks are how long the event loop was away."""

    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__()
        self.gaps: list[tuple[float, float]] = []  # (end of the gap, its length), seconds
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self._last = now()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        t = now()
        self.gaps.append((t, t - self._last))
        self._last = t

    def summary(self, origin: float, top: int = 5) -> dict:
        lengths = sorted(g for _t, g in self.gaps)
        longest = sorted(self.gaps, key=lambda gap: -gap[1])[:top]
        return {
            "ticks": len(lengths),
            "longest_pause_ms": lengths[-1] * 1000 if lengths else 0.0,
            "p99_pause_ms": lengths[min(len(lengths) - 1, int(len(lengths) * 0.99))] * 1000 if lengths else 0.0,
            "pauses_over_100ms": sum(g > 0.1 for g in lengths),
            "longest": [{"ends_s": t - origin, "ms": g * 1000} for t, g in longest],
        }


class StackSampler:
    """While the GUI thread is away longer than `threshold_s`, note the Python stack it is in (a diagnosis aid, off
    unless asked for: its thread competes for the GIL)."""

    def __init__(self, threshold_s: float = 0.08) -> None:
        self._gui = threading.main_thread().ident
        self._threshold = threshold_s
        self._meter_last: Callable[[], float] | None = None
        self._stop = threading.Event()
        self.samples: list[tuple[float, str]] = []
        self._thread = threading.Thread(target=self._run, name="stack-sampler", daemon=True)

    def start(self, last_tick: Callable[[], float]) -> None:
        self._meter_last = last_tick
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        assert self._meter_last is not None
        noted_for = -1.0
        while not self._stop.wait(0.02):
            last = self._meter_last()
            if now() - last > self._threshold and last != noted_for:
                noted_for = last
                frame = sys._current_frames().get(self._gui)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-8:]
                    where = " < ".join(f"{f.name} ({'/'.join(f.filename.split('/')[-2:])}:{f.lineno})"
                                       for f in reversed(stack))  # fmt: skip
                    self.samples.append((now(), where))


class MessageBoxes(QObject):
    """Closes every message box shortly after it appears, as the user would press its button, and notes its text
    (a refusal, an error, or the "dossier written" note)."""

    def __init__(self, origin: Callable[[], float]) -> None:
        super().__init__()
        self.seen: list[dict] = []
        self._origin = origin
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._close)
        self._timer.start(25)

    def _close(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self.seen.append({"at_s": now() - self._origin(), "title": widget.windowTitle(), "text": widget.text()})
                widget.done(0)


class StatementCounter:
    """Counts the SQL statements sent on `engine` (every thread), with SQLAlchemy's before_cursor_execute."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.count = 0
        self._lock = threading.Lock()
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *_args: Any) -> None:
        with self._lock:
            self.count += 1

    def take(self) -> int:
        """The count so far, starting again from zero."""
        with self._lock:
            count, self.count = self.count, 0
        return count
