"""Fixtures of the dossier tests: the case with its documents and photos, and a folder for the exported files."""

from __future__ import annotations

import pytest

from tests.archive.dossier_case import build_dossier_case


@pytest.fixture
def dossier_case(db, actor):
    return build_dossier_case(db, actor)


@pytest.fixture
def out(tmp_path):
    """A folder of its own for the exported files (tmp_path also holds the SQLite database)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
