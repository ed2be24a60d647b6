"""Loaded by Python at start-up in the benchmarks' "before" children only (benchmarks/versions.py puts this folder
on their PYTHONPATH after the worktree of the old commit).

The project is installed in the venv in editable mode, and setuptools' editable finder maps fireinvest.resources
and fireinvest.migrations to the current checkout's top-level resources/ and migrations/ folders. The old package
found first on PYTHONPATH would otherwise still read the current templates, code lists and migrations; this finder,
put in front of it, gives the old package the old commit's own.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import PathFinder
from importlib.util import spec_from_file_location

_TREE = os.environ.get("FIREINVEST_BENCH_TREE", "")
_FOLDERS = {"fireinvest.resources": "resources", "fireinvest.migrations": "migrations"}


class _OldCommitData:
    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        folder = _FOLDERS.get(fullname)
        if folder is not None:
            where = os.path.join(_TREE, folder)
            return spec_from_file_location(fullname, os.path.join(where, "__init__.py"),
                                           submodule_search_locations=[where])  # fmt: skip
        parent, _, _child = fullname.rpartition(".")
        if parent in _FOLDERS:  # e.g. fireinvest.resources.reference, a folder without __init__.py
            return PathFinder.find_spec(fullname, [os.path.join(_TREE, _FOLDERS[parent])])
        return None


if _TREE:
    sys.meta_path.insert(0, _OldCommitData)
