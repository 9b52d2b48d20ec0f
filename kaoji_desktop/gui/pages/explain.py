"""What the result pages say about a result: a person's place in the 3:5:2
pool (类内名次), rule labels with the year's constants, and which components
have no input at all (shown as “—”, not as confident zeros).

`staff_standing` reads only the `YearResult`: the core is adding the same
fields to `StaffResult` (category_rank, pool_size, tied_with, grade_overflow,
fail_reason, grade_detail); once they are there this helper can hand them on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from kaoji_desktop.core.model import (
    GRADE_NAMES,
    RuleSet,
    StaffResult,
    TierMove,
    YearData,
    YearResult,
)

POOL = "全部"  # YearResult.grade_quotas key when the categories are pooled
NONE = "—"  # a value that has no input yet
UNFINISHED = "未完成"
FAIL_REASON = "条线评分与负责人评价均为不合格档，年度考核不合格"
# core component labels -> what the window calls them (a score, not a rank)
COMPONENT_LABELS = {"社区名次": "社区名次得分"}


def plain(value: Decimal) -> str:
    """A rule constant as people say it: 130, 0.95, not 130.00."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def ratio_text(ratio: tuple[int, ...]) -> str:
    return ":".join(str(n) for n in ratio)


@dataclass(frozen=True)
class Standing:
    """A person's place in the 3:5:2 distribution. The sentence is made when
    asked for (a tooltip, the breakdown): a district has 6,000 people."""

    category_rank: int | None  # competition rank in the pool; None: failed / not distributed
    pool_size: int
    tied_with: tuple[str, ...]  # others in the pool with the same score
    grade_overflow: bool  # the person's 档 holds more than its quota (ties)
    fail_reason: str
    pool: str = ""  # 3:5:2 pool key ("A", or POOL)
    quotas: tuple[int, ...] = ()
    ratio: tuple[int, ...] = ()
    grade: int | None = None
    grade_count: int = 0  # people in the person's 档
    score: Decimal = Decimal(0)

    @property
    def grade_detail(self) -> str:
        """“A类22人中第20名；3:5:2名额 7/11/4；三档”, then ties and overflow."""
        if self.fail_reason:
            return self.fail_reason
        if self.category_rank is None or self.grade is None:
            return "未分档"
        name = GRADE_NAMES[self.grade]
        text = (f"{_pool_label(self.pool)}{self.pool_size}人中第{self.category_rank}名；"
                f"{ratio_text(self.ratio)}名额 {'/'.join(str(q) for q in self.quotas)}；{name}")
        if self.tied_with:
            text += (f"；与{names_text(self.tied_with)}同分（{self.score:.2f}）"
                     f"并列第{self.category_rank}名")
        if self.grade_overflow:
            text += (f"；{name}{self.grade_count}人，超出名额"
                     f"{self.quotas[self.grade - 1]}人（同分并列）")
        return text


_POOLS: list[tuple[YearResult, dict[str, list[StaffResult]]]] = []


def _pools(year: YearResult) -> dict[str, list[StaffResult]]:
    """3:5:2 pool key -> its distributed people, best score first (once per result)."""
    if _POOLS and _POOLS[0][0] is year:
        return _POOLS[0][1]
    pooled = POOL in year.grade_quotas
    pools: dict[str, list[StaffResult]] = {}
    for s in year.staff:
        if not s.failed and s.grade is not None:
            pools.setdefault(POOL if pooled else s.category, []).append(s)
    for members in pools.values():
        members.sort(key=lambda m: -m.score)
    _POOLS[:] = [(year, pools)]
    return pools


def _pool_label(key: str) -> str:
    return "全体人员" if key == POOL else f"{key}类"


def names_text(names: tuple[str, ...], most: int = 5) -> str:
    """“甲、乙、丙” or “甲、乙、丙、丁、戊等12人”."""
    if len(names) <= most:
        return "、".join(names)
    return "、".join(names[:most]) + f"等{len(names)}人"


