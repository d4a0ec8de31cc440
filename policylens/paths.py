"""Where PolicyLens keeps its workspace when the user names none."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "PolicyLens"
# Set by the desktop build when it bundles the official texts for an offline installation.
BUNDLED_TEXTS_ENV = "POLICYLENS_BUNDLED_TEXTS"
WORKSPACE_FILENAME = "workspace.sqlite"


def user_data_dir() -> Path:
    """The platform's per-user data directory for PolicyLens."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_workspace() -> Path:
    """``POLICYLENS_WORKSPACE`` if set, else the workspace file in the user data directory."""
    named = os.environ.get("POLICYLENS_WORKSPACE")
    return Path(named) if named else user_data_dir() / WORKSPACE_FILENAME


def bundled_texts_dir() -> Path | None:
    """The folder of official texts an offline installation ships with, if there is one."""
    named = os.environ.get(BUNDLED_TEXTS_ENV)
    return Path(named) if named and Path(named).is_dir() else None
