"""Where the program's bundled files live, in a checkout and in a frozen build.

PyInstaller unpacks (onefile) or places (onedir) the data files under
``sys._MEIPASS``; a source checkout keeps them in the top-level ``resources/``
folder beside the package.
"""

from __future__ import annotations

import sys
from pathlib import Path


def is_frozen() -> bool:
    """True inside a PyInstaller build."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resources_dir() -> Path:
    """The top-level resources/ folder (bundled copy when frozen)."""
    if is_frozen():
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    return Path(__file__).resolve().parents[1] / "resources"


def asset(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``asset("kaoji.png")``; existence is not checked."""
    return resources_dir().joinpath(*parts)
