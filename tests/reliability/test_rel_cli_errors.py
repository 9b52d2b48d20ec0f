"""The command line says what happened: the cause, and for the unexpected the log."""

from __future__ import annotations

import errno
import hashlib

from kaoji_desktop import cli
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.store import safe_write
from kaoji_desktop.store.errors import classify


def test_an_unexpected_error_prints_the_cause_and_the_log_path(year_path, tmp_path,
                                                               monkeypatch, capsys):
    monkeypatch.setenv("KAOJI_LOG_DIR", str(tmp_path / "日志"))

    def broken(_args: object) -> int:
        raise RuntimeError("内部出错了")

    monkeypatch.setattr(cli, "cmd_export", broken)
    code = cli.main(["export", str(year_path), "--out", str(tmp_path / "x.xlsx")])
    err = capsys.readouterr().err
    log = tmp_path / "日志" / "kaoji.log"
    assert code == 1
    assert "RuntimeError" in err and "内部出错了" in err and str(log) in err
    assert "Traceback" not in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "内部出错了" in text and "kaoji export" in text


def test_the_log_falls_back_when_its_folder_cannot_be_written(tmp_path, monkeypatch):
    from kaoji_desktop import errorlog

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("KAOJI_LOG_DIR", str(blocked / "日志"))
    try:
        raise ValueError("写不进去")
    except ValueError as exc:
        path = errorlog.log_exception(type(exc), exc, exc.__traceback__)
    assert path is not None and path.exists() and "写不进去" in path.read_text(encoding="utf-8")


def test_import_on_a_full_disk_says_disk_full_and_changes_nothing(year_path, demo_data,
                                                                  tmp_path, monkeypatch,
                                                                  capsys):
    xlsx = dump_year(demo_data, tmp_path / "年度.xlsx")
    before = hashlib.sha256(year_path.read_bytes()).hexdigest()

    def no_space(part: object, target: object, *, action: str) -> None:
        raise classify(OSError(errno.ENOSPC, "No space left on device"), target, action)

    monkeypatch.setattr(safe_write, "install", no_space)  # the swap after the backup
    code = cli.main(["import", str(xlsx), "--db", str(year_path)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 1 and "磁盘空间不足" in err and "年度文件保持原样" in err
    assert hashlib.sha256(year_path.read_bytes()).hexdigest() == before
