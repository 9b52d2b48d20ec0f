"""Exact rounding and competition ranks (RULES.md §0)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")
ZERO = Decimal(0)
ZERO2 = Decimal("0.00")  # a component with nothing entered, as printed


def round2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up (away from zero on .005)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round2_exact(value: Fraction) -> Decimal:
    """Round an exact rational to 2 decimals, half up.

    Used where several inexact quotients are summed (a year-to-date mean over
    three quarters): summing Decimal approximations could land a hair below
    an exact .xx5 and round the wrong way.
    """
    scaled = abs(value) * 100
    cents = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    if value < 0:
        cents = -cents
    return Decimal(cents).scaleb(-2)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """Arithmetic mean (a single Decimal division), None when empty."""
    items = list(values)
    if not items:
        return None
    return sum(items, ZERO) / len(items)


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranks ("1224"), higher score first."""
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (name, score) in enumerate(ordered, start=1):
        if score != previous:
            rank = position
            previous = score
        ranks[name] = rank
    return ranks


def fmt(value: Decimal) -> str:
    """A score as printed on the sheets: 2 decimals."""
    return str(round2(value))
