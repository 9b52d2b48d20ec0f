"""The clerk's side in the main window: menu entries, package export, the merge
preview dialog, undo of a merge, drag-and-drop of returns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from kaoji_desktop.exchange.packages import (
    CONFLICT,
    issue_package,
    make_return,
    read_package,
    read_template,
    write_return,
)
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.gui.merge_dialog import MergeDialog
from kaoji_desktop.gui.package_dialogs import PackageExportDialog
from kaoji_desktop.store import Change
from tests.gui.test_department import open_year_file

D = Decimal


@pytest.fixture
def clerk(qtbot, tmp_path: Path):
    from kaoji_desktop.gui.app import create_window

    QApplication.instance().setFont(ui_font())
    win = create_window(str(open_year_file(tmp_path / "clerk.kaoji")))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def third_quarter(controller, community: str, line: str) -> Decimal | None:
    return next((s.score for s in controller.data.line_scores
                 if (s.community, s.line, s.period) == (community, line, "三季度")), None)


def returns_for(clerk, tmp_path: Path, depts: list[str]) -> list[Path]:
    out = []
    for i, dept in enumerate(depts):
        pkg = issue_package(clerk.controller.yf, dept, "三季度")
        values = {k: pkg.maximum(k) * D("0.9") for k in pkg.values}
        ret = make_return(pkg, values, signer=f"领导{i}", sign_date="2017-10-09")
        out.append(write_return(ret, tmp_path / f"{dept}.kjret"))
    return out


def test_file_menu_has_package_entries(clerk):
    texts = [a.text() for a in clerk.ui.menuFile.actions()]
    assert "生成科室任务包…" in texts and "导入科室回执…" in texts
    assert all(a.isEnabled() for a in clerk.package_actions)


@pytest.mark.parametrize("excel", [False, True])
def test_export_dialog_issues_package(clerk, tmp_path: Path, excel: bool):
    dialog = PackageExportDialog(clerk.controller, clerk)
    dialog.dept.setCurrentText("城管办")
    periods = [dialog.period.itemData(i) for i in range(dialog.period.count())]
    assert periods == ["一季度", "二季度", "三季度", "四季度", "年度人员"]
    dialog.period.setCurrentIndex(2)
    dialog.format.setCurrentIndex(1 if excel else 0)
    assert dialog.suggested_name().endswith(".xlsx" if excel else ".kjtask")
    path = dialog.export(tmp_path / dialog.suggested_name())
    if excel:  # read back as a return, which must be signed
        from openpyxl import load_workbook
        wb = load_workbook(path)
        wb["填写说明"]["B12"] = "张华"
        wb.save(path)
    got = read_template(path) if excel else read_package(path)
    assert (got.dept, got.period) == ("城管办", "三季度")
    assert all(v is None for v in got.values.values())  # nothing scored yet


def test_merge_dialog_previews_merges_and_undoes(clerk, qtbot, tmp_path: Path):
    paths = returns_for(clerk, tmp_path, ["城管办", "人武部"])
    bad = tmp_path / "坏.kjret"
    bad.write_bytes(b"damaged")
    dialog = MergeDialog(clerk.controller, [*paths, bad], clerk)
    qtbot.addWidget(dialog)
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert lines[0].startswith("• 城管办.kjret：新增 7")
    assert lines[2].startswith("✖ 坏.kjret")
    dialog.list.setCurrentRow(2)
    assert "损坏" in dialog.summary.text() and not dialog.merge_one.isEnabled()
    dialog.list.setCurrentRow(0)
    assert dialog.table.rowCount() == 7
    assert dialog.table.item(0, 3).text() == "新增"
    assert dialog.merge_everything() == 2
    assert third_quarter(clerk.controller, "花柳塘社区", "城管") == D("10.8")
    assert third_quarter(clerk.controller, "花柳塘社区", "人武") == D("1.8")
    notes = {a.note for a in clerk.controller.yf.audit() if a.source == "合并回执"}
    assert any("领导0" in n for n in notes) and any("领导1" in n for n in notes)
    clerk.controller.undo_stack.undo()  # the last merge (人武部) goes back
    assert third_quarter(clerk.controller, "花柳塘社区", "人武") is None
    assert third_quarter(clerk.controller, "花柳塘社区", "城管") == D("10.8")


def test_conflict_needs_a_choice(clerk, qtbot, tmp_path: Path):
    [path] = returns_for(clerk, tmp_path, ["城管办"])
    clerk.controller.apply([Change("line_scores", ("花柳塘社区", "城管", "三季度"),
                                   {"score": D(5)})])
    dialog = MergeDialog(clerk.controller, [path], clerk)
    qtbot.addWidget(dialog)
    assert dialog.items[0].preview.counts[CONFLICT] == 1
    assert dialog.policy.isEnabled()
    assert not dialog.merge(0)
    assert "冲突" in dialog.summary.text()
    assert third_quarter(clerk.controller, "虞师里社区", "城管") is None  # nothing applied
    dialog.items[0].error = ""
    dialog.recheck()
    dialog.list.setCurrentRow(0)
    dialog.policy.setCurrentIndex(1)  # 以回执为准
    assert dialog.merge(0)
    assert third_quarter(clerk.controller, "花柳塘社区", "城管") == D("10.8")


def test_dropping_returns_opens_the_merge_dialog(clerk, qtbot, tmp_path: Path):
    paths = returns_for(clerk, tmp_path, ["城管办"])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(clerk, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(clerk, drop)
    dialogs = list(clerk.findChildren(MergeDialog))
    assert len(dialogs) == 1
    assert dialogs[0].items[0].preview is not None
    dialogs[0].close()


def test_package_list_shows_superseded_and_revokes_undoably(clerk, qtbot, tmp_path: Path):
    from kaoji_desktop.gui.package_dialogs import PackageListDialog

    [old] = returns_for(clerk, tmp_path, ["城管办"])
    [new] = returns_for(clerk, tmp_path, ["综治办"])
    newer = issue_package(clerk.controller.yf, "城管办", "三季度")  # supersedes the first
    dialog = PackageListDialog(clerk.controller, clerk)
    qtbot.addWidget(dialog)
    rows = {(dialog.table.item(r, 1).text(), dialog.table.item(r, 5).text()): r
            for r in range(dialog.table.rowCount())}
    superseded = rows[("城管办", f"已被 {newer.package_id[:8]} 取代")]
    assert sorted(state for _, state in rows) == [f"已被 {newer.package_id[:8]} 取代",
                                                  "等待回执", "等待回执"]
    dialog.table.setCurrentCell(superseded, 0)
    assert not dialog.revoke_button.isEnabled()  # superseded already
    zong = rows[("综治办", "等待回执")]
    dialog.table.setCurrentCell(zong, 0)
    assert dialog.revoke_button.isEnabled() and dialog.revoke_current()
    assert dialog.table.item(zong, 5).text() == "已作废"
    merge = MergeDialog(clerk.controller, [old, new], clerk)
    qtbot.addWidget(merge)
    assert "取代" in merge.items[0].error and "作废" in merge.items[1].error
    clerk.controller.undo_stack.undo()  # the revocation
    merge.recheck()
    assert merge.items[1].ok

