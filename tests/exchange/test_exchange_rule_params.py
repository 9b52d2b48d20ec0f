"""The 规则参数 sheet follows the rule set's declared parameters (core/rules.py)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kaoji_desktop.core.model import RULE_PARAM, RULE_PARAMS
from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from tests.exchange.exchange_helpers import demo_workbook, edit, find_row


def test_the_dump_labels_each_parameter_as_the_rules_page_does(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(demo_workbook(tmp_path / "demo.xlsx"), read_only=True)
    rows = list(wb["规则参数"].iter_rows(min_row=2, values_only=True))
    wb.close()
    assert [(r[0], r[2]) for r in rows] == [(p.name, p.label) for p in RULE_PARAMS]


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("over_threshold", '"-5"', "须在0到1000分之间"),
    ("staff_ratio", "[0, 0, 0]", "不能全为0"),
    ("h_bands", '["6", "7", "9"]', "须从高到低"),
    ("a_base", '"abc"', "不是有效的A类基础分"),
])
def test_a_rule_value_out_of_bounds_is_refused_with_its_label(
        tmp_path: Path, name: str, value: str, expected: str) -> None:
    src = demo_workbook(tmp_path / "demo.xlsx")
    row = find_row(src, "规则参数", 参数=name)
    bad = edit(src, tmp_path / "bad.xlsx", "规则参数", row, "值", value)
    with pytest.raises(ImportRefused) as refused:
        parse_workbook(bad)
    messages = [p.message for p in refused.value.problems]
    assert any(expected in text for text in messages), messages
    assert all(p.sheet == "规则参数" for p in refused.value.problems)
    assert RULE_PARAM[name].label in " ".join(messages)
