"""条线评分: period scores, annual means, per-period rankings and talks
(RULES.md §1.1, §1.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from math import lcm

from kaoji_desktop.core.inputs import LineScore, YearData
from kaoji_desktop.core.results import LineRanking, Talk
from kaoji_desktop.core.rounding import ZERO, fmt2, rank_in_place, round2
from kaoji_desktop.core.rules import ALL_PERIODS, CYCLE_PERIODS, LineDef, plain_number

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
    communities = {c.name for c in data.communities}
    # One lookup per entry in the usual case: (line, period) -> its line and cell.
    table: dict[tuple[str, str], dict[str, Decimal]] = {}
    slots: dict[tuple[str, str], tuple[LineDef, dict[str, Decimal]]] = {}
    for line in lines.values():
        for period in line_periods(line):
            slots[line.name, period] = (line, table.setdefault((line.name, period), {}))
    for entry in data.line_scores:
        slot = slots.get((entry.line, entry.period))
        if slot is None or entry.community not in communities:
            _reject(entry, lines, communities, warnings)
            continue
        line, cell = slot
        score = entry.score
        if score is None:
            continue  # not entered yet (core/entered.py)
        if not ZERO <= score <= line.full_marks:
            score = min(max(score, ZERO), line.full_marks)
            warnings.append(
                f"条线得分：{entry.community} {entry.line} {entry.period} 得分{entry.score}"
                f"超出范围[0, {line.full_marks}]，按{score}计"
            )
        old = cell.get(entry.community)
        if old is not None and old != score:
            warnings.append(
                f"条线得分：{entry.community} {entry.line} {entry.period} 重复录入，取较高分"
            )
            score = max(score, old)
        cell[entry.community] = score
    return table


def _reject(
    entry: LineScore, lines: dict[str, LineDef], communities: set[str], warnings: list[str]
) -> None:
    """The warning of an entry that names no known line, community or period."""
    if None in (entry.community, entry.line, entry.period, entry.score):
        return  # not entered yet (core/entered.py)
    line = lines.get(entry.line)
    if line is None:
        warnings.append(f"条线得分：未知条线“{entry.line}”，已忽略")
    elif entry.community not in communities:
        warnings.append(f"条线得分：未知社区“{entry.community}”，已忽略")
    else:
        warnings.append(
            f"条线得分：{entry.line}按{line.cycle}评分，期次“{entry.period}”无效，已忽略"
        )


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
        cells = [table.get((line.name, period), {}) for period in periods]
        previous_last: set[str] = set()
        for period, cell in zip(periods, cells, strict=True):
            if not names or len(cell) < len(names):
                for name in names:
                    if name not in cell:
                        missing[name].append(f"条线 {line.name} {period}未录入")
                previous_last = set()  # an unranked period breaks a run
                continue
            # A ranked cell holds every community, so `names` (sorted, and
            # unique here) gives name order without sorting again.
            by_name = [(n, cell[n]) for n in names]
            scores = dict(by_name)
            ranks = rank_in_place(by_name)  # by_name is now by score, high first
            low = by_name[-1][1]
            last: tuple[str, ...] = ()
            if low != by_name[0][1]:
                count = 0  # the lowest are at the end, still in name order
                while by_name[-1 - count][1] == low:
                    count += 1
                last = tuple(n for n, _ in by_name[-count:])
            rankings.append(LineRanking(line.name, period, scores, ranks, last))
            for name in last:
                kind = TALK_REPEATED if name in previous_last else TALK_LAST
                talks.append(
                    Talk(period, line.name, name, kind,
                         _talk_targets(kind, line, liaison[name]))
                )
            previous_last = set(last)
        for name in names:
            values = [cell[name] for cell in cells if name in cell]
            if values:
                total = sum(values, ZERO)
                annual[name][line.name] = total / len(values)
                sums[name].append((total, len(values)))
            else:
                annual[name][line.name] = None

    order = {p: i for i, p in enumerate(ALL_PERIODS)}
    rankings.sort(key=lambda r: (order[r.period], r.line))
    talks.sort(key=lambda t: (order[t.period], t.line, t.community))
    full = sum((line.full_marks for line in data.lines), ZERO)
    expected = data.rules.lines_total
    if data.lines and full != expected:
        warnings.append(f"条线分值合计{fmt2(full)}，应为{plain_number(expected)}")
    component = {n: sum_of_means(sums[n]) for n in names}
    return LineResults(annual, component, missing, tuple(rankings), tuple(talks), warnings)
