"""Layout that holds: the window on a small or scaled screen, row heights
after a refresh, the 操作记录 page's texts."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from kaoji_desktop.gui.layout import clamp_geometry
from kaoji_desktop.gui.pages.audit_page import audit_row
from kaoji_desktop.store import Change

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_clamp_keeps_a_saved_frame_on_a_scaled_screen(scale):
    # 1366×768 with a 40-pixel taskbar, in the logical pixels Qt gives at this scaling
    available = QRect(0, 0, int(1366 / scale), int((768 - 40) / scale))
    saved = QRect(120, 80, 1366, 768)  # saved at 100 %
    inside = clamp_geometry(saved, available)
    assert available.contains(inside)
    assert inside.width() == min(1366, available.width())
    assert clamp_geometry(QRect(10, 10, 300, 200), available) == QRect(10, 10, 300, 200)
    left = clamp_geometry(QRect(-500, -30, 400, 300), available)
    assert (left.left(), left.top()) == (0, 0)


def test_restored_window_is_moved_back_onto_the_screen(window):
    available = window.screen().availableGeometry()
    window.resize(available.width() + 400, available.height() + 300)
    window.move(available.right() - 100, available.bottom() - 100)
    window.clamp_to_screen()
    assert available.contains(window.frameGeometry())


SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication, QMainWindow
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
    app = QApplication([])
    QCoreApplication.setOrganizationName("kaoji-test")
    QCoreApplication.setApplicationName("kaoji-desktop-test")
    old = QMainWindow()
    old.setGeometry(60, 40, 1366, 768)  # the size saved at 100 %
    QSettings().setValue("geometry", old.saveGeometry())
    from kaoji_desktop.gui.app import create_window
    window = create_window(sys.argv[2])
    window.show()
    app.processEvents()
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    bar = window.statusBar()
    corner = bar.mapToGlobal(bar.rect().bottomRight())
    print(screen.contains(frame), screen.contains(corner), window.minimumSizeHint().width(),
          screen.width(), flush=True)
""")


@pytest.mark.parametrize("scale", ["1", "1.25", "1.5"])
def test_the_window_fits_1366x768_at_windows_scalings(tmp_path, demo_file, scale):
    """A 1366×768 screen (offscreen platform configured so) at 100/125/150 %:
    the window, its status bar included, lies on the screen."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [
        {"name": "s", "x": 0, "y": 0, "width": 1366, "height": 768,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               QT_SCALE_FACTOR=scale, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(demo_file)],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    fits, corner, minimum, width = out.stdout.split()[-4:]
    assert int(width) == round(1366 / float(scale))
    assert (fits, corner) == ("True", "True"), out.stdout + out.stderr
    assert int(minimum) <= int(width)


def test_tall_rows_shrink_once_their_long_text_is_gone(window):
    page = window.page("社区排名")
    QApplication.processEvents()
    grid = page.grid
    header = grid.verticalHeader()
    default = header.defaultSectionSize()
    assert any(header.sectionSize(r) > default for r in range(grid.proxy.rowCount()))
    controller = window.controller
    assert controller.apply([
        Change("vetoes", ("花柳塘社区", "安全生产"), None),
        Change("bonus_items", ("虞师里社区", "承办区级现场会"), {"status": "通过"}),
    ])
    assert controller.set_rules(dataclasses.replace(controller.data.rules,
                                                    promote_enabled=False))
    QApplication.processEvents()
    QApplication.processEvents()
    assert all(not c.moves and not c.explanation for c in controller.result.communities)
    assert [header.sectionSize(r) for r in range(grid.proxy.rowCount())] == \
        [default] * grid.proxy.rowCount()


def test_audit_page_shows_rule_changes_as_parameter_old_new(window):
    controller = window.controller
    rules = dataclasses.replace(controller.data.rules, over_threshold=120,
                                staff_ratio=(2, 6, 2))
    assert controller.set_rules(rules)
    page = window.page("操作记录")
    QApplication.processEvents()
    grid = page.grid
    what = grid.proxy.index(0, 2).data()
    assert what == "规则参数 · 超过此分列第一等次：130 → 120；人员分档比例：3:5:2 → 2:6:2"
    assert grid.proxy.index(0, 3).data() == "130；3:5:2"
    assert grid.proxy.index(0, 4).data() == "120；2:6:2"
    assert "{" not in what and "base_total" not in what
    # 修改内容 in full: wrapped (the row is as tall as the text needs) and as a tooltip
    assert page.grid.source.columns[2].wrap
    assert grid.proxy.index(0, 2).data(3) == what  # ToolTipRole


def test_audit_row_of_a_new_file_does_not_dump_the_rule_set(window):
    entries = [e for e in window.controller.yf.audit() if e.table == "meta"]
    for entry in entries:
        row = audit_row(entry)
        assert "base_total" not in row.new
