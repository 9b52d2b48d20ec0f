"""A department's typed scores are read like the window's and the import's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kaoji_desktop.exchange.packages.model import parse_score

TOP = Decimal(50)


@pytest.mark.parametrize(("typed", "expected"), [
    ("４７．５", "47.5"), ("46。5", "46.5"), (" 45 ", "45"), ("", None), (Decimal("9.50"), "9.5")])
def test_scores_read_as_typed(typed, expected):
    assert parse_score(typed, TOP) == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize("typed", ["1_0", "1e1", "4,5", "45%", "NaN", "abc"])
def test_sloppy_scores_refused(typed):
    with pytest.raises(ValueError, match="不是数字"):
        parse_score(typed, TOP)
