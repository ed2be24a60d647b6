"""One helper for work that must not run on the GUI thread (Anki's CollectionOp / Picard's thread.run_task).

    run_in_background(parent, lambda: import_file(path), on_success=show_summary, error_title="导入失败")

The callable runs on a QThreadPool worker; its result or exception comes back to the GUI thread through a queued
signal, where exactly one of the callbacks runs. Errors a user can cause (`FireInvestError`) are shown as their
Chinese message; anything else as a generic message with the technical details folded away, and logged.

Tests call `set_synchronous(True)` (or use the `synchronous_operations` context manager) so the work and its
callbacks run immediately, in order, on the calling thread: deterministic without sleeping or polling.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from fireinvest.errors import FireInvestError
from fireinvest.services.progress import OperationCancelled
from fireinvest.threads import give_way

log = logging.getLogger(__name__)

T = TypeVar("T")

_synchronous = False
# Signal carriers of running operations. Without a Python reference a carrier could be collected while its worker
# still runs, and the result would never arrive.
_running: set[_Carrier] = set()


def set_synchronous(enabled: bool) -> None:
    """Run every operation inline on the calling thread (tests, scripted use)."""
    global _synchronous
    _synchronous = enabled


@contextmanager
def synchronous_operations() -> Iterator[None]:
    previous = _synchronous
    set_synchronous(True)
    try:
        yield
    finally:
        set_synchronous(previous)


translate = QCoreApplication.translate


class _Carrier(QObject):
    """Lives on the GUI thread. The worker emits its signals from a pool thread; because the receiving slots are
    methods of this GUI-thread object, Qt queues the calls to the GUI thread (a bare Python callable as receiver
    would leave the choice of thread to the binding)."""

    succeeded = Signal(object)
    failed = Signal(object, str)

    def __init__(self, on_success: Callable[[Any], None], on_failure: Callable[[BaseException, str], None]) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        _running.discard(self)
        self._on_success(result)

    @Slot(object, str)
    def _deliver_failure(self, exc: BaseException, details: str) -> None:
        _running.discard(self)
        self._on_failure(exc, details)


class _Worker(QRunnable):
    def __init__(self, work: Callable[[], Any], carrier: _Carrier) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._carrier = carrier

    def run(self) -> None:  # runs on a pool thread
        give_way()  # work off the database (composing a dossier, converting a document) must not slow the window
        try:
            result = self._work()
        except BaseException as exc:
            self._carrier.failed.emit(exc, traceback.format_exc())
        else:
            self._carrier.succeeded.emit(result)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None, details: str = "") -> None:
    """Show an error the way users should see it: our own errors verbatim, anything else as a generic message."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(exc, FireInvestError) else QMessageBox.Icon.Critical)
    box.setWindowTitle(title or translate("operations", "错误"))
    if isinstance(exc, FireInvestError):
        box.setText(exc.message)
    else:
        box.setText(
            translate("operations", "操作未能完成，发生了意外错误。数据没有被部分修改。\n请将详细信息告知系统管理员。")
        )
        box.setDetailedText(details or "".join(traceback.format_exception(exc)))
    box.addButton(translate("operations", "确定"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def run_in_background(
    parent: QWidget | None,
    work: Callable[[], T],
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], bool | None] | None = None,
    *,
    error_title: str | None = None,
    on_finished: Callable[[], None] | None = None,
) -> None:
    """Run `work` off the GUI thread, then `on_success(result)` or the failure handling on the GUI thread.

    `on_failure` runs first on failure; when it returns True it has shown the error itself and the standard
    dialog is skipped. `on_finished` runs last either way (re-enable buttons, close a progress dialog).
    """

    def succeed(result: Any) -> None:
        try:
            if on_success is not None:
                on_success(result)
        finally:
            if on_finished is not None:
                on_finished()

    def fail(exc: BaseException, details: str) -> None:
        try:
            if not isinstance(exc, FireInvestError):
                log.error("background operation failed:\n%s", details)
            handled = on_failure(exc) if on_failure is not None else None
            if not handled:
                show_error(parent, exc, error_title, details)
        finally:
            if on_finished is not None:
                on_finished()

    if _synchronous:
        try:
            result = work()
        except Exception as exc:
            fail(exc, traceback.format_exc())
        else:
            succeed(result)
        return

    carrier = _Carrier(succeed, fail)
    _running.add(carrier)
    QThreadPool.globalInstance().start(_Worker(work, carrier))


class ProgressRelay(QObject):
    """The `progress(done, total)` callback long services accept (services/progress.py), usable from any thread.

    Create it on the GUI thread and connect `changed` to a progress bar; the worker calls it, Qt queues the signal
    to the GUI thread. `cancel()` (GUI thread) makes the next call return False, which the service turns into
    OperationCancelled after undoing its work.
    """

    changed = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def __call__(self, done: int, total: int) -> bool:
        self.changed.emit(done, total)
        return not self._cancelled.is_set()


def running_count() -> int:
    """How many background operations have not delivered their result yet (for quitting and for tests)."""
    return len(_running)


class ProgressWindow(QObject):
    """A modal progress bar for one long operation; 取消 asks the running use case to stop (it then undoes its
    work) and says so until the operation has wound down.

    A QObject child of `parent`, so that progress still queued from the database thread after the window was
    closed finds its slot gone instead of a freed object."""

    def __init__(self, parent: QWidget, text: str, cancelling_text: str) -> None:
        super().__init__(parent)
        self.relay = ProgressRelay(self)
        self.dialog = QProgressDialog(text, translate("operations", "取消"), 0, 0, parent)
        self.dialog.setWindowTitle("FireInvest")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)  # short runs finish before a window would flash up
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self._cancelling_text = cancelling_text
        self.dialog.canceled.connect(self._cancel)
        self.relay.changed.connect(self._show)

    @Slot()
    def _cancel(self) -> None:
        self.relay.cancel()
        self.dialog.setLabelText(self._cancelling_text)

    @Slot(int, int)
    def _show(self, done: int, total: int) -> None:
        if total > 0 and not self.relay.cancelled:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def close(self) -> None:
        self.relay.changed.disconnect(self._show)
        self.dialog.close()
        self.dialog.deleteLater()
        self.deleteLater()


def cancelled_is_not_an_error(parent: QWidget, title: str) -> Callable[[FireInvestError], bool]:
    """A refusal handler that shows a cancellation (OperationCancelled) as the information it is, not as an error."""
    from fireinvest.ui.widgets.dialogs import inform

    def handle(exc: FireInvestError) -> bool:
        if isinstance(exc, OperationCancelled):
            inform(parent, title, exc.message)
            return True
        return False

    return handle
