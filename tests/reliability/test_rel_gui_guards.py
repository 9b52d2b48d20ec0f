"""In the window: a refused write is a dialog, a lost lock a red bar and a
read-only window, 强制解除锁定 after a confirmation, services on the open
file, and unexpected errors logged and shown."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.gui import file_guard
from kaoji_desktop.store import Change, YearFile, backups, lock
from tests.reliability.gui_helpers import click, shown_box

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise")
KEY = ("荷花社区", "监察", "一季度")


@pytest.fixture(autouse=True)
def _settings(gui_settings):
    return gui_settings




def _score(c) -> Decimal | None:
    return next(s.score for s in c.data.line_scores if (s.community, s.line, s.period) == KEY)


class _FullDisk:
    """The window's connection meets a full disk at COMMIT (SQLite rolls back)."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real, self.armed = real, True

    def execute(self, sql: str, *args: object) -> object:
        if self.armed and sql == "COMMIT":
            self.real.execute("ROLLBACK")
            exc = sqlite3.OperationalError("database or disk is full")
            exc.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise exc
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def test_a_write_on_a_full_disk_is_a_dialog_and_the_window_keeps_working(window, tmp_path):
    c = window.controller
    before = _score(c)
    faulty = _FullDisk(c.yf.conn)
    c.yf.conn = faulty
    assert not c.apply([Change("line_scores", KEY, {"score": Decimal("4.25")})])
    box = shown_box(window)
    assert box.windowTitle() == "修改未保存"
    assert "没有保存" in box.text() and "磁盘空间不足" in box.text()
    assert "从备份恢复" not in [b.text() for b in box.buttons()]
    box.grab().save(str(tmp_path / "disk-full.png"))
    click(box, "OK") if any(b.text() == "OK" for b in box.buttons()) else box.accept()
    assert _score(c) == before
    faulty.armed = False  # space freed
    assert c.apply([Change("line_scores", KEY, {"score": Decimal("4.25")})])
    assert _score(c) == Decimal("4.25")


def test_a_lost_lock_turns_the_window_read_only_with_a_bar(window, year_path, qtbot,
                                                           tmp_path):
    c = window.controller
    assert c.apply([Change("line_scores", KEY, {"score": Decimal("4.25")})])
    now = dt.datetime.now().isoformat(timespec="seconds")
    lock.lock_path(year_path).write_text(json.dumps(
        {"user": "李科长", "host": "OFFICE-PC2", "pid": 4242, "since": now, "heartbeat": now,
         "token": "z" * 32}), encoding="utf-8")
    assert not c.check_lock()  # what the window's timer does every few seconds
    bar = file_guard.lock_lost_bar(window)
    assert bar is not None and bar.isVisible()
    text = bar.widgetForAction(bar.actions()[0]).text()
    assert "李科长" in text and "OFFICE-PC2" in text and "只读" in text
    assert c.yf.readonly
    qtbot.wait(10)
    assert c.undo_stack.count() == 0  # an undo would overwrite the new holder's edits
    assert not c.apply([Change("line_scores", KEY, {"score": Decimal("4.5")})])
    with YearFile.open(year_path, readonly=True) as f:
        assert next(s.score for s in f.load().line_scores
                    if (s.community, s.line, s.period) == KEY) == Decimal("4.25")
    window.grab().save(str(tmp_path / "lock-lost.png"))
    c.close()
    assert lock.read_holder(year_path).user == "李科长"  # the new holder's lock stays


def test_a_lost_lock_noticed_by_the_next_edit(window, year_path):
    c = window.controller
    lock.lock_path(year_path).unlink()
    assert not c.apply([Change("line_scores", KEY, {"score": Decimal("4.5")})])
    assert file_guard.lock_lost_bar(window) is not None and c.yf.readonly


def test_force_unlock_after_confirmation_is_audited(window, year_path):
    c = window.controller
    c.close()
    now = dt.datetime.now().isoformat(timespec="seconds")
    lock.lock_path(year_path).write_text(json.dumps(
        {"user": "李科长", "host": "OFFICE-PC2", "pid": 4242, "since": now, "heartbeat": now,
         "token": "z" * 32}), encoding="utf-8")
    assert not c.open(year_path)
    click(shown_box(window), "强制解除锁定…")
    confirm = shown_box(window)
    assert "李科长" in confirm.text() and "OFFICE-PC2" in confirm.text()
    assert confirm.defaultButton().text() == "取消"
    click(confirm, "强制解除锁定")
    assert c.yf is not None and not c.yf.readonly
    assert lock.read_holder(year_path).token == c.lock.holder.token
    last = next(a for a in c.yf.audit() if a.source == "强制解锁")
    assert "李科长" in last.note and "OFFICE-PC2" in last.note


def test_open_on_a_damaged_looking_disk_error_offers_no_restore(window, year_path,
                                                               monkeypatch):
    """Only real damage offers 从备份恢复: a busy file says close the other program."""
    from kaoji_desktop.store import BusyError

    c = window.controller
    c.close()

    def busy(*_a: object, **_k: object) -> None:
        raise BusyError("“2017.kaoji”正被其他程序占用。")

    monkeypatch.setattr("kaoji_desktop.store.yearfile_open.make_writable", busy)
    assert not c.open(year_path)
    box = shown_box(window)
    assert box.windowTitle() == "无法打开年度文件" and "其他程序占用" in box.text()
    assert "从备份恢复" not in [b.text() for b in box.buttons()]


