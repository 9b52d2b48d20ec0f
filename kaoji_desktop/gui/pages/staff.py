"""人员评价: 双述双评, 破难攻坚排名, 专职条线评分 (appendix 6), 负责人评价
(appendix 7), with each score's band and how each rater's 3:5:2 stands."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QWidget

from kaoji_desktop.core.model import STAFF_KINDS, YearData
from kaoji_desktop.core.staff_inputs import band
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import DEC, INT, declared
from kaoji_desktop.gui.pages.base import FieldSpec, Page, RecordPage, hint_text, lines_of
from kaoji_desktop.store import Change

BAND_COLORS = {"不合格": "#f8c9c4"}


def people(data: YearData, category: str) -> list[tuple[str, str]]:
    """(person, community of the first such post) for a staff category."""
    seen: dict[str, str] = {}
    for post in data.posts:
        if STAFF_KINDS.get(post.kind) == category:
            seen.setdefault(post.person, post.community)
    return list(seen.items())


def c_people(data: YearData) -> tuple[str, ...]:
    return tuple(p for p, _ in people(data, "C"))


class DualReviewsPage(Page):
    title = "双述双评"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("A类人员（网格长、网格指导员、社区书记）：两项评价各按百分制。"))
        self.grid = self.make_grid(self.build, "dual_reviews", lambda r: r[0])
        self.layout_.addWidget(self.grid)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data = self.controller.data
        assert data is not None
        reviews = {r.person: r for r in data.dual_reviews}

        def column(field: str, header: str) -> Column:
            other = "b" if field == "a" else "a"

            def edit(row: tuple[str, str], value: Any) -> Change:
                person = row[0]
                current = reviews.get(person)
                if value is None and (current is None or getattr(current, other) is None):
                    return Change("dual_reviews", (person,), None)
                return Change("dual_reviews", (person,), {field: value})
            return Column(header, lambda r: getattr(reviews[r[0]], field)
                          if r[0] in reviews else None, edit, DEC,
                          lambda _r: (Decimal(0), Decimal(100)), places=2)

        return people(data, "A"), [
            Column("姓名", lambda r: r[0]), Column("社区", lambda r: r[1]),
            column("a", "社区干部、服务对象评价"), column("b", "街道评价"),
        ]


class ForcedRanksPage(Page):
    title = "破难攻坚排名"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("B类人员（破难攻坚网格长）：领导小组强制排名，名次不得并列。"))
        self.grid = self.make_grid(self.build, "forced_ranks", lambda r: r[0])
        self.layout_.addWidget(self.grid)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data = self.controller.data
        assert data is not None
        ranks = {r.person: r.rank for r in data.forced_ranks}
        rows = people(data, "B")
        count = Decimal(max(len(rows), 1))

        def edit(row: tuple[str, str], value: Any) -> Change:
            return Change("forced_ranks", (row[0],), None if value is None else {"rank": value})

        return rows, [Column("姓名", lambda r: r[0]), Column("社区", lambda r: r[1]),
                      Column("名次", lambda r: ranks.get(r[0]), edit, INT,
                             lambda _r: (Decimal(1), count))]


def proportion_columns() -> list[Column]:
    return [
        Column("评分单位", lambda p: p.rater), Column("人数", lambda p: p.people),
        Column("优秀", lambda p: p.counts[0]), Column("良好", lambda p: p.counts[1]),
        Column("合格", lambda p: p.counts[2]), Column("不合格", lambda p: p.counts[3]),
        Column("按比例应为", lambda p: "/".join(str(q) for q in p.quotas)),
        Column("比例", lambda p: "符合" if p.ok else "不符", color=lambda p:
               None if p.ok else "#f8c9c4"),
        Column("说明", lambda p: p.message),
    ]


class StaffLineScoresPage(RecordPage):
    title = "专职条线评分"
    table = "staff_line_scores"
    fields = (
        FieldSpec(**declared(table, "person", choices=c_people)),
        FieldSpec(**declared(table, "line", choices=lines_of)),
        FieldSpec(**declared(table, "score", header="得分(L)"), ask=True, places=2),
    )
    hint = "附件6：条线评分 L 为 0 至 {r.l_max} 分，科室按 {ratio} 比例评定优秀/良好/合格。"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.removeWidget(self.grid)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid)
        self.checks = self.make_grid(lambda: self.proportions("L"), "proportions_l",
                                     editable=False)
        split.addWidget(self.checks)
        self.layout_.addWidget(split)

    def proportions(self, measure: str) -> tuple[Sequence[Any], Sequence[Column]]:
        result = self.controller.result
        assert result is not None
        return [p for p in result.proportions if p.measure == measure], proportion_columns()

    def extra_columns(self) -> list[Column]:
        assert self.controller.data is not None
        bands = self.controller.data.rules.l_bands

        def row_band(s: Any) -> str | None:
            return band(s.score, bands) if s.score is not None else None
        return [Column("档次", row_band, color=lambda s: BAND_COLORS.get(row_band(s) or ""))]


class HeadScoresPage(Page):
    title = "负责人评价"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.hint = QLabel()
        self.layout_.addWidget(self.hint)
        split = QSplitter(Qt.Orientation.Vertical)
        self.grid = self.make_grid(self.build, "head_scores", lambda r: r[0])
        split.addWidget(self.grid)
        split.addWidget(self.make_grid(self.proportions, "proportions_h", editable=False))
        self.layout_.addWidget(split)

    def refresh_extra(self) -> None:
        assert self.controller.data is not None
        self.hint.setText(hint_text("附件7：社区负责人对专职工作者评价（H，0 至 {r.h_max} 分），"
                                    "按 {ratio} 比例评定优秀/良好/合格。", self.controller.data))

    def proportions(self) -> tuple[Sequence[Any], Sequence[Column]]:
        result = self.controller.result
        assert result is not None
        return [p for p in result.proportions if p.measure == "H"], proportion_columns()

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data = self.controller.data
        assert data is not None
        scores = {h.person: h.score for h in data.head_scores}
        top, bands = data.rules.h_max, data.rules.h_bands

        def edit(row: tuple[str, str], value: Any) -> Change:
            return Change("head_scores", (row[0],), None if value is None else {"score": value})

        def row_band(r: tuple[str, str]) -> str | None:
            score = scores.get(r[0])
            return band(score, bands) if score is not None else None

        return people(data, "C"), [
            Column("姓名", lambda r: r[0]), Column("社区", lambda r: r[1]),
            Column("得分(H)", lambda r: scores.get(r[0]), edit, DEC,
                   lambda _r: (Decimal(0), top), places=2),
            Column("档次", row_band, color=lambda r: BAND_COLORS.get(row_band(r) or "")),
        ]
