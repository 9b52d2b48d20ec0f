"""Double-clicked department returns (.kjret) open the clerk's last year file
and the merge preview; Controller.apply passes an audit note."""

from __future__ import annotations

from decimal import Decimal
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


def hostile_returns(win, tmp_path: Path) -> list[Path]:
    """A return whose value is Infinity (signed with the real secret), a zip
    bomb, garbage, and one good return."""
    import json
    import zipfile

    from kaoji_desktop.exchange.packages import issue_package, make_return
    from kaoji_desktop.exchange.packages.container import MEMBER
    from kaoji_desktop.exchange.packages.fileformat import return_content, sign

    pkg = issue_package(win.controller.yf, "综治办", "三季度")
    ret = make_return(pkg, {k: pkg.maximum(k) for k in pkg.values}, signer="李", sign_date="")
    content = return_content(ret)
    content["values"][0][2] = "Infinity"
    inf = tmp_path / "无穷.kjret"
    with zipfile.ZipFile(inf, "w") as zf:
        zf.writestr(MEMBER, json.dumps(content | {"mac": sign(pkg.secret, content)}))
    bomb = tmp_path / "炸弹.kjret"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(MEMBER, "w") as fh:
        for _ in range(40):
            fh.write(b"\0" * (1024 * 1024))
    junk = tmp_path / "乱码.kjret"
    junk.write_bytes(b"PK\x03\x04" + b"\xff" * 300)
    [good] = returns_for(win, tmp_path, ["城管办"])
    return [inf, bomb, junk, good]


def test_hostile_returns_through_the_association_never_end_the_program(
        qtbot, demo_file: Path, tmp_path: Path):
    QApplication.instance().setFont(ui_font())
    first = create_window(str(open_year_file(tmp_path / "clerk.kaoji")))
    qtbot.addWidget(first)
    paths = hostile_returns(first, tmp_path)
    first.close()

    win = create_window(None, [str(p) for p in paths])  # as main() does for a double-click
    qtbot.addWidget(win)
    dialog = win.merge_dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert [line[0] for line in lines] == ["✖", "✖", "✖", "•"]
    for row, words in ((0, "不是有效的数字"), (1, "解压后过大"), (2, "损坏")):
        dialog.list.setCurrentRow(row)
        assert words in dialog.summary.text() and not dialog.merge_one.isEnabled()
    assert dialog.merge(3)  # the good one merges as if the others were not there
    dialog.close()
    win.close()


def test_window_and_cli_give_the_same_merge(qtbot, tmp_path: Path):
    """The same return merged through the window and through `kaoji merge`."""
    import shutil

    from kaoji_desktop.exchange.packages.cli import main as cli_main
    from tests.exchange.packages.pkg_helpers import data_tables

    QApplication.instance().setFont(ui_font())
    clerk = open_year_file(tmp_path / "clerk.kaoji")
    win = create_window(str(clerk))
    qtbot.addWidget(win)
    win.controller.apply([Change("line_scores", ("花柳塘社区", "城管", "一季度"),
                                 {"score": Decimal(3)})])
    [path] = returns_for(win, tmp_path, ["城管办"])
    win.close()
    copy = shutil.copy(clerk, tmp_path / "copy.kaoji")
    win = create_window(str(clerk))
    qtbot.addWidget(win)
    dialog = MergeDialog(win.controller, [path], win)
    qtbot.addWidget(dialog)
    assert dialog.merge(0)
    dialog.close()
    win.close()
    assert cli_main(["merge", str(copy), str(path)]) == 0
    assert data_tables(clerk) == data_tables(Path(copy))
    with YearFile.open(clerk, readonly=True) as a, YearFile.open(copy, readonly=True) as b:
        assert a.get_meta(next(k for (k,) in a.conn.execute(
            "SELECT key FROM meta WHERE key LIKE 'package:%'"))) is not None
        merged = [(e.source, e.table, e.key, e.field, e.old, e.new) for e in a.audit()
                  if e.source == "合并回执"]
        cli = [(e.source, e.table, e.key, e.field, e.old, e.new) for e in b.audit()
               if e.source == "合并回执"]
    assert merged == cli and merged


def test_hostile_task_package_opened_by_double_click_shows_a_message(
        qtbot, tmp_path: Path, no_modal_dialogs):
    """main() routes a .kjtask to run_department: a crafted package ends in a
    Chinese message box and exit status 1, not a crash."""
    import json
    import zipfile

    from kaoji_desktop.exchange.packages import issue_package, write_package
    from kaoji_desktop.exchange.packages.container import MEMBER
    from kaoji_desktop.gui.department import run_department

    with YearFile.open(open_year_file(tmp_path / "clerk.kaoji")) as yf:
        path = write_package(issue_package(yf, "城管办", "三季度"), tmp_path / "t.kjtask")
    content = json.loads(zipfile.ZipFile(path).read(MEMBER))
    for i, bad in enumerate(("Infinity", "sNaN", "1e400", "12.345")):
        content["l_max"] = bad
        crafted = tmp_path / f"bad{i}.kjtask"
        with zipfile.ZipFile(crafted, "w") as zf:
            zf.writestr(MEMBER, json.dumps(content))
        assert run_department(crafted) == 1
    bomb = tmp_path / "bomb.kjtask"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(MEMBER, "w") as fh:
        for _ in range(40):
            fh.write(b"\0" * (1024 * 1024))
    assert run_department(bomb) == 1
    messages = [text for kind, text in no_modal_dialogs if kind == "critical"]
    assert len(messages) == 5 and all("无法打开" in m for m in messages)
