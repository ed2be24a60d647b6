"""The front door: every use case of FireInvest is a function written once, here in the core, and called the same
way by the desktop program, the command line and the tests.

    @writes
    def register_evidence(uow: UnitOfWork, case_id: int, draft: EvidenceDraft) -> EvidenceRecord:
        case = uow.lock_case(case_id)                 # check, then write: nobody else writes to this case meanwhile
        ...                                           # validate through rules/, write through uow.session
        uow.changed(case_id, Part.EVIDENCE)           # what the screens must refresh
        return record

    outcome = register_evidence(workstation, case_id, draft)    # Outcome(value=EvidenceRecord, changes=Changes)

A `@writes` use case runs in its own unit of work: one transaction, committed when the body returns and rolled back
when it raises, with the version check's flush-time race turned into the normal refusal; just before the commit the
search index takes in the parts of the cases it changed (uow.changed), in the same transaction. A `@reads` use case runs
in a read-only transaction (it can never take the write lock, so a long import elsewhere does not make it wait) and
returns its value as it is. A larger use case composes smaller ones inside its own unit of work with `.within(uow,
…)` (an import registers cases, timelines and evidence in one transaction).

The desktop program runs use cases through one runner on one database thread (ui/runner.py) and publishes each
Outcome's changes once, through one hub; the command line calls them directly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, Generic, ParamSpec, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from fireinvest.db import Database
from fireinvest.services.actor import Actor
from fireinvest.services.changes import Changes
from fireinvest.services.unit_of_work import UnitOfWork

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Workstation:
    """An investigator at a workstation, on an opened database: where use cases run and on whose behalf."""

    database: Database
    actor: Actor


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a write use case returns: its result, and what it changed."""

    value: T
    changes: Changes


class writes(Generic[P, T]):
    """Make `body(uow, …)` a use case that changes the database: `use_case(workstation, …) -> Outcome`."""

    def __init__(self, body: Callable[Concatenate[UnitOfWork, P], T]) -> None:
        functools.update_wrapper(self, body)
        self.body = body

    def __call__(self, workstation: Workstation, *args: P.args, **kwargs: P.kwargs) -> Outcome[T]:
        uow: UnitOfWork | None = None
        try:
            with workstation.database.writing() as session:
                uow = UnitOfWork(session, workstation.actor)
                value = self.body(uow, *args, **kwargs)
                uow.update_search_index()
                uow.flush()
        except StaleDataError as exc:  # at the body's own flush or at the commit
            if uow is None:
                raise
            raise uow.stale_refusal(exc) from exc
        return Outcome(value, uow.changes)

    def within(self, uow: UnitOfWork, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run as part of a larger use case, in its unit of work (its changes are that one's)."""
        return self.body(uow, *args, **kwargs)


class reads(Generic[P, T]):
    """Make `body(uow, …)` a use case that only reads: `use_case(workstation, …) -> value`, in a read-only
    transaction."""

    def __init__(self, body: Callable[Concatenate[UnitOfWork, P], T]) -> None:
        functools.update_wrapper(self, body)
        self.body = body

    def __call__(self, workstation: Workstation, *args: P.args, **kwargs: P.kwargs) -> T:
        with workstation.database.reading() as session:
            return self.body(UnitOfWork(session, workstation.actor, read_only=True), *args, **kwargs)

    def within(self, uow: UnitOfWork, *args: P.args, **kwargs: P.kwargs) -> T:
        """Read as part of a larger use case, in its unit of work."""
        return self.body(uow, *args, **kwargs)
