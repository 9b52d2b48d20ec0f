"""Entry ranges and hints come from the year's rule set, not fixed numbers."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication

from kaoji_desktop.gui.models import Refused


def _bounds(page, header: str) -> tuple[Decimal, Decimal]:
    model = page.grid.source
    column = next(c for c in model.columns if c.header.startswith(header))
    return column.bounds(model.rows[0] if model.rows else None)


@pytest.mark.parametrize(("title", "header", "field"), [
    ("专职条线评分", "得分(L)", "l_max"),
    ("负责人评价", "得分(H)", "h_max"),
    ("个性项目", "分值", "projects_cap"),
])
def test_ranges_follow_the_rule_set(window, title, header, field):
    rules = window.controller.data.rules
    page = window.page(title)
    assert _bounds(page, header) == (0, getattr(rules, field))
    new = getattr(rules, field) + 7
    assert window.controller.set_rules(dataclasses.replace(rules, **{field: new}))
    QApplication.processEvents()
    page = window.page(title)
    assert _bounds(page, header) == (0, new)
    # a value between the old and the new maximum is now accepted at the cell
    model = page.grid.source
    col = next(i for i, c in enumerate(model.columns) if c.header.startswith(header))
    assert model.changes_for(model.index(0, col), str(new - 1))
    with pytest.raises(Refused):
        model.changes_for(model.index(0, col), str(new + 1))


def test_hints_show_the_rule_constants(window):
    rules = window.controller.data.rules
    window.controller.set_rules(dataclasses.replace(rules, projects_cap=Decimal(30),
                                                    staff_ratio=(2, 6, 2)))
    QApplication.processEvents()
    assert "30 分" in window.page("个性项目").hint_label.text()
    assert "2:6:2" in window.page("专职条线评分").hint_label.text()
    assert "2:6:2" in window.page("负责人评价").hint.text()
    # lines add up to base_total minus projects, satisfaction and leadership
    assert "94" in window.page("条线").hint_label.text()
