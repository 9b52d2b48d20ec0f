"""The year file's tables, declared once as data.

Each data table mirrors one kind of `YearData` input: its columns are the
dataclass's fields, its key is what the year workbook treats as unique.
Decimals are stored as TEXT so that they come back exactly.

The declaration (`Col`: storage name, kind, Chinese header, required,
default, choices, bounds) is the one source of: the store's column kinds
and its refusal of blank required values (`Table.check_value`), the year
workbook's sheets (`exchange/workbook_spec.py`), its generic reader
(`exchange/workbook_parse.py`) and its dump, and the window's record-page
fields (`gui/models/table.declared`). It does not make the DDL: migration 1
is literal SQL and `snapshot.py` checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kaoji_desktop.core import model as m

# column kinds: how a Python value is stored and read back
DEC, INT, TEXT, BOOL = "dec", "int", "text", "bool"

# references: a column whose value must name a row of another sheet
COMMUNITY, LINE, PERSON, LEADER = "community", "line", "person", "leader"


@dataclass(frozen=True)
class Col:
    """One column of a table, for the store, the year workbook and the window.

    `required`: a value may never be blank (store, window and import refuse
    it); a required column with a `default` may be left out of a workbook or
    left blank there and takes the default. Bounds: `low`/`high`, or the
    upper bound from a `RuleSet` field (`high_rule`) or from another column
    of the same row (`high_of`).
    """

    name: str  # storage name (the SQLite column, the YearData field)
    kind: str
    header: str  # Chinese header = the workbook column
    required: bool = True
    default: Any = None  # what a blank workbook cell means
    choices: tuple[str, ...] = ()  # enumerated values as written
    codes: tuple[Any, ...] = ()  # stored value of each choice (default: the choice)
    low: Decimal | None = None
    high: Decimal | None = None
    high_rule: str = ""
    high_of: str = ""
    ref: str = ""  # COMMUNITY, LINE, PERSON or LEADER
    label: str = ""  # what a range message calls the value (default: the header)
    in_sheet: bool = False  # a column of the sheet even where its cells may be blank

    @property
    def value_required(self) -> bool:
        """May a workbook cell of this column not be blank?"""
        return self.required and self.default is None

    @property
    def in_sheet_required(self) -> bool:
        """Must the column be present in a workbook sheet?"""
        return self.value_required or self.in_sheet

    def code(self, choice: str) -> Any:
        return self.codes[self.choices.index(choice)] if self.codes else choice

    def choice(self, value: Any) -> Any:
        """Stored value -> as written in the workbook (有/无, 第一等次 ...)."""
        if self.codes and value in self.codes:
            return self.choices[self.codes.index(value)]
        return value


@dataclass(frozen=True)
class Table:
    name: str
    label: str  # Chinese name = the workbook sheet, for messages and the audit page
    keys: tuple[str, ...]
    columns: dict[str, str]  # every column (keys included) -> kind
    record: type | None  # the YearData element type; None for leaders
    field: str  # YearData field name
    ordered: bool = False  # has a `position` column keeping entry order
    cols: tuple[Col, ...] = ()  # the full declaration, in workbook column order

    @property
    def value_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.keys)

    def col(self, name: str) -> Col | None:
        return next((c for c in self.cols if c.name == name), None)

    def blank_message(self, name: str) -> str:
        """The refusal of a blank required value, as the import words it."""
        col = self.col(name)
        return f"「{self.label}」「{col.header if col else name}」列：不能为空"

    def check_value(self, name: str, value: Any) -> None:
        """Raise `ValueError` (Chinese) for a blank value of a required column."""
        col = self.col(name)
        if col is not None and col.required and (value is None or value == ""):
            raise ValueError(self.blank_message(name))

    def check_new_row(self, values: Mapping[str, Any]) -> None:
        """Raise `ValueError` for a new row lacking a required value."""
        for name in self.value_columns:
            self.check_value(name, values.get(name))


def _t(name: str, label: str, keys: tuple[str, ...], cols: tuple[Col, ...],
       record: type | None, field: str, ordered: bool = False,
       store_order: tuple[str, ...] = ()) -> Table:
    by_name = {c.name: c for c in cols}
    order = store_order or tuple(by_name)
    return Table(name, label, keys, {n: by_name[n].kind for n in order}, record, field,
                 ordered, cols)


D = Decimal
_community = Col("community", TEXT, "社区", ref=COMMUNITY)
_person = Col("person", TEXT, "姓名", ref=PERSON)
_line = Col("line", TEXT, "条线", ref=LINE)


def _note(name: str, header: str) -> Col:
    """An optional text column (a blank cell is "")."""
    return Col(name, TEXT, header, required=False, default="")


TABLES: tuple[Table, ...] = (
    _t("communities", "社区", ("name",), (
        Col("name", TEXT, "社区"),
        Col("renovation_task", BOOL, "旧改任务", default=True, choices=("有", "无"),
            codes=(True, False)),
        _note("liaison_leader", "联系领导")),
       m.Community, "communities", ordered=True),
    _t("lines", "条线", ("name",), (
        Col("name", TEXT, "条线"),
        Col("full_marks", DEC, "分值", low=D(0), high=D(100)),
        Col("cycle", TEXT, "评分周期", default="季度", choices=tuple(m.CYCLE_PERIODS)),
        _note("department", "责任科室")),
       m.LineDef, "lines", ordered=True),
    _t("leaders", "班子成员", ("name",), (Col("name", TEXT, "姓名"),), None, "leaders",
       ordered=True),
    _t("line_scores", "条线得分", ("community", "line", "period"), (
        _community, _line, Col("period", TEXT, "期次", choices=m.ALL_PERIODS),
        Col("score", DEC, "得分", low=D(0))),
       m.LineScore, "line_scores"),
    _t("projects", "个性项目", ("community", "name"), (
        _community,
        Col("kind", TEXT, "类别", choices=m.PROJECT_KINDS),
        Col("name", TEXT, "项目名称"),
        Col("points", DEC, "分值", low=D(0), high_rule="projects_cap"),
        _note("department", "指导科室"),
        Col("score", DEC, "得分", required=False, low=D(0), high_of="points")),
       m.Project, "projects", ordered=True,
       store_order=("community", "name", "kind", "points", "department", "score")),
    _t("satisfaction", "满意度", ("community",), (
        _community,
        *(Col(f, INT, r, low=D(0), label=f"{r}人数")
          for f, r in zip(("excellent", "good", "passed", "failed"), m.RATINGS, strict=True))),
       m.SatisfactionCounts, "satisfaction"),
    _t("satisfaction_ratings", "满意度逐人测评", ("community", "respondent"), (
        _community, Col("respondent", INT, "序号", low=D(1)),
        Col("rating", TEXT, "评价", choices=m.RATINGS)),
       m.SatisfactionRating, "satisfaction_ratings"),
    _t("leader_scores", "领导评价", ("community", "rater"), (
        _community, Col("rater", TEXT, "评价人", ref=LEADER),
        Col("score", DEC, "得分", low=D(0), high_rule="leadership_max")),
       m.LeaderScore, "leader_scores"),
    _t("bonus_items", "加减分", ("community", "item"), (
        _community, Col("item", TEXT, "项目"), Col("points", DEC, "分值"),
        # WORKBOOK.md: 申报/通过/驳回; a blank cell is a declared (not yet decided) item
        Col("status", TEXT, "状态", default="申报", choices=m.BONUS_STATUSES),
        _note("note", "说明")),
       m.BonusItem, "bonus_items", ordered=True),
    _t("vetoes", "否决事项", ("community", "matter"), (
        _community, Col("matter", TEXT, "事项"), _note("note", "说明")),
       m.Veto, "vetoes"),
    _t("posts", "人员", ("person", "kind", "community"), (
        Col("person", TEXT, "姓名"), Col("kind", TEXT, "类别", choices=tuple(m.STAFF_KINDS)),
        _community, Col("months", DEC, "在岗月数", default=D(12), low=D(0), high=D(12))),
       m.Post, "posts", ordered=True),
    # a review with one of its two scores not yet entered is kept and not
    # counted (core/staff_inputs.py), on every route: window, store, workbook
    _t("dual_reviews", "双述双评", ("person",), (
        _person,
        Col("a", DEC, "社区干部服务对象评价", required=False, low=D(0), high=D(100),
            in_sheet=True),
        Col("b", DEC, "街道评价", required=False, low=D(0), high=D(100), in_sheet=True)),
       m.DualReview, "dual_reviews"),
    _t("forced_ranks", "破难攻坚排名", ("person",), (
        _person, Col("rank", INT, "名次", low=D(1))),
       m.ForcedRank, "forced_ranks"),
    _t("staff_line_scores", "专职条线评分", ("person", "line"), (
        _person, _line, Col("score", DEC, "得分", low=D(0), high_rule="l_max")),
       m.StaffLineScore, "staff_line_scores"),
    _t("head_scores", "负责人评价", ("person",), (
        _person, Col("score", DEC, "得分", low=D(0), high_rule="h_max")),
       m.HeadScore, "head_scores"),
    _t("reward_bases", "奖励基数", ("kind", "tier"), (
        Col("kind", TEXT, "类别", choices=(*m.STAFF_KINDS, "A", "B", "C")),
        Col("tier", INT, "等次", choices=tuple(m.TIER_NAMES.values()),
            codes=tuple(m.TIER_NAMES)),
        Col("amount", DEC, "金额", low=D(0))),
       m.RewardBase, "reward_bases"),
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
