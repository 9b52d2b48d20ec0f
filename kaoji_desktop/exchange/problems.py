"""Problems found in an incoming workbook, and the cell-value parsers.

A `Problem` names where (sheet, row, column) and what, in Chinese, so the
clerk can find the cell. An import collects every problem before refusing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


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


class BadValue(ValueError):
    """A cell value that cannot be read; the message is Chinese, `hint` says
    what to do instead (may be empty)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message}（{hint}）" if hint else message)
        self.hint = hint


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


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)
PERCENT_HINT = "请直接填写数值，不要带%"


def number_text(raw: str) -> Decimal:
    """Text typed by a clerk -> Decimal: full-width digits and signs (输入法全角),
    "。" as the point, thousands separators only where they group by three.
    Raises `BadValue` for anything else (percent signs, "1_0", "1e3", "4,5")."""
    value = unicodedata.normalize("NFKC", raw).strip()
    value = value.replace("。", ".").replace("−", "-").replace("，", ",")
    if value.endswith("%"):
        raise BadValue(f"“{raw.strip()}”带百分号", PERCENT_HINT)
    if "," in value:
        if not _GROUPED.fullmatch(value):
            raise BadValue(f"“{raw.strip()}”不是有效的数字", "逗号只能作千位分隔，小数点请用“.”")
        value = value.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(value):
        raise BadValue(f"“{raw.strip()}”不是有效的数字")
    return Decimal(value)


PLACES = 2  # scores, points, months and amounts: what packages and reports carry
PLACES_HINT = "最多保留两位小数"


def check_places(value: Decimal, raw: Any, places: int = PLACES) -> Decimal:
    """Refuse more decimals than `places` (trailing zeros do not count: 4.500
    is 4.5). The window, the import and the packages all read numbers so."""
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise BadValue(f"“{text(raw)}”的小数位过多", PLACES_HINT)
    return value


def decimal(value: Any) -> Decimal:
    """A number typed as a number or as text ("47.5", full-width "４７．５")."""
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise BadValue(f"“{text(value)}”是日期或时间，不是数字",
                       "请把单元格格式设为“常规”或“数值”后重填")
    if isinstance(value, bool):
        raise BadValue(f"“{value}”不是有效的数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        result = Decimal(repr(value))
    else:
        result = number_text(str(value))
    if not result.is_finite():
        raise BadValue(f"“{value}”不是有效的数字")
    return result


def integer(value: Any) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise BadValue(f"“{text(value)}”不是整数")
    return int(number)


def fmt(value: Decimal) -> str:
    """A Decimal as the clerk would type it (no exponent, no trailing zeros)."""
    out = format(value.normalize(), "f")
    return out
