"""Fault injection for the store tests: SQLite errors as SQLite raises them,
a connection that fails chosen statements, a small disk that fills up."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_READONLY = 13, 10, 5, 8


def sqlite_error(code: int, text: str) -> sqlite3.OperationalError:
    """An error as SQLite raises it (Python 3.11 sets these attributes)."""
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = {13: "SQLITE_FULL", 10: "SQLITE_IOERR", 5: "SQLITE_BUSY",
                            8: "SQLITE_READONLY"}.get(code, "SQLITE_ERROR")  # type: ignore[attr-defined]
    return exc


class FaultyConnection:
    """A sqlite3 connection that fails the statements `fails(sql)` selects, as
    SQLite does: on COMMIT of a full disk it has already rolled back."""

    def __init__(self, real: sqlite3.Connection, fails: Callable[[str], bool],
                 error: sqlite3.Error) -> None:
        self.real, self.fails, self.error = real, fails, error
        self.armed = True

    def execute(self, sql: str, *args: Any) -> Any:
        if self.armed and self.fails(sql):
            if sql.strip().upper() == "COMMIT" and self.real.in_transaction:
                self.real.execute("ROLLBACK")  # SQLite's own rollback on SQLITE_FULL
            raise self.error
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class SmallDisk:
    """A 1 MB tmpfs; `fill()` takes every free byte, `free()` gives it back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler.bin"

    def fill(self) -> None:
        with open(self.filler, "ab", buffering=0) as fh:
            for size in (65536, 4096, 512, 1):  # down to the last byte
                with contextlib.suppress(OSError):
                    while True:
                        fh.write(b"\0" * size)

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


def no_space(*_args: object, **_kw: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")
