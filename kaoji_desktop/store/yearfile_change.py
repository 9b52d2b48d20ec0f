"""Changing a year file: the one audited change path (`apply`: every change
with its audit row in one transaction, returning the inverse for undo),
deletes with their dependents, renames, and the whole-file services on the
open file (import, save a copy, restore), which write beside the file and
swap it in (`safe_write`)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import InvalidOperation
from pathlib import Path
from typing import Any, Self

from kaoji_desktop.core import rules_json
from kaoji_desktop.core.model import YearData
from kaoji_desktop.store import backups, safe_write
from kaoji_desktop.store.auditing import HIDDEN_VALUE, write_row
from kaoji_desktop.store.auditing import now as _now
from kaoji_desktop.store.errors import StoreError, classify
from kaoji_desktop.store.lock import Lock, LockedError, LockLostError, holder_of_other
from kaoji_desktop.store.rename import Rename, rename_everywhere
from kaoji_desktop.store.schema import TABLE, TABLES, Table, from_db, to_db
from kaoji_desktop.store.stages import ISSUED, ISSUED_MESSAGE, PROCESS_KEYS, STAGE_KEY
from kaoji_desktop.store.yearfile_open import open_connection, session_pragmas
from kaoji_desktop.store.yearfile_read import YearFileReading, order_by

NOT_SAVED = "修改未保存"
ROWID = "__rowid__"  # in an undo's values: where a deleted row stood


@dataclass(frozen=True)
class Change:
    """One row change: `values` None deletes the row, else upserts those columns."""

    table: str
    key: tuple[Any, ...]
    values: Mapping[str, Any] | None
    # When set, the audit rows of this change record this text instead of the
    # values (for secrets such as a package's key); its inverse keeps it too.
    audit_text: str | None = None



class YearFileChanging(YearFileReading):
    """The audited change path and the whole-file services (the base of
    `YearFile`, over its reading half)."""

    def dependents(self, table: str, keys: Iterable[tuple[Any, ...]]) -> list[Change]:
        """Deleting communities or lines: explicit deletes of every row that
        refers to them, so that undo restores them too (the file would cascade
        silently). Empty for other tables."""
        column = {"communities": "community", "lines": "line"}.get(table)
        if column is None:
            return []
        names = [to_db(TABLE[table].columns["name"], k[0]) for k in keys]
        if not names:
            return []
        marks = ", ".join("?" for _ in names)
        out: list[Change] = []
        for t in TABLES:
            if column in t.keys:
                cols = ", ".join(f'"{k}"' for k in t.keys)
                cur = self.conn.execute(f'SELECT {cols} FROM "{t.name}" WHERE "{column}" IN '
                                        f"({marks}) ORDER BY {order_by(t)}", names)
                kinds = [t.columns[k] for k in t.keys]
                out.extend(Change(t.name, tuple(from_db(kd, v) for kd, v in zip(
                    kinds, row, strict=True)), None) for row in cur)
        return out

    def _require_writable(self, changes: Sequence[Change] | None = None) -> None:
        if self.readonly:
            raise StoreError(f"“{self.path.name}”以只读方式打开，不能修改。")
        if self.lock is not None:
            try:
                self.lock.verify()
            except LockLostError:
                self.readonly = True  # lost for good: no later write may slip through
                raise
        if self.get_meta(STAGE_KEY) == ISSUED and not (
                changes and all(c.table == "meta" and c.key[0] in PROCESS_KEYS
                                for c in changes)):
            raise StoreError(ISSUED_MESSAGE)

    def transaction(self, body: Callable[[], Any], *, action: str = NOT_SAVED) -> Any:
        """Run `body` in one write transaction: committed whole, or rolled back
        with the real cause raised as a classified `StoreError` (a failed
        ROLLBACK after SQLite already rolled back never hides it)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise classify(exc, self.path, action) from exc
        try:
            out = body()
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError as exc:
            self._rollback()
            raise StoreError(_integrity_message(exc)) from exc
        except sqlite3.Error as exc:
            self._rollback()
            raise classify(exc, self.path, action) from exc
        except (ValueError, InvalidOperation, TypeError) as exc:  # a value to_db refuses
            self._rollback()
            raise StoreError(f"数值无效（{exc or type(exc).__name__}），{action}。") from exc
        except BaseException:
            self._rollback()
            raise
        return out

    def _rollback(self) -> None:
        if not self.conn.in_transaction:  # SQLite rolled back itself (disk full, I/O)
            return
        with contextlib.suppress(sqlite3.Error):  # the original error is the one to report
            self.conn.execute("ROLLBACK")

    def apply(self, changes: Sequence[Change], *, source: str,
              note: str = "") -> list[Change]:
        """Apply changes in one transaction with their audit rows.

        Returns the inverse changes (for undo), in the order to apply them.
        All or nothing: on any error nothing is changed and a `StoreError`
        says why (disk full, no permission, busy, I/O, damaged, lock lost …).
        """
        self._require_writable(changes)
        ts = _now()

        def body() -> list[Change]:
            return [self._apply_one(ch, ts, source, note) for ch in changes]

        inverse: list[Change] = self.transaction(body)
        inverse.reverse()
        return inverse

    def _apply_one(self, ch: Change, ts: str, source: str, note: str) -> Change:
        t = TABLE[ch.table]
        if len(ch.key) != len(t.keys):
            raise StoreError(f"{t.label}：键值数目不符")
        where = " AND ".join(f'"{k}" = ?' for k in t.keys)
        key_db = [to_db(t.columns[k], v) for k, v in zip(t.keys, ch.key, strict=True)]
        cur = self.conn.execute(f'SELECT *, rowid FROM "{t.name}" WHERE {where}', key_db)
        raw = cur.fetchone()
        names = [d[0] for d in cur.description]
        old = None if raw is None else dict(zip(names, raw, strict=True))
        key_text = json.dumps(list(key_db), ensure_ascii=False)

        def audit(field: str, before: Any, after: Any) -> None:
            if ch.audit_text is not None:
                before = None if before is None else HIDDEN_VALUE
                after = None if after is None else ch.audit_text
            write_row(self.conn, ts, self.operator, source, t.name, key_text, field,
                      None if before is None else str(before),
                      None if after is None else str(after), note)

        if ch.values is None:
            if old is None:
                return Change(t.name, ch.key, None, ch.audit_text)
            self.conn.execute(f'DELETE FROM "{t.name}" WHERE {where}', key_db)
            for c in t.value_columns or t.keys:
                audit(c, old.get(c), None)
            restored = {c: from_db(t.columns[c], old[c]) for c in t.value_columns}
            if t.ordered:
                restored["position"] = old["position"]
            restored[ROWID] = old["rowid"]
            return Change(t.name, ch.key, restored, ch.audit_text)

        new_db = {}
        rowid = ch.values.get(ROWID)
        for c, v in ch.values.items():
            if c == ROWID:
                continue
            if c == "position" and t.ordered:
                new_db[c] = int(v)
            elif c in t.value_columns:
                try:
                    t.check_value(c, v)  # the same refusal as the workbook import's
                except ValueError as exc:
                    raise StoreError(str(exc)) from None
                new_db[c] = to_db(t.columns[c], v)
            else:
                raise StoreError(f"{t.label}：没有“{c}”这一栏")
        if old is None:
            try:
                t.check_new_row(ch.values)  # a new row with every required value
            except ValueError as exc:
                raise StoreError(str(exc)) from None
            row = dict(zip(t.keys, key_db, strict=True)) | new_db
            if t.ordered and "position" not in row:
                row["position"] = self._next_position(t)
            if rowid is not None and self.conn.execute(
                    f'SELECT 1 FROM "{t.name}" WHERE rowid = ?', (int(rowid),)).fetchone() is None:
                row = {"rowid": int(rowid)} | row  # back in its place (undo of a delete)
            cols = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" for _ in row)
            self.conn.execute(f'INSERT INTO "{t.name}" ({cols}) VALUES ({marks})',
                              list(row.values()))
            for c in t.value_columns or t.keys:
                audit(c, None, row.get(c))
            return Change(t.name, ch.key, None, ch.audit_text)
        changed = {c: v for c, v in new_db.items() if old.get(c) != v}
        if changed:
            sets = ", ".join(f'"{c}" = ?' for c in changed)
            self.conn.execute(f'UPDATE "{t.name}" SET {sets} WHERE {where}',
                              [*changed.values(), *key_db])
            for c, v in changed.items():
                audit(c, old.get(c), v)
        back = {c: (old[c] if c == "position" else from_db(t.columns[c], old[c]))
                for c in changed}
        return Change(t.name, ch.key, back, ch.audit_text)

    def rename(self, kind: str, old: str, new: str, *, source: str,
               note: str = "") -> Rename:
        """Rename a community, line, person or leader ("community" | "line" |
        "person" | "leader") everywhere, in one audited transaction. Returns
        the `rename.Rename` that undoes it (pass its fields back here)."""
        self._require_writable()
        return rename_everywhere(self, kind, old, new, source=source, note=note)

    def _next_position(self, t: Table) -> int:
        row = self.conn.execute(f'SELECT MAX(position) FROM "{t.name}"').fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def set_meta(self, key: str, value: str | None, *, source: str, note: str = "") -> None:
        self.apply([Change("meta", (key,), None if value is None else {"value": value})],
                   source=source, note=note)

    def replace_data(self, data: YearData, *, source: str, note: str = "") -> None:
        """Replace every data table with `data` in one transaction.

        The audit gets one row per table (row counts before and after), not
        one per value: an import replaces the year as a whole.
        """
        self._require_writable()
        ts = _now()

        def body() -> None:
            before = {t.name: self.conn.execute(f'SELECT COUNT(*) FROM "{t.name}"')
                      .fetchone()[0] for t in TABLES}
            for t in reversed(TABLES):  # children before parents
                self.conn.execute(f'DELETE FROM "{t.name}"')
            for t in TABLES:
                items = getattr(data, t.field)
                rows = list(_rows_of(t, items))
                if rows:
                    self.db[t.name].insert_all(rows)
                write_row(self.conn, ts, self.operator, source, t.name, "[]", "*",
                          f"{before[t.name]} 行", f"{len(rows)} 行", note)
            for key, value in (("year", str(data.year)),
                               ("organisation", data.organisation),
                               ("rules", rules_json.dumps(data.rules))):
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

        self.transaction(body)

    # --- whole-file services (the window and the CLI both use these) ----------

    def import_data(self, data: YearData, *, source: str, note: str = "",
                    reason: str = "导入") -> Path:
        """Replace the whole year (workbook import): a backup first, then the
        new year written into a copy beside the file and swapped in
        (`safe_write`). Returns the backup. On failure the file is as it was."""
        self._require_writable()
        backup = backups.make_backup(self, reason)

        def prepare(copy: Self) -> None:
            copy.replace_data(data, source=source, note=note)

        self._replace_via_copy(prepare, action="未导入，年度文件保持原样")
        return backup

    def save_copy(self, target: str | Path, *, target_lock: Lock | None = None) -> Path:
        """另存为: a complete copy of the open year at `target` (backup API,
        verified, fsynced, renamed into place). Refuses a target another
        instance holds (`target_lock`: the caller holds the target's lock
        itself); never inherits the target's -wal/-shm/-journal."""
        target = Path(target)
        if target.exists() and target.resolve() == self.path.resolve():
            raise StoreError("另存为的目标就是当前打开的文件。")
        if target.is_dir():
            raise StoreError(f"“{target}”是一个文件夹，不能作为年度文件。")
        if not target.parent.is_dir():
            raise StoreError(f"文件夹不存在：{target.parent}。")
        if target_lock is not None:
            target_lock.verify()
        else:
            other = holder_of_other(target)
            if other is not False:
                raise LockedError(target, other)
        action = "未另存"
        part = safe_write.copy_beside(self.conn, target, action=action)
        try:
            safe_write.verify(part, target, action=action)
            safe_write.install(part, target, action=action)
        except BaseException:
            safe_write.discard(part)
            raise
        return target

    def restore(self, backup: backups.Backup | str | Path) -> Path | None:
        """从备份恢复 on the open file: the current state backed up (恢复前),
        the backup copied beside, verified and swapped in, the restore
        recorded in the audit; this object then reads the restored year.
        Returns the 恢复前 backup. On failure the file is as it was."""
        self._require_writable()
        part, saved = backups.prepare_restore(backup, self.path, current=self,
                                              operator=self.operator)
        self._swap_in(part, action="未恢复，年度文件保持原样")
        return saved

    def _replace_via_copy(self, prepare: Callable[[Self], None], *, action: str) -> None:
        part = safe_write.copy_beside(self.conn, self.path, action=action)
        try:
            conn = sqlite3.connect(str(part), isolation_level=None)
            try:
                session_pragmas(conn)
                prepare(type(self)(part, conn, readonly=False, operator=self.operator))
            finally:
                conn.close()
            safe_write.verify(part, self.path, action=action)
        except BaseException:
            safe_write.discard(part)
            raise
        self._swap_in(part, action=action)

    def _swap_in(self, part: Path, *, action: str) -> None:
        """Close, put the verified `part` in place, reopen (migrating if the
        restored content is older); the old connection comes back on failure."""
        self.conn.close()
        try:
            safe_write.install(part, self.path, action=action)
        except BaseException:
            safe_write.discard(part)
            self.conn = self._reconnect()
            raise
        self.conn = self._reconnect()
        self._db = None

    def _reconnect(self) -> sqlite3.Connection:
        return open_connection(self.path, readonly=False)


def _rows_of(t: Table, items: Iterable[Any]) -> Iterable[dict[str, Any]]:
    columns = list(t.columns.items())
    for position, item in enumerate(items):
        if t.record is None:
            out = {c: to_db(kind, item if c == "name" else None) for c, kind in columns}
        else:
            out = {c: to_db(kind, getattr(item, c, None)) for c, kind in columns}
        if t.ordered:
            out["position"] = position
        yield out


def _integrity_message(exc: sqlite3.IntegrityError) -> str:
    text = str(exc)
    if "FOREIGN KEY" in text:
        return "引用了不存在的社区或条线，修改未保存。"
    if "UNIQUE" in text:
        return "存在重复的记录，修改未保存。"
    if "NOT NULL" in text:
        return "缺少必填的键值，修改未保存。"
    return f"数据不一致（{text}），修改未保存。"
