"""结果: 社区排名 and 人员考绩, read-only, with a breakdown of the selected
row. Every number comes from the YearResult."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from kaoji_desktop.core.model import CommunityResult, StaffResult
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.layout import reset_row_heights
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import DEC, INT
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.gui.pages.breakdown import (
    TODO_LINK,
    community_breakdown,
    staff_breakdown,
    tier_basis,
)
from kaoji_desktop.gui.pages.explain import (
    NONE,
    UNFINISHED,
    Standings,
    absent_components,
    grade_overflows,
    names_text,
    staff_standing,
)
from kaoji_desktop.gui.pages.todo import todo_of

TIER_COLORS = {1: "#d6efd0", 2: None, 3: "#f3e0c8"}
UNFINISHED_COLOR = "#fff3cd"
ALL = "（全部）"


class _ResultPage(Page):
    jump = Signal(object)  # "待办": the main window shows that page

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.top = QHBoxLayout()
        self.layout_.addLayout(self.top)
        # 未完成 / overflow notes above the grid
        self.notice = self.make_notice(lambda _href: self.jump.emit("待办"))
        self.split = QSplitter(self.orientation)
        self.grid = self.make_grid(self.build, self.key, editable=False)
        self.grid.fit_rows = True  # long 说明 wrap instead of being cut off
        self.grid.setWordWrap(True)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._link)
        self._shown = ""
        self.detail.setMinimumWidth(260)
        self.split.addWidget(self.grid)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.layout_.addWidget(self.split, 1)
        self.grid.selectionModel().currentRowChanged.connect(self.show_detail)

    key = ""
    orientation = Qt.Orientation.Horizontal  # breakdown beside (or below) the grid

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        raise NotImplementedError

    def describe(self, row: Any) -> str:
        raise NotImplementedError

    def _link(self, url: QUrl) -> None:
        if url.toString() == TODO_LINK:
            self.jump.emit("待办")

    def refresh(self) -> None:
        reset_row_heights(self.grid)  # re-measured after the refresh
        super().refresh()

    def set_notice(self, parts: list[str]) -> None:
        self.notice.setText("<br>".join(parts))
        self.notice.setVisible(bool(parts))

    def unfinished_text(self) -> list[str]:
        items = todo_of(self.controller)
        if not items:
            return []
        return [(f"<b>未完成：</b>还有 {len(items)} 项数据未录入，标“未完成”的结果为暂定，"
                 f"奖励金额暂不计算。<a href='{TODO_LINK}'>查看待办</a>")]

    def show_detail(self, *_: object) -> None:
        index = self.grid.proxy.mapToSource(self.grid.currentIndex())
        html = self.describe(self.grid.source.rows[index.row()]) if index.isValid() else ""
        if html != self._shown:  # laying out the same breakdown again costs ~5 ms
            self._shown = html
            self.detail.setHtml(html)

    def refresh_extra(self) -> None:
        self.set_notice(self.unfinished_text())
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
        data, result = self.controller.data, self.controller.result
        assert data is not None and result is not None
        absent = absent_components(data)
        rules = data.rules

        def tier_color(c: CommunityResult) -> str | None:
            return UNFINISHED_COLOR if c.incomplete else TIER_COLORS[c.tier]

        def component(label: str, field: str, empty: frozenset[str] = frozenset()) -> Column:
            # no input at all: "—", not a confident 0.00
            return Column(label, lambda c: NONE if c.name in empty else getattr(c, field),
                          kind=DEC, places=2)

        return result.communities, [
            Column("名次", lambda c: NONE if absent.all(c.name) else c.rank, kind=INT),
            Column("社区", lambda c: c.name),
            component("条线得分", "lines", absent.lines),
            component("个性项目", "projects", absent.projects),
            component("满意度", "satisfaction", absent.satisfaction),
            component("领导评价", "leadership", absent.leadership),
            component("加减分", "bonus"),
            Column("总分", lambda c: NONE if absent.all(c.name) else c.total, kind=DEC,
                   places=2, bold=lambda _c: True),
            Column("等次", lambda c: UNFINISHED if c.incomplete else c.tier_name,
                   color=tier_color, bold=lambda c: bool(c.moves),
                   tip=lambda c: f"暂按已录入数据为{c.tier_name}" if c.incomplete else ""),
            Column("等次依据", lambda c: tier_basis(c, rules),
                   tip=lambda c: c.explanation,
                   color=lambda c: "#fff3cd" if c.moves else None, wrap=True),
            Column("数据", lambda c: UNFINISHED if c.incomplete else "完整",
                   color=lambda c: UNFINISHED_COLOR if c.incomplete else None,
                   tip=lambda c: "；".join(c.missing)),
            Column("说明", lambda c: c.explanation or "—", tip=lambda c: c.explanation,
                   wrap=True),
        ]

    def describe(self, row: Any) -> str:
        data = self.controller.data
        if data is None:
            return community_breakdown(row)
        absent = absent_components(data)
        labels = {label for label, group in (
            ("条线得分", absent.lines), ("个性项目", absent.projects),
            ("满意度", absent.satisfaction), ("领导评价", absent.leadership)) if row.name in group}
        if absent.all(row.name):
            labels.add("总分")
        return community_breakdown(row, data.rules.tier_ratio,
                                   tuple(line.name for line in data.lines), frozenset(labels))


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
        self.standing: Standings | None = None
        self.own_missing: set[str] = set()  # people whose own inputs are missing

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
        data, result = self.controller.data, self.controller.result
        assert data is not None and result is not None
        standing = self.standing = staff_standing(result, data.rules.staff_ratio)
        own = self.own_missing = {m.person for m in todo_of(self.controller) if m.person}

        def done(s: StaffResult) -> bool:
            return not s.incomplete

        return result.staff, [
            Column("姓名", lambda s: s.person), Column("类别", lambda s: s.kind),
            Column("考核类", lambda s: s.category), Column("社区", lambda s: s.community),
            Column("得分", lambda s: NONE if s.person in own else s.score, kind=DEC,
                   places=2, bold=lambda _s: True),
            Column("类内名次", lambda s: standing.rank(s.person) or NONE if done(s) else NONE,
                   kind=INT, tip=lambda s: standing[s.person].grade_detail),
            Column("档次", lambda s: s.grade_name if done(s) else UNFINISHED,
                   color=lambda s: "#f8c9c4" if s.failed else
                   (None if done(s) else UNFINISHED_COLOR),
                   tip=lambda s: standing[s.person].grade_detail),
            Column("奖金系数", lambda s: s.coefficient if done(s) else NONE, kind=DEC,
                   places=2),
            Column("奖励金额", lambda s: s.reward if done(s) else NONE, kind=DEC, places=2),
            Column("数据", lambda s: "完整" if done(s) else UNFINISHED,
                   color=lambda s: None if done(s) else UNFINISHED_COLOR,
                   tip=lambda s: "；".join(s.missing)),
            Column("说明", self.remark, tip=self.remark, wrap=True),
        ]

    def remark(self, s: StaffResult) -> str:
        """说明: the fail rule, ties and overflow (once the data are complete:
        on a draft every score may still tie), then the core's warnings."""
        parts = []
        st = self.standing.get(s.person) if self.standing is not None else None
        if st is not None and st.fail_reason:
            parts.append(st.fail_reason)
        if st is not None and not s.incomplete:
            if st.tied_with:
                parts.append(f"与{names_text(st.tied_with)}同分并列")
            if st.grade_overflow:
                parts.append(f"{s.grade_name}超出名额（并列）")
        parts.extend(s.warnings)
        return "；".join(parts)

    def unfinished_text(self) -> list[str]:
        notes = super().unfinished_text()
        data, result = self.controller.data, self.controller.result
        if data is not None and result is not None:
            overflow = grade_overflows(result, data.rules.staff_ratio)
            if overflow:
                notes.append("<b>分档提示：</b>" + "；".join(overflow) + "，同分者同档。")
        return notes

    def describe(self, row: Any) -> str:
        standing = self.standing.get(row.person) if self.standing is not None else None
        return staff_breakdown(row, standing,
                               row.person not in self.own_missing)


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
