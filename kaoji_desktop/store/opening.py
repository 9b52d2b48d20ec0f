"""Opening a year file without touching it until it is known to be good.

Order of an open: the path is checked (missing, a folder, empty, not SQLite)
before SQLite sees it; then a read-only probe (`query_only`) checks the
schema version, the exact schema of that version (`snapshot`), the integrity
and the value types; only a writable open then switches to a rollback
journal (`make_writable`) and proves it can write (a read-only file or folder — a CD,
a read-only network share — is named as such, never as damaged).

Read-only opens use an ordinary connection with `query_only`, not
`mode=ro`: a `mode=ro` connection can create the -wal/-shm files of a WAL
file but cannot remove them, so every export left two files beside the year
file. An ordinary connection that closes last removes them. Where nothing
may be written at all (read-only media), the file is read as `immutable`,
which is safe because no one can be writing there either.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from kaoji_desktop.store.errors import (
    BadValueError,
    BusyError,
    DamagedFileError,
    NotYearFileError,
    ReadOnlyFileError,
    StoreError,
    classify,
    damaged,
    not_year_file,
)
from kaoji_desktop.store.schema import BOOL, DEC, FIELD_LABELS, INT, TABLE, TABLES
from kaoji_desktop.store.snapshot import SCHEMAS, schema_digests

__all__ = ["DamagedFileError", "NotYearFileError", "ReadOnlyFileError", "StoreError",
           "check_path", "check_schema", "check_types", "connect_probe", "damaged",
           "make_writable", "not_year_file"]

HEADER = b"SQLite format 3\x00"


def check_path(path: Path) -> None:
    """Refuse a path that cannot be a year file, before SQLite opens (and
    possibly writes to) it."""
    if path.is_dir():
        raise StoreError(f"“{path}”是一个文件夹，不是年度文件。请选择文件夹中的 .kaoji 文件。")
    if not path.exists():
        raise StoreError(f"找不到年度文件：{path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(HEADER))
    except PermissionError as exc:
        raise StoreError(f"没有读取“{path.name}”的权限，请联系电脑管理员。") from exc
    except OSError as exc:
        raise classify(exc, path, "无法打开") from exc
    if not head:
        raise not_year_file(path, "文件为空，0 字节")
    if head != HEADER:
        raise not_year_file(path, "文件开头不是 SQLite 数据库")


def _is_readonly_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _uri(path: Path, query: str) -> str:
    """file:///... with the path escaped ('?', '#', '%' in folder names)."""
    text = quote(path.resolve().as_posix(), safe="/:")
    return f"file://{'' if text.startswith('/') else '/'}{text}?{query}"


