"""Rewards 奖励 (RULES.md §2.2): base(category, tier of the post's community)
× coefficient × months/12 per post, rounded (§0); a person's reward is the
sum over their posts."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kaoji_desktop.core.inputs import RewardBase
from kaoji_desktop.core.results import PostResult, StaffResult
from kaoji_desktop.core.rounding import ZERO, round2
from kaoji_desktop.core.rules import TIER_NAMES

TWELVE = Decimal(12)


class Rewards:
    """The year's reward bases; the warnings name the bases not entered."""

    def __init__(self, bases: Iterable[RewardBase]) -> None:
        # On a duplicate (kind, tier) the highest amount wins, whatever the order.
        ordered = sorted(bases, key=lambda b: (b.kind, b.tier, b.amount))
        self.table = {(b.kind, b.tier): b.amount for b in ordered}
        self.warnings: set[str] = set()

    def base(self, kind: str, category: str, tier: int) -> Decimal:
        """元/人·年 for a staff kind (or, failing that, its category letter)."""
        amount = self.table.get((kind, tier))
        if amount is None:
            amount = self.table.get((category, tier))
        if amount is None:
            self.warnings.add(f"奖励基数 {kind} {TIER_NAMES[tier]} 未录入")
            return ZERO
        return amount

    def post_amount(self, post: PostResult, coefficient: Decimal) -> Decimal:
        base = self.base(post.kind, post.category, post.community_tier)
        return round2(base * coefficient * post.months / TWELVE)

    def award(self, staff: Iterable[StaffResult]) -> None:
        """Set every post's reward and each person's sum (a failed person's
        coefficient is 0, so are their rewards)."""
        for s in staff:
            total = Decimal(0)
            for post in s.posts:
                post.reward = self.post_amount(post, s.coefficient)
                total += post.reward
            s.reward = total