def test_import_goes_through_the_open_file_without_a_second_connection(window, year_path,
                                                                      demo_data, tmp_path,
                                                                      monkeypatch):
    from kaoji_desktop.exchange.dump import dump_year
    from kaoji_desktop.gui import file_actions

    c = window.controller
    assert c.apply([Change("line_scores", KEY, {"score": Decimal("4.25")})])
    xlsx = dump_year(demo_data, tmp_path / "年度.xlsx")
    monkeypatch.setattr(file_actions.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(xlsx), "")))
    opened = []
    real_open = YearFile.open
    monkeypatch.setattr(YearFile, "open", classmethod(
        lambda cls, path, **kw: opened.append((path, kw)) or real_open(path, **kw)))
    file_actions.import_workbook(window)
    assert _score(c) != Decimal("4.25")
    assert c.lock is not None and lock.read_holder(year_path).token == c.lock.holder.token
    assert all(kw.get("readonly") is not True for _p, kw in opened)
    assert c.undo_stack.count() == 0
    assert any(b.kind == "导入" for b in backups.list_backups(year_path))


def test_save_as_writes_a_verified_copy_and_edits_it(window, year_path, tmp_path,
                                                    monkeypatch):
    from kaoji_desktop.gui import file_actions

    c = window.controller
    target = tmp_path / "副本.kaoji"
    Path(str(target) + "-wal").write_bytes(b"stale wal of another file" * 100)
    monkeypatch.setattr(file_actions.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    file_actions.save_as(window)
    assert c.path == target and not Path(str(target) + "-wal").exists()
    assert lock.read_holder(target).token == c.lock.holder.token
    assert not lock.lock_path(year_path).exists()
    assert c.apply([Change("line_scores", KEY, {"score": Decimal("4.5")})])
    with YearFile.open(year_path, readonly=True) as f:  # the original is untouched
        assert next(s.score for s in f.load().line_scores
                    if (s.community, s.line, s.period) == KEY) != Decimal("4.5")


def test_unexpected_errors_are_logged_and_shown_in_chinese(qapp, monkeypatch, tmp_path):
    from kaoji_desktop.gui import crash

    shown: list[tuple[str, Path | None]] = []
    monkeypatch.setattr(crash, "show_dialog", lambda s, log: shown.append((s, log)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    try:
        raise ValueError("某个意外")
    except ValueError as exc:
        crash._excepthook(type(exc), exc, exc.__traceback__)
    (summary, log), = shown
    assert "ValueError" in summary and log is not None and log.exists()
    assert "某个意外" in log.read_text(encoding="utf-8")
    assert str(log).startswith(str(tmp_path.parent)) or "日志" in str(log)
    text = crash.message_text(summary, log)
    assert str(log) in text and "意外错误" in text


def test_install_routes_every_hook_and_keeps_the_previous_qt_handler(qapp, monkeypatch):
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    from kaoji_desktop.gui import crash

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    seen: list[str] = []
    previous = qInstallMessageHandler(lambda kind, ctx, text: seen.append(text))
    try:
        crash.install(qapp)
        assert sys.excepthook is crash._excepthook
        assert threading.excepthook is crash._thread_hook
        shown: list[str] = []
        monkeypatch.setattr(crash, "show_dialog", lambda s, log: shown.append(s))
        crash.qt_message(QtMsgType.QtWarningMsg, QMessageLogContext(), "一条 Qt 警告")
        assert seen == ["一条 Qt 警告"] and shown == []  # passed on, only logged
        crash.qt_message(QtMsgType.QtCriticalMsg, QMessageLogContext(), "严重")
        assert shown and "严重" in shown[0]
    finally:
        qInstallMessageHandler(previous)
        crash._state.previous_qt = None


def test_a_thread_error_reaches_the_gui_thread(qapp, qtbot, monkeypatch):
    from kaoji_desktop.gui import crash

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    from PySide6.QtCore import qInstallMessageHandler
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous)
    crash.install(qapp)
    qInstallMessageHandler(previous)
    crash._state.previous_qt = None
    monkeypatch.setattr(crash, "show_dialog", lambda s, log: shown.append(s))

    def fail() -> None:
        raise RuntimeError("线程里的错误")

    t = threading.Thread(target=fail)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(shown))
    assert "线程里的错误" in shown[0]


def test_a_file_with_a_wrong_typed_value_is_refused_naming_the_cell(window, year_path,
                                                                   tmp_path):
    c = window.controller
    c.close()
    conn = sqlite3.connect(year_path)
    conn.execute("UPDATE line_scores SET score = 'abc' WHERE rowid = 3")
    conn.commit()
    conn.close()
    assert not c.open(year_path)
    box = shown_box(window)
    assert box.windowTitle() == "无法打开年度文件"
    assert "条线得分" in box.text() and "第 3 行" in box.text() and "abc" in box.text()
    assert "ConversionSyntax" not in box.text()
    box.grab().save(str(tmp_path / "bad-value.png"))
