"""The scoring core: RULES.md as pure, exact code. No Qt, sqlite or openpyxl."""

from kaoji_desktop.core.model import *
from kaoji_desktop.core.model import RULES_2017, RuleSet, YearData, YearResult

__all__ = ["RULES_2017", "RuleSet", "YearData", "YearResult", "compute_year"]


def compute_year(data: YearData) -> YearResult:
    """Recompute every result of a year from its data (RULES.md)."""
    from kaoji_desktop.core.year import compute_year as _compute

    return _compute(data)
