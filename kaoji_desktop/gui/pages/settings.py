"""基础设置 pages: 社区, 条线, 人员与岗位, 班子成员, 规则参数, 奖励基数."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from PySide6.QtWidgets import QLabel, QWidget

from kaoji_desktop.core.model import (
    RULE_PARAM,
    RULE_PARAMS,
    STAFF_KINDS,
    TIER_NAMES,
    RuleSet,
)
from kaoji_desktop.core.rules_json import dumps as rules_dumps
from kaoji_desktop.exchange.problems import BadValue, number_text
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.models import Column, Refused
from kaoji_desktop.gui.models.table import CHOICE, DEC, declared, declared_defaults, fmt
from kaoji_desktop.gui.pages.base import FieldSpec, Page, RecordPage, communities_of
from kaoji_desktop.store import Change


def _range(low: int | str, high: int | str):
    lo, hi = Decimal(low), Decimal(high)
    return lambda _row: (lo, hi)


class CommunitiesPage(RecordPage):
    title = "社区"
    table = "communities"
    fields = (
        FieldSpec(**declared(table, "name", header="社区（网格）")),
        FieldSpec(**declared(table, "renovation_task")),
        FieldSpec(**declared(table, "liaison_leader")),
    )
    defaults: ClassVar[dict[str, Any]] = declared_defaults(table)
    hint = "旧改任务填“有/无”；删除社区会一并删除它的全部评分（可撤销）。改名：直接修改名称。"
    rename_kind, rename_field = "community", "name"


class LinesPage(RecordPage):
    title = "条线"
    table = "lines"
    fields = (
        FieldSpec(**declared(table, "name")),
        FieldSpec(**declared(table, "full_marks")),
        FieldSpec(**declared(table, "cycle")),
        FieldSpec(**declared(table, "department")),
    )
    defaults: ClassVar[dict[str, Any]] = declared_defaults(table, full_marks=Decimal(0))
    hint = "各条线分值合计应为 {lines_total}。改名：直接修改名称。"
    rename_kind, rename_field = "line", "name"


class PostsPage(RecordPage):
    title = "人员与岗位"
    table = "posts"
    fields = (
        FieldSpec(**declared(table, "person")),
        FieldSpec(**declared(table, "kind")),
        FieldSpec(**declared(table, "community", kind=CHOICE, choices=communities_of)),
        FieldSpec(**declared(table, "months"), ask=True),
    )
    defaults: ClassVar[dict[str, Any]] = declared_defaults(table)
    hint = ("一人多岗：同一姓名填多行（类别或社区不同），各填在岗月数。"
            "改名：直接修改姓名，其各行一起改。")
    rename_kind, rename_field = "person", "person"

    def extra_columns(self) -> list[Column]:
        return [Column("考核类", lambda p: STAFF_KINDS.get(p.kind, ""))]


class LeadersPage(RecordPage):
    title = "班子成员"
    table = "leaders"
    fields = (FieldSpec(**declared(table, "name", header="班子成员")),)
    hint = "领导评价表的评价人。改名：直接修改姓名。"
    rename_kind, rename_field = "leader", "name"


# --- 规则参数 ---------------------------------------------------------------

RULE_LABELS: dict[str, str] = {p.name: p.label for p in RULE_PARAMS}  # declared in core/rules.py


def rule_text(value: Any) -> str:
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):
            return "，".join(f"{k}={fmt(v)}" for k, v in value)
        sep = ":" if all(isinstance(v, int) for v in value) else "/"
        return sep.join(fmt(v) for v in value)
    return fmt(value)


def _number(text: str) -> Decimal:
    value = number_text(text)  # full-width digits; no "1e400", "NaN", "1_0"
    if value < 0:
        raise Refused(f"不能为负数（“{text}”）")
    return value


def parse_rule(template: Any, text: str) -> Any:
    """Text -> a value shaped like the current one, or raise `Refused`."""
    try:
        if template is None or (isinstance(template, Decimal) and not isinstance(template, bool)):
            return None if text == "" and template is None else _number(text)
        if isinstance(template, bool):
            if text not in ("是", "否"):
                raise Refused("请填“是”或“否”")
            return text == "是"
        if isinstance(template, int):
            return int(_number(text))
        if isinstance(template, tuple) and template and isinstance(template[0], tuple):
            pairs = [p.split("=") for p in text.replace(",", "，").split("，")]
            value = tuple((k.strip(), _number(v.strip())) for k, v in pairs)
            if sorted(k for k, _ in value) != sorted(k for k, _ in template):
                raise Refused(f"须逐项给出 {'、'.join(k for k, _ in template)} 的分值，"
                              f"示例：{rule_text(template)}")
            return value
        if isinstance(template, tuple):
            parts = text.replace("：", ":").replace(":", "/").split("/")
            if len(parts) != len(template):
                raise Refused(f"须为 {len(template)} 个数，用“/”或“:”分隔")
            numbers = [_number(p.strip()) for p in parts]
            if isinstance(template[0], int):
                if any(n != n.to_integral_value() for n in numbers) or not sum(numbers):
                    raise Refused("比例须为非负整数，且不能全为0")
                return tuple(int(n) for n in numbers)
            return tuple(numbers)
    except Refused:
        raise
    except (BadValue, InvalidOperation, ValueError):
        raise Refused(f"“{text}”格式不对，示例：{rule_text(template)}") from None
    raise Refused("此参数不能在此修改")


def check_computable(data: Any, rules: RuleSet) -> None:
    """Refuse a rule set the year cannot be computed with (e.g. 0:0:0)."""
    from kaoji_desktop.core import compute_year

    try:
        compute_year(dataclasses.replace(data, rules=rules))
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot be used"
        raise Refused(f"此取值会使考绩结果无法计算（{exc}），未作修改") from None


class RulesPage(Page):
    title = "规则参数"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("本年度适用的考绩规则常数（默认为 2017 年办法）。"
                                      "修改后全部结果立即重算，可撤销。"))
        self.grid = self.make_grid(self.build, "rules", lambda f: RULE_LABELS.get(f.name, ""))
        self.layout_.addWidget(self.grid)

    def rules(self) -> RuleSet:
        assert self.controller.data is not None
        return self.controller.data.rules

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        def edit(f: dataclasses.Field, value: Any) -> Change:
            new = parse_rule(getattr(self.rules(), f.name), (value or "").strip())
            problem = RULE_PARAM[f.name].problem(new)  # the bounds declared in core/rules.py
            if problem:
                raise Refused(problem)
            rules = dataclasses.replace(self.rules(), **{f.name: new})
            check_computable(self.controller.data, rules)
            return Change("meta", ("rules",), {"value": rules_dumps(rules)})

        return dataclasses.fields(RuleSet), [
            Column("参数", lambda f: RULE_LABELS.get(f.name, f.name)),
            Column("取值", lambda f: rule_text(getattr(self.rules(), f.name)), edit,
                   row_choices=lambda f: ("是", "否") if f.type in (bool, "bool") else ()),
            Column("默认（2017）", lambda f: rule_text(getattr(RuleSet(), f.name))),
            Column("范围", lambda f: RULE_PARAM[f.name].range_text),
        ]


class RewardBasesPage(Page):
    title = "奖励基数"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("奖励基数（元/人·年），按人员类别和所在社区等次。"))
        self.grid = self.make_grid(self.build, "reward_bases", lambda k: k)
        self.layout_.addWidget(self.grid)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data = self.controller.data
        assert data is not None
        amounts = {(b.kind, b.tier): b.amount for b in data.reward_bases}

        def column(tier: int) -> Column:
            def edit(kind: str, value: Any) -> Change:
                return Change("reward_bases", (kind, tier),
                              None if value is None else {"amount": value})
            return Column(TIER_NAMES[tier], lambda k: amounts.get((k, tier)), edit, DEC,
                          _range(0, 10_000_000), places=2)

        return list(STAFF_KINDS), [Column("类别", lambda k: k),
                                   Column("考核类", lambda k: STAFF_KINDS[k])] + \
            [column(t) for t in (1, 2, 3)]
