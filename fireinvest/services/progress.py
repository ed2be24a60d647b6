"""Progress reporting for long imports, exports and demo runs, free of Qt (services and exchange share it).

Long work calls `progress(done, total)` now and then (TagStudio style: the core counts, the screen draws). The GUI
turns the counts into a progress bar; returning False from the callback cancels the work, which then raises
OperationCancelled after undoing everything it wrote.
"""

from __future__ import annotations

from collections.abc import Callable

from fireinvest.errors import FireInvestError

# (done, total) -> False to cancel; None or True to go on.
ProgressCallback = Callable[[int, int], bool | None]


class OperationCancelled(FireInvestError):
    """The user cancelled; nothing was changed."""


class ProgressTicker:
    """Calls the callback at most every `step` units (and always at the end) so a Qt signal per row is avoided."""

    def __init__(self, callback: ProgressCallback | None, total: int, cancelled_message: str, step: int = 200):
        self.callback = callback
        self.total = total
        self.cancelled_message = cancelled_message
        self.step = max(1, min(step, total // 100))  # at least ~100 updates, so short runs move too
        self._last_reported = -1

    def report(self, done: int, *, force: bool = False) -> None:
        """Tell the callback how far the work is; raises OperationCancelled when the callback says stop."""
        if self.callback is None:
            return
        if not force and done != self.total and done - self._last_reported < self.step:
            return
        self._last_reported = done
        if self.callback(done, self.total) is False:
            raise OperationCancelled(self.cancelled_message)


def kib(size: int) -> int:
    """Bytes as whole KiB, rounded up: the unit in which work over file bytes reports progress, because the GUI's
    progress bar holds 32-bit counts (2 TiB in KiB, but only 2 GiB in bytes)."""
    return -(-size // 1024)
