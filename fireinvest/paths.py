"""Where FireInvest keeps the user's data: the embedded database and edited document templates."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "FireInvest"


def data_directory() -> Path:
    """The user's data folder (platformdirs: ~/.local/share/FireInvest, %LOCALAPPDATA%\\FireInvest, …)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
