"""3:5:2 分档, bonus coefficients and rewards (RULES.md §2.1, §2.2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from kaoji_desktop.core.model import (
    GRADE_NAMES,
    TIER_NAMES,
    PostResult,
    RewardBase,
    RuleSet,
    StaffResult,
)
from kaoji_desktop.core.quotas import largest_remainder, tiers_by_rank
from kaoji_desktop.core.rounding import ZERO, round2

POOL = "全部"


@dataclass
class Distribution:
    grades: dict[str, int] = field(default_factory=dict)  # person -> 1..3
    quotas: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # group -> quotas
    warnings: list[str] = field(default_factory=list)
    # group -> its people by score, higher first, ties in name order
    order: dict[str, list[str]] = field(default_factory=dict)


def forced_distribution(people: Iterable[StaffResult], rules: RuleSet) -> Distribution:
    """Split the people who did not fail 3:5:2 within each category (or one
    pool), by score; ties share the better 档 and may overflow a quota."""
    groups: dict[str, dict[str, Decimal]] = {}
    pooled = rules.pool_categories
    for s in people:
        if s.failed:
            continue
        person, score = s.person, s.score
        key = POOL if pooled else s.category
        group = groups.get(key)
        if group is None:
            groups[key] = {person: score}
        else:
            group[person] = score
    out = Distribution()
    ratio = ":".join(str(x) for x in rules.staff_ratio)
    for key in sorted(groups):
        scores = groups[key]
        q = largest_remainder(len(scores), rules.staff_ratio)
        quotas = (q[0], q[1], q[2])
        out.quotas[key] = quotas
        ranks, grades, _ = tiers_by_rank(scores, quotas)
        out.order[key] = list(ranks)
        out.grades.update(grades)
        label = "全体人员" if key == POOL else f"{key}类人员"
        counts = Counter(grades.values())
        for grade in (1, 2, 3):
            count = counts[grade]
            if count > quotas[grade - 1]:
                out.warnings.append(
                    f"{label}{GRADE_NAMES[grade]}{count}人，超过{ratio}名额{quotas[grade - 1]}人（同分并列）"
                )
    return out


def coefficient(grade: int | None, failed: bool, rules: RuleSet) -> Decimal:
    if failed or grade is None:
        return ZERO
    return rules.coefficients[grade - 1]


class Rewards:
    """Post amounts: base(kind, tier of the post's community) × coefficient
    × months/12, rounded (§2.2); a person's reward is the sum (§0).

    Amounts repeat across a district (same kind, tier, 档, 12 months), so
    each distinct combination is computed once.
    """

    def __init__(self, bases: Iterable[RewardBase]) -> None:
        ordered = sorted(bases, key=lambda b: (b.kind, b.tier, b.amount))
        self.table = {(b.kind, b.tier): b.amount for b in ordered}
        self.warnings: set[str] = set()
        self._cache: dict[tuple[str, int, Decimal, Decimal], Decimal] = {}

    def post_amount(self, post: PostResult, coef: Decimal) -> Decimal:
        # The category follows from the kind (STAFF_KINDS): not in the key.
        kind, tier, months = post.kind, post.community_tier, post.months
        key = (kind, tier, coef, months)
        amount = self._cache.get(key)
        if amount is None:
            base = self.table.get((kind, tier))
            if base is None:  # a base may also be given per category letter
                base = self.table.get((post.category, tier))
            if base is None:
                self.warnings.add(f"奖励基数 {kind} {TIER_NAMES[tier]} 未录入")
                base = ZERO
            amount = self._cache[key] = round2(base * coef * months / 12)
        return amount
