"""Rotating backups of a year file, in a folder beside it (`<file>.备份/`).

Made with SQLite's online backup API, so a copy taken while the file is open
(uncommitted writers) is always a consistent snapshot. A copy is written under
a temporary name, fsynced and renamed when complete: a crash during a backup
never leaves a half copy that looks like a good one. Restoring goes through
`safe_write`: the backup is copied beside the year file, verified and renamed
over it; the current file is backed up (or, if damaged, copied aside) first,
so there is never a moment without a year file.

Kinds (the `reason` argument, shortened to a file-name-safe word): 导入,
合并回执, 升级, 流程, 每日, 恢复前, 手动 ... `KEEP` newest copies are kept per kind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kaoji_desktop.store import safe_write
from kaoji_desktop.store.auditing import default_operator, now, write_row
from kaoji_desktop.store.errors import DamagedFileError, StoreError, classify
from kaoji_desktop.store.opening import check_schema
from kaoji_desktop.store.stages import RESTORED_KEY


class OpenFile(Protocol):
    """What a backup needs of an open year file (a `YearFile`)."""

    path: Path
    conn: sqlite3.Connection


KEEP = 10  # newest backups kept per kind
KEEP_DAILY = 14
DAILY = "每日"
BEFORE_RESTORE = "恢复前"
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(?P<stem>.+?) (?P<stamp>\d{8}-\d{6}-\d{6}) (?P<kind>.+)\.kaoji$")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: dt.datetime
    kind: str

    @property
    def label(self) -> str:
        return f"{self.taken:%Y-%m-%d %H:%M:%S}　{self.kind}"


def backup_dir(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".备份")


def _kind(reason: str) -> str:
    kind = _UNSAFE.sub("_", reason.strip()).strip("_.")[:24]
    return kind or "手动"


def make_backup(source: OpenFile | str | Path, reason: str, *,
                keep: int | None = None) -> Path:
    """Copy the year file (open `YearFile` or a path) into its backup folder.

    Returns the backup's path. Older copies of the same kind beyond `keep`
    are deleted. Raises a classified `StoreError` (disk full, no permission …).
    """
    conn = source.conn if not isinstance(source, (str, Path)) else None
    path = Path(source.path if not isinstance(source, (str, Path)) else source)
    folder = backup_dir(path)
    kind = _kind(reason)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    part: Path | None = None
    target: Path | None = None
    action = f"未能在“{folder.name}”中保存备份"
    try:
        folder.mkdir(exist_ok=True)
        stamp = dt.datetime.now()
        target = folder / f"{stem} {stamp.strftime(_STAMP)} {kind}.kaoji"
        while target.exists():  # same microsecond: make the name unique
            stamp += dt.timedelta(microseconds=1)
            target = folder / f"{stem} {stamp.strftime(_STAMP)} {kind}.kaoji"
        if conn is None and not path.is_file():
            raise StoreError(f"找不到年度文件：{path}")
        part = safe_write.copy_beside(conn or path, target, action=action)
        safe_write.fsync_file(part)
        os.replace(part, target)
    except DamagedFileError as exc:  # the source, not the backup, is unreadable
        safe_write.discard(part)
        raise StoreError(f"无法备份“{path.name}”：文件已损坏或无法读取（{exc}）。") from exc
    except StoreError:
        safe_write.discard(part)
        raise
    except sqlite3.DatabaseError as exc:
        safe_write.discard(part)
        raise StoreError(f"无法备份“{path.name}”：文件已损坏或无法读取（{exc}）。") from exc
    except OSError as exc:
        safe_write.discard(part)
        raise classify(exc, target or folder / path.name, action) from exc
    _rotate(path, kind, KEEP_DAILY if kind == DAILY else KEEP if keep is None else keep)
    return target


def list_backups(path: str | Path) -> list[Backup]:
    """The year file's backups, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    out = []
    for item in folder.iterdir():
        m = _NAME.match(item.name)
        if m and item.is_file():
            taken = dt.datetime.strptime(m["stamp"], _STAMP)
            out.append(Backup(item, taken, m["kind"]))
    out.sort(key=lambda b: (b.taken, b.path.name), reverse=True)
    return out


def _rotate(path: Path, kind: str, keep: int) -> None:
    same = [b for b in list_backups(path) if b.kind == kind]
    for old in same[keep:]:
        with contextlib.suppress(OSError):  # in use or read-only: try again next time
            old.path.unlink()


