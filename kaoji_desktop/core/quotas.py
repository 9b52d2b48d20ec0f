"""Quotas by the largest-remainder method (RULES.md §3)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kaoji_desktop.core.rounding import competition_ranks


def largest_remainder(n: int, ratio: tuple[int, ...]) -> tuple[int, ...]:
    """Split n seats by ratio: floors first, then one seat each to the
    largest fractional parts, the better (earlier) tier first on equal ones.

    Integer arithmetic throughout: quota_i = n*p_i/S is compared through its
    remainder n*p_i mod S, so no rounding can reorder equal fractions.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    total = sum(ratio)
    if total <= 0 or any(p < 0 for p in ratio):
        raise ValueError("ratio must be non-negative with a positive sum")
    seats = [n * p // total for p in ratio]
    remainders = [n * p % total for p in ratio]
    left = n - sum(seats)
    order = sorted(range(len(ratio)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        seats[i] += 1
    return tuple(seats)


def tier_of_rank(rank: int, quotas: tuple[int, ...]) -> int:
    """1-based tier of a competition rank: rank <= q1 -> 1, <= q1+q2 -> 2..."""
    bound = 0
    for tier, quota in enumerate(quotas[:-1], start=1):
        bound += quota
        if rank <= bound:
            return tier
    return len(quotas)


def tiers_by_rank(
    scores: Mapping[str, Decimal], quotas: tuple[int, ...]
) -> tuple[dict[str, int], dict[str, int], set[str]]:
    """Ranks, tiers by rank, and the names whose tie straddles a boundary.

    Ties share the better tier because the tier follows the shared rank.
    """
    ranks = competition_ranks(scores)
    # `ranks` runs from rank 1 down, so tiers only ever step up: one pass
    # with a moving boundary instead of tier_of_rank per name.
    boundaries = []
    bound = 0
    for quota in quotas[:-1]:
        bound += quota
        boundaries.append(bound)
    last = len(quotas)
    tiers: dict[str, int] = {}
    group_size: dict[int, int] = {}
    tier, limit = min(1, last), boundaries[0] if boundaries else None
    for name, rank in ranks.items():
        while limit is not None and rank > limit:
            tier += 1
            limit = boundaries[tier - 1] if tier < last else None
        tiers[name] = tier
        group_size[rank] = group_size.get(rank, 0) + 1
    straddling = {
        rank
        for rank, size in group_size.items()
        if size > 1 and any(rank <= b < rank + size - 1 for b in boundaries)
    }
    tied = {name for name, rank in ranks.items() if rank in straddling} if straddling else set()
    return ranks, tiers, tied
