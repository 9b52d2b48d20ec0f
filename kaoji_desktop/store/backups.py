"""Rotating backups of a year file, in a folder beside it (`<file>.备份/`).

Made with SQLite's online backup API, so a copy taken while the file is open
(WAL mode, uncommitted writers) is always a consistent snapshot. A copy is
written under a temporary name and renamed when complete: a crash during a
backup never leaves a half copy that looks like a good one.

Kinds (the `reason` argument, shortened to a file-name-safe word): 导入,
合并回执, 升级, 流程, 每日, 恢复前, 手动 ... `KEEP` newest copies are kept per kind.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kaoji_desktop.store.yearfile import StoreError

if TYPE_CHECKING:
    from kaoji_desktop.store.yearfile import YearFile

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


def make_backup(source: YearFile | str | Path, reason: str, *, keep: int | None = None) -> Path:
    """Copy the year file (open `YearFile` or a path) into its backup folder.

    Returns the backup's path. Older copies of the same kind beyond `keep`
    are deleted.
    """
    conn: sqlite3.Connection | None = getattr(source, "conn", None)
    path = Path(getattr(source, "path", source))
    folder = backup_dir(path)
    kind = _kind(reason)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    try:
        folder.mkdir(exist_ok=True)
        now = dt.datetime.now()
        target = folder / f"{stem} {now.strftime(_STAMP)} {kind}.kaoji"
        while target.exists():  # same microsecond: make the name unique
            now += dt.timedelta(microseconds=1)
            target = folder / f"{stem} {now.strftime(_STAMP)} {kind}.kaoji"
        part = target.with_name(target.name + ".part")
        own = conn is None
        if own:
            if not path.is_file():
                raise StoreError(f"找不到年度文件：{path}")
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        assert conn is not None
        try:
            dest = sqlite3.connect(str(part))
            try:
                conn.backup(dest)
                # a backup is one self-contained file, not a WAL pair
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            if own:
                conn.close()
        _fsync(part)
        os.replace(part, target)
    except sqlite3.DatabaseError as exc:
        _cleanup(locals().get("part"))
        raise StoreError(f"无法备份“{path.name}”：文件已损坏或无法读取（{exc}）。") from exc
    except OSError as exc:
        _cleanup(locals().get("part"))
        raise StoreError(f"无法在“{folder}”中保存备份（{exc.strerror or exc}）。") from exc
    _rotate(path, kind, KEEP_DAILY if kind == DAILY else KEEP if keep is None else keep)
    return target


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _cleanup(part: object) -> None:
    if isinstance(part, Path):
        part.unlink(missing_ok=True)


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
        try:
            old.path.unlink()
        except OSError:  # in use or read-only: keep it, try again next time
            pass


def daily_backup(source: YearFile | str | Path) -> Path | None:
    """Make today's 每日 backup unless one exists already; the new path or None."""
    path = Path(getattr(source, "path", source))
    today = dt.date.today()
    if any(b.kind == DAILY and b.taken.date() == today for b in list_backups(path)):
        return None
    return make_backup(source, DAILY)


def is_good(path: str | Path) -> bool:
    """Whether a backup (or year file) opens and passes SQLite's integrity check."""
    try:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def newest_good_backup(path: str | Path) -> Backup | None:
    """The newest backup of `path` that passes the integrity check, if any."""
    return next((b for b in list_backups(path) if is_good(b.path)), None)


def restore_backup(backup: Backup | str | Path, target: str | Path) -> Path | None:
    """Put `backup` in place of `target` (which must be closed by this program).

    The current file is backed up first (kind 恢复前); if it is too damaged
    to back up, it is moved aside into the backup folder unchanged. Returns
    where the previous file was saved (None when there was no file).
    """
    source = Path(getattr(backup, "path", backup))
    target = Path(target)
    if not is_good(source):
        raise StoreError(f"备份“{source.name}”已损坏，不能用来恢复。")
    saved: Path | None = None
    if target.exists():
        if is_good(target):
            saved = make_backup(target, BEFORE_RESTORE, keep=KEEP)
        else:  # a copy of a damaged file is no backup: keep the file itself
            saved = _move_aside(target)
    for extra in _sidecars(target):  # the old WAL must never meet the new file
        extra.unlink(missing_ok=True)
    if target.exists():
        _copy_into(source, target)
    else:
        part = target.with_name(target.name + ".restore-part")
        part.unlink(missing_ok=True)
        _copy_into(source, part)
        os.replace(part, target)
    from kaoji_desktop.store.stages import RESTORED_KEY
    from kaoji_desktop.store.yearfile import YearFile

    with YearFile.open(target) as yf:
        yf.set_meta(RESTORED_KEY, source.name, source="恢复备份",
                    note=f"从备份“{source.name}”恢复")
    return saved


def _copy_into(source: Path, dest_path: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(str(dest_path))
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"无法写入“{dest_path.name}”（{exc}）。") from exc
    finally:
        src.close()


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def _move_aside(target: Path) -> Path:
    folder = backup_dir(target)
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime(_STAMP)
    aside = folder / f"{target.name}.损坏-{stamp}"
    os.replace(target, aside)
    for extra in _sidecars(target):
        if extra.exists():
            os.replace(extra, folder / (aside.name + extra.name[len(target.name):]))
    return aside
