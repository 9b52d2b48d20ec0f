"""What went wrong with a year file, told as the clerk needs to hear it.

Every sqlite3 or OS error of the store goes through `classify`, which maps it
to one of five kinds, each a `StoreError` with its own Chinese message naming
the file and what to do:

- `DiskFullError`      磁盘空间不足 — free space, nothing was saved;
- `NoPermissionError`  没有权限 / 只读 — check the folder's rights (`ReadOnlyFileError`
                       is the read-only-media case, which offers a read-only open);
- `BusyError`          被其他程序占用 — close the other program (antivirus, a copy
                       in progress, another SQLite tool) and try again;
- `StorageIOError`     读写错误 — the medium or the network share failed;
- `DamagedFileError`   really damaged (corrupt, not a database): only this one
                       offers 从备份恢复.

SQLite's primary result codes decide (`sqlite_errorcode`, Python 3.11); the
error text is the fallback for errors raised without one.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

# SQLite primary result codes (sqlite3.h)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_PROTOCOL, SQLITE_AUTH, SQLITE_NOTADB = 15, 23, 26


class StoreError(Exception):
    """A year-file problem, with a message for the clerk in Chinese."""


class DamagedFileError(StoreError):
    """The file fails SQLite's integrity check or is not readable as a database."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class BadValueError(StoreError):
    """A value in the file has the wrong type for its column (a file changed
    outside the program); names table, row and column."""


class NotYearFileError(StoreError):
    """A valid SQLite file whose schema is not exactly one of this program's."""


class DiskFullError(StoreError):
    """No space left where the file (or its journal, a backup, a copy) is written."""


class NoPermissionError(StoreError):
    """The program may not write (or read) the file or its folder."""


class ReadOnlyFileError(NoPermissionError):
    """The file (or its folder) cannot be written: open it read-only instead."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"“{path.name}”是只读文件，或位于只读的位置（如光盘、只读的共享文件夹），"
            "文件本身完好，但不能在此修改。可以以只读方式打开查看；"
            "如需修改，请先把它复制到可写的文件夹。")
        self.path = path


class BusyError(StoreError):
    """Another program holds a lock on the file (SQLite busy/locked)."""


class StorageIOError(StoreError):
    """The medium or the network share failed while reading or writing."""


def damaged(path: Path, detail: str) -> DamagedFileError:
    return DamagedFileError(
        f"“{path.name}”已损坏，无法使用（{detail}）。请从备份恢复：程序会列出最近一份完好的备份。",
        path)


def not_year_file(path: Path, detail: str) -> DamagedFileError:
    return DamagedFileError(f"“{path.name}”不是考绩年度文件，或文件已损坏（{detail}）。", path)


def _primary(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if not isinstance(code, int) else code & 0xFF


def _from_text(text: str) -> int | None:
    text = text.lower()
    for needle, code in (("disk is full", SQLITE_FULL), ("disk i/o", SQLITE_IOERR),
                         ("malformed", SQLITE_CORRUPT), ("not a database", SQLITE_NOTADB),
                         ("is locked", SQLITE_BUSY), ("readonly", SQLITE_READONLY),
                         ("read-only", SQLITE_READONLY), ("unable to open", SQLITE_CANTOPEN)):
        if needle in text:
            return code
    return None


def _what(action: str) -> str:
    return f"，{action}" if action else ""


def classify(exc: BaseException, path: Path, action: str = "") -> StoreError:
    """The `StoreError` that says what really happened to `path`.

    `action` says what was refused, e.g. "修改未保存" or "未恢复，年度文件保持原样"."""
    if isinstance(exc, StoreError):
        return exc
    name = path.name
    if isinstance(exc, OSError):
        return _os_error(exc, path, action)
    if not isinstance(exc, sqlite3.Error):
        return StoreError(f"“{name}”操作失败（{type(exc).__name__}：{exc}）{_what(action)}。")
    code = _primary(exc)
    if code is None or code == 1:  # SQLITE_ERROR carries no kind: read the text
        code = _from_text(str(exc)) or code
    if code == SQLITE_IOERR and disk_nearly_full(path):  # e.g. no room for a -shm file
        code = SQLITE_FULL
    if code == SQLITE_FULL:
        return DiskFullError(
            f"磁盘空间不足，无法写入“{name}”{_what(action)}。请在“{path.parent}”所在的磁盘上"
            "腾出空间（删除不需要的文件、清空回收站）后再试；已保存的数据不受影响。")
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH):
        return NoPermissionError(
            f"没有写入“{name}”的权限{_what(action)}。请确认该文件不是只读的，"
            f"且对文件夹“{path.parent}”有写入权限（共享文件夹请联系管理员）。")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return BusyError(
            f"“{name}”正被其他程序占用{_what(action)}。请关闭可能打开它的程序"
            "（另一个考绩桌面、杀毒软件扫描、正在进行的复制或同步）后再试。")
    if code in (SQLITE_IOERR, SQLITE_PROTOCOL, SQLITE_CANTOPEN):
        return StorageIOError(
            f"读写“{name}”时出错（{exc}）{_what(action)}。文件本身不一定损坏："
            "请检查U盘、移动硬盘或网络共享是否仍然连接，然后再试。")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, str(exc))
    return StoreError(f"“{name}”操作失败（{exc}）{_what(action)}。")


def disk_nearly_full(path: Path) -> bool:
    """Whether the disk holding `path` has (almost) no free space left: an
    I/O error there is a full disk, not a failing medium."""
    try:
        return shutil.disk_usage(path.parent if not path.is_dir() else path).free < NEARLY_FULL
    except OSError:
        return False


NEARLY_FULL = 256 * 1024  # bytes


def _os_error(exc: OSError, path: Path, action: str) -> StoreError:
    name = Path(exc.filename).name if exc.filename else path.name
    code = exc.errno
    if code == errno.EIO and disk_nearly_full(path):
        code = errno.ENOSPC
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return DiskFullError(
            f"磁盘空间不足，无法写入“{name}”{_what(action)}。请腾出磁盘空间后再试；"
            "已保存的数据不受影响。")
    if code == errno.EROFS:
        return ReadOnlyFileError(path)
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return NoPermissionError(
            f"没有读写“{name}”的权限，或它正被其他程序打开{_what(action)}。"
            f"请确认对“{path.parent}”有写入权限，并关闭可能打开它的程序后再试。")
    if code in (errno.EBUSY, getattr(errno, "ETXTBSY", -1)):
        return BusyError(f"“{name}”正被其他程序占用{_what(action)}。请关闭该程序后再试。")
    if code == errno.ENOENT:
        return StoreError(f"找不到“{name}”，或其所在的文件夹已不存在{_what(action)}。"
                          "请检查U盘或网络共享是否仍然连接。")
    return StorageIOError(
        f"读写“{name}”时出错（{exc.strerror or exc}）{_what(action)}。"
        "请检查U盘、移动硬盘或网络共享是否仍然连接，然后再试。")
