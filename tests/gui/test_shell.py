"""The window shell: models, forms, menus, settings, start-up year."""

from __future__ import annotations

import dataclasses
import filecmp
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import kaoji_desktop
from kaoji_desktop.core.entered import entered
from kaoji_desktop.core.model import DualReview
from kaoji_desktop.demo import demo_year
from kaoji_desktop.gui import file_actions
from kaoji_desktop.gui.pages import PAGES
from kaoji_desktop.store import YearFile
from tests.gui.helpers import cell

ROOT = Path(__file__).resolve().parents[2]


def test_every_table_model_passes_the_model_tester(window, qtmodeltester):
    checked = 0
    for spec in PAGES:
        page = window.page(spec.title)
        QApplication.processEvents()
        for model in page.models:
            qtmodeltester.check(model)
            for grid in page.grids:
                if grid.source is model:
                    qtmodeltester.check(grid.proxy)
            checked += 1
    forms = {"公示设置", "待办"}  # a form, a tree: no table
    assert checked >= len(PAGES) - len(forms)


def test_every_page_shows_the_demo_year(window):
    empty = []
    for spec in PAGES:
        page = window.page(spec.title)
        QApplication.processEvents()
        if page.models and page.models[0].rowCount() == 0:
            empty.append(spec.title)
    assert empty == [], f"pages without rows on the demo year: {empty}"


