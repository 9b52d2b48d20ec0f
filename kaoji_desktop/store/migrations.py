"""Numbered schema migrations; `PRAGMA user_version` = how many have run."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kaoji_desktop.store.schema import BOOL, DEC, INT, TABLES

_SQL_TYPE = {DEC: "TEXT", INT: "INTEGER", BOOL: "INTEGER", "text": "TEXT"}
# (column, referenced table) pairs that must name an existing row
_REFERENCES = {"community": "communities", "line": "lines"}


def _create_data_tables(conn: sqlite3.Connection) -> None:
    for t in TABLES:
        cols = []
        for name, kind in t.columns.items():
            null = " NOT NULL" if name in t.keys else ""
            ref = ""
            if name in _REFERENCES and t.name not in ("communities", "lines"):
                ref = (f" REFERENCES {_REFERENCES[name]}(name)"
                       " ON UPDATE CASCADE ON DELETE CASCADE")
            cols.append(f'"{name}" {_SQL_TYPE[kind]}{null}{ref}')
        if t.ordered:
            cols.append('"position" INTEGER NOT NULL DEFAULT 0')
        keys = ", ".join(f'"{k}"' for k in t.keys)
        conn.execute(f'CREATE TABLE "{t.name}" ({", ".join(cols)}, PRIMARY KEY ({keys}))')
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ts TEXT NOT NULL,
            operator TEXT NOT NULL,
            source TEXT NOT NULL,
            tbl TEXT NOT NULL,
            key TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            note TEXT NOT NULL DEFAULT ''
        )"""
    )
    conn.execute("CREATE INDEX audit_ts ON audit(ts)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _create_data_tables,  # 1: initial schema
]
SCHEMA_VERSION = len(MIGRATIONS)
