"""Who and when for the audit rows: shared by the change path and the rename."""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3

HIDDEN_VALUE = "（不记录）"  # the audit's old value of a change whose values are not recorded


def default_operator() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (service accounts)
        return "未知用户"


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def write_row(conn: sqlite3.Connection, ts: str, operator: str, source: str, table: str,
              key: str, field: str, old: str | None, new: str | None, note: str) -> None:
    """One audit row, inside the caller's transaction."""
    conn.execute(
        "INSERT INTO audit (ts, operator, source, tbl, key, field, old, new, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ts, operator, source, table, key, field, old, new, note))
