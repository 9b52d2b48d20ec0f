"""Per-person inputs of the staff scores (双述双评, 破难攻坚排名, L, H), cleaned
and rounded, and the raters' 3:5:2 proportion checks (RULES.md §2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kaoji_desktop.core.model import ProportionCheck, YearData
from kaoji_desktop.core.quotas import largest_remainder
from kaoji_desktop.core.rounding import ZERO, round2, round2_cached

BANDS = ("优秀", "良好", "合格", "不合格")


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
    """How many values fall in each of BANDS (as `band` would place them).

    Compared directly: hashing fresh Decimals (to band each distinct value
    once) cost more than the three comparisons it saved.
    """
    top, good, passed = bounds
    excellent = fine = ok = 0
    for v in values:
        if v >= top:
            excellent += 1
        elif v >= good:
            fine += 1
        elif v >= passed:
            ok += 1
    return [excellent, fine, ok, len(values) - excellent - fine - ok]


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
    rules = data.rules
    out = StaffInputs()
    hundred = Decimal(100)
    reviews = out.dual_review
    # A row holding None is not entered yet (core/entered.py).
    for r in data.dual_reviews:
        a, b = r.a, r.b
        if a is None or b is None or r.person is None:
            continue
        if not (ZERO <= a <= hundred and ZERO <= b <= hundred):
            a = _clip(a, hundred, r.person, "双述双评", warnings)
            b = _clip(b, hundred, r.person, "双述双评", warnings)
        value = (a + b) / 2
        if r.person not in reviews or reviews[r.person] < value:
            reviews[r.person] = value
    ranks: dict[int, list[str]] = {}
    for f in data.forced_ranks:
        if f.rank < 1:
            warnings.append(f"破难攻坚排名：{f.person} 名次{f.rank}无效")
            continue
        out.forced_rank[f.person] = min(f.rank, out.forced_rank.get(f.person, f.rank))
        ranks.setdefault(f.rank, []).append(f.person)
    for rank, names in sorted(ranks.items()):
        if len(set(names)) > 1:
            warnings.append(f"破难攻坚排名：第{rank}名重复（{'、'.join(sorted(set(names)))}），应为强制排名")

    departments = {line.name: line.department or line.name for line in data.lines}
    l_max = rules.l_max
    # Most people have one line and one head score: those are kept in flat
    # dicts (no dict or list per person); a second entry moves a person to
    # `multi_l` / `multi_h`, whose insertion order is not used for output.
    rounded = round2_cached()  # values below have passed a range check (finite)
    first_line: dict[str, str] = {}
    first_l: dict[str, Decimal] = {}  # person -> value, in first-entry order
    multi_l: dict[str, dict[str, Decimal]] = {}  # person -> line -> value
    for s in data.staff_line_scores:
        if s.score is None or s.person is None or s.line is None:
            continue
        line = s.line
        if line not in departments:
            warnings.append(f"专职条线评分：{s.person} 未知条线“{line}”，已忽略")
            continue
        value = s.score
        if not ZERO <= value <= l_max:
            value = _clip(value, l_max, s.person, f"{line}条线评分", warnings)
        person = s.person
        seen = first_line.get(person)
        if seen is None:
            first_line[person] = line
            first_l[person] = value
            continue
        mine = multi_l.get(person)
        if mine is None:
            if seen == line:  # a duplicate keeps the higher score
                first_l[person] = max(first_l[person], value)
                continue
            mine = multi_l[person] = {seen: first_l[person]}
        if line not in mine or mine[line] < value:
            mine[line] = value  # a duplicate keeps the higher score
    by_department = out.l_by_department
    own_l = out.own_l
    for person, value in first_l.items():
        by_line = multi_l.get(person) if multi_l else None
        if by_line is None:
            own = own_l[person] = rounded(value)
            dept = departments[first_line[person]]
            mine_d = by_department.get(dept)
            if mine_d is None:
                by_department[dept] = {person: own}
            else:
                mine_d[person] = own
            continue
        own_l[person] = _mean2(list(by_line.values()))
        by_dept: dict[str, list[Decimal]] = {}
        for line, v in by_line.items():
            by_dept.setdefault(departments[line], []).append(v)
        for dept, dept_values in by_dept.items():
            by_department.setdefault(dept, {})[person] = _mean2(dept_values)
    first_h: dict[str, Decimal] = {}
    multi_h: dict[str, list[Decimal]] = {}
    h_max = rules.h_max
    for h in data.head_scores:
        value = h.score
        if value is None or h.person is None:
            continue
        if not ZERO <= value <= h_max:
            value = _clip(value, h_max, h.person, "负责人评价", warnings)
        person = h.person
        if person not in first_h:
            first_h[person] = value
        elif person in multi_h:
            multi_h[person].append(value)
        else:
            multi_h[person] = [first_h[person], value]
    if multi_h:
        out.head = {
            person: rounded(value) if person not in multi_h else _mean2(multi_h[person])
            for person, value in first_h.items()
        }
    else:
        out.head = {person: rounded(value) for person, value in first_h.items()}
    return out


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
            mine = by_home.get(community)
            if mine is None:
                by_home[community] = [value]
            else:
                mine.append(value)
    for community, values in by_home.items():
        groups.append((community, "H", values, rules.h_bands))
    checks = []
    for rater, measure, values, bounds in sorted(groups, key=lambda g: (g[1], g[0])):
        counts = _band_counts(values, bounds)
        q = largest_remainder(len(values), rules.staff_ratio)
        ok = counts[0] <= q[0] and counts[0] + counts[1] <= q[0] + q[1]
        ratio = ":".join(str(p) for p in rules.staff_ratio)
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

