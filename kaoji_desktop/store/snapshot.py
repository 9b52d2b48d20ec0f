"""The committed schema of every file version: what `opening` demands.

For each version, every table, index, trigger and view of sqlite_master
(internal `sqlite_*` objects aside) by type and name, with the first 16 hex
digits of the SHA-256 of its SQL text. A file must hold exactly these: an
extra trigger or view, a missing index or a changed column is refused.

A new migration that changes the schema adds the next version here, written
from a file made by the new code (`schema_digests` prints it) and checked by
tests/store/test_store_schema.py against a new file and an upgraded old one.
"""

from __future__ import annotations

import hashlib
import sqlite3

_V1: dict[str, str] = {
    "table communities": "032c80371b02ca38",
    "table lines": "2949cdbbfd2f47f7",
    "table leaders": "d8a51b98005b6957",
    "table line_scores": "446eb4e0c6b459b3",
    "table projects": "fb6713c90c4c88d0",
    "table satisfaction": "49c0d44a0308bc71",
    "table satisfaction_ratings": "17f4f9058ea0e718",
    "table leader_scores": "01bbd67b53a430cf",
    "table bonus_items": "ccff3adc7242824e",
    "table vetoes": "802cf78d9e634107",
    "table posts": "c2845d267d3047a4",
    "table dual_reviews": "4b569304075c7c15",
    "table forced_ranks": "9e290a673f9b3439",
    "table staff_line_scores": "2083e65323f90d8c",
    "table head_scores": "7af7cd78fb4e1742",
    "table reward_bases": "0afd327e073ffde2",
    "table meta": "fd6db3ad6412e173",
    "table audit": "70d8bf6e8f32e9b5",
    "index audit_ts": "c5ca53ae5eee4d62",
}

SCHEMAS: dict[int, dict[str, str]] = {
    1: _V1,
    2: _V1,  # migration 2 changes audit rows only
}


def schema_digests(conn: sqlite3.Connection) -> dict[str, str]:
    """The schema of an open file in the form of `SCHEMAS`."""
    out = {}
    for kind, name, sql in conn.execute(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"):
        out[f"{kind} {name}"] = hashlib.sha256(str(sql or "").encode()).hexdigest()[:16]
    return out

