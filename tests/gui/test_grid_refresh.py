"""Refreshing grids cheaply: row heights from the font (taller only where a
wrapped column needs it), cached cell text that follows every edit, hidden
pages refreshed when shown, filters done by Qt."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.models import Column, TableModel
from tests.gui.helpers import find_row


def _column(grid: GridView, header: str) -> int:
    return next(c for c in range(grid.proxy.columnCount())
                if grid.proxy.headerData(c, Qt.Orientation.Horizontal) == header)


def _needs_lines(grid: GridView, row: int, col: int) -> bool:
    text = grid.proxy.index(row, col).data()
    return grid.fontMetrics().horizontalAdvance(text) > grid.columnWidth(col) - 8


def test_only_rows_with_long_text_are_taller(window):
    page = window.page("社区排名")
    QApplication.processEvents()
    grid = page.grid
    header = grid.verticalHeader()
    default = header.defaultSectionSize()
    assert default >= grid.fontMetrics().height()
    wrapped = [_column(grid, "等次依据"), _column(grid, "说明")]
    tall = [r for r in range(grid.proxy.rowCount())
            if any(_needs_lines(grid, r, c) for c in wrapped)]
    short = [r for r in range(grid.proxy.rowCount()) if r not in tall]
    assert tall and short  # the demo year has both at 1366 px
    for r in tall:
        assert header.sectionSize(r) >= default + grid.fontMetrics().height() // 2
    for r in short:
        assert header.sectionSize(r) == default


def test_a_tall_row_stays_tall_when_sorted_and_grows_when_its_column_narrows(window):
    page = window.page("社区排名")
    QApplication.processEvents()
    grid = page.grid
    header = grid.verticalHeader()
    default = header.defaultSectionSize()
    note = _column(grid, "说明")
    tall = next(r for r in range(grid.proxy.rowCount()) if _needs_lines(grid, r, note))
    name = grid.proxy.index(tall, 1).data()
    height = header.sectionSize(tall)
    grid.sortByColumn(_column(grid, "社区"), Qt.SortOrder.DescendingOrder)
    assert header.sectionSize(find_row(grid, 1, name)) == height
    grid.horizontalHeader().setStretchLastSection(False)
    grid.setColumnWidth(note, 60)  # every 说明 but "—" needs lines now
    for r in range(grid.proxy.rowCount()):
        text = grid.proxy.index(r, note).data()
        if len(text) > 8:
            assert header.sectionSize(r) > default, text
    assert header.sectionSize(find_row(grid, 1, name)) > height


def test_hidden_result_pages_refresh_when_shown_with_the_new_scores(window):
    ranking = window.page("社区排名")
    resets = []
    ranking.models[0].refreshed.connect(lambda: resets.append(1))
    lines = window.page("条线评分")
    QApplication.processEvents()
    model = lines.models[0]
    col = next(c for c in range(model.columnCount())
               if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable)
    index = model.index(0, col)
    old = Decimal(model.data(index, Qt.ItemDataRole.EditRole))
    new = old - Decimal("0.5") if old >= Decimal("0.5") else old + Decimal("0.5")
    assert model.setData(index, str(new), Qt.ItemDataRole.EditRole)
    QApplication.processEvents()
    assert model.data(index, Qt.ItemDataRole.EditRole) == str(new)
    assert not resets  # hidden: not refreshed yet
    window.page("社区排名")
    assert resets == [1]
    grid = ranking.grid
    score = _column(grid, "条线得分")
    for c in window.controller.result.communities:
        assert grid.proxy.index(find_row(grid, 1, c.name), score).data() == f"{c.lines:.2f}"
    staff = window.page("人员考绩").grid
    for s in window.controller.result.staff[:10]:
        row = find_row(staff, 0, s.person)
        assert staff.proxy.index(row, 4).data() == f"{s.score:.2f}"


def test_filters_match_whole_text_and_clear(qapp):
    rows = [("甲", "A"), ("甲乙", "A"), ("乙", "B"), ("A", "甲")]
    model = TableModel(lambda: (rows, [Column("名", lambda r: r[0]),
                                       Column("类", lambda r: r[1])]))
    grid = GridView(model)
    model.refresh()
    proxy = grid.proxy

    def shown() -> list[tuple[str, str]]:
        return [(proxy.index(r, 0).data(), proxy.index(r, 1).data())
                for r in range(proxy.rowCount())]

    proxy.set_filter(0, "甲")
    assert shown() == [("甲", "A")]
    proxy.set_filter(1, "A")
    assert shown() == [("甲", "A")]
    proxy.set_filter(0, None)
    assert shown() == [("甲", "A"), ("甲乙", "A")]
    proxy.set_filter(1, None)
    proxy.set_filter(0, "A")  # same text, another column
    assert shown() == [("A", "甲")]
    proxy.set_filter(0, None)
    assert len(shown()) == len(rows)
    rows.append(("丙", "A"))
    proxy.set_filter(1, "A")
    model.refresh()  # the filter holds through a refresh
    assert shown() == [("甲", "A"), ("甲乙", "A"), ("丙", "A")]
    grid.deleteLater()
