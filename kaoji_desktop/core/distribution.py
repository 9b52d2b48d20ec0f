"""Final distribution 3:5:2 and bonus coefficients (RULES.md §2.1).

Within each category (or one pool across A, B, C), the people who did not
fail are ranked by score and split into 一档/二档/三档 by the quotas of §3;
people tied on score share the better 档, which may then overflow its quota.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from kaoji_desktop.core.quotas import largest_remainder, tiers_by_rank
from kaoji_desktop.core.results import POOLED, GradePool, StaffResult
from kaoji_desktop.core.rules import GRADE_NAMES, RuleSet


def pool_key(category: str, rules: RuleSet) -> str:
    return POOLED if rules.pool_categories else category


@dataclass
class Distribution:
    pools: dict[str, GradePool] = field(default_factory=dict)  # pool key -> pool
    warnings: list[str] = field(default_factory=list)  # 档 over their quotas

    @property
    def quotas(self) -> dict[str, tuple[int, int, int]]:
        return {key: pool.quotas for key, pool in self.pools.items()}


def forced_distribution(staff: Iterable[StaffResult], rules: RuleSet) -> Distribution:
    """Give everyone who did not fail a 档 and its coefficient, pool by pool:
    sets grade, coefficient, category_rank, pool_size, tied_with,
    grade_overflow and pool of each StaffResult."""
    groups: dict[str, dict[str, StaffResult]] = {}
    for s in staff:
        if not s.failed:
            groups.setdefault(pool_key(s.category, rules), {})[s.person] = s
    out = Distribution()
    for key in sorted(groups):
        people = groups[key]
        q1, q2, q3 = largest_remainder(len(people), rules.staff_ratio)
        ranks, grades, _ = tiers_by_rank({n: s.score for n, s in people.items()}, (q1, q2, q3))
        counts = Counter(grades.values())
        pool = GradePool(key, len(people), rules.staff_ratio, (q1, q2, q3),
                         (counts[1], counts[2], counts[3]))
        out.pools[key] = pool
        for name, rank in ranks.items():
            s, grade = people[name], grades[name]
            s.grade, s.coefficient = grade, rules.coefficients[grade - 1]
            s.category_rank, s.pool_size, s.pool = rank, pool.size, pool
            s.grade_overflow = pool.overflows(grade)
        for names in _ties(ranks):
            for i, name in enumerate(names):
                people[name].tied_with = names[:i] + names[i + 1:]
        who = "全体人员" if key == POOLED else f"{key}类人员"
        for grade in (1, 2, 3):
            if pool.overflows(grade):
                out.warnings.append(
                    f"{who}{GRADE_NAMES[grade]}{pool.counts[grade - 1]}人，超过"
                    f"{rules.staff_ratio_text}名额{pool.quotas[grade - 1]}人（同分并列）"
                )
    return out


def _ties(ranks: dict[str, int]) -> Iterator[tuple[str, ...]]:
    """The groups of people sharing a score (`ranks` runs from rank 1 down;
    equal ranks are equal scores, in name order)."""
    for _rank, group in groupby(ranks, key=ranks.__getitem__):
        names = tuple(group)
        if len(names) > 1:
            yield names
