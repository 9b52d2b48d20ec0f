"""The inputs of a year: what the clerk and the departments enter (WORKBOOK.md).

The store loads a year into `YearData`; `kaoji_desktop.core.compute_year`
turns it into a `YearResult` (core/results.py). Everything is immutable and
uses `Decimal`. Names (of communities, lines, people) are the keys
throughout, as in the year workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kaoji_desktop.core.rules import RULES_2017, LineDef, RuleSet


@dataclass(frozen=True)
class Community:
    """社区(网格)."""

    name: str
    renovation_task: bool = True  # 旧改任务 有/无
    liaison_leader: str = ""  # 联系领导


@dataclass(frozen=True)
class LineScore:
    community: str
    line: str
    period: str
    score: Decimal


@dataclass(frozen=True)
class Project:
    """个性项目 (appendix 1). score None = not yet scored."""

    community: str
    kind: str
    name: str
    points: Decimal
    department: str = ""
    score: Decimal | None = None


@dataclass(frozen=True)
class SatisfactionCounts:
    """满意度 by counts of respondents per rating."""

    community: str
    excellent: int = 0
    good: int = 0
    passed: int = 0
    failed: int = 0


@dataclass(frozen=True)
class SatisfactionRating:
    """满意度 one respondent's rating; when a community has any of these,
    they replace its counts."""

    community: str
    respondent: int
    rating: str


@dataclass(frozen=True)
class LeaderScore:
    """领导评价 (appendix 5): one team member's score of one community."""

    community: str
    rater: str
    score: Decimal


@dataclass(frozen=True)
class BonusItem:
    """加减分 (appendix 3): points are negative for a deduction."""

    community: str
    item: str
    points: Decimal
    status: str = "申报"
    note: str = ""


@dataclass(frozen=True)
class Veto:
    """否决事项: any entry bars the community from tier 1 (§1.8)."""

    community: str
    matter: str
    note: str = ""


@dataclass(frozen=True)
class Post:
    """人员: one post of a person (several posts = several rows)."""

    person: str
    kind: str  # key of STAFF_KINDS
    community: str
    months: Decimal = Decimal(12)


@dataclass(frozen=True)
class DualReview:
    """双述双评: a = 社区干部服务对象评价, b = 街道评价 (0-100 each)."""

    person: str
    a: Decimal
    b: Decimal


@dataclass(frozen=True)
class ForcedRank:
    """破难攻坚排名: forced rank f, no ties."""

    person: str
    rank: int


@dataclass(frozen=True)
class StaffLineScore:
    """专职条线评分 (appendix 6): L of one line, given by its department."""

    person: str
    line: str
    score: Decimal


@dataclass(frozen=True)
class HeadScore:
    """负责人评价 (appendix 7): H, 0-10."""

    person: str
    score: Decimal


@dataclass(frozen=True)
class RewardBase:
    """奖励基数: yuan per person-year for a staff kind and community tier."""

    kind: str
    tier: int
    amount: Decimal


@dataclass(frozen=True)
class YearData:
    year: int
    organisation: str
    communities: tuple[Community, ...]
    lines: tuple[LineDef, ...]
    leaders: tuple[str, ...] = ()
    line_scores: tuple[LineScore, ...] = ()
    projects: tuple[Project, ...] = ()
    satisfaction: tuple[SatisfactionCounts, ...] = ()
    satisfaction_ratings: tuple[SatisfactionRating, ...] = ()
    leader_scores: tuple[LeaderScore, ...] = ()
    bonus_items: tuple[BonusItem, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    posts: tuple[Post, ...] = ()
    dual_reviews: tuple[DualReview, ...] = ()
    forced_ranks: tuple[ForcedRank, ...] = ()
    staff_line_scores: tuple[StaffLineScore, ...] = ()
    head_scores: tuple[HeadScore, ...] = ()
    reward_bases: tuple[RewardBase, ...] = ()
    rules: RuleSet = RULES_2017
