"""Renaming a community, line, person or leader (names are keys).

One transaction: the name itself, every row that refers to it, and the
department packages' snapshots. Communities and lines cascade through the
schema's foreign keys (ON UPDATE CASCADE); people and leaders have no
parent table, so their columns are updated here. UPDATE keeps each row's
rowid and position, so the year loads in the same order, names changed.

Department packages (meta "package:<id>") remember the cells they were
issued with, by name. A package whose return has not come back yet would
come back with the old name and could no longer be merged, so such a rename
is refused until the return is merged. The snapshots of packages already
merged are rewritten to the new name: a late copy of their return then
names cells outside the package and is refused by the merge, rather than
writing a score for a name that no longer exists.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from kaoji_desktop.store.auditing import HIDDEN_VALUE, now, write_row
from kaoji_desktop.store.errors import StoreError


class OpenYear(Protocol):
    """What a rename needs of the open year file (a `YearFile`)."""

    conn: sqlite3.Connection
    operator: str

    def transaction(self, body: Callable[[], Any], *, action: str = ...) -> Any: ...

NAME_MAX = 100
PACKAGE_PREFIX = "package:"


@dataclass(frozen=True)
class Rename:
    """A rename; `YearFile.rename` returns the one that undoes it."""

    kind: str  # community | line | person | leader
    old: str
    new: str


@dataclass(frozen=True)
class _Kind:
    label: str
    table: str  # where the name is a row (None-like "" for people)
    column: str
    # (table, column) updated here (the others follow by foreign key)
    referrers: tuple[tuple[str, str], ...]
    # (table, column) that follow by ON UPDATE CASCADE: counted for the audit
    cascades: tuple[tuple[str, str], ...] = ()
    # cells of package snapshots naming it: (table, index in the cell's key)
    package_cells: tuple[tuple[str, int], ...] = ()


KINDS: dict[str, _Kind] = {
    "community": _Kind("社区", "communities", "name", (), (
        ("line_scores", "community"), ("projects", "community"), ("satisfaction", "community"),
        ("satisfaction_ratings", "community"), ("leader_scores", "community"),
        ("bonus_items", "community"), ("vetoes", "community"), ("posts", "community")),
        (("line_scores", 0),)),
    "line": _Kind("条线", "lines", "name", (), (
        ("line_scores", "line"), ("staff_line_scores", "line")),
        (("line_scores", 1), ("staff_line_scores", 1))),
    "person": _Kind("人员", "posts", "person", (
        ("posts", "person"), ("dual_reviews", "person"), ("forced_ranks", "person"),
        ("staff_line_scores", "person"), ("head_scores", "person")),
        package_cells=(("staff_line_scores", 0),)),
    "leader": _Kind("班子成员", "leaders", "name", (
        ("leaders", "name"), ("leader_scores", "rater"), ("communities", "liaison_leader"))),
}


def _exists(conn: sqlite3.Connection, k: _Kind, name: str) -> bool:
    places = [(k.table, k.column)] + [r for r in k.referrers if r[0] != "communities"]
    return any(conn.execute(f'SELECT 1 FROM "{t}" WHERE "{c}" = ? LIMIT 1', (name,)).fetchone()
               for t, c in places)


def _count(conn: sqlite3.Connection, table: str, column: str, name: str) -> int:
    return int(conn.execute(f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" = ?',
                            (name,)).fetchone()[0])


def check(yf: OpenYear, kind: str, old: str, new: str) -> tuple[_Kind, str]:
    """The kind and the cleaned new name, or raise a Chinese `StoreError`."""
    k = KINDS.get(kind)
    if k is None:
        raise StoreError(f"不能改名：未知的类别“{kind}”")
    new = (new or "").strip()
    if not new:
        raise StoreError(f"{k.label}名称不能为空。")
    if len(new) > NAME_MAX:
        raise StoreError(f"{k.label}名称过长（{len(new)}个字），最多{NAME_MAX}个字。")
    if new == old:
        raise StoreError(f"新名称与原名称相同：{old}")
    if not _exists(yf.conn, k, old):
        raise StoreError(f"没有名为“{old}”的{k.label}。")
    if _exists(yf.conn, k, new):
        raise StoreError(f"已有名为“{new}”的{k.label}，不能改名为“{new}”（名称须唯一）。")
    return k, new


def _packages(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE ? ORDER BY key",
                        (PACKAGE_PREFIX + "%",)).fetchall()
    out = []
    for key, value in rows:
        try:
            record = json.loads(value)
        except (ValueError, TypeError):
            continue  # a damaged record is reported by the package code, not here
        if not (isinstance(record, dict) and isinstance(record.get("base"), list)
                and isinstance(record.get("applied"), list)):
            continue
        out.append((key, record))
    return out


def _package_updates(conn: sqlite3.Connection, k: _Kind, old: str,
                     new: str) -> list[tuple[str, str, str]]:
    """(meta key, old JSON, new JSON) of package snapshots naming `old`;
    refuses when a package naming it is still out."""
    out = []
    for key, record in _packages(conn) if k.package_cells else []:
        hits = [(cell, index) for cell in record["base"] for table, index in k.package_cells
                if isinstance(cell, list) and len(cell) == 3 and cell[0] == table
                and isinstance(cell[1], list) and len(cell[1]) > index and cell[1][index] == old]
        if not hits:
            continue
        if not (record["applied"] or record.get("superseded_by") or record.get("revoked_at")):
            raise StoreError(
                f"科室任务包（{record.get('dept', '')} {record.get('period', '')}，"
                f"{str(record.get('issued_at', ''))[:10]} 发出）尚未合并回执，其中含有"
                f"{k.label}“{old}”。改名后该回执将无法合并：请先合并回执，再改名。")
        before = json.dumps(record, ensure_ascii=False, sort_keys=True)
        for cell, index in hits:
            cell[1][index] = new
        record["base"] = sorted(record["base"], key=lambda x: (x[0], x[1]))
        out.append((key, before, json.dumps(record, ensure_ascii=False, sort_keys=True)))
    return out


def rename_everywhere(yf: OpenYear, kind: str, old: str, new: str, *, source: str,
                     note: str = "") -> Rename:
    """Rename in one audited transaction; returns the rename that undoes it.
    The caller (`YearFile.rename`) has checked that the file may be written."""
    k, new = check(yf, kind, old, new)
    conn = yf.conn
    ts = now()
    what = f"{k.label}改名：{old} → {new}" + (f"；{note}" if note else "")

    def audit(table: str, key: list[str], field: str, before: str | None,
              after: str | None, text: str) -> None:
        write_row(conn, ts, yf.operator, source, table, json.dumps(key, ensure_ascii=False),
                  field, before, after, text)

    def body() -> None:
        packages = _package_updates(conn, k, old, new)
        counts = {(t, c): _count(conn, t, c, old) for t, c in k.cascades + k.referrers}
        if k.table and (k.table, k.column) not in k.referrers:
            conn.execute(f'UPDATE "{k.table}" SET "{k.column}" = ? WHERE "{k.column}" = ?',
                         (new, old))
        for t, c in k.referrers:
            conn.execute(f'UPDATE "{t}" SET "{c}" = ? WHERE "{c}" = ?', (new, old))
        audit(k.table, [old], k.column, old, new, what)
        for (t, c), n in counts.items():
            if n and (t, c) != (k.table, k.column):
                audit(t, [old], c, old, new, f"{what}（随之更新 {n} 行）")
        for key, _before, after in packages:
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (after, key))
            # the record holds the package's secret: never into the audit
            audit("meta", [key], "value", HIDDEN_VALUE,
                  f"任务包 {key[len(PACKAGE_PREFIX):][:8]} 的记录中的名称已更新",
                  f"{what}（更新任务包记录中的名称）")
        left = [t for t, c in k.cascades if _count(conn, t, c, old)]
        if left:  # foreign keys off would leave orphans: never commit that
            raise StoreError(f"改名未完成（{'、'.join(left)} 仍引用原名称），未作修改。")

    try:
        yf.transaction(body, action="未改名")
    except StoreError as exc:
        if isinstance(exc.__cause__, sqlite3.IntegrityError):
            raise StoreError(f"改名会产生重复的记录（{exc.__cause__}），未作修改。") from exc
        raise
    return Rename(kind, new, old)
