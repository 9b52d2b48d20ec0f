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


def qt_translation_dirs() -> list[Path]:
    """Folders that may hold Qt's own translations (qtbase_zh_CN.qm): where
    PyInstaller puts them when frozen (PySide6/Qt/translations on Linux and
    macOS, PySide6/translations on Windows), else the PySide6 package's."""
    roots = []
    if is_frozen():
        roots.append(Path(sys._MEIPASS) / "PySide6")  # type: ignore[attr-defined]
    try:
        # reason: paths is imported by the CLI too, which needs no Qt
        import PySide6

        roots.append(Path(PySide6.__file__).resolve().parent)
    except ImportError:  # pragma: no cover - the GUI needs PySide6 anyway
        pass
    return [root / sub for root in roots for sub in ("Qt/translations", "translations")]
