"""Helpers for workbook tests: build, edit and inspect workbooks and year files."""

from __future__ import annotations

import re
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.store import YearFile


def demo_workbook(path: Path) -> Path:
    return dump_year(demo_year(), path)


def edit(src: Path, dst: Path, sheet: str, row: int, column: str, value: Any) -> Path:
    """Copy `src` to `dst` with one cell (by header name) set to `value`."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    head = [c.value for c in ws[1]]
    ws.cell(row=row, column=head.index(column) + 1).value = value
    wb.save(dst)
    return dst


def edit_many(src: Path, dst: Path, edits: list[tuple[str, int, str, Any]]) -> Path:
    wb = openpyxl.load_workbook(src)
    for sheet, row, column, value in edits:
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        ws.cell(row=row, column=head.index(column) + 1).value = value
    wb.save(dst)
    return dst


def find_row(path: Path, sheet: str, **match: Any) -> int:
    """Row number of the first data row whose named columns equal `match`."""
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = wb[sheet].iter_rows(values_only=True)
    head = list(next(rows))
    for number, values in enumerate(rows, start=2):
        if all(values[head.index(k)] == v for k, v in match.items()):
            wb.close()
            return number
    wb.close()
    raise AssertionError(f"no row {match} in {sheet}")


def set_cached_value(path: Path, sheet_index: int, ref: str, value: str) -> None:
    """Give the formula in cell `ref` a cached value, as Excel would on save."""
    tmp = path.with_suffix(".tmp")
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == name:
                xml = data.decode()
                pattern = rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?'
                xml, count = re.subn(pattern, rf"\1<v>{value}</v>", xml)
                assert count == 1, xml[:500]
                data = xml.encode()
            zout.writestr(item, data)
    shutil.move(tmp, path)


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (audit and meta included) and the schema version."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        out = {n: sorted(map(tuple, conn.execute(f'SELECT * FROM "{n}"')), key=repr)
               for n in names}
        out["user_version"] = [conn.execute("PRAGMA user_version").fetchone()]
        return out
    finally:
        conn.close()


def year_file(path: Path) -> Path:
    YearFile.create(path, demo_year(), source="演示").close()
    return path
