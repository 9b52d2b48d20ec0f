"""The vocabulary of the measures and the rule set (RULES.md: a year is data).

`RuleSet` holds every constant of the measures, with the 2017 values as
defaults; `RULE_PARAMS` declares once, for each of its fields, the Chinese
label, unit, bounds and kind that the rules page, the year workbook (dump and
import) and the audit read.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kaoji_desktop.core.values import fmt

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


# --- lines (§1.1) -----------------------------------------------------------

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


# --- the rule set ------------------------------------------------------------

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

    @property
    def lines_total(self) -> Decimal:
        """What the lines' full marks add up to (100 in 2017, §1)."""
        return self.base_total - self.projects_cap - self.satisfaction_max - self.leadership_max

    @property
    def tier_ratio_text(self) -> str:
        """The community tier ratio as the measures write it: 2:3:2."""
        return ratio_text(self.tier_ratio)

    @property
    def staff_ratio_text(self) -> str:
        """The staff 档 ratio as the measures write it: 3:5:2."""
        return ratio_text(self.staff_ratio)

    @property
    def promote_percent(self) -> str:
        """The 95% rule's ratio as a percentage: 95."""
        return plain_number(self.promote_ratio * 100)


RULES_2017 = RuleSet()


def ratio_text(ratio: tuple[int, ...]) -> str:
    return ":".join(str(p) for p in ratio)


def plain_number(value: Decimal) -> str:
    """A constant of the rules as people say it: 130, 0.95, not 130.00."""
    return fmt(value)


# --- the rule set's parameters, declared once ----------------------------------

ParamKind = Literal["number", "optional", "flag", "ratio", "triple", "ratings"]


@dataclass(frozen=True)
class RuleParam:
    """One field of `RuleSet` as people see it.

    kind: "number" one Decimal; "optional" a Decimal or None (not set);
    "flag" a bool (是/否); "ratio" three whole numbers (2:3:2), not all zero;
    "triple" three Decimals (bands: descending); "ratings" a value per rating.
    `low`/`high` bound every number of the value.
    """

    name: str
    label: str
    unit: str
    low: Decimal
    high: Decimal
    kind: ParamKind = "number"

    @property
    def range_text(self) -> str:
        """The bounds as the rules page shows them: “0-1000分”; "" for 是/否."""
        if self.kind == "flag":
            return ""
        return f"{plain_number(self.low)}-{plain_number(self.high)}{self.unit}"

    def text(self, value: object) -> str:
        """The value as the rules page and the workbook's 说明 show it."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Decimal | int):
            return plain_number(Decimal(value))
        if isinstance(value, tuple):
            if self.kind == "ratings":
                return "，".join(f"{k}={plain_number(v)}" for k, v in value)
            sep = ":" if self.kind == "ratio" else "/"
            return sep.join(plain_number(Decimal(v)) for v in value)
        return str(value)

    def problem(self, value: object) -> str | None:
        """Why `value` cannot be this parameter's (Chinese), or None."""
        numbers: list[Decimal] = []
        if self.kind == "flag":
            return None if isinstance(value, bool) else f"{self.label}须为“是”或“否”"
        if value is None:
            return None if self.kind == "optional" else f"{self.label}不能为空"
        if self.kind in ("number", "optional"):
            if not isinstance(value, Decimal):
                return f"{self.label}须为数值"
            numbers = [value]
        elif self.kind == "ratings":
            if not isinstance(value, tuple) or sorted(k for k, _ in value) != sorted(RATINGS):
                return f"{self.label}须逐项给出 {'、'.join(RATINGS)} 的分值"
            numbers = [v for _, v in value]
        elif not isinstance(value, tuple) or len(value) != 3:
            return f"{self.label}须为 3 个数"
        else:
            numbers = [Decimal(v) for v in value]
            if self.kind == "ratio" and (
                    any(v != v.to_integral_value() for v in numbers) or not sum(numbers)):
                return f"{self.label}须为非负整数，且不能全为0"
            if self.kind == "triple" and self.name.endswith("_bands") and (
                    not numbers[0] >= numbers[1] >= numbers[2]):
                return f"{self.label}须从高到低（优秀≥良好≥合格）"
        for v in numbers:
            if not v.is_finite() or not self.low <= v <= self.high:
                return (f"{self.label}须在{plain_number(self.low)}到{plain_number(self.high)}"
                        f"{self.unit}之间（“{v}”）")
        return None


def _param(name: str, label: str, unit: str, low: int | str, high: int | str,
           kind: ParamKind = "number") -> RuleParam:
    return RuleParam(name, label, unit, Decimal(low), Decimal(high), kind)


# Labels follow the measures' wording (“总分130”, “个性项目(24分)” …) and, where
# the measures have none, the wording the rules page has always shown.
RULE_PARAMS: tuple[RuleParam, ...] = (
    _param("base_total", "社区基本总分", "分", 0, 1000),
    _param("projects_cap", "个性项目上限", "分", 0, 1000),
    _param("satisfaction_max", "满意度测评满分", "分", 0, 1000),
    _param("leadership_max", "领导评价满分", "分", 0, 1000),
    _param("rating_values", "满意度评价分值", "分", 0, 100, "ratings"),
    _param("bonus_cap", "加减分净值上限（空=不限）", "分", 0, 1000, "optional"),
    _param("tier_ratio", "社区等次比例", "", 0, 1000, "ratio"),
    _param("over_threshold", "超过此分列第一等次", "分", 0, 1000),
    _param("promote_enabled", "启用第三等次升档规则", "", 0, 1, "flag"),
    _param("promote_ratio", "升档比例（占第一等次平均分）", "", 0, 1),
    _param("a_base", "A类基础分", "分", 0, 1000),
    _param("a_step", "A类每名次减分", "分", 0, 1000),
    _param("a_review_max", "双述双评满分", "分", 0, 1000),
    _param("b_task_base", "B类攻坚基础分", "分", 0, 1000),
    _param("b_task_step", "B类攻坚每名次减分", "分", 0, 1000),
    _param("b_rank_base", "B类社区排名基础分", "分", 0, 1000),
    _param("b_rank_step", "B类社区每名次减分", "分", 0, 1000),
    _param("c_base", "C类基础分", "分", 0, 1000),
    _param("c_step", "C类每名次减分", "分", 0, 1000),
    _param("l_max", "条线评分满分(L)", "分", 0, 1000),
    _param("h_max", "负责人评价满分(H)", "分", 0, 1000),
    _param("l_bands", "L档线（优秀/良好/合格）", "分", 0, 1000, "triple"),
    _param("h_bands", "H档线（优秀/良好/合格）", "分", 0, 1000, "triple"),
    _param("staff_ratio", "人员分档比例", "", 0, 1000, "ratio"),
    _param("coefficients", "奖金系数（一/二/三档）", "", 0, 100, "triple"),
    _param("pool_categories", "三类人员合并分档", "", 0, 1, "flag"),
)
RULE_PARAM: dict[str, RuleParam] = {p.name: p for p in RULE_PARAMS}

# The metadata covers the rule set exactly (checked on import, so a new field
# cannot be forgotten).
if [p.name for p in RULE_PARAMS] != [f.name for f in dataclasses.fields(RuleSet)]:
    raise RuntimeError("RULE_PARAMS must list every RuleSet field, in order")


def rule_problems(rules: RuleSet) -> list[str]:
    """What is out of bounds in `rules` (Chinese), one text per parameter."""
    found = (p.problem(getattr(rules, p.name)) for p in RULE_PARAMS)
    return [text for text in found if text]
