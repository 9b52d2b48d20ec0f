"""Names and notes beginning with = + - @ go to Excel as text, never formulas."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import openpyxl

from kaoji_desktop.core import compute_year
from kaoji_desktop.exchange.audit_export import export_audit
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.results_export import export_results
from kaoji_desktop.store import Change
from kaoji_desktop.store.audit_log import describe

DANGEROUS = ("=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A2)",
             "=cmd|' /C calc'!A0")


def _rename(data, old: str, new: str, attr: str):
    """Rename a community or person everywhere in the year."""
    out = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
            value = tuple(dataclasses.replace(x, **{a: new for a in (attr, "name")
                                                  if getattr(x, a, None) == old
                                                  and (a == attr or f.name == "communities")})
                          for x in value)
        out[f.name] = value
    return dataclasses.replace(data, **out)


def _assert_text_everywhere(path: Path, expected: set[str]) -> None:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)
    found = set()
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value in expected:
                    assert c.data_type == "s"
                    found.add(c.value)
    assert found == expected


def test_results_export(demo_data, tmp_path):
    data = _rename(demo_data, demo_data.communities[0].name, DANGEROUS[0], "community")
    person = demo_data.posts[0].person
    data = _rename(data, person, DANGEROUS[1], "person")
    out = export_results(compute_year(data), tmp_path / "r.xlsx")
    _assert_text_everywhere(out, {DANGEROUS[0], DANGEROUS[1]})


def test_dump(demo_data, tmp_path):
    data = _rename(demo_data, demo_data.communities[1].name, DANGEROUS[2], "community")
    bonus = dataclasses.replace(data.bonus_items[0], note=DANGEROUS[3])
    vetoes = tuple(dataclasses.replace(v, note=DANGEROUS[4]) for v in data.vetoes[:1])
    data = dataclasses.replace(data, bonus_items=(bonus, *data.bonus_items[1:]),
                               vetoes=vetoes + data.vetoes[1:])
    out = dump_year(data, tmp_path / "d.xlsx")
    _assert_text_everywhere(out, {DANGEROUS[2], DANGEROUS[3], DANGEROUS[4]})


def test_audit_export(yf, tmp_path):
    item = yf.rows("bonus_items")[0]
    yf.apply([Change("bonus_items", (item["community"], item["item"]), {"note": DANGEROUS[0]})],
             source="录入", note=DANGEROUS[3])
    yf.set_meta("organisation", DANGEROUS[1], source="录入")
    out = export_audit([describe(e) for e in yf.audit()], tmp_path / "a.xlsx")
    _assert_text_everywhere(out, {DANGEROUS[0], DANGEROUS[1], DANGEROUS[3]})
