"""Fixtures of the store tests: a demo year file, a small disk that fills up
(tmpfs, where mounting is possible), and fault injection at the sqlite3
boundary (always available)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kaoji_desktop.demo import demo_year
from kaoji_desktop.store import YearFile
from tests.store.store_faults import FaultyConnection, SmallDisk, sqlite_error


@pytest.fixture(scope="session")
def demo():
    return demo_year()


@pytest.fixture(scope="session")
def year_master(tmp_path_factory: pytest.TempPathFactory, demo) -> Path:
    """The demo year file, written once per test run (tests get copies)."""
    path = tmp_path_factory.mktemp("year-master") / "2017.kaoji"
    YearFile.create(path, demo, operator="测试员").close()
    return path


@pytest.fixture
def year_path(tmp_path: Path, year_master: Path) -> Path:
    """A fresh copy of the demo year file (the file alone is complete: the
    store uses a rollback journal)."""
    path = tmp_path / year_master.name
    shutil.copyfile(year_master, path)
    return path


@pytest.fixture
def inject() -> Callable[..., FaultyConnection]:
    """inject(yf, fails, code, text): make `yf`'s connection fail."""
    def make(yf: YearFile, fails: Callable[[str], bool], code: int = 13,
             text: str = "database or disk is full") -> FaultyConnection:
        faulty = FaultyConnection(yf.conn, fails, sqlite_error(code, text))
        yf.conn = faulty  # type: ignore[assignment]
        return faulty
    return make


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A real full disk (root only; skipped where tmpfs cannot be mounted).
    CI runs as root; the injected variants run everywhere."""
    root = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    root.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(root)],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {run.stderr.strip()}")
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)
