"""Row-by-row checks of an incoming sheet, collecting every problem.

`Collector` holds the problems of a whole workbook and the cells that came
back empty (to tell an uncached formula from a blank cell afterwards).
`Row` reads one row's cells by column name, checks them and notes problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from kaoji_desktop.core import values
from kaoji_desktop.exchange.problems import BadValue, Problem, is_blank, text
from kaoji_desktop.exchange.workbook_spec import SheetSpec

# columns holding a name (a key or a reference to one): at most values.NAME_MAX
NAME_COLUMNS = frozenset({"社区", "条线", "姓名", "项目名称", "项目", "评价人", "联系领导",
                          "责任科室", "指导科室", "单位", "事项"})
FORMULA_UNCACHED = "公式没有已计算的值（请在Excel中打开并保存后再导入）"


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem | None] = []
        # (sheet, row, column index) -> (column name, index of its "empty" problem or None)
        self.blanks: dict[tuple[str, int, int], tuple[str, int | None]] = {}

    def add(self, problem: Problem) -> int:
        self.problems.append(problem)
        return len(self.problems) - 1

    def blank_cells(self) -> dict[str, set[tuple[int, int]]]:
        out: dict[str, set[tuple[int, int]]] = {}
        for sheet, row, col in self.blanks:
            out.setdefault(sheet, set()).add((row, col))
        return out

    def mark_formulas(self, formulas: Iterable[tuple[str, int, int]]) -> None:
        """Turn the empty-cell findings of uncached formulas into formula problems."""
        for sheet, row, col in formulas:
            name, index = self.blanks[(sheet, row, col)]
            problem = Problem(sheet, row, name, FORMULA_UNCACHED)
            if index is None:
                self.add(problem)
            else:
                self.problems[index] = problem

    def result(self) -> list[Problem]:
        return [p for p in self.problems if p is not None]


def header(spec: SheetSpec, values: tuple[Any, ...], out: Collector) -> dict[str, int] | None:
    """Column name -> index from row 1; None (with problems) if a required one is missing."""
    columns: dict[str, int] = {}
    for i, v in enumerate(values):
        name = text(v)
        if name and name not in columns:
            columns[name] = i
    missing = [c for c in spec.required if c not in columns]
    unknown = [c for c in columns if c not in spec.columns]
    found = f"（第1行中未识别的列名：{'、'.join(f'“{c}”' for c in unknown)}；列名须与模板一致）" \
        if unknown else ""
    for c in missing:
        out.add(Problem(spec.name, 1, c, "缺少必需的列" + found))
    return None if missing else columns


class Row:
    __slots__ = ("cols", "line_no", "out", "sheet", "values")

    def __init__(self, sheet: str, number: int, values: tuple[Any, ...],
                 cols: dict[str, int], out: Collector) -> None:
        self.sheet, self.line_no, self.values, self.cols, self.out = (
            sheet, number, values, cols, out)

    def problem(self, column: str, message: str) -> None:
        self.out.add(Problem(self.sheet, self.line_no, column, message))

    def raw(self, column: str, required: bool) -> Any:
        i = self.cols.get(column)
        if i is None:
            return None
        v = self.values[i] if i < len(self.values) else None
        if is_blank(v):
            index = self.out.add(Problem(self.sheet, self.line_no, column, "不能为空")) \
                if required else None
            self.out.blanks[(self.sheet, self.line_no, i)] = (column, index)
            return None
        return v

    def raw_blank(self, column: str) -> bool:
        """Whether the cell is absent or blank (nothing noted)."""
        i = self.cols.get(column)
        return i is None or i >= len(self.values) or is_blank(self.values[i])

    def text(self, column: str, required: bool = True) -> str:
        value = text(self.raw(column, required))
        if column in NAME_COLUMNS:
            try:
                values.name(value, f"“{column}”")
            except BadValue as exc:
                self.problem(column, str(exc))
                return ""
        return value

    def choice(self, column: str, options: Iterable[str], *, required: bool = True,
               default: str | None = None) -> str | None:
        v = self.raw(column, required)
        if v is None:
            return default
        value = text(v)
        options = tuple(options)
        if value not in options:
            self.problem(column, f"“{value}”无效，应为{'/'.join(options)}之一")
            return None
        return value

    def number(self, column: str, low: Decimal | None = None, high: Decimal | None = None,
               *, required: bool = True, integral: bool = False,
               label: str = "") -> Decimal | None:
        v = self.raw(column, required)
        if v is None:
            return None
        try:
            value = values.number(v, places=None if integral else values.PLACES)
            if integral and value != value.to_integral_value():
                raise BadValue(f"“{text(v)}”不是整数")
            return values.check_range(value, low, high, label or column)
        except BadValue as exc:
            self.problem(column, str(exc))
            return None

    def known(self, column: str, names: set[str] | dict[str, Any], what: str,
              where: str) -> str | None:
        """A required name that must be one of `names` (e.g. a community)."""
        value = self.text(column)
        if not value:
            return None
        if value not in names:
            self.problem(column, f"未知{what}“{value}”（不在「{where}」工作表中）")
            return None
        return value


class Keys:
    """Duplicate-key detection within one sheet."""

    def __init__(self, sheet: str, columns: str, out: Collector) -> None:
        self.seen: dict[tuple[Any, ...], int] = {}
        self.sheet, self.columns, self.out = sheet, columns, out

    def fresh(self, row: Row, key: tuple[Any, ...]) -> bool:
        if any(k is None or k == "" for k in key):
            return False
        first = self.seen.setdefault(key, row.line_no)
        if first != row.line_no:
            row.problem("", f"与第{first}行重复（{self.columns}相同）")
            return False
        return True
