"""The year file's tables, declared once as data.

Each data table mirrors one kind of `YearData` input: its columns are the
dataclass's fields, its key is what the year workbook treats as unique.
Decimals are stored as TEXT so that they come back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kaoji_desktop.core import model as m

# column kinds: how a Python value is stored and read back
DEC, INT, TEXT, BOOL = "dec", "int", "text", "bool"


@dataclass(frozen=True)
class Table:
    name: str
    label: str  # Chinese name, for messages and the audit page
    keys: tuple[str, ...]
    columns: dict[str, str]  # every column (keys included) -> kind
    record: type | None  # the YearData element type; None for leaders
    field: str  # YearData field name
    ordered: bool = False  # has a `position` column keeping entry order

    @property
    def value_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.keys)


def _t(name: str, label: str, keys: tuple[str, ...], columns: dict[str, str],
       record: type | None, field: str, ordered: bool = False) -> Table:
    return Table(name, label, keys, columns, record, field, ordered)


TABLES: tuple[Table, ...] = (
    _t("communities", "社区", ("name",),
       {"name": TEXT, "renovation_task": BOOL, "liaison_leader": TEXT},
       m.Community, "communities", ordered=True),
    _t("lines", "条线", ("name",),
       {"name": TEXT, "full_marks": DEC, "cycle": TEXT, "department": TEXT},
       m.LineDef, "lines", ordered=True),
    _t("leaders", "班子成员", ("name",), {"name": TEXT}, None, "leaders", ordered=True),
    _t("line_scores", "条线得分", ("community", "line", "period"),
       {"community": TEXT, "line": TEXT, "period": TEXT, "score": DEC},
       m.LineScore, "line_scores"),
    _t("projects", "个性项目", ("community", "name"),
       {"community": TEXT, "name": TEXT, "kind": TEXT, "points": DEC,
        "department": TEXT, "score": DEC},
       m.Project, "projects", ordered=True),
    _t("satisfaction", "满意度", ("community",),
       {"community": TEXT, "excellent": INT, "good": INT, "passed": INT, "failed": INT},
       m.SatisfactionCounts, "satisfaction"),
    _t("satisfaction_ratings", "满意度逐人测评", ("community", "respondent"),
       {"community": TEXT, "respondent": INT, "rating": TEXT},
       m.SatisfactionRating, "satisfaction_ratings"),
    _t("leader_scores", "领导评价", ("community", "rater"),
       {"community": TEXT, "rater": TEXT, "score": DEC},
       m.LeaderScore, "leader_scores"),
    _t("bonus_items", "加减分", ("community", "item"),
       {"community": TEXT, "item": TEXT, "points": DEC, "status": TEXT, "note": TEXT},
       m.BonusItem, "bonus_items", ordered=True),
    _t("vetoes", "否决事项", ("community", "matter"),
       {"community": TEXT, "matter": TEXT, "note": TEXT}, m.Veto, "vetoes"),
    _t("posts", "人员", ("person", "kind", "community"),
       {"person": TEXT, "kind": TEXT, "community": TEXT, "months": DEC},
       m.Post, "posts", ordered=True),
    _t("dual_reviews", "双述双评", ("person",),
       {"person": TEXT, "a": DEC, "b": DEC}, m.DualReview, "dual_reviews"),
    _t("forced_ranks", "破难攻坚排名", ("person",),
       {"person": TEXT, "rank": INT}, m.ForcedRank, "forced_ranks"),
    _t("staff_line_scores", "专职条线评分", ("person", "line"),
       {"person": TEXT, "line": TEXT, "score": DEC},
       m.StaffLineScore, "staff_line_scores"),
    _t("head_scores", "负责人评价", ("person",),
       {"person": TEXT, "score": DEC}, m.HeadScore, "head_scores"),
    _t("reward_bases", "奖励基数", ("kind", "tier"),
       {"kind": TEXT, "tier": INT, "amount": DEC}, m.RewardBase, "reward_bases"),
)
TABLE: dict[str, Table] = {t.name: t for t in TABLES}

# meta is a key/value table outside YearData's element tables
META = Table("meta", "年度设置", ("key",), {"key": TEXT, "value": TEXT}, None, "")
TABLE["meta"] = META

# column labels, for the audit page and for messages naming a column
FIELD_LABELS = {
    "name": "名称", "renovation_task": "旧改任务", "liaison_leader": "联系领导",
    "full_marks": "分值", "cycle": "评分周期", "department": "责任科室", "score": "得分",
    "kind": "类别", "points": "分值", "excellent": "优秀", "good": "良好", "passed": "合格",
    "failed": "不合格", "rating": "评价", "rater": "评价人", "item": "项目", "status": "状态",
    "note": "说明", "matter": "事项", "months": "在岗月数", "a": "社区干部服务对象评价",
    "b": "街道评价", "rank": "名次", "amount": "金额", "tier": "等次", "person": "姓名",
    "community": "社区", "line": "条线", "period": "期次", "respondent": "序号",
    "position": "顺序", "*": "整表",
}


def to_db(kind: str, value: Any) -> Any:
    """Python value -> SQLite value of a column kind."""
    if value is None:
        return None
    if kind == DEC:
        if not isinstance(value, Decimal):
            value = Decimal(str(value))
        if not value.is_finite():  # never written: it could not be read back
            raise ValueError(f"不是有效的数值：{value}")
        return str(value)
    if kind == BOOL:
        return 1 if value else 0
    if kind == INT:
        return int(value)
    return str(value)


def from_db(kind: str, value: Any) -> Any:
    """SQLite value -> Python value of a column kind."""
    if value is None:
        return None
    if kind == DEC:
        number = Decimal(value)
        if not number.is_finite():  # "NaN"/"Infinity" parse, but are no score
            raise ValueError(value)
        return number
    if kind == BOOL:
        if value not in (0, 1):
            raise ValueError(value)
        return bool(value)
    if kind == INT:
        if not isinstance(value, int):
            raise ValueError(value)
        return value
    return value
