"""The year file (.kaoji): one SQLite file per assessment year.

`YearFile` is a thin facade over three modules, one job each:

- `yearfile_open`: opening and migrating (the checks before anything is
  written, the upgrade of an older file, the creation of a new one);
- `yearfile_read`: reading (`rows`, `load` into the core's `YearData`,
  `records`, `get_meta`, `audit`);
- `yearfile_change`: changing. Every change goes through `YearFile.apply`,
  which writes the audit row in the same transaction as the change
  (`transaction`: committed whole or rolled back, the real cause raised as a
  classified `StoreError`; before it, the single-writer lock is verified);
  `replace_data` swaps a whole year in (demo, a new file); `dependents` lists
  the rows a delete of communities or lines takes with it, for an undoable
  cascade. Whole-file services on the OPEN file, used by the window and the
  CLI alike: `import_data` (workbook import), `save_copy` (另存为), `restore`
  (从备份恢复); each writes beside the file and swaps it in (`safe_write`),
  so a failure leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Self

from kaoji_desktop.core.model import YearData
from kaoji_desktop.store.auditing import HIDDEN_VALUE, default_operator
from kaoji_desktop.store.errors import DamagedFileError, ReadOnlyFileError, StoreError
from kaoji_desktop.store.yearfile_change import NOT_SAVED, ROWID, Change, YearFileChanging
from kaoji_desktop.store.yearfile_open import create_file, open_connection
from kaoji_desktop.store.yearfile_read import AuditEntry

SUFFIX = ".kaoji"
__all__ = ["HIDDEN_VALUE", "NOT_SAVED", "ROWID", "SUFFIX", "AuditEntry", "Change",
           "DamagedFileError", "ReadOnlyFileError", "StoreError", "YearFile", "default_operator"]


class YearFile(YearFileChanging):
    """An open year file. Use `create` or `open`, then `close` (or `with`)."""

    @classmethod
    def create(cls, path: str | Path, data: YearData, *, source: str = "新建",
               operator: str | None = None) -> Self:
        """Write a new year file holding `data` (refuses to overwrite). Written
        beside under a temporary name and renamed when complete."""
        path = Path(path)

        def fill(part: Path, conn: sqlite3.Connection) -> None:
            yf = cls(part, conn, readonly=False, operator=operator)
            yf.set_meta("file_id", uuid.uuid4().hex, source=source)
            yf.replace_data(data, source=source)

        create_file(path, fill)
        return cls.open(path, operator=operator)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False,
             operator: str | None = None) -> Self:
        """Open a year file, migrating it (after a backup copy) if it is older.

        A read-only open of an older file migrates a copy in memory: the file
        is never written, and every version reads the same way."""
        path = Path(path)
        return cls(path, open_connection(path, readonly=readonly), readonly=readonly,
                   operator=operator)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def checkpoint(self) -> None:
        """Kept for callers of 0.1.0: the rollback journal needs no checkpoint
        (the .kaoji is complete after every commit)."""
