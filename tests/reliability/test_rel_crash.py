"""Crash proof: SIGKILL during typing, pasting, imports, merges, restores,
procedure steps and the upgrade of a 0.1.0 file loses nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kaoji_desktop.store import YearFile, backups
from tests.reliability.crash_driver import (
    CrashStats,
    MigrationStats,
    migration_cycle,
    report,
    run,
)


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
@pytest.mark.timeout(2400)  # minutes on a shared machine; a hang still fails
def test_kill_200_times(year_path):
    cycles = 200
    stats = run(year_path, cycles=cycles, seed=2017)
    _check(year_path, stats, cycles)
    # every kind of operation was interrupted at least once
    assert set(stats.killed_during) >= {"录入", "粘贴", "导入", "合并回执", "恢复备份", "流程"}
    report("crash", {"cycles": stats.cycles, "acknowledged": stats.acknowledged,
                     "in_flight_committed": stats.in_flight_committed,
                     "in_flight_rolled_back": stats.in_flight_rolled_back,
                     "killed_during": dict(stats.killed_during), "lost": stats.lost})


V1 = Path(__file__).parents[1] / "store" / "fixtures" / "year-v1.kaoji"


def _migrations(tmp_path: Path, cycles: int, seed: int) -> MigrationStats:
    rng = random.Random(seed)
    stats = MigrationStats()
    for _ in range(cycles):
        migration_cycle(V1, tmp_path, rng, stats)
    assert stats.cycles == cycles
    return stats


def test_kill_an_upgrade_a_few_times(tmp_path):
    _migrations(tmp_path, 3, 1)


@pytest.mark.slow
@pytest.mark.timeout(2400)  # minutes on a shared machine; a hang still fails
def test_kill_an_upgrade_40_times(tmp_path):
    stats = _migrations(tmp_path, 40, 2017)
    assert stats.still_old and (stats.upgraded or stats.finished)
    report("migration", {"cycles": stats.cycles, "still_old": stats.still_old,
                         "upgraded": stats.upgraded, "finished": stats.finished})
