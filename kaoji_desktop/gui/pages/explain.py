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
from operator import attrgetter

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
    asked for (a tooltip, the breakdown)."""

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


class Standings:
    """Every person's `Standing`, made when first asked for: the grid asks
    only for the rows it paints (a district has 6,000 people)."""

    def __init__(self, year: YearResult, ratio: tuple[int, ...]) -> None:
        self.year, self.ratio = year, ratio
        self.pools = _pools(year)
        self.pooled = POOL in year.grade_quotas
        self._ranks: dict[str, dict[str, int]] = {}  # pool -> person -> competition rank
        self._by_score: dict[str, dict[Decimal, list[str]]] = {}
        self._made: dict[str, Standing] = {}
        self._people = {s.person: s for s in year.staff}

    def _pool(self, s: StaffResult) -> str | None:
        if s.failed or s.grade is None:
            return None
        return POOL if self.pooled else s.category

    def _ranks_of(self, key: str) -> dict[str, int]:
        ranks = self._ranks.get(key)
        if ranks is None:
            ranks = self._ranks[key] = {}
            rank, previous = 0, None
            for i, m in enumerate(self.pools.get(key, ())):
                if m.score != previous:
                    rank, previous = i + 1, m.score
                ranks[m.person] = rank
        return ranks

    def rank(self, person: str) -> int | None:
        s = self._people.get(person)
        key = None if s is None else self._pool(s)
        return None if key is None else self._ranks_of(key).get(person)

    def get(self, person: str) -> Standing | None:
        made = self._made.get(person)
        if made is None and person in self._people:
            made = self._made[person] = self._make(self._people[person])
        return made

    def __getitem__(self, person: str) -> Standing:
        made = self.get(person)
        if made is None:
            raise KeyError(person)
        return made

    def _make(self, s: StaffResult) -> Standing:
        key = self._pool(s)
        if key is None:
            size = len(self.pools.get(POOL if self.pooled else s.category, ()))
            return Standing(None, size, (), False, FAIL_REASON if s.failed else "")
        members = self.pools[key]
        if key not in self._by_score:
            by_score: dict[Decimal, list[str]] = {}
            for m in members:
                by_score.setdefault(m.score, []).append(m.person)
            self._by_score[key] = by_score
        quotas = self.year.grade_quotas.get(key, (0, 0, 0))
        grade = s.grade or 3
        count = _counts(self.year)[key][grade]
        tied = tuple(p for p in self._by_score[key][s.score] if p != s.person)
        return Standing(self._ranks_of(key)[s.person], len(members), tied,
                        count > quotas[grade - 1], "", key, quotas, self.ratio, grade, count,
                        s.score)


_POOLS: list[tuple[YearResult, dict[str, list[StaffResult]], dict[str, Counter[int]]]] = []


def _distribution(year: YearResult) -> tuple[dict[str, list[StaffResult]], dict[str, Counter[int]]]:
    """Pool key -> its distributed people (best score first) and how many
    each 档 holds; once per result."""
    if _POOLS and _POOLS[0][0] is year:
        return _POOLS[0][1], _POOLS[0][2]
    pooled = POOL in year.grade_quotas
    pools: dict[str, list[StaffResult]] = {}
    for s in year.staff:
        if not s.failed and s.grade is not None:
            key = POOL if pooled else s.category
            members = pools.get(key)
            if members is None:
                pools[key] = [s]
            else:
                members.append(s)
    counts: dict[str, Counter[int]] = {}
    for key, members in pools.items():
        members.sort(key=attrgetter("score"), reverse=True)  # stable: ties keep their order
        counts[key] = Counter(m.grade for m in members if m.grade is not None)
    _POOLS[:] = [(year, pools, counts)]
    return pools, counts


def _pools(year: YearResult) -> dict[str, list[StaffResult]]:
    return _distribution(year)[0]


def _counts(year: YearResult) -> dict[str, Counter[int]]:
    return _distribution(year)[1]


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
    pools, counts = _distribution(year)
    for key, members in sorted(pools.items()):
        quotas = year.grade_quotas.get(key, (0, 0, 0))
        over = [g for g in (1, 2, 3) if counts[key][g] > quotas[g - 1]]
        if not over or any(m.incomplete for m in members):
            continue
        for grade in over:
            out.append(f"{_pool_label(key)}{GRADE_NAMES[grade]}{counts[key][grade]}人，超出"
                       f"{ratio_text(ratio)}名额{quotas[grade - 1]}人（同分并列）")
    return out


def staff_standing(year: YearResult, ratio: tuple[int, ...]) -> Standings:
    """Standing of every person of `year`, by name (ratio: the rules' staff_ratio)."""
    return Standings(year, ratio)


def move_label(move: TierMove, rules: RuleSet) -> str:
    """A tier move's rule named with this year's constants (超过{阈值}分,
    {比例}%规则). Reads the core's stable `rule_id` where the core has one,
    else its 2017 rule names."""
    rule_id = getattr(move, "rule_id", "")
    rule = move.rule
    if rule_id == "over_threshold" or (not rule_id and rule.startswith("超过")
                                       and rule.endswith("分")):
        return f"超过{plain(rules.over_threshold)}分"
    if rule_id == "promote" or (not rule_id and rule.endswith("%规则")):
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
