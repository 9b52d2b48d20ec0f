"""The .kaoji alone is complete after every acknowledged change."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

from kaoji_desktop.store import Change, YearFile
from tests.store.store_faults import FIXTURES

KEY = ("荷花社区", "监察", "一季度")


def test_a_copy_of_just_the_kaoji_taken_while_open_holds_every_saved_change(year_path,
                                                                           tmp_path):
    with YearFile.open(year_path) as yf:
        for i in range(30):
            yf.apply([Change("line_scores", KEY, {"score": Decimal(f"4.{i:02d}")})],
                     source="录入")
        # the clerk copies the file to a USB stick while the window is open
        stick = tmp_path / "U盘"
        stick.mkdir()
        shutil.copyfile(year_path, stick / year_path.name)
        yf.set_meta("organisation", "复制之后", source="录入")
        shutil.copyfile(year_path, stick / "second.kaoji")
    with YearFile.open(stick / year_path.name, readonly=True) as copy:
        score = next(s.score for s in copy.load().line_scores
                     if (s.community, s.line, s.period) == KEY)
        assert score == Decimal("4.29")
        assert len([a for a in copy.audit() if a.source == "录入"]) == 30
    with YearFile.open(stick / "second.kaoji", readonly=True) as copy:
        assert copy.get_meta("organisation") == "复制之后"


def test_nothing_lives_beside_the_file_while_it_is_open(year_path):
    with YearFile.open(year_path) as yf:
        yf.set_meta("organisation", "x", source="录入")
        assert sorted(p.name for p in year_path.parent.iterdir()) == [year_path.name]
        assert yf.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_010_wal_file_is_checkpointed_and_converted_on_open(tmp_path):
    path = tmp_path / "2017.kaoji"
    shutil.copyfile(FIXTURES / "year-v1.kaoji", path)
    # an edit of 0.1.0 still in the WAL beside it (as a clerk's file may be)
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE meta SET value = '仍在日志中' WHERE key = 'organisation'")
    wal = Path(str(path) + "-wal")
    shutil.copyfile(wal, tmp_path / "saved-wal")
    shutil.copyfile(path, tmp_path / "saved-main")
    conn.close()  # closing checkpoints: put the un-checkpointed pair back
    shutil.copyfile(tmp_path / "saved-main", path)
    shutil.copyfile(tmp_path / "saved-wal", wal)
    with YearFile.open(path) as yf:
        assert yf.get_meta("organisation") == "仍在日志中"
        assert yf.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not wal.exists() and not Path(str(path) + "-shm").exists()
    with open(path, "rb") as fh:
        header = fh.read(20)
    assert header[18:20] == b"\x01\x01"  # legacy (rollback) file format, not WAL
    with YearFile.open(path, readonly=True) as yf:
        assert yf.get_meta("organisation") == "仍在日志中"
