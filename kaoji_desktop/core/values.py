"""Values as people type them: one reader and one formatter for every route.

The window's cells, the department window, the year-workbook import, the
.kjret merge and the .xlsx template all read numbers and names here, so a
value accepted on one route is accepted on every other (and `kaoji dump` →
`kaoji import` round-trips whatever was stored). Pure: no Qt, no openpyxl.

A number is finite, written without exponent, at most `PLACES` decimals
(trailing zeros do not count: 4.500 is 4.5). Negative zero ("-0", "-0.00")
is read as 0: it is what a clerk who typed it means, it compares equal to 0
already, and refusing it would only puzzle; storing it would print "-0".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

PLACES = 2  # scores, points, months and amounts: what packages and reports carry
PLACES_HINT = "最多保留两位小数"
PERCENT_HINT = "请直接填写数值，不要带%"
NAME_MAX = 100  # characters in a name (reports lay out one line)
NOTE_MAX = NAME_MAX  # characters in a note such as a department's 扣分说明 (a grid cell)
TEXT_MAX = 4000  # a number's text longer than this is not read at all
MAX_DIGITS = 15  # integer digits - 1: no score, month or amount comes near 10^16

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", re.ASCII)


class BadValue(ValueError):
    """A value that cannot be used; the message is Chinese, `hint` says what
    to do instead (may be empty)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message}（{hint}）" if hint else message)
        self.message = message
        self.hint = hint


def shown(raw: object) -> str:
    """A raw value as quoted in a message (numbers as typed, long text cut)."""
    out = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    return out if len(out) <= 40 else out[:40] + "…"


def number_text(raw: str) -> Decimal:
    """Text typed by a clerk -> Decimal: full-width digits and signs (输入法全角),
    "。" as the point, thousands separators only where they group by three.
    Raises `BadValue` for anything else ("10%", "1_0", "1e3", "4,5", "NaN",
    "Infinity"); the result is finite, without exponent, never -0."""
    if len(raw) > TEXT_MAX:
        raise BadValue("数字过长")
    value = unicodedata.normalize("NFKC", raw).strip()
    value = value.replace("。", ".").replace("−", "-").replace("，", ",")
    if value.endswith("%"):
        raise BadValue(f"“{shown(raw)}”带百分号", PERCENT_HINT)
    if "," in value:
        if not _GROUPED.fullmatch(value):
            raise BadValue(f"“{shown(raw)}”不是有效的数字", "逗号只能作千位分隔，小数点请用“.”")
        value = value.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(value):
        raise BadValue(f"“{shown(raw)}”不是有效的数字")
    return _checked(Decimal(value), raw)


def decimal(raw: object) -> Decimal:
    """A number given as a number or as text ("47.5", full-width "４７．５");
    refuses dates, booleans, non-finite and exponent-sized values."""
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        raise BadValue(f"“{shown(raw)}”是日期或时间，不是数字",
                       "请把单元格格式设为“常规”或“数值”后重填")
    if isinstance(raw, bool):
        raise BadValue(f"“{raw}”不是有效的数字")
    if isinstance(raw, int):
        result = Decimal(raw)
    elif isinstance(raw, float):
        try:
            result = Decimal(repr(raw))
        except InvalidOperation:  # pragma: no cover - repr of a float always parses
            raise BadValue(f"“{shown(raw)}”不是有效的数字") from None
    elif isinstance(raw, Decimal):
        result = raw
    elif isinstance(raw, str):
        return number_text(raw)
    else:
        raise BadValue(f"“{shown(raw)}”不是有效的数字")
    return _checked(result, raw)


def check_places(value: Decimal, raw: object, places: int = PLACES) -> Decimal:
    """Refuse more decimals than `places` (trailing zeros do not count)."""
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -places:
        raise BadValue(f"“{shown(raw)}”的小数位过多", PLACES_HINT)
    return value


def check_range(value: Decimal, low: Decimal | None, high: Decimal | None,
                label: str = "") -> Decimal:
    """Refuse a value outside [low, high] (either bound may be open)."""
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "" if low is None else fmt(low)
        hi = "" if high is None else fmt(high)
        raise BadValue(f"{label}{fmt(value)}超出范围[{lo}, {hi}]")
    return value


def number(raw: object, low: Decimal | None = None, high: Decimal | None = None, *,
           places: int | None = PLACES, label: str = "") -> Decimal:
    """The whole check of a number: readable, finite, `places` decimals, in range."""
    value = decimal(raw)
    if places is not None:
        check_places(value, raw, places)
    return check_range(value, low, high, label)


def score(raw: object, high: Decimal) -> Decimal | None:
    """A score in [0, high] with at most two decimals; blank -> None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return normalise(number(raw, Decimal(0), high))


def name(raw: object, what: str = "名称", limit: int = NAME_MAX) -> str:
    """A name (community, line, person …): trimmed text of at most `limit` characters."""
    text = "" if raw is None else str(raw).strip()
    if len(text) > limit:
        raise BadValue(f"{what}过长（{len(text)}个字），最多{limit}个字")
    return text


def note(raw: object, limit: int = NOTE_MAX) -> str:
    """A free note (扣分说明 …): trimmed, at most `limit` characters, one line."""
    text = " ".join(("" if raw is None else str(raw)).split())
    if len(text) > limit:
        raise BadValue(f"说明过长（{len(text)}个字），最多{limit}个字")
    return text


def normalise(value: Decimal) -> Decimal:
    """Drop trailing zeros without going to exponent form (9.50 -> 9.5, 10.0 -> 10)."""
    if not value.is_finite():
        return value
    out = value.normalize()
    exponent = out.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        out = Decimal(format(out, "f"))  # 1E+1 -> 10
    return _no_negative_zero(out)


def fmt(value: Decimal | None) -> str:
    """A Decimal as the clerk would type it: no exponent, no trailing zeros,
    never "-0"; "" for None. Total: a non-finite value shows as itself."""
    if value is None:
        return ""
    if not value.is_finite():
        return str(value)
    return format(normalise(value), "f")


def _checked(value: Decimal, raw: object) -> Decimal:
    if not value.is_finite():
        raise BadValue(f"“{shown(raw)}”不是有效的数字")
    if not value.is_zero() and value.adjusted() > MAX_DIGITS:
        raise BadValue(f"“{shown(raw)}”数值过大")
    return _no_negative_zero(value)


def _no_negative_zero(value: Decimal) -> Decimal:
    return value.copy_abs() if value.is_zero() and value.is_signed() else value