def connect_probe(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that reads without writing; (conn, immutable).

    `immutable` is True on read-only media: there SQLite cannot create the
    WAL's shared-memory file, and no other program can be writing."""
    conn = sqlite3.connect(_uri(path, "mode=rw"), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _is_readonly_error(exc):
            raise
    except BaseException:
        conn.close()
        raise
    if path.with_name(path.name + "-wal").exists():
        # changes still in the log that cannot be merged here; immutable would hide them
        raise StoreError(
            f"“{path.name}”位于只读的位置，且还有未写入主文件的修改（{path.name}-wal）。"
            "请把这两个文件一起复制到可写的文件夹后再打开。")
    conn = sqlite3.connect(_uri(path, "mode=ro&immutable=1"), uri=True, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    return conn, True


def make_writable(conn: sqlite3.Connection, path: Path, *, convert: bool = True) -> None:
    """Switch a probe connection to writing, proving it can write without
    changing anything: a rollback journal (DELETE) with full sync, so the
    .kaoji alone is complete after every commit (a copy taken at any moment
    holds every saved change; SQLite's advice for files on network shares).
    A 0.1.0 file in WAL mode is checkpointed and converted here (`convert`;
    a file about to be migrated is left as it is: its copy is converted)."""
    try:
        conn.execute("PRAGMA query_only = OFF")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if convert and str(mode).lower() == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if convert and str(conn.execute(
                "PRAGMA journal_mode = DELETE").fetchone()[0]).lower() != "delete":
            raise BusyError(f"“{path.name}”正被其他程序打开（无法切换日志模式），"
                            "请关闭其他打开它的程序后再试。")
        # a write that is rolled back: it needs the journal beside the file
        # (the folder writable) and the file itself writable, changes nothing
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("UPDATE meta SET value = value"
                         " WHERE rowid = (SELECT MIN(rowid) FROM meta)")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if _is_readonly_error(exc):
            raise ReadOnlyFileError(path) from exc
        raise classify(exc, path, "无法以编辑方式打开") from exc


def check_schema(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """Tables, columns, indexes, triggers and views exactly those of `version`
    (`snapshot.SCHEMAS`); anything else is not this program's file."""
    expected = SCHEMAS.get(version)
    actual = schema_digests(conn)
    if expected is None or actual == expected:
        return
    extra = sorted(set(actual) - set(expected))
    missing = sorted(set(expected) - set(actual))
    changed = sorted(k for k in set(actual) & set(expected) if actual[k] != expected[k])
    parts = []
    for label, names in (("多出", extra), ("缺少", missing), ("结构不同", changed)):
        if names:
            parts.append(label + "：" + "、".join(_object_label(n) for n in names[:5])
                         + ("等" if len(names) > 5 else ""))
    raise NotYearFileError(
        f"“{path.name}”不是本程序的年度文件（文件版本 {version} 的结构不符，"
        f"{'；'.join(parts)}），未打开，也未作任何修改。")


_KINDS = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}


def _object_label(key: str) -> str:
    kind, _, name = key.partition(" ")
    return f"{_KINDS.get(kind, kind)} {name}"


_SQL_TYPES = {DEC: "'text'", INT: "'integer'", BOOL: "'integer'", "text": "'text'"}


def check_types(path: Path, conn: sqlite3.Connection) -> None:
    """Every stored value has its column's type (the program writes nothing
    else; a file changed by another tool may). One query per table."""
    for t in TABLES:
        tests = [f"(\"{c}\" IS NOT NULL AND typeof(\"{c}\") <> {_SQL_TYPES[k]})"
                 for c, k in t.columns.items()]
        if t.ordered:
            tests.append("typeof(\"position\") <> 'integer'")
        row = conn.execute(f'SELECT rowid, * FROM "{t.name}" WHERE {" OR ".join(tests)} '
                           "LIMIT 1").fetchone()
        if row is None:
            continue
        names = ["rowid", *t.columns, *(["position"] if t.ordered else [])]
        values = dict(zip(names, row, strict=False))
        column = next(c for c in names[1:] if values[c] is not None and not _fits(
            t.columns.get(c, INT), values[c]))
        raise BadValueError(bad_value_message(path, t.name, int(values["rowid"]), column,
                                              values[column], conn))


def _fits(kind: str, value: object) -> bool:
    return isinstance(value, int) if kind in (INT, BOOL) else isinstance(value, str)


def bad_value_message(path: Path, table: str, rowid: int, column: str, value: object,
                      conn: sqlite3.Connection) -> str:
    """“<table label>”第 N 行（key）“<column label>”栏 …: where a bad value is,
    N counting rows in entry order (as the window lists them)."""
    t = TABLE[table]
    if t.ordered:
        n = conn.execute(
            f'SELECT COUNT(*) FROM "{t.name}" WHERE position < (SELECT position FROM "{t.name}"'
            f' WHERE rowid = ?1) OR (position = (SELECT position FROM "{t.name}" WHERE rowid = ?1)'
            " AND rowid <= ?1)", (rowid,)).fetchone()[0]
    else:
        n = conn.execute(f'SELECT COUNT(*) FROM "{t.name}" WHERE rowid <= ?',
                         (rowid,)).fetchone()[0]
    cols = ", ".join(f'"{k}"' for k in t.keys)
    keys = conn.execute(f'SELECT {cols} FROM "{t.name}" WHERE rowid = ?', (rowid,)).fetchone()
    key = " / ".join(str(k) for k in keys) if keys else ""
    label = FIELD_LABELS.get(column, column)
    shown = repr(value) if isinstance(value, bytes) else str(value)
    word = _KIND_WORDS.get(t.columns.get(column, INT), "值")
    return (f"“{path.name}”中的数据有误：“{t.label}”第 {n} 行（{key}）“{label}”栏的值"
            f"“{shown[:40]}”不是有效的{word}。"
            "该文件可能被其他程序改动过：请从备份恢复，或联系技术人员。")


_KIND_WORDS = {DEC: "数值", INT: "整数", BOOL: "是/否值", "text": "文字"}
