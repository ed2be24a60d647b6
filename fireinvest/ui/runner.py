"""The one way the desktop program reaches the core: use cases run on a single database thread, their results come
back to the GUI thread, and what they changed is published once through the hub.

    runner.run(
        lambda ws: cases.update_case(ws, case_id, version, draft),   # runs on the database thread
        done=self._saved,                 # GUI thread, with the use case's value (an Outcome is unwrapped)
        refused=self._show_in_panel,      # GUI thread, with a FireInvestError; True when it showed it itself
        finished=self._enable_buttons,    # GUI thread, last, whatever happened
        owner=self, error_title="无法保存",
    )

Why one thread (Anki's CollectionOp, Picard's run_task): the GUI thread never waits for the database, so the window
never freezes, whatever runs; and the program's own work never competes with itself for SQLite's write lock (an
attachment intake and a caption edit used to: the edit waited, froze the window, and then reported the database
"locked by another program"). Work runs in the order it was asked for. The database itself refuses any session
opened on another thread (db.Database.confine_to_thread), so database work that slips onto the GUI thread fails at
once in the tests instead of freezing a user's window.

Callbacks belong to their `owner`: once it is gone (the editor was closed while its save ran), nothing is delivered
to it, but the changes are still published. Errors a user can cause are shown as their Chinese message, anything
else as a generic message with the details folded away, and logged.

Tests build the runner with `synchronous=True`: the work still runs on the database thread, but `run` waits for it
and delivers the callbacks before it returns, so a test sees the outcome on its next line without sleeping.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from fireinvest.errors import FireInvestError
from fireinvest.services.changes import NO_CHANGES, Changes
from fireinvest.services.front_door import Outcome, Workstation
from fireinvest.ui.hub import Hub
from fireinvest.ui.widgets.operations import show_error

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class _Job:
    work: Callable[[Workstation], Any]
    done: Callable[[Any], object] | None
    refused: Callable[[FireInvestError], bool | None] | None
    finished: Callable[[], object] | None
    owner: QObject | None
    error_title: str | None
    value: Any = None
    changes: Changes = NO_CHANGES
    error: BaseException | None = None
    details: str = ""
    complete: threading.Event | None = None


class Runner(QObject):
    """Runs use cases on the database thread; `hub` publishes what they changed."""

    _completed = Signal(object)  # a _Job, emitted on the database thread, delivered on the GUI thread

    def __init__(
        self, workstation: Workstation, hub: Hub | None = None, *, synchronous: bool = False,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.workstation = workstation
        self.hub = hub or Hub(self)
        self.synchronous = synchronous
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._pending = 0
        self._completed.connect(self._deliver)
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), name="fireinvest-database", daemon=True)
        self._thread.start()
        started.wait()
        workstation.database.confine_to_thread(self._thread.ident)

    @property
    def actor_name(self) -> str:
        """Who is acting (shown as the default performer of a step, the compiler of a dossier …)."""
        return self.workstation.actor.name

    @property
    def database_label(self) -> str:
        """Which database the program works on, password hidden (status bar, about box)."""
        return self.workstation.database.display_url

    @property
    def pending(self) -> int:
        """Jobs asked for whose callbacks have not run yet."""
        return self._pending

    def run(
        self,
        work: Callable[[Workstation], Any],
        *,
        done: Callable[[Any], object] | None = None,
        refused: Callable[[FireInvestError], bool | None] | None = None,
        finished: Callable[[], object] | None = None,
        owner: QObject | None = None,
        error_title: str | None = None,
    ) -> None:
        """Run `work(workstation)` on the database thread; see the module's docstring for the callbacks."""
        job = _Job(work, done, refused, finished, owner, error_title)
        self._pending += 1
        if not self.synchronous:
            self._jobs.put(job)
            return
        job.complete = threading.Event()
        self._jobs.put(job)
        job.complete.wait()
        # What the work reported on its way (progress) was queued to this thread: deliver it first, as the event
        # loop would, so a progress window is not fed after its operation's callbacks closed it.
        QCoreApplication.sendPostedEvents()
        self._deliver(job)

    def call(self, work: Callable[[Workstation], T]) -> T:
        """Run `work` on the database thread and wait for its value; for work that is itself off the GUI thread
        (a dossier being composed on the thread pool reads each document and photo this way, so other use cases
        run between its reads instead of after all of them). Reads only: nothing is published."""
        if threading.get_ident() == self._thread.ident:
            return work(self.workstation)
        application = QCoreApplication.instance()
        on_gui_thread = application is not None and QThread.currentThread() is application.thread()
        assert self.synchronous or not on_gui_thread, "the GUI thread never waits for the database"
        complete = threading.Event()
        job = _Job(work, None, None, None, None, None, complete=complete)
        self._jobs.put(job)
        complete.wait()
        if job.error is not None:
            raise job.error
        return cast(T, job.value)

    def shutdown(self) -> None:
        """Finish what was asked for (a save still running is never cut off), then stop the database thread."""
        self._jobs.put(None)
        self._thread.join()
        self.workstation.database.confine_to_thread(None)

    # -- the database thread --------------------------------------------------------------------------------------

    def _serve(self, started: threading.Event) -> None:
        started.set()
        while (job := self._jobs.get()) is not None:
            try:
                result = job.work(self.workstation)
            except Exception as exc:
                job.error, job.details = exc, traceback.format_exc()
            else:
                if isinstance(result, Outcome):
                    job.value, job.changes = result.value, result.changes
                else:
                    job.value = result
            if job.complete is not None:
                job.complete.set()
            else:
                self._completed.emit(job)

    # -- back on the GUI thread -----------------------------------------------------------------------------------

    def _deliver(self, job: _Job) -> None:
        self._pending -= 1
        alive = job.owner is None or isValid(job.owner)
        try:
            if job.error is None:
                if alive and job.done is not None:
                    job.done(job.value)
            elif alive:
                self._fail(job)
            elif not isinstance(job.error, FireInvestError):
                log.error("use case failed after its window closed:\n%s", job.details)
        finally:
            self.hub.publish(job.changes)
            if alive and job.finished is not None:
                job.finished()

    def _fail(self, job: _Job) -> None:
        error = job.error
        assert error is not None
        if not isinstance(error, FireInvestError):
            log.error("use case failed:\n%s", job.details)
        elif job.refused is not None and job.refused(error):
            return
        parent = job.owner if isinstance(job.owner, QWidget) else None
        show_error(parent, error, job.error_title, job.details)
