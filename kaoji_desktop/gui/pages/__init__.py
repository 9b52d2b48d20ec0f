"""The pages of the main window, in one list.

To add a page: write a `Page` subclass (kaoji_desktop.gui.pages.base) taking
`(controller, parent)`, build its tables with `make_grid(build, key, ...)`
(build returns `(rows, columns)` from `controller.data` / `controller.result`)
and append a `PageSpec(group, title, factory)` to `PAGES`. The main window
shows pages under their group in the navigation list and calls
`page.refresh()` when the page is shown after a change. A page shows
messages by emitting `message(str)` (status bar).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.pages import (
    charts,
    entry,
    lines,
    publicity,
    results,
    rewards,
    settings,
    staff,
)
from kaoji_desktop.gui.pages.audit_page import AuditPage
from kaoji_desktop.gui.pages.backup_page import BackupPage
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.gui.pages.lifecycle_page import LifecyclePage
from kaoji_desktop.gui.pages.todo import TodoPage


@dataclass(frozen=True)
class PageSpec:
    group: str
    title: str
    factory: Callable[[Controller, QWidget | None], Page]


PAGES: list[PageSpec] = [
    PageSpec("基础设置", "社区", settings.CommunitiesPage),
    PageSpec("基础设置", "条线", settings.LinesPage),
    PageSpec("基础设置", "人员与岗位", settings.PostsPage),
    PageSpec("基础设置", "班子成员", settings.LeadersPage),
    PageSpec("基础设置", "规则参数", settings.RulesPage),
    PageSpec("基础设置", "奖励基数", settings.RewardBasesPage),
    PageSpec("条线评分", "条线评分", lines.LineScoresPage),
    PageSpec("社区评价", "个性项目", entry.ProjectsPage),
    PageSpec("社区评价", "满意度测评", entry.SatisfactionPage),
    PageSpec("社区评价", "领导评价", entry.LeaderScoresPage),
    PageSpec("社区评价", "加减分申报", entry.BonusPage),
    PageSpec("社区评价", "否决事项", entry.VetoesPage),
    PageSpec("人员评价", "双述双评", staff.DualReviewsPage),
    PageSpec("人员评价", "破难攻坚排名", staff.ForcedRanksPage),
    PageSpec("人员评价", "专职条线评分", staff.StaffLineScoresPage),
    PageSpec("人员评价", "负责人评价", staff.HeadScoresPage),
    PageSpec("结果", "社区排名", results.CommunityResultsPage),
    PageSpec("结果", "人员考绩", results.StaffResultsPage),
    PageSpec("结果", "奖励汇总", rewards.RewardsPage),
    PageSpec("过程管理", "约谈名单", results.TalksPage),
    PageSpec("图表", "图表", charts.ChartsPage),
    PageSpec("打印与公示", "公示设置", publicity.PublicityPage),
    PageSpec("流程与留痕", "考绩流程", LifecyclePage),
    PageSpec("流程与留痕", "操作记录", AuditPage),
    PageSpec("流程与留痕", "从备份恢复", BackupPage),
    # last, so the numbers of the pages above (saved as the start page) stay;
    # the main window lists its group first
    PageSpec("待办", "待办", TodoPage),
]

__all__ = ["PAGES", "Page", "PageSpec"]
