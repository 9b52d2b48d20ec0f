"""Single writer for real: a lost lock stops writes at once; odd lock files
are told plainly; a live holder is never stale by age; 强制解除锁定."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from decimal import Decimal

import pytest

from kaoji_desktop.store import Change, StoreError, YearFile, lock
from kaoji_desktop.store.lock import LockedError, LockLostError

KEY = ("荷花社区", "监察", "一季度")


def _edit(value: str) -> list[Change]:
    return [Change("line_scores", KEY, {"score": Decimal(value)})]


def _write(year_path, **over) -> None:
    now = dt.datetime.now().isoformat(timespec="seconds")
    raw = {"user": "张三", "host": "OTHER-PC", "pid": 4242, "since": now,
           "heartbeat": now, "token": "y" * 32} | over
    lock.lock_path(year_path).write_text(json.dumps(raw, ensure_ascii=False),
                                         encoding="utf-8")


def test_a_lock_taken_over_stops_the_next_write_and_names_the_new_holder(year_path):
    held = lock.acquire(year_path, operator="李四", heartbeat=False)
    with YearFile.open(year_path) as yf:
        yf.lock = held
        yf.apply(_edit("4.25"), source="录入")
        # another PC decided this lock was stale and took the file over
        _write(year_path, user="王五", since="2017-06-01T12:30:00")
        with pytest.raises(LockLostError) as info:
            yf.apply(_edit("4.5"), source="录入")
        text = str(info.value)
        assert "王五" in text and "OTHER-PC" in text and "2017-06-01 12:30:00" in text
        assert "只读" in text
        assert yf.readonly  # no later write slips through either
        with pytest.raises(StoreError):
            yf.apply(_edit("4.75"), source="录入")
        assert next(s.score for s in yf.load().line_scores
                    if (s.community, s.line, s.period) == KEY) == Decimal("4.25")
    held.release()
    assert lock.read_holder(year_path).user == "王五"  # the new holder's lock stays


def test_a_removed_lock_file_is_a_lost_lock(year_path):
    held = lock.acquire(year_path, heartbeat=False)
    with YearFile.open(year_path) as yf:
        yf.lock = held
        lock.lock_path(year_path).unlink()
        with pytest.raises(LockLostError, match="已被解除"):
            yf.apply(_edit("4.5"), source="录入")


def test_checking_the_lock_is_a_stat_unless_the_file_changed(year_path, monkeypatch):
    held = lock.acquire(year_path, heartbeat=False)
    reads = []
    real = lock.holder_from
    monkeypatch.setattr(lock, "holder_from", lambda raw: reads.append(raw) or real(raw))
    for _ in range(50):
        held.verify()
    assert reads == []
    assert held.heartbeat()  # our own rewrite is known: still no read
    held.verify()
    assert reads == []
    past = dt.datetime.now().timestamp() - 60
    os.utime(lock.lock_path(year_path), (past, past))  # touched by someone: read once
    held.verify()
    held.verify()
    assert len(reads) == 1
    held.release()


def test_a_live_process_on_this_host_is_never_stale_by_age(year_path):
    old = (dt.datetime.now() - dt.timedelta(days=2)).isoformat(timespec="seconds")
    _write(year_path, host=socket.gethostname(), pid=os.getpid(), heartbeat=old)
    with pytest.raises(LockedError):
        lock.acquire(year_path, heartbeat=False)


def test_a_future_heartbeat_from_another_pc_is_judged_by_the_file_time(year_path):
    ahead = (dt.datetime.now() + dt.timedelta(days=400)).isoformat(timespec="seconds")
    _write(year_path, heartbeat=ahead)
    with pytest.raises(LockedError):  # just written: that PC may be alive
        lock.acquire(year_path, heartbeat=False)
    past = dt.datetime.now().timestamp() - 3600
    os.utime(lock.lock_path(year_path), (past, past))
    taken = lock.acquire(year_path, heartbeat=False)  # untouched for an hour: stale
    assert lock.read_holder(year_path).host == socket.gethostname()
    taken.release()


@pytest.mark.parametrize("content", [
    '{"user": 1, "host": "PC", "pid": 1, "since": "x", "heartbeat": "2017-01-01T00:00:00"}',
    '{"user": "a", "host": "PC", "pid": "12", "since": "x", "heartbeat": "2017-01-01"}',
    '{"user": "a", "host": "PC", "pid": 1, "since": "x", "heartbeat": 5}',
    '{"user": "a", "host": "PC", "pid": true, "since": "x", "heartbeat": "2017-01-01"}',
    '["not", "an", "object"]',
    "\u0000\u00ff garbage",
    '{"user": "a", "host": "PC", "pid": 1, "since": "x", "heartbeat": "not a time"}',
])
def test_ill_typed_or_garbage_lock_files_are_told_plainly(year_path, content):
    lock.lock_path(year_path).write_text(content, encoding="utf-8")
    assert lock.read_holder(year_path) is None
    with pytest.raises(LockedError) as info:  # fresh: maybe being written right now
        lock.acquire(year_path, heartbeat=False)
    assert "无法识别" in str(info.value) and info.value.holder is None
    past = dt.datetime.now().timestamp() - 3600
    os.utime(lock.lock_path(year_path), (past, past))
    lock.acquire(year_path, heartbeat=False).release()


def test_kaoji_merge_with_an_ill_typed_lock_file_says_so(year_path, tmp_path, capsys):
    from kaoji_desktop.cli import main

    lock.lock_path(year_path).write_text(
        '{"user": "a", "host": "PC", "pid": 1, "since": "x", "heartbeat": 5}', encoding="utf-8")
    ret = tmp_path / "x.kjret"
    ret.write_bytes(b"PK")
    code = main(["merge", str(year_path), str(ret)])
    err = capsys.readouterr().err
    assert code == 1 and "无法识别" in err and "TypeError" not in err


def test_break_lock_then_the_old_holder_cannot_write(year_path):
    first = lock.acquire(year_path, operator="李四", heartbeat=False)
    a = YearFile.open(year_path)
    a.lock = first
    assert lock.break_lock(year_path).user == "李四"
    second = lock.acquire(year_path, operator="王五", heartbeat=False)
    b = YearFile.open(year_path)
    b.lock = second
    b.apply(_edit("4.5"), source="录入")
    with pytest.raises(LockLostError, match="王五"):
        a.apply(_edit("4.25"), source="录入")
    a.close()
    first.release()
    assert lock.read_holder(year_path).user == "王五"
    b.close()
    second.release()


def test_a_lock_file_out_of_reach_refuses_the_write_but_keeps_the_lock(year_path,
                                                                         monkeypatch):
    """A network share that does not answer for a moment is not a lost lock."""
    from pathlib import Path

    from kaoji_desktop.store import StorageIOError

    held = lock.acquire(year_path, heartbeat=False)
    with YearFile.open(year_path) as yf:
        yf.lock = held
        real_stat = Path.stat

        def unreachable(self, *a, **k):
            if self.name.endswith(".lock"):
                raise OSError(5, "Input/output error")
            return real_stat(self, *a, **k)

        monkeypatch.setattr(Path, "stat", unreachable)
        assert held.still_mine()  # the window's timer does not turn it read-only
        with pytest.raises(StorageIOError, match="无法确认锁定"):
            yf.apply(_edit("4.5"), source="录入")
        monkeypatch.undo()
        assert not yf.readonly
        yf.apply(_edit("4.5"), source="录入")  # the share answers again
    held.release()
    assert not lock.lock_path(year_path).exists()
