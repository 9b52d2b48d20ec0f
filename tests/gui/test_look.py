"""What the clerk sees: tier reasons on the results page, 2-decimal scores,
empty grids that say why, a fresh year's publicity marked as a draft."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kaoji_desktop.core.model import TIER_NAMES
from kaoji_desktop.gui.pages.lines import wrap
from tests.gui.helpers import find_row


def _headers(grid) -> list[str]:
    return [grid.proxy.headerData(c, Qt.Orientation.Horizontal)
            for c in range(grid.proxy.columnCount())]


def test_results_show_why_each_tier(window):
    page = window.page("社区排名")
    QApplication.processEvents()
    grid = page.grid
    basis = _headers(grid).index("等次依据")
    moved = [c for c in window.controller.result.communities if c.moves]
    assert moved  # the demo year exercises the tier rules
    for c in moved:
        row = find_row(grid, 1, c.name)
        text = grid.proxy.index(row, basis).data()
        assert c.moves[0].rule in text and TIER_NAMES[c.moves[-1].to_tier] in text
        grid.setCurrentIndex(grid.proxy.index(row, 0))
        detail = page.detail.toPlainText()
        assert c.moves[0].reason in detail and f"最终为{c.tier_name}" in detail
    plain = next(c for c in window.controller.result.communities if not c.moves)
    assert grid.proxy.index(find_row(grid, 1, plain.name), basis).data().startswith("按名次")


def test_scores_show_two_decimals_right_aligned(window):
    page = window.page("条线评分")
    QApplication.processEvents()
    index = page.grid.proxy.index(0, 1)
    assert index.data().count(".") == 1 and len(index.data().split(".")[1]) == 2
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_headers_never_end_a_line_with_an_opening_bracket():
    for name in ("党建一(组织)", "经济二(消防、安监、食安、劳保)", "综治(综合信息指挥室、司法)"):
        lines = wrap(name).split("\n")
        assert "".join(lines) == name
        assert not any(line.endswith(("(", "（")) for line in lines)


def test_empty_grid_says_what_to_do(window):
    page = window.page("满意度测评")
    QApplication.processEvents()
    assert page.ratings.grid.proxy.rowCount() == 0
    assert "添加" in page.ratings.grid.empty_text


def test_fresh_year_publicity_is_a_draft(window):
    page = window.page("公示设置")
    QApplication.processEvents()
    assert "草稿" in page.state.text()
    assert page.document().draft


def test_community_breakdown_lists_lines_in_the_measures_order():
    from kaoji_desktop.core import compute_year
    from kaoji_desktop.demo import demo_year
    from kaoji_desktop.gui.pages.results import community_breakdown

    data = demo_year()
    c = compute_year(data).communities[0]
    html = community_breakdown(c, data.rules.tier_ratio, tuple(x.name for x in data.lines))
    places = [html.index(f"条线 · {line.name}<") for line in data.lines]
    assert places == sorted(places)  # 监察 first, 人武 last, as in the measures
