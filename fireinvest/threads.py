"""Background threads that give way: long work (decoding photos, composing a dossier) runs on threads the operating
system schedules after the GUI thread, so on a workstation with two cores a window opened meanwhile is not slowed
to a crawl by work nobody is waiting for at that moment."""

from __future__ import annotations

import os
import threading

BACKGROUND_NICENESS = 10


def give_way() -> None:
    """Lower the calling thread's scheduling priority (Linux and other systems where threads have their own nice
    value; elsewhere nothing happens). Call it at the start of a worker thread, never on the GUI thread."""
    if hasattr(os, "setpriority"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
        except OSError:
            pass  # not allowed here: the thread keeps the normal priority
