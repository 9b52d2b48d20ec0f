"""The reliability pieces in the window: 考绩流程, 操作记录, 从备份恢复, the stage
in the status bar, and the dialogs for locked and damaged files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import socket

import openpyxl
import pytest

from kaoji_desktop.gui.lifecycle import StageLabel
from kaoji_desktop.store import Change, YearFile, backups, lifecycle, lock
from kaoji_desktop.store.stages import STAGE_KEY
from tests.reliability.gui_helpers import click, shown_box

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise")


@pytest.fixture(autouse=True)
def _settings(gui_settings):
    return gui_settings


def _stage_label(win) -> StageLabel:
    return win.statusBar().findChild(StageLabel)




def test_open_takes_lock_and_daily_backup(window, year_path):
    assert lock.read_holder(year_path).pid == __import__("os").getpid()
    assert [b.kind for b in backups.list_backups(year_path)] == ["每日"]
    window.controller.close()
    assert not lock.lock_path(year_path).exists()


def test_lifecycle_page_steps_and_gate(window, tmp_path):
    c = window.controller
    # a leader's score is missing: the departments' data are complete, so 科室签审
    # may start, but the year is not (the first publicity waits for it)
    row = c.yf.rows("leader_scores")[0]
    assert c.apply([Change("leader_scores", (row["community"], row["rater"]), None)])
    assert not c.result.complete
    page = window.page("考绩流程")
    assert _stage_label(window).text() == "流程：草稿"
    assert page.advance_button.isEnabled()
    assert page.advance()
    assert lifecycle.stage(window.controller.yf) == "科室签审"
    assert _stage_label(window).text() == "流程：科室签审"
    page.refresh()
    # the year is incomplete: the first publicity is refused and says why
    assert not page.advance_button.isEnabled()
    assert "未录入" in page.blockers.text() and "领导评价" in page.blockers.text()
    assert not page.advance()
    assert lifecycle.stage(window.controller.yf) == "科室签审"
    assert "科室签审" in page.history.toPlainText()
    window.grab().save(str(tmp_path / "lifecycle.png"))


def test_issued_year_refuses_edits_in_the_window_and_reopens(window):
    c = window.controller
    c.yf.set_meta(STAGE_KEY, "已发文", source="流程")
    c.reload()
    c.changed.emit()
    row = c.yf.rows("line_scores")[0]
    assert not c.apply([Change("line_scores", (row["community"], row["line"], row["period"]),
                               {"score": 1})])
    assert "已发文" in window.statusBar().currentMessage()
    page = window.page("考绩流程")
    page.refresh()
    assert page.reopen_button.isVisibleTo(page)
    assert not page.reopen("")  # a reason is required
    assert page.reopen("党工委要求复核")
    assert lifecycle.stage(c.yf) == "草稿"
    assert "修订" in _stage_label(window).text()
    assert page.revised.isVisibleTo(page) and "党工委要求复核" in page.revised.text()


def test_force_majeure_dialog_logs_meeting(window):
    page = window.page("考绩流程")
    dialog = page.force_majeure()
    dialog.value.setText("4.5")
    assert not dialog.save()  # no meeting named
    assert "班子会议" in dialog.error.text()
    dialog.meeting.setText("2017年第9次班子会议审定")
    assert dialog.save()
    entry = window.controller.yf.audit(limit=1)[0]
    assert entry.note == "不可抗力调整：2017年第9次班子会议审定"
    assert window.controller.data.lines[0].full_marks == 4.5


def test_warnings_acknowledged_from_the_page(window):
    from kaoji_desktop.gui.pages.lifecycle_page import LifecyclePage

    c = window.controller
    c.result = dataclasses.replace(c.result, warnings=("白鹿洲社区加分超过上限，已按上限计",))
    page: LifecyclePage = window.page("考绩流程")
    page.refresh()
    texts = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert "白鹿洲社区加分超过上限，已按上限计" in texts
    from PySide6.QtCore import Qt

    item = page.warnings.item(texts.index("白鹿洲社区加分超过上限，已按上限计"))
    text = item.text()
    item.setCheckState(Qt.CheckState.Checked)
    assert page.acknowledge()
    assert text in lifecycle.acknowledged(c.yf)
    texts = [page.warnings.item(i).text() for i in range(page.warnings.count())]
    assert text not in texts


def test_audit_page_lists_filters_and_exports(window, tmp_path):
    c = window.controller
    row = c.yf.rows("line_scores")[0]
    key = (row["community"], row["line"], row["period"])
    assert c.apply([Change("line_scores", key, {"score": 1})], "粘贴")
    page = window.page("操作记录")
    page.refresh()
    model = page.grid.source
    assert model.rowCount() == len(c.yf.audit())
    page.source.setCurrentText("粘贴")
    assert model.rowCount() == 1
    assert model.rows[0].what == f"条线得分 · {' / '.join(key)} · 得分"
    out = tmp_path / "记录.xlsx"
    assert page.export_to(out)
    assert openpyxl.load_workbook(out).active.max_row == 2
    page.source.setCurrentIndex(0)
    page.set_operator("王会计")
    c.apply([Change("line_scores", key, {"score": 2})], "录入")
    assert c.yf.audit(limit=1)[0].operator == "王会计"
    window.grab().save(str(tmp_path / "audit.png"))


def test_backup_page_backs_up_and_restores(window, year_path, tmp_path):
    c = window.controller
    page = window.page("从备份恢复")
    assert page.backup_now()
    assert page.grid.source.rowCount() == 2  # 每日 + 手动
    manual = next(b for b in page.items if b.kind == "手动")
    c.yf.set_meta("organisation", "改坏了", source="录入")
    assert page.restore(manual)
    assert c.yf is not None and c.yf.get_meta("organisation") != "改坏了"
    assert any(b.kind == "恢复前" for b in backups.list_backups(year_path))
    assert c.yf.audit(limit=1)[0].source == "恢复备份"
    window.grab().save(str(tmp_path / "backups.png"))


def test_locked_file_offers_read_only(window, year_path):
    c = window.controller
    c.close()
    now = dt.datetime.now().isoformat(timespec="seconds")
    lock.lock_path(year_path).write_text(json.dumps(
        {"user": "李科长", "host": "OFFICE-PC2", "pid": 4242, "since": now, "heartbeat": now}),
        encoding="utf-8")
    assert not c.open(year_path)
    box = shown_box(window)
    assert "李科长" in box.text() and "OFFICE-PC2" in box.text()
    click(box, "以只读方式打开")
    assert c.yf is not None and c.yf.readonly
    assert "只读" in _stage_label(window).text()
    assert lock.read_holder(year_path).user == "李科长"  # not taken over
    assert socket.gethostname() != "OFFICE-PC2"


def test_damaged_file_offers_newest_good_backup(window, year_path):
    c = window.controller
    good = backups.make_backup(c.yf, "手动")
    c.close()
    with YearFile.open(year_path) as f:
        f.checkpoint()
    raw = bytearray(year_path.read_bytes())
    raw[8192:16384] = b"\xa5" * 8192
    year_path.write_bytes(bytes(raw))
    assert not c.open(year_path)
    box = shown_box(window)
    assert "已损坏" in box.text() and good.name not in box.text()
    click(box, "从备份恢复")
    assert c.yf is not None and c.yf.integrity_ok()
    aside = [p for p in backups.backup_dir(year_path).iterdir()
             if "损坏" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1, "the damaged file must be kept"
    assert aside[0].stat().st_size == len(raw)