def grade_overflows(year: YearResult, ratio: tuple[int, ...]) -> list[str]:
    """“A类一档8人，超出3:5:2名额7人（同分并列）” for every overflowing 档 of a
    pool whose data are complete (on a draft every score may still tie)."""
    out = []
    for key, members in sorted(_pools(year).items()):
        if any(m.incomplete for m in members):
            continue
        quotas = year.grade_quotas.get(key, (0, 0, 0))
        counts = Counter(m.grade for m in members)
        for grade in (1, 2, 3):
            if counts[grade] > quotas[grade - 1]:
                out.append(f"{_pool_label(key)}{GRADE_NAMES[grade]}{counts[grade]}人，超出"
                           f"{ratio_text(ratio)}名额{quotas[grade - 1]}人（同分并列）")
    return out


def staff_standing(year: YearResult, ratio: tuple[int, ...]) -> dict[str, Standing]:
    """Standing of every person of `year`, by name (ratio: the rules' staff_ratio)."""
    pools = _pools(year)
    out: dict[str, Standing] = {}
    for key, members in pools.items():
        quotas = year.grade_quotas.get(key, (0, 0, 0))
        counts = Counter(m.grade for m in members)
        by_score: dict[Decimal, list[str]] = {}
        for m in members:
            by_score.setdefault(m.score, []).append(m.person)
        size = len(members)
        rank = 0
        previous = None
        for i, m in enumerate(members):
            if m.score != previous:
                rank, previous = i + 1, m.score
            grade = m.grade or 3
            same = by_score[m.score]
            tied = tuple(p for p in same if p != m.person) if len(same) > 1 else ()
            out[m.person] = Standing(rank, size, tied, counts[grade] > quotas[grade - 1], "",
                                     key, quotas, ratio, grade, counts[grade], m.score)
    pooled = POOL in year.grade_quotas
    for s in year.staff:
        if s.person not in out:
            size = len(pools.get(POOL if pooled else s.category, ()))
            out[s.person] = Standing(None, size, (), False, FAIL_REASON if s.failed else "")
    return out


def move_label(move: TierMove, rules: RuleSet) -> str:
    """A tier move's rule named with this year's constants (超过{阈值}分,
    {比例}%规则): the core's rule names were written for 2017."""
    rule = move.rule
    if rule.startswith("超过") and rule.endswith("分"):
        return f"超过{plain(rules.over_threshold)}分"
    if rule.endswith("%规则"):
        return f"{plain(rules.promote_ratio * 100)}%规则"
    return rule


@dataclass(frozen=True)
class Absent:
    """Communities with no input at all for a component (a new year)."""

    lines: frozenset[str]
    projects: frozenset[str]
    satisfaction: frozenset[str]
    leadership: frozenset[str]

    def all(self, community: str) -> bool:
        return all(community in group for group in
                   (self.lines, self.projects, self.satisfaction, self.leadership))


_ABSENT: list[tuple[YearData, Absent]] = []


def absent_components(data: YearData) -> Absent:
    """Once per data (the breakdown asks on every selection)."""
    if _ABSENT and _ABSENT[0][0] is data:
        return _ABSENT[0][1]
    absent = _absent(data)
    _ABSENT[:] = [(data, absent)]
    return absent


def _absent(data: YearData) -> Absent:
    names = {c.name for c in data.communities}
    lines = {s.community for s in data.line_scores if s.score is not None}
    projects = {p.community for p in data.projects if p.points}
    satisfaction = {s.community for s in data.satisfaction
                    if (s.excellent or 0) + (s.good or 0) + (s.passed or 0) + (s.failed or 0)}
    satisfaction |= {r.community for r in data.satisfaction_ratings if r.rating}
    leadership = {s.community for s in data.leader_scores if s.score is not None}
    return Absent(frozenset(names - lines), frozenset(names - projects),
                  frozenset(names - satisfaction), frozenset(names - leadership))
