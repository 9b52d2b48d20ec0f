"""A new (empty) year guides: the 待办 page lists what is missing and leads to
the cell, result pages say 未完成 and show no money, 考绩流程 does not offer
the next stage; the demo year says what it is."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import demo_year
from kaoji_desktop.gui import file_actions
from kaoji_desktop.gui.pages.lines import line_header
from kaoji_desktop.gui.pages.todo import ITEM_ROLE, TodoPage, missing_items
from kaoji_desktop.store import YearFile


@pytest.fixture
def new_year(window, tmp_path: Path):
    """The demo's settings and people carried over to 2018, nothing entered."""
    path = tmp_path / "2018年度考绩.kaoji"
    data = file_actions.carried_over(demo_year(), 2018, "大南街道", people=True)
    YearFile.create(path, data).close()
    assert window.controller.open(path)
    QApplication.processEvents()
    return window


def _leaf(page: TodoPage, text: str):
    tree = page.tree
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        if item.data(0, ITEM_ROLE) is not None and item.text(0) == text:
            return item
        stack.extend(item.child(i) for i in range(item.childCount()))
    raise AssertionError(f"no to-do item {text}")


def test_the_todo_list_matches_what_the_core_finds_missing():
    data = file_actions.carried_over(demo_year(), 2018, "大南街道", people=True)
    result = compute_year(data)
    items = missing_items(data)
    per_community = Counter(m.community for m in items if not m.person)
    for c in result.communities:
        assert per_community[c.name] == len(c.missing), c.name
    own = Counter(m.person for m in items if m.person)
    for s in result.staff:
        assert own[s.person] == len([m for m in s.missing if not m.startswith("所在社区")])
    assert missing_items(demo_year()) == []  # the demo year is complete


def test_a_new_year_lists_missing_data_grouped_in_community_order(new_year):
    window = new_year
    page = window.page("待办")
    assert isinstance(page, TodoPage)
    data = window.controller.data
    lines, communities = len(data.lines), len(data.communities)
    tree = page.tree
    tops = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert tops[:4] == ["条线评分", "个性项目", "满意度测评", "领导评价"]
    assert tree.topLevelItem(0).text(1) == f"{lines * 4 * communities} 项"
    first_period = tree.topLevelItem(0).child(0)
    assert first_period.text(0) == "一季度"
    department = first_period.child(0)
    assert department.text(0) == data.lines[0].department
    names = [department.child(i).text(0).split("：")[0] for i in range(department.childCount())]
    assert names == [c.name for c in data.communities]  # community order
    assert f"待办 {len(page.items)} 项" in window.todo_label.text()
    banner = window.ui.incompleteBanner
    assert banner.isVisible() and "尚有" in banner.text() and len(banner.text()) < 120


def test_enter_on_an_item_goes_to_its_cell_and_typing_there_clears_it(new_year, qtbot):
    window = new_year
    page = window.page("待办")
    data = window.controller.data
    community, line = data.communities[2].name, data.lines[3]
    before = len(page.items)
    leaf = _leaf(page, f"{community}：{line.name} 二季度未评分")
    page.tree.setFocus()
    page.tree.setCurrentItem(leaf)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()
    lines_page = window.page("条线评分")
    assert window.ui.pages.currentWidget() is lines_page
    assert lines_page.period.currentText() == "二季度"
    grid = lines_page.grid
    current = grid.currentIndex()
    assert grid.proxy.index(current.row(), 0).data() == community
    header = grid.proxy.headerData(current.column(), Qt.Orientation.Horizontal)
    assert header == line_header(line)
    assert QApplication.focusWidget() is grid
    qtbot.keyClick(QApplication.focusWidget(), "5")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    QApplication.processEvents()
    page = window.page("待办")
    assert len(page.items) == before - 1
    with pytest.raises(AssertionError):
        _leaf(page, f"{community}：{line.name} 二季度未评分")


def test_double_click_on_a_staff_item_selects_the_person(new_year):
    window = new_year
    page = window.page("待办")
    person = next(m for m in page.items if m.page == "负责人评价").person
    page.tree.itemActivated.emit(_leaf(page, f"{person}：负责人评价未录入"), 0)
    QApplication.processEvents()
    grid = window.page("负责人评价").grid
    current = grid.currentIndex()
    assert grid.proxy.index(current.row(), 0).data() == person
    assert str(grid.proxy.headerData(current.column(), Qt.Orientation.Horizontal)) == "得分(H)"


def _rows(grid) -> list[dict[str, str]]:
    """The shown rows as {header: text}."""
    proxy = grid.proxy
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    return [{h: proxy.index(r, c).data() for c, h in enumerate(headers)}
            for r in range(proxy.rowCount())]


def test_results_of_a_new_year_say_unfinished_and_show_no_money(new_year):
    window = new_year
    staff = window.page("人员考绩")
    rows = _rows(staff.grid)
    assert len(rows) == len(window.controller.result.staff)
    for row in rows:
        assert row["档次"] == "未完成"
        assert row["奖励金额"] == "—" and row["奖金系数"] == "—"
        assert row["得分"] == "—"  # nobody's own scores are in
    assert "未完成" in staff.notice.text()
    assert "一档22人" not in staff.notice.text()  # no overflow noise on a draft
    communities = window.page("社区排名")
    rows = _rows(communities.grid)
    assert len(rows) == len(window.controller.data.communities)
    for row in rows:
        assert row["等次"] == "未完成"
        assert row["总分"] == "—" and row["满意度"] == "—" and row["条线得分"] == "—"
        assert row["数据"] == "未完成"
    assert "第一等次" not in communities.detail.toPlainText().split("等次：")[0]


