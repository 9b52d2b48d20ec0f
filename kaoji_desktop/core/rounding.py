"""Numbers (RULES.md §0): exact rounding and competition ranks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

CENT = Decimal("0.01")
ZERO = Decimal(0)
ZERO2 = Decimal("0.00")  # a component with nothing entered, as printed


def round2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up (away from zero on .005)."""
    return value.quantize(CENT, ROUND_HALF_UP)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """Arithmetic mean (a single Decimal division), None when empty."""
    items = list(values)
    if not items:
        return None
    return sum(items, ZERO) / len(items)


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranks ("1224"), higher score first, ties in name order."""
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


def fmt2(value: Decimal) -> str:
    """A score as printed on the sheets and in the reasons: always 2 decimals
    (rounded as RULES.md rounds: "85.50"). Not `core.values.fmt`, which shows a
    number as the clerk typed it ("85.5")."""
    return str(round2(value))


