"""What the result pages say about a result: a person's place in the 3:5:2
pool (类内名次), rule labels with the year's constants, and which components
have no input at all (shown as “—”, not as confident zeros).

The place in the pool is the core's (`StaffResult.category_rank`, `pool`,
`tied_with`, `grade_overflow`, `fail_reason`, RULES.md §2.1); this module
only words it for the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaoji_desktop.core.model import (
    GRADE_NAMES,
    GradePool,
    RuleSet,
    StaffResult,
    TierMove,
    YearData,
    YearResult,
)
from kaoji_desktop.core.rules import ratio_text
from kaoji_desktop.core.values import fmt as plain  # a rule constant as said: 130, 0.95

NONE = "—"  # a value that has no input yet
UNFINISHED = "未完成"


@dataclass(frozen=True)
class Standing:
    """A person's place in the 3:5:2 distribution, as the core computed it.
    The sentence is made when asked for (a tooltip, the breakdown)."""

    result: StaffResult

    @property
    def category_rank(self) -> int | None:
        return self.result.category_rank if self.result.pool is not None else None

    @property
    def pool_size(self) -> int:
        return self.result.pool_size

    @property
    def tied_with(self) -> tuple[str, ...]:
        return self.result.tied_with

    @property
    def grade_overflow(self) -> bool:
        return self.result.grade_overflow

    @property
    def fail_reason(self) -> str:
        return self.result.fail_reason

    @property
    def grade_detail(self) -> str:
        """“A类22人中第20名；3:5:2名额 7/11/4；三档”, then ties and overflow."""
        s, pool = self.result, self.result.pool
        if s.failed:
            return s.fail_reason
        if pool is None or s.grade is None or s.category_rank is None:
            return "未分档"
        name = GRADE_NAMES[s.grade]
        text = (f"{pool.label}{pool.size}人中第{s.category_rank}名；"
                f"{ratio_text(pool.ratio)}名额 {'/'.join(str(q) for q in pool.quotas)}；{name}")
        if s.tied_with:
            text += (f"；与{names_text(s.tied_with)}同分（{s.score:.2f}）"
                     f"并列第{s.category_rank}名")
        if s.grade_overflow:
            text += (f"；{name}{pool.counts[s.grade - 1]}人，超出名额"
                     f"{pool.quotas[s.grade - 1]}人（同分并列）")
        return text


class Standings:
    """Every person's `Standing`, by name."""

    def __init__(self, year: YearResult) -> None:
        self._people = {s.person: s for s in year.staff}

    def rank(self, person: str) -> int | None:
        s = self._people.get(person)
        return None if s is None else Standing(s).category_rank

    def get(self, person: str) -> Standing | None:
        s = self._people.get(person)
        return None if s is None else Standing(s)

    def __getitem__(self, person: str) -> Standing:
        return Standing(self._people[person])


def names_text(names: tuple[str, ...], most: int = 5) -> str:
    """“甲、乙、丙” or “甲、乙、丙、丁、戊等12人”."""
    if len(names) <= most:
        return "、".join(names)
    return "、".join(names[:most]) + f"等{len(names)}人"


def grade_overflows(year: YearResult, ratio: tuple[int, ...]) -> list[str]:
    """“A类一档8人，超出3:5:2名额7人（同分并列）” for every overflowing 档 of a
    pool whose data are complete (on a draft every score may still tie)."""
    pools: dict[str, GradePool] = {}
    unfinished: set[str] = set()
    for s in year.staff:
        if s.pool is not None:
            pools[s.pool.key] = s.pool
            if s.incomplete:
                unfinished.add(s.pool.key)
    out = []
    for key, pool in sorted(pools.items()):
        if key in unfinished:
            continue
        for grade in (1, 2, 3):
            if pool.overflows(grade):
                out.append(f"{pool.label}{GRADE_NAMES[grade]}{pool.counts[grade - 1]}人，超出"
                           f"{ratio_text(ratio)}名额{pool.quotas[grade - 1]}人（同分并列）")
    return out


def staff_standing(year: YearResult, ratio: tuple[int, ...]) -> Standings:
    """Standing of every person of `year`, by name (ratio: the rules' staff_ratio,
    which the core's pools carry too)."""
    return Standings(year)


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
