"""等次: community tiers by rank and the rule moves of RULES.md §1.7."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kaoji_desktop.core.quotas import largest_remainder, tiers_by_rank
from kaoji_desktop.core.results import TierMove
from kaoji_desktop.core.rounding import fmt2
from kaoji_desktop.core.rules import RuleSet, plain_number

# Stable ids of the rule moves (TierMove.rule_id); their labels follow the
# year's rules (`rule_label`).
RULE_OVER = "over_threshold"
RULE_VETO = "veto"
RULE_BACKFILL = "backfill"
RULE_PROMOTE = "promote"


def rule_label(rule_id: str, rules: RuleSet) -> str:
    """超过130分 / 一票否决 / 递补第一等次 / 95%规则, with this year's numbers."""
    if rule_id == RULE_OVER:
        return f"超过{plain_number(rules.over_threshold)}分"
    if rule_id == RULE_PROMOTE:
        return f"{rules.promote_percent}%规则"
    return {RULE_VETO: "一票否决", RULE_BACKFILL: "递补第一等次"}[rule_id]


@dataclass
class TierInfo:
    rank: int
    tier_by_rank: int
    tier: int
    tied_at_boundary: bool
    moves: list[TierMove] = field(default_factory=list)


def community_tiers(
    totals: Mapping[str, Decimal],
    bars: Mapping[str, tuple[str, ...]],
    rules: RuleSet,
) -> tuple[dict[str, TierInfo], tuple[int, int, int]]:
    """Tiers of every community, in the four steps of §1.7.

    `bars` maps a barred community (§1.8) to its reasons. A barred community
    over the threshold ends in tier 2: step 3 (bar) comes after step 2.
    """
    q = largest_remainder(len(totals), rules.tier_ratio)
    quotas = (q[0], q[1], q[2])
    ranks, by_rank, tied = tiers_by_rank(totals, quotas)
    info = {
        n: TierInfo(ranks[n], by_rank[n], by_rank[n], n in tied) for n in totals
    }

    def move(name: str, rule_id: str, to_tier: int, reason: str) -> None:
        item = info[name]
        label = rule_label(rule_id, rules)
        item.moves.append(TierMove(label, item.tier, to_tier, reason, rule_id))
        item.tier = to_tier

    # Step 2: over the threshold -> tier 1 whatever the rank.
    threshold = rules.over_threshold
    for name in sorted(totals):
        if totals[name] > threshold and info[name].tier != 1:
            move(name, RULE_OVER, 1,
                 f"总分{fmt2(totals[name])}超过{plain_number(threshold)}分，列为第一等次")

    # Step 3: barred communities leave tier 1; each one ranked within q1
    # brings up the best-ranked unbarred tier-2 community (and its ties).
    vacated: list[str] = []
    for name in sorted(totals, key=lambda n: (ranks[n], n)):
        if name not in bars or info[name].tier != 1:
            continue
        why = "、".join(bars[name]) or "否决事项"
        over = "总分虽超过" + plain_number(threshold) + "分，但" if totals[name] > threshold else ""
        move(name, RULE_VETO, 2, f"{over}因{why}取消第一等次评选资格，列为第二等次")
        if ranks[name] <= quotas[0]:
            vacated.append(name)
    for barred in vacated:
        candidates = [n for n in totals if info[n].tier == 2 and n not in bars]
        if not candidates:
            break
        best = min(ranks[n] for n in candidates)
        for name in sorted(n for n in candidates if ranks[n] == best):
            move(name, RULE_BACKFILL, 1,
                 f"因{barred}取消第一等次评选资格，递补为第一等次")

    # Step 4: tier 3 reaching 95% of the tier-1 mean -> tier 2.
    first = [totals[n] for n in totals if info[n].tier == 1]
    if rules.promote_enabled and first:
        count, total = len(first), sum(first, Decimal(0))
        bar = rules.promote_ratio * total / count
        for name in sorted(totals):
            # Compare exactly: t >= ratio * sum / count  <=>  t * count >= ratio * sum
            if info[name].tier == 3 and totals[name] * count >= rules.promote_ratio * total:
                move(name, RULE_PROMOTE, 2,
                     f"总分{fmt2(totals[name])}达到第一等次平均分{fmt2(total / count)}的"
                     f"{rules.promote_percent}%"
                     f"（{fmt2(bar)}），列为第二等次")
    return info, quotas