def test_the_procedure_does_not_offer_the_next_stage_while_data_are_missing(new_year):
    window = new_year
    page = window.page("考绩流程")
    assert not page.advance_button.isEnabled()
    assert "科室评分未录入" in page.blockers.text()
    assert not page.advance()
    from kaoji_desktop.store import lifecycle

    assert lifecycle.stage(window.controller.yf) == "草稿"


def test_the_demo_year_says_so_and_is_never_carried_over(window, tmp_path):
    assert window.demo_banner.isVisible()
    assert "这是演示年度" in window.demo_banner.text.text()
    buttons = [b.text() for b in (window.demo_banner.new_button,
                                  window.demo_banner.import_button,
                                  window.demo_banner.open_button)]
    assert buttons == ["新建年度…", "导入工作簿…", "打开…"]
    dialog = file_actions.new_year(window)
    assert dialog.previous.text() == ""  # the demo is not proposed
    dialog.reject()
    real = tmp_path / "2017年度考绩.kaoji"
    YearFile.create(real, demo_year()).close()
    assert window.controller.open(real)
    QApplication.processEvents()
    assert not window.demo_banner.isVisible()
    demo = tmp_path / "演示年度.kaoji"
    assert window.controller.open(demo)
    dialog = file_actions.new_year(window)
    assert dialog.previous.text() == str(real.resolve())  # the last real year
    dialog.reject()


def test_the_banner_leads_to_the_todo_page(new_year, qtbot):
    window = new_year
    window.page("社区排名")
    banner = window.ui.incompleteBanner
    qtbot.mouseClick(banner, Qt.MouseButton.LeftButton)
    assert window.ui.pages.currentWidget() is window.page("待办")
    assert window.ui.navTree.topLevelItem(0).text(0) == "待办"  # listed first


def test_import_from_the_demo_banner_makes_a_new_year_file(window, demo_file, tmp_path,
                                                           monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from kaoji_desktop.exchange.dump import dump_year

    data = file_actions.carried_over(demo_year(), 2019, "大南街道", people=True)
    xlsx = tmp_path / "2019年度数据.xlsx"
    dump_year(data, xlsx)
    target = tmp_path / "2019年度考绩.kaoji"
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(xlsx), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    before = demo_file.read_bytes()
    window.demo_banner.import_button.click()
    QApplication.processEvents()
    assert window.controller.path == target
    assert window.controller.data.year == 2019
    assert not window.demo_banner.isVisible()
    assert demo_file.read_bytes() == before  # the demo year is not replaced
    # the demo file itself is refused as the target
    assert window.controller.open(demo_file)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(demo_file), "")))
    assert not file_actions.import_as_new_year(window)
    assert "不能用导入的数据替换" in window.statusBar().currentMessage()


def test_half_entered_rows_are_listed_at_the_missing_cell():
    import dataclasses

    from kaoji_desktop.core.model import DualReview, LeaderScore, LineScore, Project

    base = demo_year()
    a_person = next(r.person for r in base.dual_reviews)
    community = base.communities[0].name
    line = base.lines[0].name
    data = dataclasses.replace(
        base,
        dual_reviews=tuple(DualReview(r.person, r.a, None) if r.person == a_person else r
                           for r in base.dual_reviews),
        line_scores=tuple(LineScore(s.community, s.line, s.period, None)
                          if (s.community, s.line, s.period) == (community, line, "一季度") else s
                          for s in base.line_scores),
        leader_scores=(*base.leader_scores, LeaderScore(community, "新成员", None)),
        leaders=(*base.leaders, "新成员"),
        projects=(*base.projects, Project(community, "亮点", "新项目", None)),
    )
    items = missing_items(data)
    where = {(m.page, m.row, m.column) for m in items}
    assert ("双述双评", (a_person,), "街道评价") in where
    assert ("条线评分", (community,), line_header(base.lines[0])) in where
    assert ("领导评价", (community,), "新成员") in where
    assert ("个性项目", (community, "新项目"), "得分") in where
    # one review, one line score, the project, and 新成员 for every community
    assert len(items) == 3 + len(base.communities)
    assert compute_year(data).complete is False


def test_an_item_without_a_cell_opens_its_page_and_says_what_to_add(new_year):
    window = new_year
    page = window.page("待办")
    name = window.controller.data.communities[-1].name  # not the dialog's first choice
    page.tree.itemActivated.emit(_leaf(page, f"{name}：个性项目未录入（点“添加…”）"), 0)
    QApplication.processEvents()
    assert window.ui.pages.currentWidget() is window.page("个性项目")
    assert "个性项目未录入" in window.statusBar().currentMessage()
    from PySide6.QtWidgets import QComboBox, QDialog

    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QDialog) and w.isVisible() and "个性项目" in w.windowTitle())
    assert dialog.findChild(QComboBox).currentText() == name  # for that community
    dialog.reject()
