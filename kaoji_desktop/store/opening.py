"""Opening a year file without touching it until it is known to be good.

Order of an open: the path is checked (missing, a folder, empty, not SQLite)
before SQLite sees it; then a read-only probe (`query_only`) checks the
schema version, the meta table and the integrity; only a writable open then
switches to WAL and proves it can write (a read-only file or folder — a CD,
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

HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """A year-file problem, with a message for the clerk in Chinese."""


class DamagedFileError(StoreError):
    """The file fails SQLite's integrity check or is not readable as a database."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class ReadOnlyFileError(StoreError):
    """The file (or its folder) cannot be written: open it read-only instead."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"“{path.name}”是只读文件，或位于只读的位置（如光盘、只读的共享文件夹），"
            "文件本身完好，但不能在此修改。可以以只读方式打开查看；"
            "如需修改，请先把它复制到可写的文件夹。")
        self.path = path


def damaged(path: Path, detail: str) -> DamagedFileError:
    return DamagedFileError(
        f"“{path.name}”已损坏，无法使用（{detail}）。请从备份恢复：程序会列出最近一份完好的备份。",
        path)


def not_year_file(path: Path, detail: str) -> DamagedFileError:
    return DamagedFileError(f"“{path.name}”不是考绩年度文件，或文件已损坏（{detail}）。", path)


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
        raise StoreError(f"无法读取“{path.name}”（{exc.strerror or exc}）。") from exc
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


def make_writable(conn: sqlite3.Connection, path: Path) -> None:
    """Switch a probe connection to writing (WAL, full sync), proving it can
    write without changing anything."""
    try:
        conn.execute("PRAGMA query_only = OFF")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if _is_readonly_error(exc):
            raise ReadOnlyFileError(path) from exc
        raise StoreError(f"“{path.name}”暂时无法写入（{exc}），请稍后再试。") from exc
