"""`kaoji` against awkward targets (QA pass): a year file another instance has
open, folders that do not exist, a folder where a file should be. Each is
exit 1 with a Chinese message naming the target; nothing is changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kaoji_desktop.cli import main
from kaoji_desktop.demo import demo_year
from kaoji_desktop.store import YearFile
from kaoji_desktop.store import lock as store_lock

# English from the OS or a library leaking into the message
ENGLISH = re.compile(r"Errno|No such|denied|[Ee]rror|directory|database|unable|Is a")


@pytest.fixture
def year(tmp_path: Path) -> Path:
    db = tmp_path / "年度.kaoji"
    YearFile.create(db, demo_year(), source="演示").close()
    return db


@pytest.fixture
def dumped(tmp_path: Path, year: Path, capsys) -> Path:
    out = tmp_path / "数据.xlsx"
    assert main(["dump", str(year), "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def failed(capsys, argv: list[str], tmp_path: Path) -> str:
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 1, err
    assert "Traceback" not in err and "意外错误" not in err
    assert not ENGLISH.search(err), err
    assert not list(tmp_path.rglob(".kaoji-*")), "temporary file left behind"
    return err


def test_import_refuses_a_year_file_open_in_another_instance(tmp_path, capsys, year, dumped):
    before = year.read_bytes()
    with store_lock.acquire(year, operator="张三", heartbeat=False):
        err = failed(capsys, ["import", str(dumped), "--db", str(year)], tmp_path)
    assert "张三" in err and "正由" in err
    assert year.read_bytes() == before
    assert not (tmp_path / "年度.kaoji.备份").exists()


def test_package_and_merge_refuse_a_locked_year_file(tmp_path, capsys, year):
    with store_lock.acquire(year, operator="张三", heartbeat=False):
        err = failed(capsys, ["package", str(year), "--dept", "城管办", "--period", "一季度",
                              "--out", str(tmp_path / "p.kjtask")], tmp_path)
        assert "正由" in err and not (tmp_path / "p.kjtask").exists()
        err = failed(capsys, ["merge", str(year), str(tmp_path / "r.kjret")], tmp_path)
        assert "正由" in err


def test_lock_is_released_after_a_command(tmp_path, capsys, year, dumped):
    assert main(["import", str(dumped), "--db", str(year)]) == 0
    assert not store_lock.lock_path(year).exists()
    store_lock.acquire(year, heartbeat=False).release()


@pytest.mark.parametrize("command", ["export", "dump"])
def test_output_in_a_missing_folder_names_it(tmp_path, capsys, year, command):
    target = tmp_path / "没有" / "结果.xlsx"
    err = failed(capsys, [command, str(year), "--out", str(target)], tmp_path)
    assert "文件夹不存在" in err and str(target.parent) in err


@pytest.mark.parametrize("command", ["export", "dump"])
def test_output_that_is_a_folder_names_it(tmp_path, capsys, year, command):
    target = tmp_path / "结果.xlsx"
    target.mkdir()
    err = failed(capsys, [command, str(year), "--out", str(target)], tmp_path)
    assert "是一个文件夹" in err and str(target) in err


def test_new_year_file_in_a_missing_folder(tmp_path, capsys, dumped):
    target = tmp_path / "没有" / "新.kaoji"
    err = failed(capsys, ["demo", "--db", str(target)], tmp_path)
    assert "文件夹不存在" in err
    err = failed(capsys, ["import", str(dumped), "--db", str(target)], tmp_path)
    assert "文件夹不存在" in err
    assert not target.parent.exists()


def test_year_file_that_is_a_folder(tmp_path, capsys, dumped):
    target = tmp_path / "旧.kaoji"
    target.mkdir()
    err = failed(capsys, ["import", str(dumped), "--db", str(target)], tmp_path)
    assert "是一个文件夹" in err
    assert list(target.iterdir()) == []


def test_report_into_a_missing_folder_names_it(tmp_path, capsys, year):
    target = tmp_path / "没有" / "公示.pdf"
    err = failed(capsys, ["report", "publicity-communities", str(year), "--pdf", str(target)],
                 tmp_path)
    assert "文件夹不存在" in err and str(target.parent) in err
