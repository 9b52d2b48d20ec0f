"""Plain data in and out of the scoring core.

The store loads a year into `YearData`; `kaoji_desktop.core.compute_year`
turns it into a `YearResult`. Everything is immutable and uses `Decimal`.
Names (of communities, lines, people) are the keys throughout, as in the
year workbook (WORKBOOK.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# --- vocabulary -----------------------------------------------------------

Cycle = Literal["季度", "半年", "年度"]
CYCLE_PERIODS: dict[str, tuple[str, ...]] = {
    "季度": ("一季度", "二季度", "三季度", "四季度"),
    "半年": ("上半年", "下半年"),
    "年度": ("年度",),
}
ALL_PERIODS: tuple[str, ...] = (
    "一季度", "二季度", "三季度", "四季度", "上半年", "下半年", "年度",
)

PROJECT_KINDS = ("亮点", "重点", "难点")
RATINGS = ("优秀", "良好", "合格", "不合格")
BONUS_STATUSES = ("申报", "通过", "驳回")

# 人员 类别 (workbook) -> staff category of RULES.md §2
STAFF_KINDS: dict[str, str] = {
    "网格长": "A",
    "网格指导员": "A",
    "社区书记": "A",
    "破难攻坚网格长": "B",
    "专职社工": "C",
}
TIER_NAMES = {1: "第一等次", 2: "第二等次", 3: "第三等次"}
GRADE_NAMES = {1: "一档", 2: "二档", 3: "三档"}
FAIL_GRADE = "不合格"


# --- rule set (RULES.md constants; a year is data, not code) --------------

@dataclass(frozen=True)
class LineDef:
    """条线: a line of work, its full marks, scoring cycle and department."""

    name: str
    full_marks: Decimal
    cycle: str = "季度"
    department: str = ""


LINES_2017: tuple[LineDef, ...] = (
    LineDef("监察", Decimal(5), "季度", "监察室"),
    LineDef("信息与房产管理", Decimal(5), "季度", "信息房管办"),
    LineDef("党建一(组织)", Decimal(7), "季度", "党建办一"),
    LineDef("党建二(宣传、统战)", Decimal(7), "季度", "党建办二"),
    LineDef("综治(综合信息指挥室、司法)", Decimal(12), "季度", "综治办"),
    LineDef("经济(含税收社会化征管)", Decimal(10), "季度", "经济发展办"),
    LineDef("经济二(消防、安监、食安、劳保)", Decimal(10), "季度", "经济办二"),
    LineDef("社会事务", Decimal(10), "季度", "社会事务办"),
    LineDef("四旧改造及城建工作", Decimal(20), "季度", "城建办"),
    LineDef("城管", Decimal(12), "季度", "城管办"),
    LineDef("人武", Decimal(2), "季度", "人武部"),
)


@dataclass(frozen=True)
class RuleSet:
    """Every constant of the measures. Defaults are the 2017 rule set."""

    # community (§1)
    base_total: Decimal = Decimal(130)
    projects_cap: Decimal = Decimal(24)
    satisfaction_max: Decimal = Decimal(3)
    leadership_max: Decimal = Decimal(3)
    rating_values: tuple[tuple[str, Decimal], ...] = (
        ("优秀", Decimal(1)), ("良好", Decimal("0.9")),
        ("合格", Decimal("0.8")), ("不合格", Decimal(0)),
    )
    bonus_cap: Decimal | None = None  # overall cap of net bonus; None = none
    tier_ratio: tuple[int, int, int] = (2, 3, 2)
    over_threshold: Decimal = Decimal(130)  # total > this -> tier 1
    promote_enabled: bool = True  # the 95% rule
    promote_ratio: Decimal = Decimal("0.95")
    # staff (§2)
    a_base: Decimal = Decimal(80)
    a_step: Decimal = Decimal(2)
    a_review_max: Decimal = Decimal(20)
    b_task_base: Decimal = Decimal(70)
    b_task_step: Decimal = Decimal(2)
    b_rank_base: Decimal = Decimal(30)
    b_rank_step: Decimal = Decimal(1)
    c_base: Decimal = Decimal(40)
    c_step: Decimal = Decimal(2)
    l_max: Decimal = Decimal(50)
    h_max: Decimal = Decimal(10)
    l_bands: tuple[Decimal, Decimal, Decimal] = (Decimal(48), Decimal(44), Decimal(40))
    h_bands: tuple[Decimal, Decimal, Decimal] = (Decimal(9), Decimal(7), Decimal(6))
    staff_ratio: tuple[int, int, int] = (3, 5, 2)
    coefficients: tuple[Decimal, Decimal, Decimal] = (
        Decimal("1.05"), Decimal("1.00"), Decimal("0.95"),
    )
    pool_categories: bool = False  # True: one 3:5:2 pool across A, B, C

    def rating_value(self, rating: str) -> Decimal:
        return dict(self.rating_values)[rating]


RULES_2017 = RuleSet()


# --- inputs ----------------------------------------------------------------

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


# --- results ---------------------------------------------------------------

@dataclass(frozen=True)
class TierMove:
    """One change of tier made by a rule (§1.7 steps 2-4)."""

    rule: str  # 超过130分 / 一票否决 / 递补第一等次 / 95%规则
    from_tier: int
    to_tier: int
    reason: str  # a Chinese sentence for the window and the sheets


@dataclass(frozen=True)
class CommunityResult:
    name: str
    line_scores: dict[str, Decimal | None]  # annual (mean) score per line
    lines: Decimal  # component, rounded
    projects: Decimal
    satisfaction: Decimal
    leadership: Decimal
    bonus: Decimal  # approved bonus minus approved deductions
    total: Decimal
    rank: int
    tier_by_rank: int
    tier: int
    barred: bool
    bar_reasons: tuple[str, ...]
    moves: tuple[TierMove, ...]
    tied_at_boundary: bool  # 并列 across a quota boundary
    incomplete: bool
    missing: tuple[str, ...]  # what is missing, in Chinese
    warnings: tuple[str, ...]

    @property
    def tier_name(self) -> str:
        return TIER_NAMES[self.tier]

    @property
    def explanation(self) -> str:
        """说明 column: reasons of rule moves, 并列, warnings."""
        parts = [m.reason for m in self.moves]
        if self.tied_at_boundary:
            parts.append("并列")
        parts.extend(self.warnings)
        return "；".join(parts)


@dataclass(frozen=True)
class LineRanking:
    """One line's ranking in one period (§1.2); only for complete periods."""

    line: str
    period: str
    scores: dict[str, Decimal]
    ranks: dict[str, int]
    last: tuple[str, ...]


