"""Single writer: a lock file beside the year file (`<file>.lock`).

The lock file is JSON {user, host, pid, since, heartbeat, token}. It is
created atomically (O_EXCL), so two instances — on this PC or on two PCs
sharing a network folder — cannot both hold it. The holder refreshes
`heartbeat` every `HEARTBEAT_SECONDS` from a background thread.

A lock left by a crashed instance is stale and is taken over:
- same host: its process is no longer running (a live process is never
  stale by age: a long lunch break must not hand the file to someone else);
- another host: its heartbeat is older than `STALE_MINUTES`; a heartbeat
  in the future (that PC's clock is ahead) is judged by the lock file's
  modification time instead, which the file system sets.

Each holder has a token. Before every write the holder checks that the lock
is still its own (`Lock.verify`: a stat of the lock file, read again only
when it changed); a lost lock raises `LockLostError` naming who took it and
since when, and the window turns read-only. `break_lock` (强制解除锁定)
removes another holder's lock after the clerk confirmed; the caller records
it in the audit. A lock file that cannot be read, or whose fields have the
wrong types, is reported plainly (`LockedError` with no holder), never a crash.
"""

from __future__ import annotations

import contextlib
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
from typing import Literal, Self

from kaoji_desktop.store.auditing import default_operator
from kaoji_desktop.store.errors import ReadOnlyFileError, StoreError, classify

