"""Crash-test driver: start the worker, SIGKILL it at a random moment, verify.

After every kill the year file must pass `PRAGMA integrity_check` and hold
exactly the state after the last acknowledged transaction or after the one
in flight (it may have committed just before the kill) — nothing lost,
nothing half-applied — and every listed backup must be good.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kaoji_desktop.store import backups
from tests.reliability.crash_worker import digest

WORKER = Path(__file__).with_name("crash_worker.py")
ROOT = Path(__file__).resolve().parents[2]
KINDS = ("录入", "粘贴", "导入", "合并回执", "恢复备份", "流程")
# how long after a transaction of each kind has started the targeted kill may land (s):
# a typed value, a paste or a procedure step (backup, then the stage) commits within a
# few milliseconds on this machine's disk, a restore within about 15 ms,
# an import or a merge within 0.3 s
DELAY = {"录入": 0.01, "粘贴": 0.01, "流程": 0.006, "恢复备份": 0.02, "导入": 0.3, "合并回执": 0.3}


@dataclass
class CrashStats:
    cycles: int = 0
    acknowledged: int = 0  # transactions acknowledged and found intact
    in_flight_committed: int = 0  # killed after commit, before the ACK line
    in_flight_rolled_back: int = 0  # killed before commit: cleanly absent
    killed_during: Counter[str] = field(default_factory=Counter)
    lost: int = 0  # must stay 0: any violation fails the test first


class CrashCheckFailed(AssertionError):
    pass


def _integrity(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def one_cycle(path: Path, rng: random.Random, before: str, stats: CrashStats,
              max_delay: float) -> str:
    """Run the worker once, kill it, check the file; returns the file's digest."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, str(WORKER), str(path), str(rng.randrange(10**9))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", cwd=ROOT, env=env)
    lines: list[str] = []
    ready = threading.Event()
    spotted = threading.Event()
    # half the cycles kill at a random time; the other half just after a transaction of a
    # chosen kind has started, so that short ones (one typed value) are hit too
    target = rng.choice(KINDS) if rng.random() < 0.5 else None

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("READY"):
                ready.set()
            elif target and line.startswith("INTENT") and line.split()[2] == target:
                spotted.set()
        ready.set()
        spotted.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(120)
    if target:
        spotted.wait(30)
        time.sleep(rng.uniform(0, DELAY[target]))
    else:
        time.sleep(rng.uniform(0, max_delay))
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    err = proc.stderr.read() if proc.stderr else ""
    if not alive or "READY" not in lines:
        raise CrashCheckFailed(f"worker stopped by itself:\n{err[-3000:]}")

    intents: dict[int, tuple[str, str]] = {}
    acked = 0
    for line in lines:
        parts = line.split()
        if parts[0] == "INTENT":
            intents[int(parts[1])] = (parts[2], parts[3])
        elif parts[0] == "ACK":
            acked = int(parts[1])
    last_intent = max(intents, default=0)
    check = _integrity(path)
    if check != "ok":
        raise CrashCheckFailed(f"integrity_check after kill: {check}")
    now = digest(path)
    acked_state = intents[acked][1] if acked else before
    stats.cycles += 1
    stats.acknowledged += acked
    if last_intent > acked:
        kind, flight_state = intents[last_intent]
        stats.killed_during[kind] += 1
        if now == flight_state:
            stats.in_flight_committed += 1
        elif now == acked_state:
            stats.in_flight_rolled_back += 1
        else:
            stats.lost += 1
            raise CrashCheckFailed(
                f"after a kill during {kind} (transaction {last_intent}) the file is neither the "
                f"acknowledged state nor the complete new one")
    elif now != acked_state:
        stats.lost += 1
        raise CrashCheckFailed(f"acknowledged transaction {acked} not found intact")
    for b in backups.list_backups(path):
        if not backups.is_good(b.path):
            raise CrashCheckFailed(f"backup {b.path.name} is listed but damaged")
    return now


def run(path: Path, cycles: int, seed: int, max_delay: float = 1.5) -> CrashStats:
    rng = random.Random(seed)
    stats = CrashStats()
    state = digest(path)
    for _ in range(cycles):
        state = one_cycle(path, rng, state, stats, max_delay)
    return stats


def report(kind: str, figures: dict[str, object]) -> None:
    """Append figures for scripts/reliability.sh (KAOJI_RELIABILITY_REPORT)."""
    target = os.environ.get("KAOJI_RELIABILITY_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"kind": kind, **figures}, ensure_ascii=False) + "\n")


MIGRATE = """
import sys
from kaoji_desktop.store import YearFile
print("START", flush=True)
YearFile.open(sys.argv[1], operator="崩溃测试").close()
print("DONE", flush=True)
"""


@dataclass
class MigrationStats:
    cycles: int = 0
    still_old: int = 0  # killed before the rename: the 0.1.0 file exactly as it was
    upgraded: int = 0  # the complete new version
    finished: int = 0  # the upgrade ended before the kill


def _tables(path: Path) -> tuple[int, dict[str, list[tuple[object, ...]]]]:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN "
            "('audit', 'sqlite_sequence')")]
        return (int(conn.execute("PRAGMA user_version").fetchone()[0]),
                {n: list(conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid')) for n in names})
    finally:
        conn.close()


def migration_cycle(original: Path, folder: Path, rng: random.Random,
                    stats: MigrationStats) -> None:
    """Copy a 0.1.0 file, open it (which upgrades it) in a process killed at a
    random moment; the file must be the old one exactly or the new one whole."""
    import hashlib
    import shutil

    from kaoji_desktop.store.migrations import SCHEMA_VERSION

    path = folder / f"v1-{stats.cycles}.kaoji"
    shutil.copyfile(original, path)
    old_bytes = hashlib.sha256(path.read_bytes()).hexdigest()
    _, old_tables = _tables(path)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-c", MIGRATE, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    assert proc.stdout is not None
    proc.stdout.readline()  # START: the program is loaded, the open begins
    time.sleep(rng.uniform(0, 0.1))  # an upgrade of the demo year takes about that long
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stats.cycles += 1
    if _integrity(path) != "ok":
        raise CrashCheckFailed("integrity_check after a kill during the upgrade")
    version, tables = _tables(path)
    if version == 1:
        if hashlib.sha256(path.read_bytes()).hexdigest() != old_bytes:
            raise CrashCheckFailed("a killed upgrade changed the 0.1.0 file")
        stats.still_old += 1
    elif version == SCHEMA_VERSION and tables == old_tables:
        stats.finished += finished
        stats.upgraded += not finished
    else:
        raise CrashCheckFailed(f"after a kill during the upgrade: version {version}, "
                               "data differ" if tables != old_tables else "")
    from kaoji_desktop.store import YearFile

    with YearFile.open(path) as yf:  # and it opens (upgrading now if it had not)
        assert yf.integrity_ok()
    for b in backups.list_backups(path):
        if not backups.is_good(b.path):
            raise CrashCheckFailed(f"backup {b.path.name} is listed but damaged")
