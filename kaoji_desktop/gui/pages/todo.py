"""待办: what is still to be entered before the year's results are complete,
grouped by entry page, period and department, in community order. Each item
leads to its cell (double-click or Enter).

`missing_items` lists the cells the core's `missing` texts stand for (the
same rules: core/lines.py, core/community.py, core/staff.py), as places on
the entry pages rather than sentences. A test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QWidget

from kaoji_desktop.core.model import ALL_PERIODS, CYCLE_PERIODS, STAFF_KINDS, YearData
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.gui.pages.lines import line_header

ITEM_ROLE = int(Qt.ItemDataRole.UserRole) + 20
# pages in the order of the navigation list
PAGE_ORDER = ("社区", "班子成员", "条线评分", "个性项目", "满意度测评", "领导评价",
              "双述双评", "破难攻坚排名", "专职条线评分", "负责人评价")
# the data departments (科室) enter and sign (RULES.md §4 科室签审)
DEPARTMENT_PAGES = frozenset({"条线评分", "专职条线评分"})


@dataclass(frozen=True)
class Missing:
    """One thing to enter: on `page` (title in PAGES), the grid row whose
    first cells read `row`, in the column whose header starts with `column`
    (no row: the page itself, e.g. a row still to be added)."""

    page: str
    text: str  # what is missing, in Chinese
    period: str = ""
    department: str = ""
    community: str = ""
    row: tuple[str, ...] = ()
    column: str = ""
    person: str = ""  # a staff input: whose


def missing_items(data: YearData) -> list[Missing]:
    """Everything still to be entered, sorted by page, period, department
    (in the year's line order; raters in the 班子成员 order) and community
    (in the year's order)."""
    out: list[Missing] = []
    names = [c.name for c in data.communities]
    if not names:
        out.append(Missing("社区", "尚未录入社区（先录入社区，再录入各项得分）"))
    out.extend(_lines(data, names))
    out.extend(_community_inputs(data, names))
    out.extend(_staff(data))
    order = {name: i for i, name in enumerate(names)}
    line_order = {line.department or line.name: i for i, line in enumerate(data.lines)}
    # 领导评价 groups by rater: in the year's 班子成员 order, not by code point
    leader_order = {name: i for i, name in enumerate(data.leaders)}
    periods = {p: i for i, p in enumerate(ALL_PERIODS)}
    pages = {p: i for i, p in enumerate(PAGE_ORDER)}

    def group_order(m: Missing) -> int:
        known = leader_order if m.page == "领导评价" else line_order
        return known.get(m.department, len(known))

    out.sort(key=lambda m: (pages.get(m.page, len(pages)), periods.get(m.period, -1),
                            group_order(m), m.department, order.get(m.community, len(order))))
    return out


def _lines(data: YearData, names: list[str]) -> Iterable[Missing]:

    entered = {(s.community, s.line, s.period) for s in data.line_scores if s.score is not None}
    for line in data.lines:
        department = line.department or line.name
        for period in CYCLE_PERIODS.get(line.cycle, CYCLE_PERIODS["季度"]):
            for name in names:
                if (name, line.name, period) not in entered:
                    yield Missing("条线评分", f"{name}：{line.name} {period}未评分", period,
                                  department, name, (name,), line_header(line))


def _community_inputs(data: YearData, names: list[str]) -> Iterable[Missing]:
    known = set(names)
    allocated = {p.community for p in data.projects if p.community in known and p.points}
    for p in data.projects:
        if p.community in known and p.score is None:
            yield Missing("个性项目", f"{p.community}：个性项目“{p.name}”未评分", "",
                          p.department, p.community, (p.community, p.name), "得分")
    for name in names:
        if name not in allocated:
            yield Missing("个性项目", f"{name}：个性项目未录入（点“添加…”）", community=name)
    counted = {s.community for s in data.satisfaction
               if (s.excellent or 0) + (s.good or 0) + (s.passed or 0) + (s.failed or 0)}
    counted |= {r.community for r in data.satisfaction_ratings if r.rating}
    for name in names:
        if name not in counted:
            yield Missing("满意度测评", f"{name}：群众满意度测评未录入", community=name,
                          row=(name,), column="优秀")
    leaders = [n for n in data.leaders if n]
    if not leaders and names:
        yield Missing("班子成员", "尚未录入班子成员（领导评价的评价人）")
    scored = {(s.community, s.rater) for s in data.leader_scores if s.score is not None}
    for name in names:
        for rater in leaders:
            if (name, rater) not in scored:
                yield Missing("领导评价", f"{name}：{rater} 未评分", department=rater,
                              community=name, row=(name,), column=rater)


def _staff(data: YearData) -> Iterable[Missing]:
    reviews = {r.person: r for r in data.dual_reviews}
    ranks = {r.person for r in data.forced_ranks if r.rank is not None}
    own_l = {s.person for s in data.staff_line_scores
             if s.score is not None and s.line is not None}
    heads = {h.person for h in data.head_scores if h.score is not None}
    posts: dict[str, dict[str, list[str]]] = {}  # person -> category -> communities
    for post in data.posts:
        category = STAFF_KINDS.get(post.kind)
        if category is not None and post.person:
            posts.setdefault(post.person, {}).setdefault(category, []).append(post.community)
    # a C person without a line takes the community's mean L (RULES.md §2 C)
    with_l = {c for person, cats in posts.items() if person in own_l
              for c in cats.get("C", ())}
    for person, cats in posts.items():
        if "A" in cats:
            review = reviews.get(person)
            if review is None or review.a is None or review.b is None:
                column = "街道评价" if review is not None and review.a is not None else "社区干部"
                yield Missing("双述双评", f"{person}：双述双评未录入", community=cats["A"][0],
                              row=(person,), column=column, person=person)
        if "B" in cats and person not in ranks:
            yield Missing("破难攻坚排名", f"{person}：破难攻坚排名未录入",
                          community=cats["B"][0], row=(person,), column="名次", person=person)
        if "C" in cats:
            if person not in own_l and not any(c in with_l for c in cats["C"]):
                yield Missing("专职条线评分", f"{person}：条线评分未录入（点“添加…”）",
                              community=cats["C"][0], person=person)
            if person not in heads:
                yield Missing("负责人评价", f"{person}：负责人评价未录入",
                              community=cats["C"][0], row=(person,), column="得分(H)",
                              person=person)


_CACHE: list[tuple[YearData, list[Missing]]] = []


def todo_of(controller: Controller) -> list[Missing]:
    """`missing_items` of the controller's current data, made once per data
    (the banner, the status bar, the pages and the 流程 page all ask); none
    at all when the core finds the year complete."""
    data, result = controller.data, controller.result
    if data is None or (result is not None and result.complete):
        return []
    if _CACHE and _CACHE[0][0] is data:
        return _CACHE[0][1]
    items = missing_items(data)
    _CACHE[:] = [(data, items)]
    return items


def find_cell(grid: GridView, row: tuple[str, ...], column: str) -> QModelIndex | None:
    """The shown cell of the row whose first cells read `row`, in the column
    whose header is `column` (else the first that starts with it)."""
    proxy = grid.proxy
    if not row:
        return None
    found = next((r for r in range(proxy.rowCount())
                  if all(proxy.index(r, c).data() == text for c, text in enumerate(row))), None)
    headers = [str(proxy.headerData(c, Qt.Orientation.Horizontal))
               for c in range(proxy.columnCount())]
    col = next((c for c, h in enumerate(headers) if h == column), None)
    if col is None:
        col = next((c for c, h in enumerate(headers) if h.startswith(column)), None)
    if found is None or col is None:
        return None
    return proxy.index(found, col)


def summary(items: list[Missing], limit: int = 4) -> str:
    """“条线评分 308 项、满意度测评 7 项…” in page order."""
    counts: dict[str, int] = {}
    for m in items:
        counts[m.page] = counts.get(m.page, 0) + 1
    parts = [f"{page} {n} 项" for page, n in counts.items()]
    return "、".join(parts[:limit]) + ("等" if len(parts) > limit else "")


class _Tree(QTreeWidget):
    """Enter on an item opens it, as a double-click does."""

    opened = Signal(object)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None and item.data(0, ITEM_ROLE) is not None:
                self.opened.emit(item.data(0, ITEM_ROLE))
                return
        super().keyPressEvent(event)


class TodoPage(Page):
    title = "待办"
    jump = Signal(object)  # a Missing: the main window shows its cell

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setContentsMargins(6, 6, 6, 6)
        self.layout_.addWidget(self.heading)
        self.tree = _Tree()
        self.tree.setHeaderLabels(["待录入", "项数"])
        self.tree.setColumnWidth(0, 520)
        self.tree.itemActivated.connect(self._activated)
        self.tree.opened.connect(self.jump)
        self.layout_.addWidget(self.tree)
        self.items: list[Missing] = []

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        found = item.data(0, ITEM_ROLE)
        if found is not None:
            self.jump.emit(found)

    def refresh(self) -> None:
        if self.controller.data is None:
            return
        items = todo_of(self.controller)
        if items == self.items and self.tree.topLevelItemCount():
            return
        self.items = items
        self.tree.clear()
        if not items:
            self.heading.setText("所有数据均已录入，考绩结果完整。")
            return
        self.heading.setText(f"还有 <b>{len(items)}</b> 项数据未录入，结果为草稿（标为“未完成”）。"
                             "双击或按回车跳到要录入的格子。")
        groups: dict[tuple[str, ...], QTreeWidgetItem] = {}
        counts: dict[tuple[str, ...], int] = {}
        root = self.tree.invisibleRootItem()
        for m in items:
            path = tuple(p for p in (m.page, m.period, m.department) if p)
            for depth in range(1, len(path) + 1):
                key = path[:depth]
                if key not in groups:
                    groups[key] = QTreeWidgetItem(groups.get(key[:-1], root), [key[-1]])
                counts[key] = counts.get(key, 0) + 1
            leaf = QTreeWidgetItem(groups[path], [m.text])
            leaf.setData(0, ITEM_ROLE, m)
        for key, node in groups.items():
            node.setText(1, f"{counts[key]} 项")
        self.tree.expandToDepth(0)
        first = self.tree.topLevelItem(0)
        self.tree.setCurrentItem(first)