HEARTBEAT_SECONDS = 60.0
STALE_MINUTES = 10.0
_FRESH_EMPTY_SECONDS = 10.0  # a lock file being written right now may be empty
_CLOCK_SKEW = dt.timedelta(minutes=2)  # a heartbeat this far ahead is a wrong clock


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
    """Another instance holds the year file; `holder` says who (None: the
    lock file exists but cannot be read)."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        if holder is None:
            text = (f"“{path.name}”正被另一个考绩桌面程序打开编辑，或其锁定文件"
                    f"“{lock_path(path).name}”无法识别（可能已损坏）。可以以只读方式打开查看；"
                    "确认没有人在编辑后，可以强制解除锁定。")
        else:
            text = f"“{path.name}”正由{holder.describe()}打开编辑。可以以只读方式打开查看。"
        super().__init__(text)
        self.path = path
        self.holder = holder


class LockLostError(StoreError):
    """The lock this window held was taken over (or removed): no more writes."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        who = (f"已被{holder.describe()}接管" if holder is not None
               else "的锁定已被解除或锁定文件已被删除")
        super().__init__(
            f"“{path.name}”{who}。本窗口已改为只读：此后的修改不会保存，"
            "已保存的修改都在文件中。如需继续编辑，请与对方确认后重新打开该文件，以免两处同时修改。")
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
        # reason: Windows only (the process check through the Win32 API)
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
    """Who holds the year file's lock (None if no readable, well-typed lock file)."""
    try:
        raw = json.loads(lock_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return holder_from(raw)


def holder_from(raw: object) -> Holder | None:
    """A `Holder` from parsed lock-file JSON; None unless every field has its type."""
    if not isinstance(raw, dict):
        return None
    texts = [raw.get(k) for k in ("user", "host", "since", "heartbeat")]
    pid, token = raw.get("pid"), raw.get("token", "")
    if not all(isinstance(t, str) for t in texts) or isinstance(pid, bool) \
            or not isinstance(pid, int) or not isinstance(token, str):
        return None
    user, host, since, beat = (str(t) for t in texts)
    try:
        dt.datetime.fromisoformat(beat)
    except ValueError:
        return None
    return Holder(user, host, pid, since, beat, token)


def is_stale(holder: Holder, *, now: dt.datetime | None = None,
             stale_minutes: float = STALE_MINUTES, mtime: float | None = None) -> bool:
    """Whether the holder is gone (see the module docstring)."""
    now = now or _now()
    if holder.host == socket.gethostname():
        return not pid_alive(holder.pid)
    beat = dt.datetime.fromisoformat(holder.heartbeat)
    if beat.tzinfo is not None:
        beat = beat.astimezone().replace(tzinfo=None)
    if beat > now + _CLOCK_SKEW:  # its clock is ahead: trust the file system's time
        if mtime is None:
            return False
        beat = dt.datetime.fromtimestamp(mtime)
    return now - beat > dt.timedelta(minutes=stale_minutes)


def _mtime(path: Path) -> float | None:
    try:
        return lock_path(path).stat().st_mtime
    except OSError:
        return None


class Lock:
    """A held lock; `release` it (or use `with`) when the file is closed."""

    def __init__(self, path: Path, holder: Holder) -> None:
        self.path = path  # the year file
        self.holder = holder
        self.lost: Holder | bool | None = False  # False while held; who took it once lost
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._seen: tuple[int, int, int] | None = None  # the lock file as last written or read
        with contextlib.suppress(OSError):
            self._seen = self._stat()

    @property
    def file(self) -> Path:
        return lock_path(self.path)

    def _stat(self) -> tuple[int, int, int] | None:
        """The lock file's identity; None when it is gone. Other OS errors (a
        network share that does not answer) propagate: they prove nothing."""
        try:
            st = self.file.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _probe(self) -> bool:
        """True while the lock file holds our token (one stat when unchanged
        since we last looked, else a read); False once it does not."""
        with self._guard:
            seen = self._stat()
            if seen is not None and seen == self._seen:
                return True
            try:
                current = holder_from(json.loads(self.file.read_text(encoding="utf-8")))
            except FileNotFoundError:
                current = None
            except ValueError:
                current = None
            if current is not None and current.token == self.holder.token:
                self._seen = seen
                return True
            self.lost = current
            return False

    def still_mine(self) -> bool:
        """Whether the lock is still ours. A lock file that cannot be reached
        right now (a network hiccup) counts as ours: only a lock file that
        is gone or names another holder is a lost lock."""
        if self.lost is not False:
            return False
        try:
            return self._probe()
        except OSError:
            return True

    def verify(self) -> None:
        """Before a write: raise `LockLostError` unless the lock is still ours;
        a lock file that cannot be read refuses this write (a classified error)
        without giving the lock up."""
        if self.lost is False:
            try:
                mine = self._probe()
            except OSError as exc:
                raise classify(exc, self.path, "无法确认锁定，修改未保存") from exc
            if mine:
                return
        raise LockLostError(self.path, self.lost if isinstance(self.lost, Holder) else None)

    def heartbeat(self) -> bool:
        """Refresh the heartbeat; False if the lock was lost (taken over)."""
        if not self.still_mine():
            return False
        with self._guard:
            self.holder = Holder(**{**asdict(self.holder), "heartbeat": _iso(_now())})
            part = self.file.with_name(self.file.name + f".{self.holder.token[:8]}")
            try:
                part.write_text(json.dumps(asdict(self.holder), ensure_ascii=False),
                                encoding="utf-8")
                os.replace(part, self.file)
                self._seen = self._stat()
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
        if self.lost is False and self.still_mine():
            with contextlib.suppress(OSError):
                self.file.unlink()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _create(path: Path, holder: Holder) -> bool:
    try:
        fd = os.open(lock_path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(holder), ensure_ascii=False))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:  # e.g. a full disk: never leave an empty lock file behind
        lock_path(path).unlink(missing_ok=True)
        raise
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
            raise classify(exc, lock_path(path), "无法建立锁定文件，未打开编辑") from exc
        current = read_holder(path)
        if current is None:
            if not _abandoned_unreadable(path):
                raise LockedError(path, None)
        elif not is_stale(current, stale_minutes=stale_minutes, mtime=_mtime(path)):
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


def break_lock(path: str | Path) -> Holder | None:
    """强制解除锁定: remove the lock file whoever holds it (after the clerk
    confirmed, having seen `read_holder`). Returns the holder it had (None
    if unreadable). The caller takes the lock and records this in the audit."""
    path = Path(path)
    holder = read_holder(path)
    try:
        lock_path(path).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"无法删除锁定文件“{lock_path(path).name}”（{exc.strerror or exc}）。"
                         "请确认对该文件夹有写入权限。") from exc
    return holder


def holder_of_other(path: str | Path) -> Holder | Literal[False] | None:
    """For 另存为 over `path`: False when no other instance holds it; else the
    holder (None if its lock file cannot be read but is fresh)."""
    path = Path(path)
    if not lock_path(path).exists():
        return False
    current = read_holder(path)
    if current is None:
        return None if not _abandoned_unreadable(path) else False
    return False if is_stale(current, mtime=_mtime(path)) else current