def daily_backup(source: OpenFile | str | Path) -> Path | None:
    """Make today's 每日 backup unless one exists already; the new path or None."""
    path = Path(source if isinstance(source, (str, Path)) else source.path)
    today = dt.date.today()
    if any(b.kind == DAILY and b.taken.date() == today for b in list_backups(path)):
        return None
    return make_backup(source, DAILY)


def is_good(path: str | Path) -> bool:
    """Whether a backup (or year file) opens, passes SQLite's integrity check
    and has exactly the schema of its version."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return False
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            check_schema(Path(path), conn, version)
            return version > 0
        finally:
            conn.close()
    except (sqlite3.Error, StoreError, OSError):
        return False


def newest_good_backup(path: str | Path) -> Backup | None:
    """The newest backup of `path` that passes the integrity check, if any."""
    return next((b for b in list_backups(path) if is_good(b.path)), None)


def prepare_restore(backup: Backup | str | Path, target: str | Path, *,
                    current: OpenFile | None = None,
                    operator: str | None = None) -> tuple[Path, Path | None]:
    """The first half of a restore: the current file saved, the backup's
    content written beside `target` with the restore recorded in it (meta
    restored_from + audit row), verified and fsynced. Returns (part, saved):
    give `part` to `safe_write.install` once every connection is closed.
    `target` is untouched; on failure nothing is left behind."""
    source = Path(backup.path if isinstance(backup, Backup) else backup)
    target = Path(target)
    if not is_good(source):
        raise StoreError(f"备份“{source.name}”已损坏，不能用来恢复。")
    action = "未恢复，年度文件保持原样"
    saved: Path | None = None
    if current is not None:
        saved = make_backup(current, BEFORE_RESTORE, keep=KEEP)
    elif target.exists():
        if is_good(target):
            saved = make_backup(target, BEFORE_RESTORE, keep=KEEP)
        else:  # a copy of a damaged file is no backup: keep the file itself
            saved = _copy_aside(target)
    part = safe_write.copy_beside(source, target, action=action)
    try:
        _record_restore(part, target, source.name, operator or default_operator())
        safe_write.verify(part, target, action=action)
    except BaseException:
        safe_write.discard(part)
        raise
    return part, saved


def restore_backup(backup: Backup | str | Path, target: str | Path, *,
                   operator: str | None = None) -> Path | None:
    """Put `backup` in place of `target` (which must be closed by this program).

    The current file is backed up first (kind 恢复前); if it is too damaged
    to back up, it is copied aside into the backup folder unchanged. Returns
    where the previous file was saved (None when there was no file).
    """
    target = Path(target)
    part, saved = prepare_restore(backup, target, operator=operator)
    try:
        safe_write.install(part, target, action="未恢复，年度文件保持原样")
    except BaseException:
        safe_write.discard(part)
        raise
    return saved


def _record_restore(part: Path, target: Path, name: str, operator: str) -> None:
    conn = sqlite3.connect(str(part), isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        old = conn.execute("SELECT value FROM meta WHERE key = ?", (RESTORED_KEY,)).fetchone()
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key)"
                     " DO UPDATE SET value = excluded.value", (RESTORED_KEY, name))
        write_row(conn, now(), operator, "恢复备份", "meta",
                  json.dumps([RESTORED_KEY], ensure_ascii=False), "value",
                  None if old is None else old[0], name, f"从备份“{name}”恢复")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise classify(exc, target, "未恢复，年度文件保持原样") from exc
    finally:
        conn.close()


def _copy_aside(target: Path) -> Path:
    """A byte copy of a damaged file (and its side files) in the backup folder."""
    folder = backup_dir(target)
    stamp = dt.datetime.now().strftime(_STAMP)
    aside = folder / f"{target.name}.损坏-{stamp}"
    try:
        folder.mkdir(exist_ok=True)
        shutil.copyfile(target, aside)
        for extra in safe_write.side_files(target):
            if extra.exists():
                shutil.copyfile(extra, folder / (aside.name + extra.name[len(target.name):]))
        safe_write.fsync_file(aside)
    except OSError as exc:
        aside.unlink(missing_ok=True)
        raise classify(exc, aside, "未恢复：损坏的文件无法先保存一份，年度文件保持原样") from exc
    return aside
