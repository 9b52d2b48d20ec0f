"""Opening a year file: read-only media, empty files, folders, no side files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kaoji_desktop.store import DamagedFileError, ReadOnlyFileError, StoreError, YearFile


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- read-only media ---------------------------------------------------------

_CHILD = r"""
import json, os, sys
from kaoji_desktop.store import YearFile, lock
if os.geteuid() == 0:  # root ignores file modes: become an ordinary user
    os.setgid(65534)
    os.setuid(65534)
path = sys.argv[1]
out = {}
for readonly in (True, False):
    try:
        with YearFile.open(path, readonly=readonly) as yf:
            out[str(readonly)] = ["ok", len(yf.load().communities)]
    except Exception as exc:
        out[str(readonly)] = [type(exc).__name__, str(exc)]
try:
    lock.acquire(path, heartbeat=False).release()
    out["lock"] = ["ok", ""]
except Exception as exc:
    out["lock"] = [type(exc).__name__, str(exc)]
out["files"] = sorted(os.listdir(os.path.dirname(path)))
print(json.dumps(out, ensure_ascii=False))
"""


def _open_as_ordinary_user(folder_mode: int, file_mode: int, demo) -> dict:
    """Open a healthy year file in a folder/file with these modes, in a child
    process that drops root (tests run as root here, and root ignores modes)."""
    folder = Path(tempfile.mkdtemp(prefix="kaoji-ro-"))
    try:
        path = folder / "2017.kaoji"
        YearFile.create(path, demo).close()
        before = _digest(path)
        os.chmod(path, file_mode)
        os.chmod(folder, folder_mode)
        run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], check=False,
                             capture_output=True,
                             text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout)
        os.chmod(folder, 0o755)
        assert _digest(path) == before
        return result
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(("folder_mode", "file_mode"),
                         [(0o555, 0o444), (0o755, 0o444), (0o555, 0o644)])
def test_healthy_file_on_read_only_media_opens_read_only(folder_mode, file_mode, demo):
    out = _open_as_ordinary_user(folder_mode, file_mode, demo)
    assert out["True"] == ["ok", len(demo.communities)]
    kind, message = out["False"]
    assert kind == "ReadOnlyFileError"
    assert "只读" in message and "损坏" not in message
    assert out["files"] == ["2017.kaoji"]  # nothing created beside it


def test_read_only_folder_refuses_the_lock_as_read_only(demo):
    out = _open_as_ordinary_user(0o555, 0o644, demo)
    assert out["lock"][0] == "ReadOnlyFileError"


def test_read_only_error_is_not_a_damaged_error():
    assert not issubclass(ReadOnlyFileError, DamagedFileError)
    assert issubclass(ReadOnlyFileError, StoreError)


# --- files that are not year files are never written to ---------------------

def test_zero_byte_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "empty.kaoji"
    path.write_bytes(b"")
    for readonly in (False, True):
        with pytest.raises(DamagedFileError, match="0 字节"):
            YearFile.open(path, readonly=readonly)
        assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.kaoji"]


def test_other_sqlite_file_is_refused_and_left_untouched(tmp_path):
    import sqlite3

    path = tmp_path / "other.kaoji"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(StoreError, match="不是考绩年度文件"):
        YearFile.open(path)
    assert _digest(path) == before  # not switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.kaoji"]


def test_newer_file_is_refused_without_writing(year_path):
    import sqlite3

    conn = sqlite3.connect(year_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = _digest(year_path)
    with pytest.raises(StoreError, match="更新版本"):
        YearFile.open(year_path)
    assert _digest(year_path) == before


# --- paths --------------------------------------------------------------------

def test_folder_is_named_a_folder(tmp_path):
    folder = tmp_path / "2017.kaoji"
    folder.mkdir()
    with pytest.raises(StoreError, match="是一个文件夹"):
        YearFile.open(folder)


def test_create_into_missing_folder_is_a_chinese_store_error(tmp_path, demo):
    with pytest.raises(StoreError, match="文件夹不存在"):
        YearFile.create(tmp_path / "no" / "such" / "2017.kaoji", demo)
    assert not (tmp_path / "no").exists()


def test_path_with_uri_characters_opens(tmp_path, demo):
    folder = tmp_path / "a?b#c%d"
    folder.mkdir()
    YearFile.create(folder / "2017.kaoji", demo).close()
    with YearFile.open(folder / "2017.kaoji", readonly=True) as yf:
        assert len(yf.load().communities) == len(demo.communities)


# --- read-only opens leave nothing behind -------------------------------------

def test_read_only_open_leaves_no_side_files(year_path):
    before = sorted(p.name for p in year_path.parent.iterdir())
    with YearFile.open(year_path, readonly=True) as yf:
        yf.load()
        yf.audit()
    assert sorted(p.name for p in year_path.parent.iterdir()) == before


def test_read_only_open_sees_unsaved_log_of_a_writer(year_path):
    from kaoji_desktop.store import Change

    with YearFile.open(year_path) as writer:
        writer.apply([Change("meta", ("organisation",), {"value": "新名称"})], source="录入")
        with YearFile.open(year_path, readonly=True) as reader:
            assert reader.get_meta("organisation") == "新名称"
            with pytest.raises(StoreError, match="只读"):
                reader.set_meta("organisation", "x", source="录入")
        assert writer.get_meta("organisation") == "新名称"
    assert sorted(p.name for p in year_path.parent.iterdir()) == [year_path.name]


def test_writable_open_and_close_leave_no_side_files(year_path):
    with YearFile.open(year_path) as yf:
        yf.set_meta("organisation", "x", source="录入")
    assert sorted(p.name for p in year_path.parent.iterdir()) == [year_path.name]
