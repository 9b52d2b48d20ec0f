"""Double-clicked department returns (.kjret) open the clerk's last year file
and the merge preview; Controller.apply passes an audit note."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from kaoji_desktop.exchange.packages import read_any_return
from kaoji_desktop.gui.app import create_window, route_arguments
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.gui.merge_dialog import MergeDialog, apply_merge
from kaoji_desktop.store import Change, YearFile
from tests.gui.test_department import open_year_file
from tests.gui.test_department_merge import returns_for


def test_route_arguments_never_opens_a_return_as_a_year():
    assert route_arguments([]) == (None, [])
    assert route_arguments(["a.kaoji"]) == ("a.kaoji", [])
    assert route_arguments(["城管办.kjret", "人武部.KJRET"]) == \
        (None, ["城管办.kjret", "人武部.KJRET"])
    assert route_arguments(["x.kjret", "b.kaoji"]) == ("b.kaoji", ["x.kjret"])


def test_returns_open_last_year_then_merge_preview(qtbot, demo_file: Path, tmp_path: Path):
    QApplication.instance().setFont(ui_font())
    first = create_window(str(demo_file))  # remembered as the last file
    qtbot.addWidget(first)
    paths = returns_for(first, tmp_path, ["城管办", "人武部"])
    first.close()

    win = create_window(None, [str(p) for p in paths])
    qtbot.addWidget(win)
    assert win.controller.path is not None
    assert win.controller.path.resolve() == demo_file.resolve()
    dialog = win.merge_dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    assert [item.path for item in dialog.items] == paths
    assert all(item.preview is not None and not item.error for item in dialog.items)
    dialog.close()
    win.close()


def test_apply_note_goes_to_audit(demo_file: Path, qapp):
    c = Controller()
    assert c.open(demo_file)
    assert c.apply([Change("leaders", ("新领导",), {})], text="添加", note="会议决定")
    with YearFile.open(demo_file, readonly=True) as yf:
        entry = yf.audit(limit=1)[0]
    assert entry.note == "会议决定" and entry.source == "录入"
    c.undo_stack.undo()
    assert "新领导" not in c.data.leaders
    c.close()


def test_merge_goes_through_controller_apply_with_note(qtbot, tmp_path: Path):
    QApplication.instance().setFont(ui_font())
    win = create_window(str(open_year_file(tmp_path / "clerk.kaoji")))
    qtbot.addWidget(win)
    [path] = returns_for(win, tmp_path, ["城管办"])
    ret = read_any_return(path)
    assert not any(s.period == "三季度" for s in win.controller.data.line_scores)
    calls = []
    original = win.controller.apply
    win.controller.apply = lambda *a, **kw: calls.append(kw) or original(*a, **kw)
    apply_merge(win.controller, ret, "return")
    assert calls and calls[0]["note"]
    entry = win.controller.yf.audit(limit=1)[0]
    assert entry.source == "合并回执" and entry.note == calls[0]["note"]
    assert win.controller.undo_stack.count() == 1
    assert any(s.period == "三季度" for s in win.controller.data.line_scores)
    win.controller.undo_stack.undo()
    assert not any(s.period == "三季度" for s in win.controller.data.line_scores)
    win.close()
