"""Exact rounding and competition ranks (RULES.md §0)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

CENT = Decimal("0.01")
ZERO = Decimal(0)
ZERO2 = Decimal("0.00")  # a component with nothing entered, as printed


def round2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up (away from zero on .005)."""
    # Positional: keyword parsing made this call ~2x slower, and a district
    # year rounds ~70,000 times.
    return value.quantize(CENT, ROUND_HALF_UP)


def round2_cached() -> Callable[[Decimal], Decimal]:
    """round2 computing each distinct value once (a dict hit is ~5x cheaper
    than a quantize; ~10,000 staff inputs repeat a few hundred values).

    For finite values only. Zeros are never cached: -0 == 0 but rounds to
    -0.00. Equal non-zero values round to the same result whatever their
    exponent. Use within one arithmetic context.
    """
    cache: dict[Decimal, Decimal] = {}
    get = cache.get

    def rounded(value: Decimal) -> Decimal:
        out = get(value)
        if out is None:
            out = value.quantize(CENT, ROUND_HALF_UP)
            if value:
                cache[value] = out
        return out

    return rounded


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """Arithmetic mean (a single Decimal division), None when empty."""
    items = list(values)
    if not items:
        return None
    return sum(items, ZERO) / len(items)


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranks ("1224"), higher score first."""
    return rank_in_place(sorted(scores.items()))  # by name (names are unique)


def rank_in_place(pairs: list[tuple[str, Decimal]]) -> dict[str, int]:
    """Competition ranks of (name, score) pairs given in name order; sorts
    `pairs` by score, higher first, ties left in name order. For callers that
    have the names in order already (sorting Chinese names is not cheap)."""
    pairs.sort(key=itemgetter(1), reverse=True)
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (name, score) in enumerate(pairs, start=1):
        if score != previous:
            rank = position
            previous = score
        ranks[name] = rank
    return ranks


def fmt(value: Decimal) -> str:
    """A score as printed on the sheets: 2 decimals."""
    return str(round2(value))


def fmt_plain(value: Decimal) -> str:
    """A constant of the rules as people say it: 130, 0.95, not 130.00."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.normalize())
