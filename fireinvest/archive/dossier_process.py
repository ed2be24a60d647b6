"""Composing a dossier in a process of its own, for the desktop program.

Composing a volume is minutes of pure-Python XML work. On a thread of the program it competes with the GUI thread
for the interpreter lock, and a window opened meanwhile waits for many turns of it (pauses of 150 ms and more on a
two-core workstation). A separate process has its own interpreter: the window stays as quick as when nothing runs.

The child composes with `write_dossier` exactly as the command line does in-process; it has no database. It asks
the parent for each issued document and photo, and the parent reads them through the readers it was given (in the
desktop program: one short read on the database thread each). Progress goes the same way, one question per item,
and the parent's answer carries the user's 取消. Whatever stops the work — a cancel, a damaged photo the parent could
not read, an error in the child — the child ends through `write_dossier`'s own clean-up, so no file is left behind;
a child that dies outright (killed, out of memory) is reported as such, and its temporary file, named so, is
removed by the parent.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from fireinvest.archive.dossier import CANCELLED, DocumentReader, DossierResult, PhotoReader, write_dossier
from fireinvest.archive.dossier_contents import DossierPlan
from fireinvest.errors import FireInvestError
from fireinvest.files import temporaries_of
from fireinvest.services.progress import OperationCancelled, ProgressCallback

log = logging.getLogger(__name__)

CHILD_DIED = "生成卷宗的进程意外退出（代码 {code}），没有写出文件。"
EXIT_WAIT_S = 30  # a child told to stop removes its temporary file and ends; this long is a hung child


@dataclass(frozen=True)
class _Stop:
    """The parent's answer that ends the child's work (the user cancelled, or a read failed in the parent)."""


@dataclass(frozen=True)
class _Failed:
    """The child's report of an error: the error itself when it can travel, otherwise its text and traceback."""

    error: BaseException | None
    message: str
    details: str


def write_dossier_apart(
    plan: DossierPlan, target: str | os.PathLike[str], read_document: DocumentReader, read_photo: PhotoReader,
    progress: ProgressCallback | None = None,
) -> DossierResult:  # fmt: skip
    """`write_dossier` with the composing done in a child process; the readers and `progress` run here, on the
    calling thread, which waits for the child and serves its questions until the volume is written."""
    # "spawn": a fork of a process with Qt and database threads may inherit locks held by threads it does not have.
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_compose, args=(plan, os.fspath(target), theirs), name="dossier", daemon=True)
    started = time.time()
    child.start()
    theirs.close()  # the child holds its end now; ours reports EOF when the child is gone
    stopping: BaseException | None = None  # set when the parent ended the work; raised once the child has stopped
    try:
        while True:
            try:
                question, subject = ours.recv()
            except EOFError:
                child.join(EXIT_WAIT_S)
                _remove_partial_files(target, since=started)
                raise stopping or FireInvestError(CHILD_DIED.format(code=child.exitcode)) from None
            if question == "done":
                return subject
            if question == "failed":
                raise stopping or _raised(subject)
            try:
                answer = _answer(question, subject, read_document, read_photo, progress)
            except BaseException as exc:  # the child must stop first; then this is raised
                stopping, answer = exc, _Stop()
            try:
                ours.send(answer)
            except OSError:  # the child is gone: the next recv says so
                continue
    finally:
        ours.close()
        child.join(EXIT_WAIT_S)
        if child.is_alive():
            child.kill()
            child.join()


def _answer(question: str, subject: Any, read_document: DocumentReader, read_photo: PhotoReader,
            progress: ProgressCallback | None) -> Any:  # fmt: skip
    if question == "document":
        return read_document(subject)
    if question == "photo":
        return read_photo(subject)
    if question == "progress":
        if progress is not None and progress(*subject) is False:
            raise OperationCancelled(CANCELLED)
        return True
    raise AssertionError(f"unknown question from the dossier process: {question!r}")


def _raised(failed: _Failed) -> BaseException:
    if isinstance(failed.error, FireInvestError):
        return failed.error
    log.error("composing a dossier failed in its process:\n%s", failed.details)
    return failed.error or RuntimeError(failed.message)


def _remove_partial_files(target: str | os.PathLike[str], *, since: float) -> None:
    """The temporary file of a child that died before it could remove it (files.replacing names it so)."""
    for partial in temporaries_of(target):
        try:
            if partial.stat().st_mtime >= since - 1:
                partial.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def _compose(plan: DossierPlan, target: str, parent: Connection) -> None:  # runs in the child process
    def ask(question: str, subject: Any) -> Any:
        parent.send((question, subject))
        answer = parent.recv()
        if isinstance(answer, _Stop):
            raise OperationCancelled(CANCELLED)
        return answer

    try:
        result = write_dossier(
            plan, target, lambda issued: ask("document", issued), lambda photo: ask("photo", photo),
            lambda done, total: ask("progress", (done, total)),
        )  # fmt: skip
    except BaseException as exc:  # every failure goes to the parent, which decides
        parent.send(("failed", _travelling(exc)))
    else:
        parent.send(("done", result))
    finally:
        parent.close()


def _travelling(exc: BaseException) -> _Failed:
    """The error as the parent can receive it: the error itself when it pickles and unpickles (FireInvestError and
    the standard ones do), else its text."""
    details = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # an error that cannot travel is described instead
        return _Failed(None, f"{type(exc).__name__}: {exc}", details)
    return _Failed(exc, str(exc), details)