def test_generated_forms_match_their_ui_sources(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_ui", ROOT / "scripts" / "build_ui.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.build(tmp_path)
    assert {p.name for p in written} >= {"ui_mainwindow.py", "ui_aboutdialog.py"}
    committed = ROOT / "kaoji_desktop" / "gui" / "generated"
    for path in written:
        assert filecmp.cmp(path, committed / path.name, shallow=False), \
            f"{path.name} is stale: run scripts/build_ui.py"
        assert "do not edit" in path.read_text(encoding="utf-8").splitlines()[0]


def test_about_shows_the_version(window):
    dialog = window.about()
    assert kaoji_desktop.__version__ in dialog.ui.versionLabel.text()
    dialog.close()


def test_title_and_recent_files(window, demo_file):
    assert window.windowTitle() == f"{demo_file.name} — 考绩桌面"
    assert window.windowFilePath() == str(demo_file)
    assert window.recent_files()[0] == str(demo_file.resolve())


def test_geometry_and_columns_are_remembered(window, isolated_settings):
    page = window.page("社区排名")
    QApplication.processEvents()
    page.grid.setColumnWidth(1, 177)
    window.close()
    settings = QSettings()
    assert settings.value("geometry") is not None
    assert settings.value("columns/community_results") is not None
    assert list(isolated_settings.rglob("*.ini")), "settings must go to the isolated path"


def test_start_opens_last_file_else_a_demo_working_copy(qtbot, tmp_path, monkeypatch):
    from kaoji_desktop.gui.app import create_window

    monkeypatch.setattr(file_actions, "documents_dir", lambda: tmp_path / "docs" / "考绩桌面")
    first = create_window()
    qtbot.addWidget(first)
    copy = tmp_path / "docs" / "考绩桌面" / file_actions.DEMO_NAME
    assert first.controller.path == copy
    assert first.controller.data.organisation == demo_year().organisation
    with YearFile.open(copy, readonly=True) as yf:
        assert yf.audit()[-1].source == "演示"
    first.close()
    other = tmp_path / "other.kaoji"
    YearFile.create(other, demo_year()).close()
    second = create_window(str(other))
    qtbot.addWidget(second)
    second.close()
    third = create_window()  # the last file opened
    qtbot.addWidget(third)
    assert third.controller.path == other
    third.close()


def test_rules_page_edits_the_rule_set_and_refuses_bad_text(window, demo_file):
    page = window.page("规则参数")
    QApplication.processEvents()
    grid = page.grid
    row = next(r for r in range(grid.proxy.rowCount())
               if grid.proxy.index(r, 0).data() == "L档线（优秀/良好/合格）")
    grid.setCurrentIndex(grid.proxy.index(row, 1))
    assert grid.paste("47/43/39")
    assert window.controller.data.rules.l_bands == (Decimal(47), Decimal(43), Decimal(39))
    assert not grid.paste("47/43")
    assert "3 个数" in window.statusBar().currentMessage()
    with YearFile.open(demo_file, readonly=True) as yf:
        assert yf.load().rules.l_bands == (Decimal(47), Decimal(43), Decimal(39))


def test_deleting_a_community_is_undone_with_all_its_scores(window, demo_file):
    page = window.page("社区")
    QApplication.processEvents()
    before = window.controller.data
    name = before.communities[0].name
    row, _col = cell(page.grid, name, "社区")
    page.grid.selectRow(row)
    assert page.delete_rows()
    assert name not in [c.name for c in window.controller.data.communities]
    window.controller.undo_stack.undo()
    after = window.controller.data
    assert {s for s in after.line_scores if s.community == name} == \
        {s for s in before.line_scores if s.community == name}
    assert len(after.posts) == len(before.posts)


def test_adding_a_row_checks_the_key(window):
    page = window.page("否决事项")
    community = window.controller.data.communities[0].name
    assert page.insert({"community": community, "matter": "测试事项"})
    assert any(v.matter == "测试事项" for v in window.controller.data.vetoes)
    assert not page.insert({"community": community, "matter": "测试事项"})
    assert "已存在" in window.statusBar().currentMessage()
    assert not page.insert({"community": "没有这个社区", "matter": "x"})


def test_staff_results_filter_by_community_and_category(window):
    page = window.page("人员考绩")
    QApplication.processEvents()
    community = window.controller.data.communities[1].name
    page.community.setCurrentText(community)
    page.category.setCurrentText("C")
    rows = page.grid.proxy.rowCount()
    assert rows > 0
    for r in range(rows):
        assert page.grid.proxy.index(r, 3).data() == community
        assert page.grid.proxy.index(r, 2).data() == "C"
    expected = [s for s in window.controller.result.staff
                if s.community == community and s.category == "C"]
    assert rows == len(expected)
    assert "得分" in page.detail.toPlainText() or page.detail.toPlainText()


def test_numbers_sort_as_numbers(window):
    page = window.page("人员考绩")
    QApplication.processEvents()
    from PySide6.QtCore import Qt

    page.grid.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    values = [Decimal(page.grid.proxy.index(r, 4).data())
              for r in range(page.grid.proxy.rowCount())]
    assert values == sorted(values)


def test_half_entered_rows_count_as_not_entered():
    data = demo_year()
    person = data.dual_reviews[0].person
    partial = dataclasses.replace(data, dual_reviews=(DualReview(person, Decimal(90), None),
                                                      *data.dual_reviews[1:]))
    kept = entered(partial, every_table=True)
    assert person not in {r.person for r in kept.dual_reviews}
    assert len(kept.dual_reviews) == len(data.dual_reviews) - 1


@pytest.mark.parametrize("title", ["双述双评"])
def test_typing_one_half_of_a_pair_is_saved_and_not_scored(window, title):
    page = window.page(title)
    QApplication.processEvents()
    person = window.controller.data.dual_reviews[0].person
    row, col = cell(page.grid, person, "社区干部")
    page.grid.setCurrentIndex(page.grid.proxy.index(row, col))
    assert page.grid.paste("\t")  # clears a and b in one step
    assert person not in {r.person for r in window.controller.data.dual_reviews}
    assert page.grid.paste("88")
    row_now = next(r for r in window.controller.data.dual_reviews if r.person == person)
    assert (row_now.a, row_now.b) == (Decimal(88), None)
    scored = window.controller.result.person(person)
    assert "双述双评" in "".join(scored.missing) or scored.incomplete
