"""The results of a year (RULES.md §1-§3), as the window, prints and exports show them.

All are dataclasses to be read, never changed, once `compute_year` returns
them. Most are frozen; `StaffResult` and `PostResult` are plain slotted
dataclasses because compute_year fills them in step by step, as RULES.md
goes: scores (§2), then 档 and coefficient (§2.1), then rewards (§2.2). A
district year has ~6,000 of each, and a frozen dataclass's __init__ alone
costs a fifth of a recompute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kaoji_desktop.core.rules import FAIL_GRADE, GRADE_NAMES, TIER_NAMES

UNFINISHED = "未完成"  # a tier or 档 whose inputs are not all entered yet


@dataclass(frozen=True)
class TierMove:
    """One change of tier made by a rule (§1.7 steps 2-4)."""

    rule: str  # the rule's label from the year's rules: 超过130分 / 一票否决 / 95%规则 …
    from_tier: int
    to_tier: int
    reason: str  # a Chinese sentence for the window and the sheets
    rule_id: str = ""  # stable: "over_threshold" / "veto" / "backfill" / "promote" (core/tiers.py)


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
    def tier_text(self) -> str:
        """The tier as results show it: 未完成 while inputs are missing."""
        return UNFINISHED if self.incomplete else self.tier_name

    @property
    def tie_shown(self) -> bool:
        """并列 at a boundary, said only once the data are complete (on an
        empty year every community ties)."""
        return self.tied_at_boundary and not self.incomplete

    @property
    def explanation(self) -> str:
        """说明 column: reasons of rule moves, 并列, warnings."""
        parts = [m.reason for m in self.moves]
        if self.tie_shown:
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


@dataclass(slots=True)
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
class GradePool:
    """One 3:5:2 pool of §2.1: a staff category, or everyone when pooled."""

    key: str  # "A" / "B" / "C", or "全部" when the categories are pooled
    size: int  # people distributed (those who failed are not)
    ratio: tuple[int, int, int]
    quotas: tuple[int, int, int]
    counts: tuple[int, int, int]  # people per 档 after ties shared the better one

    @property
    def label(self) -> str:
        return "全体人员" if self.key == POOLED else f"{self.key}类"

    def overflows(self, grade: int) -> bool:
        """The 档 holds more people than its quota (a tie at its lower edge)."""
        return self.counts[grade - 1] > self.quotas[grade - 1]


POOLED = "全部"  # the key of the one pool when `RuleSet.pool_categories`
TIED_NAMES_SHOWN = 10  # a district tie may hold a hundred people


@dataclass(slots=True)
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
    # Why this 档 (§2.1). The rank is a competition rank (1, 2, 2, 4) within the
    # pool; None when failed.
    category_rank: int | None = None
    pool_size: int = 0
    tied_with: tuple[str, ...] = ()  # the others of the pool with the same score
    grade_overflow: bool = False  # this 档 holds more than its quota, by a tie
    fail_reason: str = ""  # the rule that failed the person; "" if not failed
    pool: GradePool | None = None

    @property
    def grade_name(self) -> str:
        if self.failed:
            return FAIL_GRADE
        return GRADE_NAMES[self.grade] if self.grade else ""

    @property
    def grade_text(self) -> str:
        """The 档 as results show it: 未完成 while inputs are missing."""
        return UNFINISHED if self.incomplete else self.grade_name

    @property
    def grade_detail(self) -> str:
        """“A类22人中第20名；3:5:2名额 7/11/4；三档”, then ties and overflow."""
        if self.failed:
            return self.fail_reason
        pool = self.pool
        if pool is None or self.grade is None or self.category_rank is None:
            return ""
        q1, q2, q3 = pool.quotas
        parts = [f"{pool.label}{self.pool_size}人中第{self.category_rank}名",
                 f"{':'.join(str(p) for p in pool.ratio)}名额 {q1}/{q2}/{q3}",
                 self.grade_name]
        if self.tied_with:
            shown = "、".join(self.tied_with[:TIED_NAMES_SHOWN])
            more = len(self.tied_with) - TIED_NAMES_SHOWN
            others = f"{shown}等{len(self.tied_with)}人" if more > 0 else shown
            parts.append(f"与{others}同分（{self.score}）并列")
        if self.grade_overflow:
            g = self.grade
            parts.append(f"{self.grade_name}因并列共{pool.counts[g - 1]}人，"
                         f"超过名额{pool.quotas[g - 1]}人")
        return "；".join(parts)


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
