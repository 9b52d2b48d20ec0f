"""Numbered schema migrations; `PRAGMA user_version` = how many have run.

Frozen: each migration is literal SQL (or code over literal SQL) exactly as it
shipped, never built from today's `schema.TABLES`. What the schema of every
version must look like is committed in `snapshot.SCHEMAS`; `opening` refuses
any file whose schema differs from its version's snapshot.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

# Version 1 (0.1.0): the data tables of `schema.TABLES` as they were then,
# meta and audit. Statement text as 0.1.0 wrote it, byte for byte: it is what
# sqlite_master of every 0.1.0 file holds.
V1_DDL: tuple[str, ...] = (
    ('CREATE TABLE "communities" ("name" TEXT NOT NULL, "renovation_task" INTEGER, '
     '"liaison_leader" TEXT, "position" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("name"))'),
    ('CREATE TABLE "lines" ("name" TEXT NOT NULL, "full_marks" TEXT, "cycle" TEXT, '
     '"department" TEXT, "position" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("name"))'),
    ('CREATE TABLE "leaders" ("name" TEXT NOT NULL, "position" INTEGER NOT NULL DEFAULT '
     '0, PRIMARY KEY ("name"))'),
    ('CREATE TABLE "line_scores" ("community" TEXT NOT NULL REFERENCES communities(name) '
     'ON UPDATE CASCADE ON DELETE CASCADE, "line" TEXT NOT NULL REFERENCES lines(name) ON '
     'UPDATE CASCADE ON DELETE CASCADE, "period" TEXT NOT NULL, "score" TEXT, PRIMARY KEY '
     '("community", "line", "period"))'),
    ('CREATE TABLE "projects" ("community" TEXT NOT NULL REFERENCES communities(name) ON '
     'UPDATE CASCADE ON DELETE CASCADE, "name" TEXT NOT NULL, "kind" TEXT, "points" TEXT, '
     '"department" TEXT, "score" TEXT, "position" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY '
     '("community", "name"))'),
    ('CREATE TABLE "satisfaction" ("community" TEXT NOT NULL REFERENCES communities(name) '
     'ON UPDATE CASCADE ON DELETE CASCADE, "excellent" INTEGER, "good" INTEGER, "passed" '
     'INTEGER, "failed" INTEGER, PRIMARY KEY ("community"))'),
    ('CREATE TABLE "satisfaction_ratings" ("community" TEXT NOT NULL REFERENCES '
     'communities(name) ON UPDATE CASCADE ON DELETE CASCADE, "respondent" INTEGER NOT '
     'NULL, "rating" TEXT, PRIMARY KEY ("community", "respondent"))'),
    ('CREATE TABLE "leader_scores" ("community" TEXT NOT NULL REFERENCES '
     'communities(name) ON UPDATE CASCADE ON DELETE CASCADE, "rater" TEXT NOT NULL, '
     '"score" TEXT, PRIMARY KEY ("community", "rater"))'),
    ('CREATE TABLE "bonus_items" ("community" TEXT NOT NULL REFERENCES communities(name) '
     'ON UPDATE CASCADE ON DELETE CASCADE, "item" TEXT NOT NULL, "points" TEXT, "status" '
     'TEXT, "note" TEXT, "position" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("community", '
     '"item"))'),
    ('CREATE TABLE "vetoes" ("community" TEXT NOT NULL REFERENCES communities(name) ON '
     'UPDATE CASCADE ON DELETE CASCADE, "matter" TEXT NOT NULL, "note" TEXT, PRIMARY KEY '
     '("community", "matter"))'),
    ('CREATE TABLE "posts" ("person" TEXT NOT NULL, "kind" TEXT NOT NULL, "community" '
     'TEXT NOT NULL REFERENCES communities(name) ON UPDATE CASCADE ON DELETE CASCADE, '
     '"months" TEXT, "position" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("person", '
     '"kind", "community"))'),
    ('CREATE TABLE "dual_reviews" ("person" TEXT NOT NULL, "a" TEXT, "b" TEXT, PRIMARY '
     'KEY ("person"))'),
    ('CREATE TABLE "forced_ranks" ("person" TEXT NOT NULL, "rank" INTEGER, PRIMARY KEY '
     '("person"))'),
    ('CREATE TABLE "staff_line_scores" ("person" TEXT NOT NULL, "line" TEXT NOT NULL '
     'REFERENCES lines(name) ON UPDATE CASCADE ON DELETE CASCADE, "score" TEXT, PRIMARY '
     'KEY ("person", "line"))'),
    ('CREATE TABLE "head_scores" ("person" TEXT NOT NULL, "score" TEXT, PRIMARY KEY '
     '("person"))'),
    ('CREATE TABLE "reward_bases" ("kind" TEXT NOT NULL, "tier" INTEGER NOT NULL, '
     '"amount" TEXT, PRIMARY KEY ("kind", "tier"))'),
    ('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)'),
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
        )""",
    ('CREATE INDEX audit_ts ON audit(ts)'),
)


def _v1_initial_schema(conn: sqlite3.Connection) -> None:
    for statement in V1_DDL:
        conn.execute(statement)


HIDDEN = "（不记录）"


def _package_text(value: str | None, fallback_id: str) -> str | None:
    """The audit text of a package record (None if it holds no secret)."""
    if value is None or '"secret"' not in value:
        return None
    try:
        record = json.loads(value)
    except ValueError:
        record = None
    if not isinstance(record, dict) or "secret" not in record:
        return f"任务包 {fallback_id[:8]} 已发出"
    package_id = str(record.get("package_id") or fallback_id)
    return (f"任务包 {package_id[:8]} 已发出"
            f"（{record.get('dept', '')}·{record.get('period', '')}）")


def _v2_redact_package_secrets(conn: sqlite3.Connection) -> None:
    """0.1.0 wrote each package record, secret included, as the old/new value
    of its audit rows (and so into the audit's Excel export). Keep the meta row
    (the clerk's copy of the secret verifies returns); rewrite the audit."""
    rows = conn.execute(
        "SELECT id, key, old, new FROM audit WHERE tbl = 'meta' AND key LIKE '[\"package:%'"
        " AND (old LIKE '%\"secret\"%' OR new LIKE '%\"secret\"%')").fetchall()
    for row_id, key, old, new in rows:
        try:
            parts = json.loads(key)
            fallback = str(parts[0])[len("package:"):]
        except (ValueError, IndexError, TypeError):
            fallback = ""
        new_text = _package_text(new, fallback)
        old_text = _package_text(old, fallback)
        conn.execute("UPDATE audit SET old = ?, new = ? WHERE id = ?",
                     (None if old is None else HIDDEN if old_text is not None else old,
                      new if new_text is None else new_text, row_id))


# MIGRATIONS[n] turns version n into version n + 1 (index 0: the empty file).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial_schema,  # 1: 0.1.0
    _v2_redact_package_secrets,  # 2: no package secret in the audit
]
SCHEMA_VERSION = len(MIGRATIONS)