@dataclass(frozen=True)
class Talk:
    """约谈: one line, period and community that was last."""

    period: str
    line: str
    community: str
    kind: str  # 末位约谈 / 连续末位约谈
    targets: str  # 约谈对象, Chinese


@dataclass(frozen=True)
class PostResult:
    kind: str
    category: str  # A/B/C
    community: str
    months: Decimal
    community_rank: int
    components: dict[str, Decimal]  # Chinese label -> value
    score: Decimal
    community_tier: int
    reward: Decimal = Decimal(0)  # this post's share of the person's reward


@dataclass(frozen=True)
class StaffResult:
    person: str
    kind: str  # 类别 of the main post (most months, latest on a tie)
    category: str
    community: str  # of the main post
    posts: tuple[PostResult, ...]
    score: Decimal
    l_score: Decimal | None
    l_band: str | None
    h_score: Decimal | None
    h_band: str | None
    failed: bool
    grade: int | None  # 1..3 or None when failed / not distributed
    coefficient: Decimal
    reward: Decimal
    incomplete: bool
    missing: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def grade_name(self) -> str:
        if self.failed:
            return FAIL_GRADE
        return GRADE_NAMES[self.grade] if self.grade else ""


@dataclass(frozen=True)
class ProportionCheck:
    """How one rater's L or H scores stand against 3:5:2 (§2)."""

    rater: str  # department (L) or community (H)
    measure: str  # "L" or "H"
    people: int
    counts: tuple[int, int, int, int]  # 优秀, 良好, 合格, 不合格
    quotas: tuple[int, int, int]
    ok: bool
    message: str


@dataclass(frozen=True)
class YearResult:
    year: int
    organisation: str
    communities: tuple[CommunityResult, ...]  # ordered by rank, then name
    staff: tuple[StaffResult, ...]  # ordered by category, score desc, name
    line_rankings: tuple[LineRanking, ...]
    talks: tuple[Talk, ...]
    proportions: tuple[ProportionCheck, ...]
    tier_quotas: tuple[int, int, int]
    complete: bool
    warnings: tuple[str, ...] = field(default=())
    # 3:5:2 quotas per staff category ("A"/"B"/"C", or "全部" when pooled)
    grade_quotas: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    missing: tuple[str, ...] = field(default=())  # year-level, Chinese

    def community(self, name: str) -> CommunityResult:
        return next(c for c in self.communities if c.name == name)

    def person(self, name: str) -> StaffResult:
        return next(s for s in self.staff if s.person == name)
