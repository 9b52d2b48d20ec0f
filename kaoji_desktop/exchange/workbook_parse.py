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
from collections.abc import Callable, Iterator
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

    def person(self, row: Row) -> str | None:
        return row.known("姓名", self.people, "人员", "人员")

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
            self.out.add(Problem(s.YEAR.name, 0, "", "缺少年度和单位（需要「年度」工作表及一行数据）"))

    def communities_sheet(self) -> None:
        keys = Keys(s.COMMUNITIES.name, "社区", self.out)
        for row in self.rows(s.COMMUNITIES):
            name = row.text("社区")
            task = row.choice("旧改任务", s.RENOVATION, required=False, default="有")
            leader = row.text("联系领导", required=False)
            if keys.fresh(row, (name,)):
                self.communities[name] = m.Community(name, s.RENOVATION.get(task or "有", True),
                                                     leader)

    def lines_sheet(self) -> None:
        keys = Keys(s.LINES.name, "条线", self.out)
        for row in self.rows(s.LINES):
            name = row.text("条线")
            points = row.number("分值", D(0), D(100))
            cycle = row.choice("评分周期", m.CYCLE_PERIODS, required=False, default="季度")
            dept = row.text("责任科室", required=False)
            if keys.fresh(row, (name,)) and points is not None and cycle:
                self.lines[name] = m.LineDef(name, points, cycle, dept)

    def line_scores(self) -> list[m.LineScore]:
        out = []
        keys = Keys(s.LINE_SCORES.name, "社区、条线、期次", self.out)
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

    def projects(self) -> list[m.Project]:
        out = []
        keys = Keys(s.PROJECTS.name, "社区、项目名称", self.out)
        for row in self.rows(s.PROJECTS):
            c = self.community(row)
            kind = row.choice("类别", m.PROJECT_KINDS)
            name = row.text("项目名称")
            points = row.number("分值", D(0), self.rules.projects_cap)
            dept = row.text("指导科室", required=False)
            score = row.number("得分", D(0), points, required=False)
            if keys.fresh(row, (c, name)) and kind and points is not None:
                out.append(m.Project(c, kind, name, points, dept, score))  # type: ignore[arg-type]
        return out

    def satisfaction(self) -> list[m.SatisfactionCounts]:
        out = []
        keys = Keys(s.SATISFACTION.name, "社区", self.out)
        for row in self.rows(s.SATISFACTION):
            c = self.community(row)
            counts = [row.number(r, D(0), integral=True, label=f"{r}人数") for r in m.RATINGS]
            if keys.fresh(row, (c,)) and None not in counts:
                out.append(m.SatisfactionCounts(c, *(int(n) for n in counts)))  # type: ignore
        return out

    def ratings(self) -> list[m.SatisfactionRating]:
        out = []
        keys = Keys(s.RATINGS.name, "社区、序号", self.out)
        for row in self.rows(s.RATINGS):
            c = self.community(row)
            n = row.number("序号", D(1), integral=True)
            rating = row.choice("评价", m.RATINGS)
            if keys.fresh(row, (c, n)) and rating and n is not None:
                out.append(m.SatisfactionRating(c, int(n), rating))  # type: ignore[arg-type]
        return out

    def leaders(self) -> tuple[str, ...] | None:
        if s.LEADERS.name not in self.present:
            return None
        names: list[str] = []
        keys = Keys(s.LEADERS.name, "姓名", self.out)
        for row in self.rows(s.LEADERS):
            name = row.text("姓名")
            if keys.fresh(row, (name,)):
                names.append(name)
        return tuple(names)

    def leader_scores(self, leaders: tuple[str, ...] | None) -> list[m.LeaderScore]:
        out = []
        keys = Keys(s.LEADER_SCORES.name, "社区、评价人", self.out)
        for row in self.rows(s.LEADER_SCORES):
            c = self.community(row)
            if leaders is None:
                rater = row.text("评价人")
            else:
                rater = row.known("评价人", set(leaders), "班子成员", "班子成员") or ""
            score = row.number("得分", D(0), self.rules.leadership_max)
            if keys.fresh(row, (c, rater)) and score is not None:
                out.append(m.LeaderScore(c, rater, score))  # type: ignore[arg-type]
        return out

    def bonus(self) -> list[m.BonusItem]:
        out = []
        keys = Keys(s.BONUS.name, "社区、项目", self.out)
        for row in self.rows(s.BONUS):
            c = self.community(row)
            item = row.text("项目")
            points = row.number("分值")
            status = row.choice("状态", m.BONUS_STATUSES, required=False, default="申报")
            note = row.text("说明", required=False)
            if keys.fresh(row, (c, item)) and points is not None and status:
                out.append(m.BonusItem(c, item, points, status, note))  # type: ignore[arg-type]
        return out

    def vetoes(self) -> list[m.Veto]:
        out = []
        keys = Keys(s.VETOES.name, "社区、事项", self.out)
        for row in self.rows(s.VETOES):
            c = self.community(row)
            matter = row.text("事项")
            note = row.text("说明", required=False)
            if keys.fresh(row, (c, matter)):
                out.append(m.Veto(c, matter, note))  # type: ignore[arg-type]
        return out

    def posts(self) -> list[m.Post]:
        out = []
        keys = Keys(s.POSTS.name, "姓名、类别、社区", self.out)
        months_of: dict[str, Decimal] = {}
        for row in self.rows(s.POSTS):
            name = row.text("姓名")
            kind = row.choice("类别", m.STAFF_KINDS)
            c = self.community(row)
            months = row.number("在岗月数", D(0), D(12), required=False)
            if name:
                self.people.add(name)
            if not keys.fresh(row, (name, kind, c)):
                continue
            months = D(12) if months is None else months
            total = months_of[name] = months_of.get(name, D(0)) + months
            if total > 12:
                row.problem("在岗月数", f"{name}的在岗月数合计{total}，超过12个月")
            out.append(m.Post(name, kind, c, months))  # type: ignore[arg-type]
        return out

    def per_person(self, spec: s.SheetSpec, build: Callable[[Row, str], Any]) -> list[Any]:
        out = []
        keys = Keys(spec.name, "姓名", self.out)
        for row in self.rows(spec):
            person = self.person(row)
            item = build(row, person or "")
            if keys.fresh(row, (person,)) and item is not None:
                out.append(item)
        return out

    def dual(self, row: Row, person: str) -> m.DualReview | None:
        a = row.number("社区干部服务对象评价", D(0), D(100))
        b = row.number("街道评价", D(0), D(100))
        return None if a is None or b is None else m.DualReview(person, a, b)

    def rank(self, row: Row, person: str) -> m.ForcedRank | None:
        n = row.number("名次", D(1), integral=True)
        return None if n is None else m.ForcedRank(person, int(n))

    def head(self, row: Row, person: str) -> m.HeadScore | None:
        h = row.number("得分", D(0), self.rules.h_max)
        return None if h is None else m.HeadScore(person, h)

    def staff_lines(self) -> list[m.StaffLineScore]:
        out = []
        keys = Keys(s.STAFF_LINES.name, "姓名、条线", self.out)
        for row in self.rows(s.STAFF_LINES):
            person = self.person(row)
            line = row.known("条线", self.lines, "条线", "条线")
            score = row.number("得分", D(0), self.rules.l_max)
            if keys.fresh(row, (person, line)) and score is not None:
                out.append(m.StaffLineScore(person, line, score))  # type: ignore[arg-type]
        return out

    def reward_bases(self) -> list[m.RewardBase]:
        out = []
        keys = Keys(s.REWARD_BASES.name, "类别、等次", self.out)
        kinds = (*m.STAFF_KINDS, "A", "B", "C")
        for row in self.rows(s.REWARD_BASES):
            kind = row.choice("类别", kinds)
            tier = row.choice("等次", s.TIER_LABELS)
            amount = row.number("金额", D(0))
            if keys.fresh(row, (kind, tier)) and tier and amount is not None:
                out.append(m.RewardBase(kind, s.TIER_LABELS[tier], amount))  # type: ignore
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
        self.communities_sheet()
        self.lines_sheet()
        f = self.fields
        f["line_scores"] = self.line_scores()
        f["projects"] = self.projects()
        f["satisfaction"] = self.satisfaction()
        f["satisfaction_ratings"] = self.ratings()
        leaders = self.leaders()
        f["leader_scores"] = self.leader_scores(leaders)
        if leaders is None:  # raters in order of appearance, then liaison leaders
            order = [x.rater for x in f["leader_scores"]]
            order += [c.liaison_leader for c in self.communities.values() if c.liaison_leader]
            leaders = tuple(dict.fromkeys(order))
        f["bonus_items"] = self.bonus()
        f["vetoes"] = self.vetoes()
        f["posts"] = self.posts()
        f["dual_reviews"] = self.per_person(s.DUAL_REVIEWS, self.dual)
        f["forced_ranks"] = self.per_person(s.FORCED_RANKS, self.rank)
        f["staff_line_scores"] = self.staff_lines()
        f["head_scores"] = self.per_person(s.HEAD_SCORES, self.head)
        f["reward_bases"] = self.reward_bases()
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
