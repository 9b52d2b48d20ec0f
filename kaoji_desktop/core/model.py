"""The core's data types under one name, for `from kaoji_desktop.core import model as m`.

They are defined by responsibility: the vocabulary and the rule set in
core/rules.py, the inputs in core/inputs.py, the results in core/results.py.
New code may import from those modules directly.
"""

from kaoji_desktop.core.inputs import (
    BonusItem,
    Community,
    DualReview,
    ForcedRank,
    HeadScore,
    LeaderScore,
    LineScore,
    Post,
    Project,
    RewardBase,
    SatisfactionCounts,
    SatisfactionRating,
    StaffLineScore,
    Veto,
    YearData,
)
from kaoji_desktop.core.results import (
    POOLED,
    CommunityResult,
    GradePool,
    LineRanking,
    PostResult,
    ProportionCheck,
    StaffResult,
    Talk,
    TierMove,
    YearResult,
)
from kaoji_desktop.core.rules import (
    ALL_PERIODS,
    BONUS_STATUSES,
    CYCLE_PERIODS,
    FAIL_GRADE,
    GRADE_NAMES,
    LINES_2017,
    PROJECT_KINDS,
    RATINGS,
    RULE_PARAM,
    RULE_PARAMS,
    RULES_2017,
    STAFF_KINDS,
    TIER_NAMES,
    Cycle,
    LineDef,
    RuleParam,
    RuleSet,
)

__all__ = [
    "ALL_PERIODS", "BONUS_STATUSES", "CYCLE_PERIODS", "FAIL_GRADE", "GRADE_NAMES",
    "LINES_2017", "POOLED", "PROJECT_KINDS", "RATINGS", "RULES_2017", "RULE_PARAM",
    "RULE_PARAMS", "STAFF_KINDS", "TIER_NAMES", "BonusItem", "Community", "CommunityResult",
    "Cycle", "DualReview", "ForcedRank", "GradePool", "HeadScore", "LeaderScore", "LineDef",
    "LineRanking", "LineScore", "Post", "PostResult", "Project", "ProportionCheck",
    "RewardBase", "RuleParam", "RuleSet", "SatisfactionCounts", "SatisfactionRating",
    "StaffLineScore", "StaffResult", "Talk", "TierMove", "Veto", "YearData", "YearResult",
]
