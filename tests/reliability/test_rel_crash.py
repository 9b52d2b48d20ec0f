"""Crash proof: SIGKILL during typing, pasting, imports and merges loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from crash_driver import CrashStats, report, run  # tests/reliability is on sys.path

from kaoji_desktop.store import YearFile, backups


def _check(path: Path, stats: CrashStats, cycles: int) -> None:
    assert stats.cycles == cycles and stats.lost == 0
    assert stats.acknowledged > 0
    with YearFile.open(path) as yf:  # opens cleanly: integrity check, stale lock gone
        assert yf.integrity_ok()
        assert yf.audit(limit=1)[0].operator == "崩溃测试"


def test_kill_a_handful_of_times(year_path):
    stats = run(year_path, cycles=6, seed=20170101)
    _check(year_path, stats, 6)
    assert backups.list_backups(year_path) or stats.acknowledged < 5


@pytest.mark.slow
def test_kill_200_times(year_path):
    cycles = 200
    stats = run(year_path, cycles=cycles, seed=2017)
    _check(year_path, stats, cycles)
    # every kind of operation was interrupted at least once
    assert set(stats.killed_during) >= {"录入", "粘贴", "导入", "合并回执"}
    report("crash", {"cycles": stats.cycles, "acknowledged": stats.acknowledged,
                     "in_flight_committed": stats.in_flight_committed,
                     "in_flight_rolled_back": stats.in_flight_rolled_back,
                     "killed_during": dict(stats.killed_during), "lost": stats.lost})
