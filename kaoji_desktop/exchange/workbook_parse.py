"""The year workbook (WORKBOOK.md) -> `YearData`, all or nothing.

`parse_workbook` reads each known sheet once (openpyxl read-only, cached
values), checks every row and raises `ImportRefused` with every problem, in
Chinese, naming sheet, row and column. Nothing here touches a year file.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from kaoji_desktop.core import model as m
from kaoji_desktop.core import rules_json
from kaoji_desktop.exchange import workbook_spec as s
from kaoji_desktop.exchange.problems import ImportRefused, Problem
from kaoji_desktop.exchange.workbook_read import (
    formula_cells,
    open_workbook,
    sheet_rows,
    workbook_problem,
)
from kaoji_desktop.exchange.workbook_rows import Collector, Keys, Row, header
from kaoji_desktop.store.schema import COMMUNITY, DEC, INT, LEADER, LINE, PERSON, Col

D = Decimal
PERIODS_TEXT = "/".join(m.ALL_PERIODS)


@dataclass(frozen=True)
class ParsedWorkbook:
    data: m.YearData
    has_rules: bool  # the workbook carried a 规则参数 sheet


class _Parser:
    def __init__(self, wb: Any, out: Collector) -> None:
        self.wb, self.out = wb, out
        self.present = set(wb.sheetnames)
        self.fields: dict[str, Any] = {}
        self.rules = m.RULES_2017
        self.communities: dict[str, m.Community] = {}
        self.lines: dict[str, m.LineDef] = {}
        self.people: set[str] = set()
        self.leader_names: set[str] | None = None  # None: no 班子成员 sheet, raters are free

    def rows(self, spec: s.SheetSpec) -> Iterator[Row]:
        if spec.name not in self.present:
            return
        cols: dict[str, int] | None = None
        for number, values in sheet_rows(self.wb, spec.name):
            if cols is None:
                cols = header(spec, values, self.out)
                if cols is None:
                    return
                continue
            yield Row(spec.name, number, values, cols, self.out)

    def community(self, row: Row, column: str = "社区") -> str | None:
        return row.known(column, self.communities, "社区", "社区")

    # --- sheets --------------------------------------------------------------

    def rules_sheet(self) -> None:
        values: dict[str, Any] = {}
        keys = Keys(s.RULES.name, "参数", self.out)
        for row in self.rows(s.RULES):
            name, raw = row.text("参数"), row.text("值")
            if not name or not keys.fresh(row, (name,)):
                continue
            param = m.RULE_PARAM.get(name)
            if param is None:
                row.problem("参数", f"未知的规则参数“{name}”")
                continue
            try:
                value = rules_json.from_json(param, json.loads(raw) if raw else None)
            except (ValueError, TypeError, IndexError, ArithmeticError):
                row.problem("值", f"“{raw}”不是有效的{param.label}")
                continue
            problem = param.problem(value)
            if problem:
                row.problem("值", problem)
                continue
            values[name] = value
        self.rules = dataclasses.replace(m.RULES_2017, **values)

    def year(self) -> None:
        found = 0
        for row in self.rows(s.YEAR):
            found += 1
            if found > 1:
                row.problem("", "「年度」工作表只能有一行数据")
                continue
            year = row.number("年度", D(1990), D(2100), integral=True)
            self.fields["year"] = 0 if year is None else int(year)
            self.fields["organisation"] = row.text("单位")
        if not found:
            self.out.add(Problem(s.YEAR.name, 0, "",
                                 "缺少年度和单位（需要「年度」工作表及一行数据）"))

    # --- the simple sheets: one generic reader driven by store/schema.py -----

    def _refs(self, ref: str) -> tuple[set[str] | dict[str, Any], str, str] | None:
        """What a reference column must name: (names, what, sheet), or None for free text."""
        if ref == COMMUNITY:
            return self.communities, "社区", "社区"
        if ref == LINE:
            return self.lines, "条线", "条线"
        if ref == PERSON:
            return self.people, "人员", "人员"
        if ref == LEADER and self.leader_names is not None:
            return self.leader_names, "班子成员", "班子成员"
        return None

    def _cell(self, row: Row, col: Col, got: dict[str, Any]) -> Any:
        """One cell as its stored value, or None (with a problem when it is wrong)."""
        header = col.header
        if col.choices:
            choice = row.choice(header, col.choices, required=col.value_required,
                                default=None)
            if choice is None:
                return col.default if row.raw_blank(header) else None
            return col.code(choice)
        if col.kind in (DEC, INT):
            high = col.high
            if col.high_rule:
                high = getattr(self.rules, col.high_rule)
            elif col.high_of:
                high = got.get(col.high_of)
            value = row.number(header, col.low, high, required=col.value_required,
                               integral=col.kind == INT, label=col.label)
            if value is None:
                return col.default if row.raw_blank(header) else None
            return int(value) if col.kind == INT else value
        refs = self._refs(col.ref)
        if refs is not None:
            value = row.known(header, *refs)
            return value or ("" if col.ref == LEADER else None)
        value = row.text(header, required=col.value_required)
        return value if value or col.default is None else col.default

    def table_rows(self, spec: s.SheetSpec, *, lenient: bool = False
                   ) -> list[tuple[Row, dict[str, Any]]]:
        """Every good row of a table's sheet as (row, stored values); problems noted.

        `lenient`: a wrong value of a column with a default takes the default
        (the problem stays noted), so that the row still counts as known to
        later sheets (a community whose 旧改任务 is wrong is not "unknown").
        """
        t = spec.table
        assert t is not None
        out = []
        headers = {c.name: c.header for c in t.cols}
        keys = Keys(spec.name, "、".join(headers[k] for k in t.keys), self.out)
        for row in self.rows(spec):
            got: dict[str, Any] = {}
            for col in t.cols:
                got[col.name] = self._cell(row, col, got)
            if t.name == "posts" and got["person"]:  # known to later sheets even if the
                self.people.add(got["person"])  # row is wrong: no "unknown person" there
            if lenient:
                got = {c.name: c.default if got[c.name] is None and c.default is not None
                       else got[c.name] for c in t.cols}
            key = tuple(got[k] for k in t.keys)
            fresh = keys.fresh(row, key)
            if fresh and all(got[c.name] is not None for c in t.cols if c.required):
                out.append((row, got))
        return out

    def records(self, spec: s.SheetSpec, *, lenient: bool = False) -> list[Any]:
        t = spec.table
        assert t is not None and t.record is not None
        return [t.record(**values) for _row, values in self.table_rows(spec, lenient=lenient)]

    # --- sheets with a check of their own ---------------------------------------

    def line_scores(self) -> list[m.LineScore]:
        """Dedicated: the score's bound and the period depend on the row's line."""
        out = []
        keys = Keys(s.LINE_SCORES.name, "、".join(s.LINE_SCORES.required[:3]), self.out)
        for row in self.rows(s.LINE_SCORES):
            c = self.community(row)
            line = row.known("条线", self.lines, "条线", "条线")
            period = row.choice("期次", m.ALL_PERIODS)
            top = self.lines[line].full_marks if line else None
            score = row.number("得分", D(0), top)
            if line and period and period not in m.CYCLE_PERIODS[self.lines[line].cycle]:
                cycle = self.lines[line].cycle
                row.problem("期次", f"条线“{line}”按{cycle}评分，期次“{period}”不在其评分周期内"
                            f"（应为{'/'.join(m.CYCLE_PERIODS[cycle])}）")
                continue
            if keys.fresh(row, (c, line, period)) and score is not None:
                out.append(m.LineScore(c, line, period, score))  # type: ignore[arg-type]
        return out

    def leaders(self) -> tuple[str, ...] | None:
        if s.LEADERS.name not in self.present:
            return None
        return tuple(values["name"] for _row, values in self.table_rows(s.LEADERS))

    def posts(self) -> list[m.Post]:
        """Generic rows, then each person's months may not add up to more than 12."""
        out = []
        months_of: dict[str, Decimal] = {}
        for row, values in self.table_rows(s.POSTS):
            name = values["person"]
            total = months_of[name] = months_of.get(name, D(0)) + values["months"]
            if total > 12:
                row.problem("在岗月数", f"{name}的在岗月数合计{total}，超过12个月")
            out.append(m.Post(**values))
        return out

    # --- whole workbook --------------------------------------------------------

    def parse(self) -> tuple[m.YearData, bool]:
        known = {spec.name for spec in s.ALL_SHEETS}
        if not known & self.present:
            raise ImportRefused([workbook_problem(
                "工作簿中没有可导入的工作表（应有「年度」「社区」「条线」等工作表）")])
        has_rules = s.RULES.name in self.present
        self.rules_sheet()
        self.year()
        self.communities = {c.name: c for c in self.records(s.COMMUNITIES, lenient=True)}
        self.lines = {x.name: x for x in self.records(s.LINES)}
        f = self.fields
        f["line_scores"] = self.line_scores()
        f["projects"] = self.records(s.PROJECTS)
        f["satisfaction"] = self.records(s.SATISFACTION)
        f["satisfaction_ratings"] = self.records(s.RATINGS)
        leaders = self.leaders()
        self.leader_names = None if leaders is None else set(leaders)
        f["leader_scores"] = self.records(s.LEADER_SCORES)
        if leaders is None:  # raters in order of appearance, then liaison leaders
            order = [x.rater for x in f["leader_scores"]]
            order += [c.liaison_leader for c in self.communities.values() if c.liaison_leader]
            leaders = tuple(dict.fromkeys(order))
        f["bonus_items"] = self.records(s.BONUS)
        f["vetoes"] = self.records(s.VETOES)
        f["posts"] = self.posts()
        f["dual_reviews"] = self.records(s.DUAL_REVIEWS)
        f["forced_ranks"] = self.records(s.FORCED_RANKS)
        f["staff_line_scores"] = self.records(s.STAFF_LINES)
        f["head_scores"] = self.records(s.HEAD_SCORES)
        f["reward_bases"] = self.records(s.REWARD_BASES)
        data = m.YearData(
            year=f.get("year", 0), organisation=f.get("organisation", ""),
            communities=tuple(self.communities.values()), lines=tuple(self.lines.values()),
            leaders=leaders, rules=self.rules,
            **{k: tuple(v) for k, v in f.items() if k not in ("year", "organisation")},
        )
        return data, has_rules


def parse_workbook(path: str | Path) -> ParsedWorkbook:
    """Read and check a year workbook; raises `ImportRefused` listing every problem."""
    try:
        wb = open_workbook(path)
    except ValueError as exc:
        raise ImportRefused([workbook_problem(str(exc))]) from None
    out = Collector()
    try:
        data, has_rules = _Parser(wb, out).parse()
        if out.blanks:
            out.mark_formulas(formula_cells(wb, path, out.blank_cells()))
    except ImportRefused:
        raise
    except (OSError, KeyError, EOFError, zipfile.BadZipFile, zlib.error, ParseError,
            TypeError, ValueError, AttributeError, IndexError) as exc:
        # openpyxl reads sheets lazily: damaged sheet XML fails here, in any of these
        # a damaged sheet inside the zip
        raise ImportRefused([workbook_problem(f"工作簿已损坏，无法读取（{exc}）")]) from None
    finally:
        wb.close()
    problems = out.result()
    if problems:
        raise ImportRefused(problems)
    return ParsedWorkbook(data, has_rules)
