"""RULES.md §1.7 tiers and §1.8 bars, hand-computed."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import RuleSet, Veto
from kaoji_desktop.core.tiers import community_tiers
from tests.core.core_builder import seven, year_with_totals


def tiers_of(result) -> list[int]:
    return [result.community(f"社区{i}").tier for i in range(1, len(result.communities) + 1)]


def rules_of(result, name: str) -> list[str]:
    return [m.rule for m in result.community(name).moves]


def test_seven_communities_plain_2_3_2() -> None:
    r = compute_year(year_with_totals(seven("120", "119", "118", "117", "116", "110", "100")))
    assert r.tier_quotas == (2, 3, 2)
    assert tiers_of(r) == [1, 1, 2, 2, 2, 3, 3]
    assert all(not c.moves and not c.tied_at_boundary for c in r.communities)
    assert r.complete


def test_tie_across_tier_one_boundary_shares_better_tier_and_is_flagged() -> None:
    r = compute_year(year_with_totals(seven("120", "118", "118", "110", "109", "108", "100")))
    assert [c.rank for c in r.communities] == [1, 2, 2, 4, 5, 6, 7]
    assert tiers_of(r) == [1, 1, 1, 2, 2, 3, 3]
    assert r.community("社区2").tied_at_boundary and r.community("社区3").tied_at_boundary
    assert not r.community("社区1").tied_at_boundary
    assert "并列" in r.community("社区2").explanation


def test_total_over_130_at_rank_three_goes_to_tier_one() -> None:
    r = compute_year(year_with_totals(seven("132", "131.5", "130.01", "130", "120", "100", "90")))
    third = r.community("社区3")
    assert (third.rank, third.tier_by_rank, third.tier) == (3, 2, 1)
    assert third.moves[0].rule == "超过130分" and third.moves[0].from_tier == 2
    assert "超过130" in third.explanation
    assert r.community("社区4").tier == 2  # exactly 130 is not over 130
    assert r.community("社区4").moves == ()


def test_total_over_130_at_rank_six_also_tier_one() -> None:
    r = compute_year(year_with_totals(seven("160", "150", "140", "139", "138", "131", "90")))
    assert tiers_of(r) == [1, 1, 1, 1, 1, 1, 3]


def test_barred_at_rank_one_goes_to_tier_two_and_rank_three_backfills() -> None:
    data = year_with_totals(
        seven("125", "124", "120", "119", "118", "100", "99"),
        vetoes=(Veto("社区1", "安全生产"),),
    )
    r = compute_year(data)
    first = r.community("社区1")
    assert first.barred and first.bar_reasons == ("安全生产",)
    assert first.tier == 2 and first.moves[0].rule == "一票否决"
    assert "安全生产" in first.moves[0].reason
    assert rules_of(r, "社区3") == ["递补第一等次"]
    assert tiers_of(r) == [2, 1, 1, 2, 2, 3, 3]


def test_barred_at_rank_two_backfill_moves_ties_together() -> None:
    data = year_with_totals(
        seven("125", "124", "120", "120", "118", "100", "99"),
        vetoes=(Veto("社区2", "计划生育"), Veto("社区2", "党风廉政建设")),
    )
    r = compute_year(data)
    assert r.community("社区2").bar_reasons == ("党风廉政建设", "计划生育")
    assert tiers_of(r) == [1, 2, 1, 1, 2, 3, 3]
    assert rules_of(r, "社区3") == rules_of(r, "社区4") == ["递补第一等次"]


def test_two_barred_in_tier_one_backfill_twice() -> None:
    data = year_with_totals(
        seven("125", "124", "120", "119", "118", "100", "99"),
        vetoes=(Veto("社区1", "食品安全"), Veto("社区2", "平安建设(综治)")),
    )
    assert tiers_of(compute_year(data)) == [2, 2, 1, 1, 2, 3, 3]


def test_barred_community_over_130_ends_in_tier_two_bar_wins() -> None:
    # Step 2 lifts it to tier 1, step 3 then bars it: the bar wins.
    data = year_with_totals(
        seven("140", "136", "125", "131", "118", "100", "99"),
        vetoes=(Veto("社区4", "劣V类水质断面"),),
    )
    r = compute_year(data)
    barred = r.community("社区4")
    assert (barred.rank, barred.tier_by_rank, barred.tier) == (3, 2, 2)
    assert [m.rule for m in barred.moves] == ["超过130分", "一票否决"]
    assert barred.moves[1].from_tier == 1 and barred.moves[1].to_tier == 2
    assert "超过130分" in barred.moves[1].reason and "劣V类水质断面" in barred.moves[1].reason
    # It was not within q1 by rank, so nobody is backfilled.
    assert r.community("社区3").tier == 2 and not r.community("社区3").moves


def test_barred_over_130_at_rank_one_backfills() -> None:
    data = year_with_totals(
        seven("140", "125", "124", "120", "118", "100", "99"),
        vetoes=(Veto("社区1", "危房倒塌死人事故"),),
    )
    r = compute_year(data)
    assert tiers_of(r) == [2, 1, 1, 2, 2, 3, 3]
    assert "总分虽超过130分" in r.community("社区1").moves[0].reason


def test_95_percent_rule_promotes_tier_three() -> None:
    # Tier-1 mean A = 100; 95% of A = 95.00.
    r = compute_year(year_with_totals(seven("100", "100", "99", "98", "97", "95", "94.99")))
    assert tiers_of(r) == [1, 1, 2, 2, 2, 2, 3]
    move = r.community("社区6").moves[0]
    assert (move.rule, move.from_tier, move.to_tier) == ("95%规则", 3, 2)
    assert "95%" in move.reason and "100.00" in move.reason and "95.00" in move.reason


def test_95_percent_rule_uses_tier_one_after_backfill_and_can_be_disabled() -> None:
    totals = seven("130", "100", "99", "98", "97", "96", "80")
    # Without the bar A = 115 -> bar 109.25: nobody promoted. Barring 社区1
    # leaves tier 1 = {100, 99}: A = 99.5 -> 94.525, so 96 is promoted.
    assert tiers_of(compute_year(year_with_totals(totals))) == [1, 1, 2, 2, 2, 3, 3]
    barred = year_with_totals(totals, vetoes=(Veto("社区1", "安全生产"),))
    assert tiers_of(compute_year(barred)) == [2, 1, 1, 2, 2, 2, 3]
    off = year_with_totals(totals, vetoes=(Veto("社区1", "安全生产"),),
                           rules=RuleSet(promote_enabled=False))
    assert tiers_of(compute_year(off)) == [2, 1, 1, 2, 2, 3, 3]


def test_n_not_seven_uses_largest_remainder_quotas() -> None:
    r5 = compute_year(year_with_totals(seven("90", "80", "70", "60", "50")))
    assert r5.tier_quotas == (2, 2, 1)
    assert tiers_of(r5) == [1, 1, 2, 2, 3]
    r10 = compute_year(year_with_totals(seven(*(str(100 - 5 * i) for i in range(10)))))
    assert r10.tier_quotas == (3, 4, 3)
    assert tiers_of(r10) == [1, 1, 1, 2, 2, 2, 2, 3, 3, 3]
    one = compute_year(year_with_totals(seven("120")))
    assert one.tier_quotas == (0, 1, 0) and tiers_of(one) == [2]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 12_999), min_size=1, max_size=25))
def test_without_rule_moves_higher_total_never_worse_tier(cents: list[int]) -> None:
    totals = {f"c{i}": D(c) / 100 for i, c in enumerate(cents)}
    info, quotas = community_tiers(totals, {}, RuleSet(promote_enabled=False))
    assert sum(quotas) == len(totals)
    for a, ta in totals.items():
        assert not info[a].moves
        for b, tb in totals.items():
            if ta > tb:
                assert info[a].tier <= info[b].tier
            if ta == tb:
                assert info[a].tier == info[b].tier


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 14_000), min_size=1, max_size=20), st.data())
def test_tier_invariants_with_rules(cents: list[int], draw: st.DataObject) -> None:
    totals = {f"c{i}": D(c) / 100 for i, c in enumerate(cents)}
    barred = draw.draw(st.sets(st.sampled_from(sorted(totals))))
    info, _ = community_tiers(totals, dict.fromkeys(barred, ("安全生产",)), RuleSet())
    for name, item in info.items():
        if name in barred:
            assert item.tier != 1
        elif totals[name] > 130:
            assert item.tier == 1
        tier = item.tier_by_rank
        for move in item.moves:  # moves chain from the tier by rank
            assert move.from_tier == tier
            tier = move.to_tier
        assert tier == item.tier
