"""操作记录: every change described in Chinese, filterable, exported to Excel."""

from __future__ import annotations

import datetime as dt

import openpyxl

from kaoji_desktop.exchange.audit_export import COLUMNS, export_audit
from kaoji_desktop.store import Change
from kaoji_desktop.store.audit_log import describe, filter_entries


def _rows(yf):
    return [describe(e) for e in yf.audit()]


def test_change_described_with_table_key_field_old_new(yf):
    row = yf.rows("line_scores")[0]
    key = (row["community"], row["line"], row["period"])
    yf.apply([Change("line_scores", key, {"score": "1.5"})], source="粘贴", note="从表格粘贴")
    r = _rows(yf)[0]
    assert r.what == f"条线得分 · {' / '.join(key)} · 得分"
    assert (r.old, r.new) == (str(row["score"]), "1.5")
    assert r.source == "粘贴" and r.operator == "测试员" and r.note == "从表格粘贴"
    assert "T" not in r.time and r.time[:4].isdigit()


def test_meta_and_whole_table_rows_are_readable(yf):
    yf.set_meta("organisation", "新街道", source="录入")
    assert _rows(yf)[0].what == "年度设置 · 单位"
    created = [r for r in _rows(yf) if r.source == "新建"]
    assert any(r.what == "社区（整表）" and r.new.endswith("行") for r in created)


def test_filters(yf):
    yf.set_meta("organisation", "甲", source="录入")
    yf.set_meta("organisation", "乙", source="撤销")
    rows = _rows(yf)
    assert [r.new for r in filter_entries(rows, source="撤销")] == ["乙"]
    assert {r.source for r in filter_entries(rows, text="单位")} == {"录入", "撤销"}
    assert filter_entries(rows, operator="别人") == []
    today = dt.date.today()
    assert len(filter_entries(rows, since=today, until=today)) == len(rows)
    assert filter_entries(rows, until=today - dt.timedelta(days=1)) == []


def test_export_writes_every_row(yf, tmp_path):
    yf.set_meta("organisation", "甲", source="录入")
    rows = _rows(yf)
    out = export_audit(rows, tmp_path / "操作记录.xlsx")
    ws = openpyxl.load_workbook(out)["操作记录"]
    values = list(ws.values)
    assert values[0] == COLUMNS
    assert len(values) == len(rows) + 1
    assert values[1][3] == "年度设置 · 单位" and values[1][5] == "甲"
