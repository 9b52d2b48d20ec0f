"""条线评分: period scores, annual means, per-period rankings and talks
(RULES.md §1.1, §1.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from math import lcm

from kaoji_desktop.core.model import (
    ALL_PERIODS,
    CYCLE_PERIODS,
    LineDef,
    LineRanking,
    Talk,
    YearData,
)
from kaoji_desktop.core.rounding import ZERO, competition_ranks, fmt, round2

TALK_LAST = "末位约谈"
TALK_REPEATED = "连续末位约谈"


@dataclass
class LineResults:
    annual: dict[str, dict[str, Decimal | None]]  # community -> line -> mean
    component: dict[str, Decimal]  # community -> rounded sum of the means
    missing: dict[str, list[str]]  # community -> Chinese descriptions
    rankings: tuple[LineRanking, ...]
    talks: tuple[Talk, ...]
    warnings: list[str] = field(default_factory=list)


def line_periods(line: LineDef) -> tuple[str, ...]:
    return CYCLE_PERIODS.get(line.cycle, CYCLE_PERIODS["季度"])


def period_scores(
    data: YearData, warnings: list[str]
) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(line, period) -> community -> score, checked against the year's
    communities, lines, cycles and full marks."""
    lines = {line.name: line for line in data.lines}
    periods = {line.name: frozenset(line_periods(line)) for line in data.lines}
    communities = {c.name for c in data.communities}
    table: dict[tuple[str, str], dict[str, Decimal]] = {}
    for entry in data.line_scores:
        line = lines.get(entry.line)
        if line is None:
            warnings.append(f"条线得分：未知条线“{entry.line}”，已忽略")
            continue
        if entry.community not in communities:
            warnings.append(f"条线得分：未知社区“{entry.community}”，已忽略")
            continue
        if entry.period not in periods[line.name]:
            warnings.append(
                f"条线得分：{entry.line}按{line.cycle}评分，期次“{entry.period}”无效，已忽略"
            )
            continue
        score = entry.score
        if not ZERO <= score <= line.full_marks:
            score = min(max(score, ZERO), line.full_marks)
            warnings.append(
                f"条线得分：{entry.community} {entry.line} {entry.period} 得分{entry.score}"
                f"超出范围[0, {line.full_marks}]，按{score}计"
            )
        key = (line.name, entry.period)
        cell = table.get(key)
        if cell is None:
            cell = table[key] = {}
        elif entry.community in cell and cell[entry.community] != score:
            warnings.append(
                f"条线得分：{entry.community} {entry.line} {entry.period} 重复录入，取较高分"
            )
            score = max(score, cell[entry.community])
        cell[entry.community] = score
    return table


def _talk_targets(kind: str, line: LineDef, liaison: str) -> str:
    dept = line.department or "业务科室"
    if kind == TALK_LAST:
        return f"负责该条线的工作人员（街道监察室与{dept}谈话）"
    leader = f"联系领导{liaison}" if liaison else "联系社区(网格)领导"
    return (
        f"网格长、社区书记(主任)、负责该条线的工作人员（纪工委书记与{dept}分管领导谈话）；"
        f"{leader}（党工委书记谈话并提出书面整改意见）"
    )


def sum_of_means(parts: list[tuple[Decimal, int]]) -> Decimal:
    """Rounded Σ total_i / n_i with a single division.

    Summing Decimal approximations of thirds (a year-to-date mean over three
    quarters) could land a hair below an exact .xx5 and round the wrong way;
    over a common denominator the one quotient is exact whenever the true
    value terminates.
    """
    if not parts:
        return round2(ZERO)
    common = lcm(*(n for _, n in parts))
    return round2(sum((total * (common // n) for total, n in parts), ZERO) / common)


def line_results(data: YearData) -> LineResults:
    warnings: list[str] = []
    table = period_scores(data, warnings)
    names = sorted(c.name for c in data.communities)
    liaison = {c.name: c.liaison_leader for c in data.communities}
    lines = sorted(data.lines, key=lambda line: line.name)

    annual: dict[str, dict[str, Decimal | None]] = {n: {} for n in names}
    # community -> [(sum of periods, number of periods)] of each line entered
    sums: dict[str, list[tuple[Decimal, int]]] = {n: [] for n in names}
    missing: dict[str, list[str]] = {n: [] for n in names}
    rankings: list[LineRanking] = []
    talks: list[Talk] = []

    for line in lines:
        periods = line_periods(line)
        totals: dict[str, Decimal] = {}
        counts: dict[str, int] = {}
        previous_last: set[str] = set()
        for period in periods:
            cell = table.get((line.name, period), {})
            for name in names:
                if name in cell:
                    totals[name] = totals.get(name, ZERO) + cell[name]
                    counts[name] = counts.get(name, 0) + 1
                else:
                    missing[name].append(f"条线 {line.name} {period}未录入")
            if not names or len(cell) < len(names):
                previous_last = set()  # an unranked period breaks a run
                continue
            ranks = competition_ranks(cell)
            low = min(cell.values())
            last = () if low == max(cell.values()) else tuple(
                sorted(n for n, s in cell.items() if s == low)
            )
            rankings.append(LineRanking(line.name, period, dict(sorted(cell.items())), ranks, last))
            for name in last:
                kind = TALK_REPEATED if name in previous_last else TALK_LAST
                talks.append(
                    Talk(period, line.name, name, kind,
                         _talk_targets(kind, line, liaison[name]))
                )
            previous_last = set(last)
        for name in names:
            n = counts.get(name, 0)
            if n:
                annual[name][line.name] = totals[name] / n
                sums[name].append((totals[name], n))
            else:
                annual[name][line.name] = None

    order = {p: i for i, p in enumerate(ALL_PERIODS)}
    rankings.sort(key=lambda r: (order[r.period], r.line))
    talks.sort(key=lambda t: (order[t.period], t.line, t.community))
    full = sum((line.full_marks for line in data.lines), ZERO)
    if data.lines and full != 100:
        warnings.append(f"条线分值合计{fmt(full)}，应为100")
    component = {n: sum_of_means(sums[n]) for n in names}
    return LineResults(annual, component, missing, tuple(rankings), tuple(talks), warnings)
