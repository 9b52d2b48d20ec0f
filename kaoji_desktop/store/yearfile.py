"""The year file (.kaoji): one SQLite file per assessment year.

Every change goes through `YearFile.apply`, which writes the audit row in the
same transaction as the change (`transaction`: committed whole or rolled
back, the real cause raised as a classified `StoreError`; before it, the
single-writer lock is verified). `load` turns the file into the core's
`YearData`; `replace_data` swaps a whole year in (demo, a new file).

Whole-file services on the OPEN file, used by the window and the CLI alike:
`import_data` (workbook import), `save_copy` (另存为), `restore` (从备份恢复);
each writes beside the file and swaps it in (`safe_write`), so a failure
leaves the file as it was. `dependents` lists the rows a delete of
communities or lines takes with it, for an undoable cascade.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import InvalidOperation
from pathlib import Path
from typing import Any, Self

from kaoji_desktop.core.model import YearData
from kaoji_desktop.store import backups, rules_json, safe_write
from kaoji_desktop.store.auditing import HIDDEN_VALUE, default_operator, write_row
from kaoji_desktop.store.auditing import now as _now
from kaoji_desktop.store.errors import (
    BadValueError,
    DamagedFileError,
    ReadOnlyFileError,
    StoreError,
    classify,
)
from kaoji_desktop.store.lock import Lock, LockedError, LockLostError, holder_of_other
from kaoji_desktop.store.migrations import MIGRATIONS, SCHEMA_VERSION
from kaoji_desktop.store.opening import (
    bad_value_message,
    check_path,
    check_schema,
    check_types,
    connect_probe,
    damaged,
    make_writable,
    not_year_file,
)
from kaoji_desktop.store.rename import Rename, rename_everywhere
from kaoji_desktop.store.schema import BOOL, DEC, INT, TABLE, TABLES, Table, from_db, to_db
from kaoji_desktop.store.stages import ISSUED, ISSUED_MESSAGE, PROCESS_KEYS, STAGE_KEY

SUFFIX = ".kaoji"
__all__ = ["HIDDEN_VALUE", "SUFFIX", "AuditEntry", "Change", "DamagedFileError",
           "ReadOnlyFileError", "StoreError", "YearFile", "default_operator"]
NOT_SAVED = "修改未保存"


@dataclass(frozen=True)
class Change:
    """One row change: `values` None deletes the row, else upserts those columns."""

    table: str
    key: tuple[Any, ...]
    values: Mapping[str, Any] | None
    # When set, the audit rows of this change record this text instead of the
    # values (for secrets such as a package's key); its inverse keeps it too.
    audit_text: str | None = None



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


def _connect_new(path: Path) -> sqlite3.Connection:
    if not path.parent.is_dir():
        raise StoreError(f"文件夹不存在：{path.parent}。请先选择一个已有的文件夹。")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        path.unlink(missing_ok=True)
        raise classify(exc, path, "未能建立年度文件") from exc
    _session_pragmas(conn)
    return conn


def _session_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


ROWID = "__rowid__"  # in an undo's values: where a deleted row stood


class YearFile:
    """An open year file. Use `create` or `open`, then `close` (or `with`)."""

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
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    # --- opening -----------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, data: YearData, *, source: str = "新建",
               operator: str | None = None) -> YearFile:
        """Write a new year file holding `data` (refuses to overwrite). Written
        beside under a temporary name and renamed when complete."""
        path = Path(path)
        if path.exists():
            raise StoreError(f"文件已存在：{path}")
        if not path.parent.is_dir():
            raise StoreError(f"文件夹不存在：{path.parent}。请先选择一个已有的文件夹。")
        part = safe_write.part_path(path)
        try:
            conn = _connect_new(part)
            try:
                conn.execute("BEGIN IMMEDIATE")
                for migrate in MIGRATIONS:
                    migrate(conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
                yf = cls(part, conn, readonly=False, operator=operator)
                yf.set_meta("file_id", uuid.uuid4().hex, source=source)
                yf.replace_data(data, source=source)
            finally:
                conn.close()
            safe_write.verify(part, path, action="未能建立年度文件")
            if path.exists():
                raise StoreError(f"文件已存在：{path}")
            safe_write.install(part, path, action="未能建立年度文件")
        except sqlite3.Error as exc:
            safe_write.discard(part)
            raise classify(exc, path, "未能建立年度文件") from exc
        except BaseException:
            safe_write.discard(part)
            raise
        return cls.open(path, operator=operator)

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False,
             operator: str | None = None) -> YearFile:
        """Open a year file, migrating it (after a backup copy) if it is older.

        A read-only open of an older file migrates a copy in memory: the file
        is never written, and every version reads the same way."""
        path = Path(path)
        check_path(path)  # before SQLite: it would write to an empty file
        try:
            conn, immutable = connect_probe(path)
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                raise not_year_file(path, str(exc)) from exc
            raise classify(exc, path, "无法打开") from exc
        try:
            version = cls._check(path, conn)
            _session_pragmas(conn)
            if not readonly:
                if immutable:
                    raise ReadOnlyFileError(path)
                make_writable(conn, path, convert=version == SCHEMA_VERSION)
                if version < SCHEMA_VERSION:
                    conn.close()
                    cls._migrate(path, version)
                    return cls.open(path, operator=operator)
            elif version < SCHEMA_VERSION:
                conn = _migrated_in_memory(path, conn, version)
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, readonly=readonly, operator=operator)

    @staticmethod
    def _check(path: Path, conn: sqlite3.Connection) -> int:
        """The schema version of a readable, intact year file (read-only checks)."""
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_meta = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                raise not_year_file(path, str(exc)) from exc
            raise classify(exc, path, "无法打开") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"“{path.name}”由更新版本的考绩桌面创建（文件版本 {version}，"
                f"本程序支持到版本 {SCHEMA_VERSION}），请升级程序后再打开。")
        if version == 0 or not has_meta:
            raise StoreError(f"“{path.name}”不是考绩年度文件。")
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise classify(exc, path, "无法打开") from exc
            check = str(exc)
        if check != "ok":
            raise damaged(path, check)
        try:
            check_schema(path, conn, int(version))
            check_types(path, conn)
        except sqlite3.DatabaseError as exc:
            raise classify(exc, path, "无法打开") from exc
        return int(version)

    @staticmethod
    def _migrate(path: Path, version: int) -> None:
        """Upgrade the file beside itself (backup first, then `safe_write`):
        the original is replaced only by a complete, verified new version."""
        action = "未升级，年度文件保持原样"
        backups.make_backup(path, f"升级v{version}")
        part = safe_write.copy_beside(path, path, action=action)
        try:
            conn = sqlite3.connect(str(part), isolation_level=None)
            try:
                _run_migrations(conn, version)
            finally:
                conn.close()
            safe_write.verify(part, path, action=action)
            safe_write.install(part, path, action=action)
        except sqlite3.Error as exc:
            safe_write.discard(part)
            raise classify(exc, path, action) from exc
        except BaseException:
            safe_write.discard(part)
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -----------------------------------------------------------

    def rows(self, table: str) -> list[dict[str, Any]]:
        """All rows of a table as Python values, in entry order (key order for
        tables without one)."""
        t = TABLE[table]
        order = _order_by(t)
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
        """A table's rows as its YearData records, in `_order_by` order. Columns are
        selected in the record's field order and built positionally: a
        district-sized year has tens of thousands of rows (bench/)."""
        assert t.record is not None
        names = [f.name for f in dataclasses.fields(t.record)]
        order = _order_by(t)
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
                                        f"({marks}) ORDER BY {_order_by(t)}", names)
                kinds = [t.columns[k] for k in t.keys]
                out.extend(Change(t.name, tuple(from_db(kd, v) for kd, v in zip(
                    kinds, row, strict=True)), None) for row in cur)
        return out

    # --- the one path for changes -------------------------------------------

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
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:  # the original error is the one to report
            pass

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

        def prepare(copy: YearFile) -> None:
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

    def _replace_via_copy(self, prepare: Callable[[YearFile], None], *, action: str) -> None:
        part = safe_write.copy_beside(self.conn, self.path, action=action)
        try:
            conn = sqlite3.connect(str(part), isolation_level=None)
            try:
                _session_pragmas(conn)
                prepare(YearFile(part, conn, readonly=False, operator=self.operator))
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
        fresh = YearFile.open(self.path, operator=self.operator)
        return fresh.conn

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def checkpoint(self) -> None:
        """Kept for callers of 0.1.0: the rollback journal needs no checkpoint
        (the .kaoji is complete after every commit)."""


def _is_damage(exc: sqlite3.Error) -> bool:
    return isinstance(classify(exc, Path("x")), DamagedFileError)


def _run_migrations(conn: sqlite3.Connection, version: int) -> None:
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _migrated_in_memory(path: Path, conn: sqlite3.Connection,
                        version: int) -> sqlite3.Connection:
    """A read-only view of an older file at today's version (the file untouched)."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.backup(mem)
        conn.close()
        _run_migrations(mem, version)
        check_schema(path, mem, SCHEMA_VERSION)
        _session_pragmas(mem)
        mem.execute("PRAGMA query_only = ON")
    except BaseException:
        mem.close()
        raise
    return mem


def _order_by(t: Table) -> str:
    """Entry order: `position` where the table has one, else the rowid (the
    order rows were written in, e.g. the workbook's). A deleted row put back
    by undo gets its rowid back (`ROWID` in the inverse change), so undo
    restores an identical year, order included."""
    return "position, rowid" if t.ordered else "rowid"


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
