"""奖励汇总: the staff rewards summed per community (RULES.md §2.2: "amounts
are shown, summed per community"), by category, with a 合计 row.

A person with posts in two communities counts in both, with each post's share
of the reward (PostResult.reward); the 合计 row is the sum of the people's
rewards, so it equals the 人员考绩 page's column total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from kaoji_desktop.core.model import YearResult
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.pages.base import Page

CATEGORIES = ("A", "B", "C")
TOTAL = "合计"


@dataclass
class RewardRow:
    community: str
    tier: str = ""
    people: dict[str, set[str]] = field(default_factory=lambda: {c: set() for c in CATEGORIES})
    amounts: dict[str, Decimal] = field(
        default_factory=lambda: dict.fromkeys(CATEGORIES, Decimal(0)))
    incomplete: bool = False

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    @property
    def headcount(self) -> int:
        return len(set().union(*self.people.values()))


def reward_rows(result: YearResult) -> list[RewardRow]:
    """One row per community (in result order), then the 合计 row."""
    rows = {c.name: RewardRow(c.name, c.tier_name, incomplete=c.incomplete)
            for c in result.communities}
    total = RewardRow(TOTAL)
    for person in result.staff:
        for post in person.posts:
            row = rows.setdefault(post.community, RewardRow(post.community))
            for target in (row, total):
                target.people[post.category].add(person.person)
                target.amounts[post.category] += post.reward
            if person.incomplete:
                row.incomplete = total.incomplete = True
    return [*rows.values(), total]


class RewardsPage(Page):
    title = "奖励汇总"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("各社区工作人员奖励金额合计（元），按考核类分列；"
                                      "一人多岗按各岗位所在社区分摊。"))
        self.grid = self.make_grid(self.build, "rewards", lambda r: r.community, editable=False)
        self.grid.setSortingEnabled(False)  # the 合计 row stays last
        self.layout_.addWidget(self.grid)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        result = self.controller.result
        assert result is not None
        bold = lambda r: r.community == TOTAL
        columns = [Column("社区", lambda r: r.community, bold=bold),
                   Column("社区等次", lambda r: r.tier)]
        for category in CATEGORIES:
            columns.append(Column(f"{category}类人数", lambda r, c=category: len(r.people[c])))
            columns.append(Column(f"{category}类奖励", lambda r, c=category: r.amounts[c],
                                  places=2))
        columns += [
            Column("人数", lambda r: r.headcount, bold=bold),
            Column("奖励合计", lambda r: r.total, places=2, bold=bold),
            Column("数据", lambda r: "不完整" if r.incomplete else "完整",
                   color=lambda r: "#fff3cd" if r.incomplete else None),
        ]
        return reward_rows(result), columns
