"""RULES.md §0 (rounding, competition ranks) and §3 (largest remainder)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaoji_desktop.core.quotas import largest_remainder, tier_of_rank, tiers_by_rank
from kaoji_desktop.core.rounding import competition_ranks, round2


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.005", "1.01"), ("2.675", "2.68"), ("0.004", "0.00"), ("-1.005", "-1.01"),
     ("17.6330", "17.63"), ("88.165", "88.17")],
)
def test_round_half_up_at_exactly_005(value: str, expected: str) -> None:
    assert round2(D(value)) == D(expected)
    assert str(round2(D(value))) == expected


def test_competition_ranks_1224() -> None:
    ranks = competition_ranks({"甲": D(90), "乙": D(80), "丙": D(80), "丁": D(70)})
    assert ranks == {"甲": 1, "乙": 2, "丙": 2, "丁": 4}


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, (0, 1, 0)), (2, (1, 1, 0)), (3, (1, 1, 1)), (4, (1, 2, 1)), (5, (2, 2, 1)),
     (7, (2, 4, 1)), (10, (3, 5, 2)), (13, (4, 6, 3)), (0, (0, 0, 0))],
)
def test_rules_quota_examples_352(n: int, expected: tuple[int, int, int]) -> None:
    assert largest_remainder(n, (3, 5, 2)) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    # 2:3:2 of N: N=7 the 2017 default; N=5 and N=10 break remainder ties
    # toward the better tier (3/7 vs 3/7 at N=5, 6/7 vs 6/7 at N=10).
    [(7, (2, 3, 2)), (5, (2, 2, 1)), (10, (3, 4, 3)), (1, (0, 1, 0)), (2, (1, 1, 0)),
     (3, (1, 1, 1)), (14, (4, 6, 4))],
)
def test_community_quotas_232(n: int, expected: tuple[int, int, int]) -> None:
    assert largest_remainder(n, (2, 3, 2)) == expected


@given(st.integers(0, 5000), st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(1, 9)))
def test_quotas_sum_to_n_and_stay_within_one_seat(n: int, ratio: tuple[int, int, int]) -> None:
    seats = largest_remainder(n, ratio)
    assert sum(seats) == n
    for seat, p in zip(seats, ratio, strict=True):
        assert n * p // sum(ratio) <= seat <= n * p // sum(ratio) + 1


def test_tier_of_rank_and_straddling_tie() -> None:
    assert [tier_of_rank(r, (2, 3, 2)) for r in range(1, 8)] == [1, 1, 2, 2, 2, 3, 3]
    scores = {"甲": D(9), "乙": D(8), "丙": D(8), "丁": D(7)}
    ranks, tiers, tied = tiers_by_rank(scores, (2, 1, 1))
    assert ranks["丙"] == 2 and tiers["丙"] == 1 and tiers["丁"] == 3
    assert tied == {"乙", "丙"}
