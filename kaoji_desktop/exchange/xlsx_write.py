"""Writing cells safely: text is always text, never a formula.

A name like "=SUM(A1)" or "-1号楼" typed by a clerk must come back out as
the same text (CSV/formula injection): every str is written as a string
cell, whatever its first character. Decimals become numbers when a float
holds them exactly, else text (so nothing is lost).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kaoji_desktop.exchange.fileerrors import FileProblem, check_output, os_message

TWO_DECIMALS = "0.00"
_BOLD = Font(bold=True)


def number(value: Decimal | int) -> int | float | str:
    """A number for a cell: int or float when exact, else text."""
    if isinstance(value, int):
        return value
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return as_float
    return str(value)


def cell(ws: WriteOnlyWorksheet, value: Any, number_format: str | None = None) -> WriteOnlyCell:
    """A cell of `value`; `number_format` applies to Decimal values (scores)."""
    score = isinstance(value, Decimal)
    if score:
        value = number(value)
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        c.data_type = "s"  # never a formula, whatever the first character
    elif score and number_format:
        c.number_format = number_format
    return c


def add_sheet(wb: Workbook, title: str, columns: Sequence[str],
              rows: Iterable[Sequence[Any]], *, widths: Sequence[int] | None = None,
              number_format: str | None = None) -> None:
    """One sheet: a bold header row, then the rows."""
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths or [max(10, 2 * len(c) + 4) for c in columns]):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = "A2"
    head = []
    for name in columns:
        c = WriteOnlyCell(ws, value=name)
        c.font = _BOLD
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append([cell(ws, v, number_format) for v in row])


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def save_atomically(wb: Workbook, out: str | Path) -> Path:
    """Save next to the target, then rename over it: no half-written file."""
    out = Path(out)
    try:
        check_output(out, "工作簿")
        fd, tmp = tempfile.mkstemp(prefix=".kaoji-", suffix=".xlsx", dir=out.parent)
    except OSError as exc:
        _discard(wb)
        raise FileProblem(exc.errno, os_message(exc, out), out) from exc
    except BaseException:
        _discard(wb)
        raise
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; an export is a normal file
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileProblem(exc.errno, os_message(exc, out), out) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _discard(wb: Workbook) -> None:
    """Close a write-only workbook's pending sheet streams without saving."""
    for ws in wb.worksheets:
        if not ws.closed:
            ws.close()
