"""The layering of ARCHITECTURE.md, checked mechanically: Qt only in fireinvest/ui, imports pointing down."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
QT_CONTRACT = "Qt only in the user interface"


def _config() -> dict:
    return tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = _config()["tool"]["importlinter"]["contracts"]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in result.stdout


def test_the_package_type_checks():
    """mypy, as configured in pyproject.toml ([tool.mypy]: the fireinvest package), finds no errors."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found"), result.stdout


def test_every_module_outside_the_ui_is_under_the_qt_contract():
    """A new top-level module or package must be listed, or Qt could creep into it unnoticed."""
    contract = next(c for c in _config()["tool"]["importlinter"]["contracts"] if c["name"] == QT_CONTRACT)
    listed = set(contract["source_modules"])
    package = REPOSITORY / "fireinvest"
    top_level = {f"fireinvest.{p.stem}" for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    top_level |= {f"fireinvest.{p.name}" for p in package.iterdir() if (p / "__init__.py").is_file()}
    unguarded = top_level - listed - {"fireinvest.ui"}
    assert not unguarded, f"add to the Qt contract's source_modules in pyproject.toml: {sorted(unguarded)}"


def test_every_package_of_the_program_is_installed():
    """pyproject.toml lists the packages a wheel carries; one left out installs a program that cannot start."""
    listed = set(_config()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPOSITORY).parts)
        for init in (REPOSITORY / "fireinvest").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set(), f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"
