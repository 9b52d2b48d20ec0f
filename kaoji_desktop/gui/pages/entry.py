"""Community inputs: 个性项目, 满意度测评, 领导评价, 加减分申报, 否决事项."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QWidget

from kaoji_desktop.core.model import RATINGS
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import CHOICE, DEC, INT, declared, declared_defaults
from kaoji_desktop.gui.pages.base import FieldSpec, Page, RecordPage, communities_of
from kaoji_desktop.store import Change


class ProjectsPage(RecordPage):
    title = "个性项目"
    table = "projects"
    fields = (
        FieldSpec(**declared(table, "community", kind=CHOICE, choices=communities_of)),
        FieldSpec(**declared(table, "name")),
        FieldSpec(**declared(table, "kind"), ask=True),
        FieldSpec(**declared(table, "points"), ask=True, places=2),
        FieldSpec(**declared(table, "department")),
        FieldSpec(**declared(table, "score"), places=2),
    )
    defaults: ClassVar[dict[str, Any]] = declared_defaults(table)
    hint = "附件1：每个社区的个性项目分值合计 {r.projects_cap} 分；得分不超过分值。"


class RatingsPage(RecordPage):
    title = "逐人测评"
    table = "satisfaction_ratings"
    fields = (
        FieldSpec(**declared(table, "community", kind=CHOICE, choices=communities_of)),
        FieldSpec(**declared(table, "respondent", header="测评人序号")),
        FieldSpec(**declared(table, "rating"), ask=True),
    )
    hint = "逐人录入时，该社区以逐人结果为准（替代人数汇总）。"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.grid.empty_text = ("（未逐人录入：各社区按上表人数计分。"
                                "如需逐张录入测评表，点“添加…”）")


class SatisfactionPage(Page):
    title = "满意度测评"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("附件4：按评价等次填写测评人数；或在下方逐人录入。"))
        split = QSplitter(Qt.Orientation.Vertical)
        self.grid = self.make_grid(self.build, "satisfaction", lambda c: c)
        split.addWidget(self.grid)
        self.ratings = RatingsPage(controller, self)
        self.ratings.message.connect(self.message)
        split.addWidget(self.ratings)
        self.layout_.addWidget(split)

    def refresh(self) -> None:
        super().refresh()
        self.ratings.refresh()

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data, result = self.controller.data, self.controller.result
        assert data is not None and result is not None
        counts = {s.community: s for s in data.satisfaction}
        by_person = {r.community for r in data.satisfaction_ratings}
        names = ("excellent", "good", "passed", "failed")

        def column(field: str, header: str) -> Column:
            def edit(community: str, value: Any) -> Change:
                if community not in counts:  # a new row: the other counts are 0
                    row = dict.fromkeys(names, 0)
                    row[field] = 0 if value is None else value
                    return Change("satisfaction", (community,), row)
                return Change("satisfaction", (community,),
                              {field: 0 if value is None else value})
            return Column(header, lambda c: getattr(counts[c], field) if c in counts else None,
                          edit, INT, lambda _c: (Decimal(0), Decimal(10000)))

        def component(community: str) -> Decimal:
            return result.community(community).satisfaction

        return [c.name for c in data.communities], [
            Column("社区", lambda c: c),
            *(column(f, h) for f, h in zip(names, RATINGS, strict=True)),
            Column("录入方式", lambda c: "逐人" if c in by_person else ("人数" if c in counts
                                                                       else "")),
            Column("满意度得分", component, places=2),
        ]


class LeaderScoresPage(Page):
    title = "领导评价"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.layout_.addWidget(QLabel("附件5：班子成员对各社区评分（每项 0 至满分），取平均。"))
        self.grid = self.make_grid(self.build, "leader_scores", lambda c: c)
        self.layout_.addWidget(self.grid)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data, result = self.controller.data, self.controller.result
        assert data is not None and result is not None
        top = data.rules.leadership_max
        scores = {(s.community, s.rater): s.score for s in data.leader_scores}

        def column(rater: str) -> Column:
            def edit(community: str, value: Any) -> Change:
                return Change("leader_scores", (community, rater),
                              None if value is None else {"score": value})
            return Column(rater, lambda c: scores.get((c, rater)), edit, DEC,
                          lambda _c: (Decimal(0), top), places=2)

        return [c.name for c in data.communities], [
            Column("社区", lambda c: c), *(column(r) for r in data.leaders),
            Column("领导评价得分", lambda c: result.community(c).leadership, places=2),
        ]


class BonusPage(RecordPage):
    title = "加减分申报"
    table = "bonus_items"
    fields = (
        FieldSpec(**declared(table, "community", kind=CHOICE, choices=communities_of)),
        FieldSpec(**declared(table, "item")),
        FieldSpec(**declared(table, "points", bounds=lambda _r: (Decimal(-100), Decimal(100))),
                  ask=True, places=2),
        FieldSpec(**declared(table, "status")),
        FieldSpec(**declared(table, "note")),
    )
    defaults: ClassVar[dict[str, Any]] = declared_defaults(table)
    hint = "附件3：减分填负数；只有“通过”的项目计分。"


class VetoesPage(RecordPage):
    title = "否决事项"
    table = "vetoes"
    fields = (
        FieldSpec(**declared(table, "community", kind=CHOICE, choices=communities_of)),
        FieldSpec(**declared(table, "matter")),
        FieldSpec(**declared(table, "note")),
    )
    defaults: ClassVar[dict[str, Any]] = declared_defaults(table)
    hint = "一票否决等事项：有任一项的社区取消第一等次评选资格。"
