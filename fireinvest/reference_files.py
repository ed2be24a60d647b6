"""Access to the data files shipped in `resources/` (installed as the package fireinvest.resources)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource file; works for editable and regular installs alike."""
    return Path(str(resources.files("fireinvest.resources").joinpath(*parts)))


@cache
def load_reference(name: str) -> dict[str, Any]:
    """The parsed JSON reference file `resources/reference/<name>.json`, loaded once per process."""
    with resource_path("reference", f"{name}.json").open(encoding="utf-8") as f:
        return json.load(f)
