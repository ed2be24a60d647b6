"""The layering of ARCHITECTURE.md, checked mechanically: Qt only in fireinvest/ui, imports pointing down."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_every_module_outside_the_ui_is_under_the_qt_contract():
    """A new top-level module (a cli_*.py, say) must be listed, or Qt could creep into it unnoticed."""
    import tomllib

    config = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden")
    listed = set(contract["source_modules"])
    package = REPOSITORY / "fireinvest"
    top_level = {f"fireinvest.{p.stem}" for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    top_level |= {f"fireinvest.{p.name}" for p in package.iterdir() if (p / "__init__.py").is_file()}
    unguarded = top_level - listed - {"fireinvest.ui"}
    assert not unguarded, f"add to the Qt contract's source_modules in pyproject.toml: {sorted(unguarded)}"
