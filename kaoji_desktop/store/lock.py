"""Single writer: a lock file beside the year file (`<file>.lock`).

The lock file is JSON {user, host, pid, since, heartbeat, token}. It is
created atomically (O_EXCL), so two instances — on this PC or on two PCs
sharing a network folder — cannot both hold it. The holder refreshes
`heartbeat` every `HEARTBEAT_SECONDS` from a background thread.

A lock left by a crashed instance is stale and is taken over:
- same host: its process is no longer running (or its heartbeat is older
  than `STALE_MINUTES`, which covers a reused process id);
- another host: its heartbeat is older than `STALE_MINUTES`.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import socket
import sys
import threading
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Self

from kaoji_desktop.store.yearfile import ReadOnlyFileError, StoreError, default_operator

HEARTBEAT_SECONDS = 60.0
STALE_MINUTES = 10.0
_FRESH_EMPTY_SECONDS = 10.0  # a lock file being written right now may be empty


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str  # ISO time the lock was taken
    heartbeat: str  # ISO time of the last sign of life
    token: str = ""

    def describe(self) -> str:
        since = self.since.replace("T", " ")
        return f"{self.user}（计算机 {self.host}）自 {since} 起"


class LockedError(StoreError):
    """Another instance holds the year file; `holder` says who."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        who = holder.describe() if holder else "另一个考绩桌面程序刚刚"
        super().__init__(f"“{path.name}”正由{who}打开编辑。可以以只读方式打开查看。")
        self.path = path
        self.holder = holder


def lock_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".lock")


def _now() -> dt.datetime:
    return dt.datetime.now()


def _iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def read_holder(path: str | Path) -> Holder | None:
    """Who holds the year file's lock (None if no readable lock file)."""
    try:
        raw = json.loads(lock_path(path).read_text(encoding="utf-8"))
        return Holder(**{k: raw[k] for k in ("user", "host", "pid", "since", "heartbeat")},
                      token=str(raw.get("token", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(holder: Holder, *, now: dt.datetime | None = None,
             stale_minutes: float = STALE_MINUTES) -> bool:
    now = now or _now()
    try:
        beat = dt.datetime.fromisoformat(holder.heartbeat)
    except ValueError:
        return True
    old = now - beat > dt.timedelta(minutes=stale_minutes)
    if holder.host == socket.gethostname():
        return old or not pid_alive(holder.pid)
    return old


class Lock:
    """A held lock; `release` it (or use `with`) when the file is closed."""

    def __init__(self, path: Path, holder: Holder) -> None:
        self.path = path  # the year file
        self.holder = holder
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def file(self) -> Path:
        return lock_path(self.path)

    def still_mine(self) -> bool:
        current = read_holder(self.path)
        return current is not None and current.token == self.holder.token

    def heartbeat(self) -> bool:
        """Refresh the heartbeat; False if the lock was lost (taken over)."""
        if not self.still_mine():
            return False
        self.holder = Holder(**{**asdict(self.holder), "heartbeat": _iso(_now())})
        part = self.file.with_name(self.file.name + f".{self.holder.token[:8]}")
        try:
            part.write_text(json.dumps(asdict(self.holder), ensure_ascii=False),
                            encoding="utf-8")
            os.replace(part, self.file)
        except OSError:
            part.unlink(missing_ok=True)
            return False
        return True

    def start_heartbeat(self, seconds: float = HEARTBEAT_SECONDS) -> None:
        def run() -> None:
            while not self._stop.wait(seconds):
                self.heartbeat()

        self._thread = threading.Thread(target=run, name="kaoji-lock-heartbeat", daemon=True)
        self._thread.start()

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self.still_mine():
            try:
                self.file.unlink()
            except OSError:
                pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _create(path: Path, holder: Holder) -> bool:
    try:
        fd = os.open(lock_path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(asdict(holder), ensure_ascii=False))
        fh.flush()
        os.fsync(fh.fileno())
    return True


def acquire(path: str | Path, *, operator: str | None = None, heartbeat: bool = True,
            stale_minutes: float = STALE_MINUTES) -> Lock:
    """Take the year file's lock, or raise `LockedError` naming the holder."""
    path = Path(path)
    now = _iso(_now())
    holder = Holder(operator or default_operator(), socket.gethostname(), os.getpid(),
                    now, now, uuid.uuid4().hex)
    for _ in range(3):
        try:
            if _create(path, holder):
                lock = Lock(path, holder)
                if heartbeat:
                    lock.start_heartbeat()
                return lock
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise ReadOnlyFileError(path) from exc
            raise StoreError(f"无法在“{path.parent}”中建立锁定文件（{exc.strerror or exc}）。"
                             "请确认对该文件夹有写入权限，或以只读方式打开。") from exc
        current = read_holder(path)
        if current is None:
            if not _abandoned_unreadable(path):
                raise LockedError(path, None)
        elif not is_stale(current, stale_minutes=stale_minutes):
            raise LockedError(path, current)
        # stale: remove it and try to create ours (another instance may win the race)
        try:
            lock_path(path).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise LockedError(path, current) from exc
    raise LockedError(path, read_holder(path))


def _abandoned_unreadable(path: Path) -> bool:
    """An unreadable lock file is stale unless it was written seconds ago."""
    try:
        age = _now().timestamp() - lock_path(path).stat().st_mtime
    except OSError:
        return True
    return age > _FRESH_EMPTY_SECONDS
