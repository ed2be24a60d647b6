"""Fixtures of the document tests: a case with everything its documents draw on."""

from __future__ import annotations

import pytest

from tests.documents.case_builder import BuiltCase, build_case


@pytest.fixture
def built(workstation) -> BuiltCase:
    return build_case(workstation)
