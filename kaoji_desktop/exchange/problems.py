"""Problems found in an incoming workbook.

A `Problem` names where (sheet, row, column) and what, in Chinese, so the
clerk can find the cell. An import collects every problem before refusing.
Values are read by `core.values` (one reader for every route); the names
are re-exported here for the importers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kaoji_desktop.core.values import (
    PERCENT_HINT,
    PLACES,
    PLACES_HINT,
    BadValue,
    check_places,
    decimal,
    fmt,
    number_text,
)

__all__ = ["PERCENT_HINT", "PLACES", "PLACES_HINT", "BadValue", "ImportRefused", "Problem",
           "check_places", "decimal", "fmt", "integer", "is_blank", "number_text", "text"]


@dataclass(frozen=True)
class Problem:
    sheet: str  # "" for the file as a whole
    row: int  # 0 for the sheet as a whole
    column: str  # "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = ""
        if self.sheet:
            where = f"工作表「{self.sheet}」"
            if self.row:
                where += f"第{self.row}行"
            if self.column:
                where += f"「{self.column}」列"
            where += "："
        return where + self.message


class ImportRefused(Exception):
    """The workbook was refused; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as trimmed text (numbers as typed: 2017, not 2017.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value).strip()


def integer(value: Any) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise BadValue(f"“{text(value)}”不是整数")
    return int(number)
