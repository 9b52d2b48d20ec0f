"""Results workbook: the contract's sheets and columns, numbers as in compute_year,
text never turned into a formula."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.results_export import (
    COMMUNITY_COLUMNS,
    STAFF_COLUMNS,
    TALK_COLUMNS,
    export_results,
)
from tests.exchange.exchange_helpers import odd_year


def read_back(path: Path) -> dict[str, list[list[openpyxl.cell.Cell]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows()] for ws in wb}


def dec(cell) -> Decimal:
    assert cell.data_type == "n" and cell.number_format == "0.00", (cell.value, cell.number_format)
    return Decimal(repr(cell.value)).quantize(Decimal("0.01"))


def test_results_match_compute_year(tmp_path: Path):
    result = compute_year(demo_year())
    sheets = read_back(export_results(result, tmp_path / "r.xlsx"))
    assert list(sheets) == ["社区考绩结果", "人员考绩结果", "季度约谈名单"]
    rows = sheets["社区考绩结果"]
    assert [c.value for c in rows[0]] == list(COMMUNITY_COLUMNS)
    assert len(rows) == 1 + len(result.communities)
    for row, c in zip(rows[1:], result.communities, strict=True):
        assert row[0].value == c.rank and row[1].value == c.name
        assert [dec(x) for x in row[2:8]] == [c.lines, c.projects, c.satisfaction,
                                               c.leadership, c.bonus, c.total]
        assert row[8].value == c.tier_name
        for move in c.moves:
            assert move.reason in row[9].value
    rows = sheets["人员考绩结果"]
    assert [c.value for c in rows[0]] == list(STAFF_COLUMNS)
    assert len(rows) == 1 + len(result.staff)
    for row, s in zip(rows[1:], result.staff, strict=True):
        assert [row[0].value, row[1].value, row[2].value] == [s.person, s.kind, s.community]
        assert dec(row[3]) == s.score and dec(row[5]) == s.coefficient and dec(row[6]) == s.reward
        assert row[4].value == s.grade_name
    failed = [r for r in rows[1:] if r[4].value == "不合格"]
    assert len(failed) == 1 and "不合格" in failed[0][7].value
    rows = sheets["季度约谈名单"]
    assert [c.value for c in rows[0]] == list(TALK_COLUMNS)
    got = [tuple(c.value for c in r) for r in rows[1:]]
    assert got == [(t.period, t.line, t.community, t.kind, t.targets) for t in result.talks]
    assert any(r[3] == "连续末位约谈" for r in got)


@pytest.mark.parametrize("writer", ["export", "dump"])
def test_text_is_never_a_formula(tmp_path: Path, writer: str):
    data = odd_year()
    path = tmp_path / "x.xlsx"
    if writer == "export":
        export_results(compute_year(data), path)
    else:
        dump_year(data, path)
    risky = [c for rows in read_back(path).values() for r in rows for c in r
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert len(risky) >= 3
    assert all(c.data_type == "s" for c in risky), [(c.value, c.data_type) for c in risky]
    names = {c.value for c in risky}
    assert '=HYPERLINK("x")' in names and "+张三" in names
