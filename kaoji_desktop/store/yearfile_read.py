"""Reading a year file: its tables as Python values and as the core's
`YearData`, the meta values and the audit (操作记录). No writes."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import dataclass
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

from kaoji_desktop.core import rules_json
from kaoji_desktop.core.model import YearData
from kaoji_desktop.store.auditing import default_operator
from kaoji_desktop.store.errors import BadValueError
from kaoji_desktop.store.lock import Lock
from kaoji_desktop.store.opening import bad_value_message
from kaoji_desktop.store.schema import BOOL, DEC, INT, TABLE, TABLES, Table, from_db


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: str
    operator: str
    source: str
    table: str
    key: str
    field: str
    old: str | None
    new: str | None
    note: str


class YearFileReading:
    """The state of an open year file and everything that reads it (the base
    of `YearFile`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool,
                 operator: str | None) -> None:
        self.path = path
        self.conn = conn
        self._db: Any = None
        self.readonly = readonly
        self.operator = operator or default_operator()
        # the single-writer lock this file is edited under (set by the window
        # and the CLI): checked before every write
        self.lock: Lock | None = None

    @property
    def db(self) -> Any:
        """sqlite-utils over this connection, imported on first use: it pulls in
        click and pluggy (~0.2 s), which start-up does not need (bench/)."""
        if self._db is None:
            # reason: start-up time; sqlite-utils pulls in click and pluggy (~0.2 s)
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def rows(self, table: str) -> list[dict[str, Any]]:
        """All rows of a table as Python values, in entry order (key order for
        tables without one)."""
        t = TABLE[table]
        order = order_by(t)
        cur = self.conn.execute(f'SELECT *, rowid FROM "{t.name}" ORDER BY {order}')
        names = [d[0] for d in cur.description][:-1]
        kinds = [t.columns.get(n, "int") for n in names]
        out = []
        for *raw, rowid in cur:
            try:
                out.append({n: from_db(k, v) for n, k, v in zip(names, kinds, raw, strict=True)
                            if n != "position"})
            except (InvalidOperation, ValueError, TypeError):
                self._bad_value(t, rowid, dict(zip(names, raw, strict=True)))
        return out

    def load(self) -> YearData:
        """The whole year as the scoring core's input."""
        fields: dict[str, Any] = {}
        for t in TABLES:
            if t.record is None:
                fields[t.field] = tuple(r["name"] for r in self.rows(t.name))
            else:
                fields[t.field] = self._records(t)
        year = self.get_meta("year")
        try:
            rules = rules_json.loads(self.get_meta("rules"))
        except (ValueError, TypeError, KeyError, InvalidOperation) as exc:
            raise BadValueError(f"“{self.path.name}”中的规则参数（年度设置 · 规则参数）无法读取"
                                f"（{exc}）。该文件可能被其他程序改动过：请从备份恢复。") from exc
        return YearData(
            year=int(year) if year and year.isdigit() else 0,
            organisation=self.get_meta("organisation") or "",
            rules=rules,
            **fields,
        )

    def records(self, table: str) -> tuple[Any, ...]:
        """One data table as its YearData field (records; names for leaders)."""
        t = TABLE[table]
        if t.record is None:
            return tuple(r["name"] for r in self.rows(t.name))
        return self._records(t)

    def _records(self, t: Table) -> tuple[Any, ...]:
        """A table's rows as its YearData records, in `order_by` order. Columns are
        selected in the record's field order and built positionally: a
        district-sized year has tens of thousands of rows (bench/)."""
        assert t.record is not None
        names = [f.name for f in dataclasses.fields(t.record)]
        order = order_by(t)
        cols = ", ".join(f'"{n}"' for n in names)
        cur = self.conn.execute(f'SELECT {cols} FROM "{t.name}" ORDER BY {order}')
        convert = [(i, t.columns[n]) for i, n in enumerate(names)
                   if t.columns[n] in (DEC, BOOL, INT)]
        record = t.record
        out = []
        try:
            for raw in cur:
                if convert:
                    raw = list(raw)
                    for i, kind in convert:
                        raw[i] = from_db(kind, raw[i])
                out.append(record(*raw))
        except (InvalidOperation, ValueError, TypeError):
            self.rows(t.name)  # the slow path names the row and column
            raise
        return tuple(out)

    def _bad_value(self, t: Table, rowid: int, raw: dict[str, Any]) -> None:
        for column, value in raw.items():
            try:
                from_db(t.columns.get(column, INT), value)
            except (InvalidOperation, ValueError, TypeError):
                raise BadValueError(bad_value_message(
                    self.path, t.name, rowid, column, value, self.conn)) from None
        raise BadValueError(f"“{self.path.name}”中“{t.label}”的数据有误。")  # pragma: no cover

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0]) if row[0] is not None else None

    def audit(self, limit: int | None = None) -> list[AuditEntry]:
        sql = "SELECT * FROM audit ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])
                for r in self.conn.execute(sql)]


def order_by(t: Table) -> str:
    """Entry order: `position` where the table has one, else the rowid (the
    order rows were written in, e.g. the workbook's). A deleted row put back
    by undo gets its rowid back (`ROWID` in the inverse change), so undo
    restores an identical year, order included."""
    return "position, rowid" if t.ordered else "rowid"
