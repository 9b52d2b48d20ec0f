"""The scoring core: RULES.md as pure, exact code. No Qt, sqlite or openpyxl.

core/rules.py (vocabulary, rule set), core/inputs.py and core/results.py hold
the data; one module per section of RULES.md computes: lines (§1.1-1.2),
community (§1.3-1.6), tiers (§1.7-1.8), staff and staff_inputs (§2),
distribution (§2.1), rewards (§2.2), quotas (§3), rounding (§0); year.py
runs them in order.
"""

from kaoji_desktop.core.model import *  # noqa: F403 - the package re-exports the data types
from kaoji_desktop.core.year import compute_year as compute_year
