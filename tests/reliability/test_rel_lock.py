"""Single writer: the lock file beside the year file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import socket
import subprocess
import sys

import pytest

from kaoji_desktop.store import lock
from kaoji_desktop.store.lock import LockedError


def _write_holder(year_path, **over):
    now = dt.datetime.now().isoformat(timespec="seconds")
    raw = {"user": "张三", "host": socket.gethostname(), "pid": os.getpid(),
           "since": now, "heartbeat": now, "token": "x" * 32} | over
    lock.lock_path(year_path).write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")


def test_second_acquire_is_refused_naming_the_holder(year_path):
    held = lock.acquire(year_path, operator="李四", heartbeat=False)
    try:
        with pytest.raises(LockedError) as info:
            lock.acquire(year_path, operator="王五", heartbeat=False)
        err = info.value
        assert err.holder is not None and err.holder.user == "李四"
        assert err.holder.host == socket.gethostname()
        assert "李四" in str(err) and socket.gethostname() in str(err) and "只读" in str(err)
    finally:
        held.release()
    assert not lock.lock_path(year_path).exists()
    lock.acquire(year_path, heartbeat=False).release()  # free again


def test_lock_held_by_another_live_process_is_respected(year_path):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _write_holder(year_path, pid=child.pid)
        with pytest.raises(LockedError):
            lock.acquire(year_path, heartbeat=False)
    finally:
        child.kill()
        child.wait()
    # now that process is gone: its lock is stale and taken over
    mine = lock.acquire(year_path, operator="李四", heartbeat=False)
    assert lock.read_holder(year_path).user == "李四"
    mine.release()


def test_other_host_is_stale_only_after_old_heartbeat(year_path):
    recent = (dt.datetime.now() - dt.timedelta(minutes=2)).isoformat(timespec="seconds")
    _write_holder(year_path, host="OTHER-PC", pid=1, heartbeat=recent)
    with pytest.raises(LockedError) as info:
        lock.acquire(year_path, heartbeat=False)
    assert "OTHER-PC" in str(info.value)
    old = (dt.datetime.now() - dt.timedelta(minutes=30)).isoformat(timespec="seconds")
    _write_holder(year_path, host="OTHER-PC", pid=1, heartbeat=old)
    taken = lock.acquire(year_path, heartbeat=False)
    assert lock.read_holder(year_path).host == socket.gethostname()
    taken.release()


def test_heartbeat_refreshes_and_detects_takeover(year_path):
    held = lock.acquire(year_path, heartbeat=False)
    old = dt.datetime.now() - dt.timedelta(minutes=5)
    held.holder = dataclasses.replace(held.holder, heartbeat=old.isoformat(timespec="seconds"))
    assert held.heartbeat()
    beat = dt.datetime.fromisoformat(lock.read_holder(year_path).heartbeat)
    assert beat > old + dt.timedelta(minutes=4)
    _write_holder(year_path, user="别人", token="y" * 32)  # someone took it over
    assert not held.heartbeat()
    held.release()  # must not delete the other holder's lock
    assert lock.read_holder(year_path).user == "别人"


def test_background_heartbeat_thread(year_path):
    held = lock.acquire(year_path, heartbeat=False)
    first = lock.read_holder(year_path)
    _write_holder(year_path, token=first.token, heartbeat="2000-01-01T00:00:00")
    held.start_heartbeat(seconds=0.05)
    try:
        import time
        for _ in range(100):
            if lock.read_holder(year_path).heartbeat != "2000-01-01T00:00:00":
                break
            time.sleep(0.05)
        assert lock.read_holder(year_path).heartbeat != "2000-01-01T00:00:00"
    finally:
        held.release()
    assert not lock.lock_path(year_path).exists()


def test_unreadable_lock_file_fresh_blocks_old_is_stale(year_path):
    p = lock.lock_path(year_path)
    p.write_text("")  # being written right now by another instance
    with pytest.raises(LockedError):
        lock.acquire(year_path, heartbeat=False)
    past = dt.datetime.now().timestamp() - 3600
    os.utime(p, (past, past))
    lock.acquire(year_path, heartbeat=False).release()


def test_pid_alive():
    assert lock.pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not lock.pid_alive(child.pid)
