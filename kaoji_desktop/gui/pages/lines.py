"""条线评分: one grid per period — communities × lines (full marks in the
header), row totals, each line's rank in the period (last place marked)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from kaoji_desktop.core.model import ALL_PERIODS, CYCLE_PERIODS, LineDef
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import DEC, fmt
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.store import Change

LAST_COLOR = "#f8c9c4"
FIRST_COLOR = "#d6efd0"


def wrap(text: str, width: int = 5) -> str:
    """Break a long Chinese header into balanced lines of at most `width`
    characters, never starting a line with closing punctuation."""
    count = -(-len(text) // width)
    size = -(-len(text) // max(count, 1))
    parts: list[str] = []
    for i in range(0, len(text), size):
        chunk = text[i:i + size]
        while parts and chunk and chunk[0] in "）)、，,":
            parts[-1] += chunk[0]
            chunk = chunk[1:]
        if chunk:
            parts.append(chunk)
    for i in range(len(parts) - 1):  # an opening bracket starts the next line
        while parts[i] and parts[i][-1] in "（(":
            parts[i], parts[i + 1] = parts[i][:-1], parts[i][-1] + parts[i + 1]
    return "\n".join(p for p in parts if p)


def line_header(line: LineDef) -> str:
    return f"{wrap(line.name)}\n({fmt(line.full_marks)}分)"


class LineScoresPage(Page):
    title = "条线评分"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("期次："))
        self.period = QComboBox()
        self.period.addItems(list(ALL_PERIODS[:4]))
        self.period.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.period)
        self.note = QLabel()
        bar.addWidget(self.note, 1)
        self.layout_.addLayout(bar)
        self.grid = self.make_grid(self.build, "line_scores", lambda c: c)
        self.grid.max_column_width = 84
        self.layout_.addWidget(self.grid)

    def periods(self) -> list[str]:
        data = self.controller.data
        used = {p for line in (data.lines if data else ()) for p in
                CYCLE_PERIODS.get(line.cycle, ())}
        return [p for p in ALL_PERIODS if p in used]

    def refresh(self) -> None:
        periods = self.periods()
        if periods and [self.period.itemText(i) for i in range(self.period.count())] != periods:
            current = self.period.currentText()
            self.period.blockSignals(True)
            self.period.clear()
            self.period.addItems(periods)
            if current in periods:
                self.period.setCurrentText(current)
            self.period.blockSignals(False)
        super().refresh()

    def refresh_extra(self) -> None:
        result = self.controller.result
        period = self.period.currentText()
        ranked = result is not None and any(r.period == period for r in result.line_rankings)
        self.note.setText("红色为本期该条线末位，绿色为第一名；悬停查看名次。" if ranked else
                          "本期尚有社区未评分，暂不排名。")

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        data, result = self.controller.data, self.controller.result
        assert data is not None and result is not None
        period = self.period.currentText()
        lines = [ln for ln in data.lines if period in CYCLE_PERIODS.get(ln.cycle, ())]
        scores = {(s.community, s.line): s.score for s in data.line_scores if s.period == period}
        rankings = {r.line: r for r in result.line_rankings if r.period == period}

        def column(line: LineDef) -> Column:
            ranking = rankings.get(line.name)
            full = line.full_marks

            def edit(community: str, value: Any) -> Change:
                return Change("line_scores", (community, line.name, period),
                              None if value is None else {"score": value})

            def tip(community: str) -> str:
                if ranking is None or community not in ranking.ranks:
                    return ""
                last = "（末位）" if community in ranking.last else ""
                return f"{line.name} {period} 第{ranking.ranks[community]}名{last}"

            def color(community: str) -> str | None:
                if ranking is None:
                    return None
                if community in ranking.last:
                    return LAST_COLOR
                return FIRST_COLOR if ranking.ranks.get(community) == 1 else None

            return Column(line_header(line), lambda c: scores.get((c, line.name)), edit, DEC,
                          lambda _c: (Decimal(0), full), tip=tip, color=color, places=2)

        def total(community: str) -> Decimal | None:
            values = [scores[(community, ln.name)] for ln in lines
                      if (community, ln.name) in scores]
            return sum(values, Decimal(0)) if values else None

        full_total = sum((ln.full_marks for ln in lines), Decimal(0))
        columns = [Column("社区", lambda c: c)] + [column(ln) for ln in lines] + \
            [Column(f"本期合计\n({fmt(full_total)}分)", total, kind=DEC, bold=lambda _c: True,
                    places=2)]
        return [c.name for c in data.communities], columns
