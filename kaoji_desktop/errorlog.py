"""The program's own log of unexpected errors (no Qt: the CLI uses it too).

`log_dir()` is the user's app-data folder (Windows: %LOCALAPPDATA%\\kaoji\\
kaoji-desktop\\日志; elsewhere $XDG_DATA_HOME or ~/.local/share, the same place
QStandardPaths.AppDataLocation names), overridable with KAOJI_LOG_DIR.
`log_exception` appends the traceback to `kaoji.log` there, rotated by the
standard library (5 files of 1 MB), and returns the log's path. It never
raises: when the folder cannot be written (disk full, no rights) the system's
temporary folder is used, and failing that the error is only printed.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from kaoji_desktop._version import VERSION

LOG_NAME = "kaoji.log"
ORGANISATION, APPLICATION = "kaoji", "kaoji-desktop"
MAX_BYTES, BACKUPS = 1_000_000, 5


def log_dir() -> Path:
    override = os.environ.get("KAOJI_LOG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":  # pragma: no cover - Windows
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANISATION / APPLICATION / "日志"


def _logger(folder: Path) -> logging.Logger:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    log = logging.getLogger(f"kaoji.errors.{path}")
    log.propagate = False
    if not log.handlers:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


def log_text(text: str, where: str = "") -> Path | None:
    """Append one entry (time, where, text); the log's path, None if unwritable."""
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    entry = f"=== {stamp} {where}\n{text.rstrip()}\n"
    for folder in (log_dir(), Path(tempfile.gettempdir()) / "kaoji-desktop-日志"):
        try:
            log = _logger(folder)
            log.info(entry)
            for handler in log.handlers:
                handler.flush()
            return folder / LOG_NAME
        except OSError:
            continue
    print(entry, file=sys.stderr)
    return None


def log_exception(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None, where: str = "") -> Path | None:
    """Write the traceback of an unexpected error; the log's path (or None)."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    return log_text(f"考绩桌面 {VERSION}，Python {sys.version.split()[0]}\n{text}", where)
