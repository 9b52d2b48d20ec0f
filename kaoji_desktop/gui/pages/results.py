"""结果: 社区排名 and 人员考绩, read-only, with a breakdown of the selected
row. Every number comes from the YearResult."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QTextBrowser, QWidget

from kaoji_desktop.core.model import TIER_NAMES, CommunityResult, StaffResult
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import fmt
from kaoji_desktop.gui.pages.base import Page

TIER_COLORS = {1: "#d6efd0", 2: None, 3: "#f3e0c8"}
ALL = "（全部）"


def _c(value: Any) -> str:
    return fmt(value, 2)


def tier_basis(c: CommunityResult) -> str:
    """Short 等次依据: by rank, or which rule moved the tier."""
    if not c.moves:
        return "按名次比例" + ("（并列）" if c.tied_at_boundary else "")
    return "；".join(f"{m.rule}：{TIER_NAMES[m.from_tier]}→{TIER_NAMES[m.to_tier]}"
                    for m in c.moves)


def tier_story(c: CommunityResult, ratio: tuple[int, ...]) -> str:
    """The tier, step by step, for the breakdown pane."""
    by_rank = TIER_NAMES[c.tier_by_rank]
    steps = [f"总分第 {c.rank} 名，按 {':'.join(map(str, ratio))} 比例为{by_rank}"]
    if c.tied_at_boundary:
        steps.append("与相邻名次并列于等次分界处")
    steps.extend(f"{m.reason}（{TIER_NAMES[m.from_tier]}→{TIER_NAMES[m.to_tier]}）"
                 for m in c.moves)
    steps.append(f"最终为<b>{c.tier_name}</b>")
    return "<p><b>等次：</b>" + "；<br>".join(steps) + "</p>"


def community_breakdown(c: CommunityResult, ratio: tuple[int, ...] = (2, 3, 2),
                        line_order: tuple[str, ...] = ()) -> str:
    """Heading, how the tier came about, then the line scores (left, in the
    year's line order as the measures list them) beside the components
    (right), then barring, missing data and warnings."""
    left = ["<table cellspacing=0 cellpadding=2>"]
    order = {name: i for i, name in enumerate(line_order)}
    lines = sorted(c.line_scores.items(), key=lambda item: order.get(item[0], len(order)))
    for line, score in lines:
        left.append(f"<tr><td>条线 · {line}</td><td align=right>&nbsp;&nbsp;"
                    f"{'未评' if score is None else _c(score)}</td></tr>")
    left.append("</table>")
    right = ["<table cellspacing=0 cellpadding=2>"]
    for label, value in (("条线得分", c.lines), ("个性项目", c.projects),
                         ("满意度", c.satisfaction), ("领导评价", c.leadership),
                         ("加减分", c.bonus), ("总分", c.total)):
        right.append(f"<tr><td><b>{label}</b></td><td align=right>&nbsp;&nbsp;"
                     f"<b>{_c(value)}</b></td></tr>")
    right.append("</table>")
    rows = [f"<h3>{c.name}：总分 {_c(c.total)}，第 {c.rank} 名，{c.tier_name}</h3>",
            tier_story(c, ratio),
            "<table cellspacing=0 cellpadding=0><tr><td valign=top>", *left,
            "</td><td width=40></td><td valign=top>", *right, "</td></tr></table>"]
    if c.barred:
        rows.append("<p><b>取消第一等次资格：</b>" + "、".join(c.bar_reasons) + "</p>")
    if c.incomplete:
        rows.append("<p style='color:#a04000'><b>数据不完整：</b>" + "；".join(c.missing) + "</p>")
    if c.warnings:
        rows.append("<p><b>提示：</b>" + "；".join(c.warnings) + "</p>")
    return "".join(rows)


def staff_breakdown(s: StaffResult) -> str:
    rows = [f"<h3>{s.person}：{_c(s.score)} 分，{s.grade_name or '未分档'}</h3>"]
    for post in s.posts:
        parts = "，".join(f"{k} {_c(v)}" for k, v in post.components.items())
        rows.append(f"<p><b>{post.kind}（{post.category}类）· {post.community}</b>"
                    f"，在岗 {fmt(post.months)} 个月，社区第 {post.community_rank} 名：{parts}"
                    f"；得分 {_c(post.score)}；奖励 {_c(post.reward)} 元</p>")
    if s.l_score is not None:
        rows.append(f"<p>条线评分 L {_c(s.l_score)}（{s.l_band}）</p>")
    if s.h_score is not None:
        rows.append(f"<p>负责人评价 H {_c(s.h_score)}（{s.h_band}）</p>")
    rows.append(f"<p>奖金系数 {fmt(s.coefficient)}，奖励金额 {_c(s.reward)} 元</p>")
    if s.incomplete:
        rows.append("<p style='color:#a04000'><b>数据不完整：</b>" + "；".join(s.missing) + "</p>")
    if s.warnings:
        rows.append("<p><b>提示：</b>" + "；".join(s.warnings) + "</p>")
    return "".join(rows)


class _ResultPage(Page):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.top = QHBoxLayout()
        self.layout_.addLayout(self.top)
        self.split = QSplitter(self.orientation)
        self.grid = self.make_grid(self.build, self.key, editable=False)
        self.grid.fit_rows = True  # long 说明 wrap instead of being cut off
        self.grid.setWordWrap(True)
        self.detail = QTextBrowser()
        self._shown = ""
        self.detail.setMinimumWidth(260)
        self.split.addWidget(self.grid)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.layout_.addWidget(self.split)
        self.grid.selectionModel().currentRowChanged.connect(self.show_detail)

    key = ""
    orientation = Qt.Orientation.Horizontal  # breakdown beside (or below) the grid

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        raise NotImplementedError

    def describe(self, row: Any) -> str:
        raise NotImplementedError

    def show_detail(self, *_: object) -> None:
        index = self.grid.proxy.mapToSource(self.grid.currentIndex())
        html = self.describe(self.grid.source.rows[index.row()]) if index.isValid() else ""
        if html != self._shown:  # laying out the same breakdown again costs ~5 ms
            self._shown = html
            self.detail.setHtml(html)

    def refresh_extra(self) -> None:
        if not self.grid.currentIndex().isValid() and self.grid.proxy.rowCount():
            self.grid.setCurrentIndex(self.grid.proxy.index(0, 0))
        self.show_detail()


class CommunityResultsPage(_ResultPage):
    title = "社区排名"
    key = "community_results"
    orientation = Qt.Orientation.Vertical  # few rows, many columns

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.split.setSizes([300, 400])

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        result = self.controller.result
        assert result is not None
        tier_color = lambda c: TIER_COLORS[c.tier]
        return result.communities, [
            Column("名次", lambda c: c.rank), Column("社区", lambda c: c.name),
            Column("条线得分", lambda c: c.lines, places=2),
            Column("个性项目", lambda c: c.projects, places=2),
            Column("满意度", lambda c: c.satisfaction, places=2),
            Column("领导评价", lambda c: c.leadership, places=2),
            Column("加减分", lambda c: c.bonus, places=2),
            Column("总分", lambda c: c.total, places=2, bold=lambda _c: True),
            Column("等次", lambda c: c.tier_name, color=tier_color, bold=lambda c: bool(c.moves)),
            Column("等次依据", tier_basis, tip=lambda c: c.explanation,
                   color=lambda c: "#fff3cd" if c.moves else None, wrap=True),
            Column("数据", lambda c: "不完整" if c.incomplete else "完整",
                   color=lambda c: "#fff3cd" if c.incomplete else None),
            Column("说明", lambda c: c.explanation or "—", tip=lambda c: c.explanation,
                   wrap=True),
        ]

    def describe(self, row: Any) -> str:
        data = self.controller.data
        if data is None:
            return community_breakdown(row)
        return community_breakdown(row, data.rules.tier_ratio,
                                   tuple(line.name for line in data.lines))


class StaffResultsPage(_ResultPage):
    title = "人员考绩"
    key = "staff_results"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.community = QComboBox()
        self.category = QComboBox()
        for label, combo in (("社区：", self.community), ("考核类：", self.category)):
            self.top.addWidget(QLabel(label))
            self.top.addWidget(combo)
            combo.currentTextChanged.connect(self.apply_filters)
        self.top.addStretch(1)

    def refresh_extra(self) -> None:
        data = self.controller.data
        assert data is not None
        for combo, values in ((self.community, [c.name for c in data.communities]),
                              (self.category, ["A", "B", "C"])):
            items = [ALL, *values]
            if [combo.itemText(i) for i in range(combo.count())] != items:
                current = combo.currentText()
                combo.blockSignals(True)
                combo.clear()
                combo.addItems(items)
                combo.setCurrentText(current if current in items else ALL)
                combo.blockSignals(False)
        self.apply_filters()
        super().refresh_extra()

    def apply_filters(self) -> None:
        for column, combo in ((3, self.community), (2, self.category)):
            text = combo.currentText()
            self.grid.proxy.set_filter(column, None if text in (ALL, "") else text)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        result = self.controller.result
        assert result is not None
        return result.staff, [
            Column("姓名", lambda s: s.person), Column("类别", lambda s: s.kind),
            Column("考核类", lambda s: s.category), Column("社区", lambda s: s.community),
            Column("得分", lambda s: s.score, places=2, bold=lambda _s: True),
            Column("档次", lambda s: s.grade_name,
                   color=lambda s: "#f8c9c4" if s.failed else None),
            Column("奖金系数", lambda s: s.coefficient, places=2),
            Column("奖励金额", lambda s: s.reward, places=2),
            Column("数据", lambda s: "不完整" if s.incomplete else "完整",
                   color=lambda s: "#fff3cd" if s.incomplete else None),
            Column("说明", lambda s: "；".join(s.warnings), tip=lambda s: "；".join(s.warnings),
                   wrap=True),
        ]

    def describe(self, row: Any) -> str:
        return staff_breakdown(row)


class TalksPage(Page):
    title = "约谈名单"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("期次："))
        self.period = QComboBox()
        self.period.currentTextChanged.connect(self.apply_filter)
        bar.addWidget(self.period)
        bar.addWidget(QLabel("过程管理：各期条线末位的社区及约谈对象（连续两期末位升级约谈）。"), 1)
        self.layout_.addLayout(bar)
        self.grid = self.make_grid(self.build, "talks", editable=False)
        self.layout_.addWidget(self.grid)

    def refresh_extra(self) -> None:
        result = self.controller.result
        assert result is not None
        items = [ALL, *dict.fromkeys(t.period for t in result.talks)]
        if [self.period.itemText(i) for i in range(self.period.count())] != items:
            current = self.period.currentText()
            self.period.blockSignals(True)
            self.period.clear()
            self.period.addItems(items)
            self.period.setCurrentText(current if current in items else ALL)
            self.period.blockSignals(False)
        self.apply_filter()

    def apply_filter(self) -> None:
        text = self.period.currentText()
        self.grid.proxy.set_filter(0, None if text in (ALL, "") else text)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        result = self.controller.result
        assert result is not None
        return result.talks, [
            Column("期次", lambda t: t.period), Column("条线", lambda t: t.line),
            Column("社区", lambda t: t.community),
            Column("约谈类型", lambda t: t.kind,
                   color=lambda t: "#f8c9c4" if t.kind.startswith("连续") else None),
            Column("约谈对象", lambda t: t.targets, tip=lambda t: t.targets),
        ]
