"""奖励汇总: the staff rewards summed per community (RULES.md §2.2: "amounts
are shown, summed per community"), by category, with a 合计 row.

A person with posts in two communities counts in both, with each post's share
of the reward (PostResult.reward); the 合计 row is the sum of the people's
rewards, so it equals the 人员考绩 page's column total.

While a result's inputs are missing its reward is not final: as on 人员考绩,
a sum that takes in anyone 未完成 shows “—”, and a community whose tier is not
final shows 未完成.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from kaoji_desktop.core.model import YearResult
from kaoji_desktop.core.results import UNFINISHED
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import DEC
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.gui.pages.breakdown import TODO_LINK
from kaoji_desktop.gui.pages.explain import NONE

CATEGORIES = ("A", "B", "C")
TOTAL = "合计"
UNFINISHED_COLOR = "#fff3cd"
NOTICE = ("<b>未完成：</b>部分社区或人员的数据尚未录入完整，其等次记为“未完成”，"
          f"奖励金额暂不计算（显示为“—”）。<a href='{TODO_LINK}'>查看待办</a>")


@dataclass
class RewardRow:
    community: str
    tier: str = ""
    people: dict[str, set[str]] = field(default_factory=lambda: {c: set() for c in CATEGORIES})
    amounts: dict[str, Decimal] = field(
        default_factory=lambda: dict.fromkeys(CATEGORIES, Decimal(0)))
    unfinished: set[str] = field(default_factory=set)  # categories with someone 未完成
    incomplete: bool = False

    def amount(self, category: str) -> Decimal | str:
        return NONE if category in self.unfinished else self.amounts[category]

    @property
    def total(self) -> Decimal | str:
        if self.unfinished:
            return NONE
        return sum(self.amounts.values(), Decimal(0))

    @property
    def headcount(self) -> int:
        return len(set().union(*self.people.values()))


def reward_rows(result: YearResult) -> list[RewardRow]:
    """One row per community (in result order), then the 合计 row."""
    rows = {c.name: RewardRow(c.name, c.tier_text, incomplete=c.incomplete)
            for c in result.communities}
    total = RewardRow(TOTAL, incomplete=any(c.incomplete for c in result.communities))
    for person in result.staff:
        for post in person.posts:
            row = rows.setdefault(post.community, RewardRow(post.community))
            for target in (row, total):
                target.people[post.category].add(person.person)
                target.amounts[post.category] += post.reward
                if person.incomplete:
                    target.unfinished.add(post.category)
                    target.incomplete = True
    return [*rows.values(), total]


class RewardsPage(Page):
    title = "奖励汇总"
    jump = Signal(object)  # 查看待办: the main window shows that page

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("各社区工作人员奖励金额合计（元），按考核类分列；"
                                      "一人多岗按各岗位所在社区分摊。"))
        self.notice = self.make_notice(lambda _href: self.jump.emit("待办"))  # 未完成
        self.notice.setText(NOTICE)
        self.grid = self.make_grid(self.build, "rewards", lambda r: r.community, editable=False)
        self.grid.setSortingEnabled(False)  # the 合计 row stays last
        self.layout_.addWidget(self.grid)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        result = self.controller.result
        assert result is not None

        def bold(r: RewardRow) -> bool:
            return r.community == TOTAL

        columns = [Column("社区", lambda r: r.community, bold=bold),
                   Column("社区等次", lambda r: r.tier,
                          color=lambda r: UNFINISHED_COLOR if r.tier == UNFINISHED else None)]
        for category in CATEGORIES:
            columns.append(Column(f"{category}类人数", lambda r, c=category: len(r.people[c])))
            columns.append(Column(f"{category}类奖励", lambda r, c=category: r.amount(c),
                                  kind=DEC, places=2))
        columns += [
            Column("人数", lambda r: r.headcount, bold=bold),
            Column("奖励合计", lambda r: r.total, kind=DEC, places=2, bold=bold),
            Column("数据", lambda r: UNFINISHED if r.incomplete else "完整",
                   color=lambda r: UNFINISHED_COLOR if r.incomplete else None),
        ]
        return reward_rows(result), columns

    def refresh_extra(self) -> None:
        result = self.controller.result
        self.notice.setVisible(result is not None and reward_rows(result)[-1].incomplete)
