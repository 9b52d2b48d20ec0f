"""Per-person inputs of the staff scores (双述双评, 破难攻坚排名, L, H), cleaned
and rounded, and the raters' 3:5:2 proportion checks (RULES.md §2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kaoji_desktop.core.inputs import DualReview, ForcedRank, HeadScore, StaffLineScore, YearData
from kaoji_desktop.core.quotas import largest_remainder
from kaoji_desktop.core.results import ProportionCheck
from kaoji_desktop.core.rounding import ZERO, round2

BANDS = ("优秀", "良好", "合格", "不合格")
FAILED_BAND = BANDS[3]
HUNDRED = Decimal(100)


@dataclass
class StaffInputs:
    dual_review: dict[str, Decimal] = field(default_factory=dict)  # 0.5a+0.5b
    forced_rank: dict[str, int] = field(default_factory=dict)
    own_l: dict[str, Decimal] = field(default_factory=dict)  # rounded L
    head: dict[str, Decimal] = field(default_factory=dict)  # rounded H
    # department -> person -> rounded mean of that department's lines
    l_by_department: dict[str, dict[str, Decimal]] = field(default_factory=dict)


def band(value: Decimal | None, bounds: tuple[Decimal, Decimal, Decimal]) -> str | None:
    """优秀/良好/合格/不合格 of a score against its three lower bounds."""
    if value is None:
        return None
    if value >= bounds[0]:
        return "优秀"
    if value >= bounds[1]:
        return "良好"
    return "合格" if value >= bounds[2] else "不合格"


def _band_counts(values: list[Decimal], bounds: tuple[Decimal, Decimal, Decimal]) -> list[int]:
    """How many values fall in each of BANDS."""
    counts = dict.fromkeys(BANDS, 0)
    for v in values:
        counts[band(v, bounds) or FAILED_BAND] += 1
    return [counts[b] for b in BANDS]


def _mean2(values: list[Decimal]) -> Decimal:
    """Rounded mean of a non-empty list; one value (the usual case) as is."""
    if len(values) == 1:
        return round2(values[0])
    return round2(sum(values, ZERO) / len(values))


def _clip(value: Decimal, top: Decimal, who: str, what: str, warnings: list[str]) -> Decimal:
    clipped = min(max(value, ZERO), top)
    warnings.append(f"{who} {what}得分{value}超出范围[0, {top}]，按{clipped}计")
    return clipped


def staff_inputs(data: YearData, warnings: list[str]) -> StaffInputs:
    """Each input table read once. A row holding None is not entered yet
    (core/entered.py): skipped here, the one loop over the table."""
    rules = data.rules
    departments = {line.name: line.department or line.name for line in data.lines}
    out = StaffInputs(
        dual_review=_dual_reviews(data.dual_reviews, warnings),
        forced_rank=_forced_ranks(data.forced_ranks, warnings),
    )
    by_line = _line_scores(data.staff_line_scores, departments, rules.l_max, warnings)
    by_department: defaultdict[str, dict[str, Decimal]] = defaultdict(dict)
    for person, lines in by_line.items():
        if len(lines) == 1:  # the usual case: one line, so one department
            [(line, value)] = lines.items()
            own = out.own_l[person] = round2(value)
            by_department[departments[line]][person] = own
            continue
        out.own_l[person] = _mean2(list(lines.values()))  # several lines: their mean
        by_dept: defaultdict[str, list[Decimal]] = defaultdict(list)
        for line, value in lines.items():
            by_dept[departments[line]].append(value)
        for dept, values in by_dept.items():
            by_department[dept][person] = _mean2(values)
    out.l_by_department = dict(by_department)
    out.head = {person: _mean2(values)
                for person, values in _head_scores(data.head_scores, rules.h_max, warnings).items()}
    return out


def _dual_reviews(rows: tuple[DualReview, ...], warnings: list[str]) -> dict[str, Decimal]:
    """Person -> 0.5a + 0.5b (a duplicate keeps the higher)."""
    reviews: dict[str, Decimal] = {}
    for r in rows:
        a, b = r.a, r.b
        if a is None or b is None or r.person is None:
            continue
        if not (ZERO <= a <= HUNDRED and ZERO <= b <= HUNDRED):
            a = _clip(a, HUNDRED, r.person, "双述双评", warnings)
            b = _clip(b, HUNDRED, r.person, "双述双评", warnings)
        value = (a + b) / 2
        if r.person not in reviews or reviews[r.person] < value:
            reviews[r.person] = value
    return reviews


def _forced_ranks(rows: tuple[ForcedRank, ...], warnings: list[str]) -> dict[str, int]:
    """Person -> forced rank f (a duplicate keeps the better); ties are warned."""
    ranks: dict[str, int] = {}
    holders: dict[int, set[str]] = {}
    for f in rows:
        if f.rank < 1:
            warnings.append(f"破难攻坚排名：{f.person} 名次{f.rank}无效")
            continue
        ranks[f.person] = min(f.rank, ranks.get(f.person, f.rank))
        holders.setdefault(f.rank, set()).add(f.person)
    for rank, names in sorted(holders.items()):
        if len(names) > 1:
            warnings.append(f"破难攻坚排名：第{rank}名重复（{'、'.join(sorted(names))}），应为强制排名")
    return ranks


def _line_scores(rows: tuple[StaffLineScore, ...], departments: Mapping[str, str],
                 l_max: Decimal, warnings: list[str]) -> dict[str, dict[str, Decimal]]:
    """Person -> line -> L in [0, l_max] (a duplicate keeps the higher)."""
    by_person: defaultdict[str, dict[str, Decimal]] = defaultdict(dict)
    for s in rows:
        if s.score is None or s.person is None or s.line is None:
            continue
        if s.line not in departments:
            warnings.append(f"专职条线评分：{s.person} 未知条线“{s.line}”，已忽略")
            continue
        value = s.score
        if not ZERO <= value <= l_max:
            value = _clip(value, l_max, s.person, f"{s.line}条线评分", warnings)
        mine = by_person[s.person]
        if s.line not in mine or mine[s.line] < value:
            mine[s.line] = value
    return by_person


def _head_scores(rows: tuple[HeadScore, ...], h_max: Decimal,
                 warnings: list[str]) -> dict[str, list[Decimal]]:
    """Person -> the H values in [0, h_max] given (several: their mean is used)."""
    by_person: defaultdict[str, list[Decimal]] = defaultdict(list)
    for h in rows:
        if h.score is None or h.person is None:
            continue
        value = h.score
        if not ZERO <= value <= h_max:
            value = _clip(value, h_max, h.person, "负责人评价", warnings)
        by_person[h.person].append(value)
    return by_person


def proportion_checks(
    data: YearData, inputs: StaffInputs, home: Mapping[str, str]
) -> tuple[ProportionCheck, ...]:
    """3:5:2 of each rater: L by the line's department, H by the community
    of the person's main post (`home`)."""
    rules = data.rules
    groups: list[tuple[str, str, list[Decimal], tuple[Decimal, Decimal, Decimal]]] = []
    for dept, scores in inputs.l_by_department.items():
        groups.append((dept, "L", list(scores.values()), rules.l_bands))
    by_home: dict[str, list[Decimal]] = {}
    for person, value in inputs.head.items():
        community = home.get(person)
        if community is not None:
            by_home.setdefault(community, []).append(value)
    for community, values in by_home.items():
        groups.append((community, "H", values, rules.h_bands))
    checks = []
    ratio = rules.staff_ratio_text
    for rater, measure, values, bounds in sorted(groups, key=lambda g: (g[1], g[0])):
        counts = _band_counts(values, bounds)
        q = largest_remainder(len(values), rules.staff_ratio)
        ok = counts[0] <= q[0] and counts[0] + counts[1] <= q[0] + q[1]
        if ok:
            message = f"符合{ratio}比例"
        else:
            message = (
                f"{rater} {measure}评分不符合{ratio}比例：{len(values)}人中优秀{counts[0]}人"
                f"（限{q[0]}人）、良好{counts[1]}人（优秀与良好合计限{q[0] + q[1]}人）"
            )
        checks.append(ProportionCheck(
            rater, measure, len(values), (counts[0], counts[1], counts[2], counts[3]),
            (q[0], q[1], q[2]), ok, message))
    return tuple(checks)

