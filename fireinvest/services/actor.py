"""Who is acting. Until user accounts exist, the operating-system login names the investigator at the keyboard."""

from __future__ import annotations

import getpass
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    name: str


def workstation_actor() -> Actor:
    try:
        return Actor(getpass.getuser())
    except Exception:  # no login name available (service accounts, odd terminals)
        return Actor("unknown")
