"""Streaming reads of an .xlsx with openpyxl (read-only, cached values).

One pass over each sheet of interest. A formula that Excel never calculated
comes back as None in that pass; `formula_cells` re-reads only the sheets
where a needed value came back None, up to the last such row, to tell an
uncached formula from a blank cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from kaoji_desktop.exchange.problems import Problem, is_blank

NOT_A_WORKBOOK = "文件不是有效的Excel工作簿（.xlsx），无法读取"


def open_workbook(path: str | Path, *, formulas: bool = False) -> Workbook:
    """Open read-only; raises `ValueError` with a Chinese message on failure."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"“{path}”是一个文件夹，不是工作簿文件")
    if not path.is_file():
        raise ValueError(f"找不到文件：{path}")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=not formulas)
    except PermissionError as exc:
        raise ValueError(f"无法读取“{path.name}”：没有权限，或文件正被其他程序独占打开") from exc
    except Exception as exc:  # zip, XML or openpyxl errors: all mean "not a workbook"
        raise ValueError(f"{NOT_A_WORKBOOK}（{path.name}）{_why_not(path)}") from exc


def _why_not(path: Path) -> str:
    """A hint for the commonest non-workbooks: empty, old .xls / encrypted, text."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return ""
    if not head:
        return "：这是一个空文件（0字节）"
    if head.startswith(_OLE2):
        return ("：这是旧版Excel（.xls）文件或设有打开密码的工作簿，"
                "请在Excel中取消密码并另存为.xlsx后再导入")
    if b"\0" not in head:
        return "：这是文本（如CSV）文件，请在Excel中打开并另存为“Excel工作簿(.xlsx)”后再导入"
    return ""


_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")


def sheet_rows(wb: Workbook, name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of every non-blank row, header row included."""
    ws = wb[name]
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        for v in values:
            if not is_blank(v):
                yield number, values
                break


def formula_cells(wb: Workbook, path: str | Path,
                  cells: dict[str, set[tuple[int, int]]]) -> set[tuple[str, int, int]]:
    """Which of the given (sheet -> {(row, column index)}) cells hold a formula.

    Re-reads only those sheets, up to their last such row. The open read-only
    workbook is switched to formulas in place (openpyxl 3.1 keeps the flag in
    `_data_only` and reads it per sheet pass), which spares reloading every
    sheet; without that attribute the file is opened a second time.
    """
    found: set[tuple[str, int, int]] = set()
    if not cells:
        return found
    in_place = hasattr(wb, "_data_only")
    source = wb if in_place else open_workbook(path, formulas=True)
    if in_place:
        wb._data_only = False
    try:
        for sheet, wanted in cells.items():
            by_row: dict[int, list[int]] = {}
            for r, c in wanted:
                by_row.setdefault(r, []).append(c)
            rows = source[sheet].iter_rows(max_row=max(by_row), values_only=True)
            for number, values in enumerate(rows, start=1):
                for c in by_row.get(number, ()):
                    v = values[c] if c < len(values) else None
                    if (isinstance(v, str) and v.startswith("=")) or isinstance(
                            v, (ArrayFormula, DataTableFormula)):
                        found.add((sheet, number, c))
    finally:
        if in_place:
            wb._data_only = True
        else:
            source.close()
    return found


def workbook_problem(message: str) -> Problem:
    return Problem("", 0, "", message)
