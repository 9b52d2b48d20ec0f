"""图表: each community's line total per period as a trend, and its
components side by side. Drawn with QPainter (no QtCharts)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSplitter, QWidget

from kaoji_desktop.core.model import ALL_PERIODS, CYCLE_PERIODS, YearData, YearResult
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.pages.base import Page

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")
COMPONENTS = (("条线得分", "lines"), ("个性项目", "projects"), ("满意度", "satisfaction"),
              ("领导评价", "leadership"), ("加减分", "bonus"))


def period_totals(data: YearData) -> tuple[list[str], dict[str, list[Decimal | None]]]:
    """Per community, the sum of the line scores entered in each quarterly
    period (a display of inputs, not a score of the rules)."""
    periods = [p for p in ALL_PERIODS if p in CYCLE_PERIODS["季度"]]
    sums: dict[tuple[str, str], Decimal] = {}
    for s in data.line_scores:
        if s.period in periods:
            sums[(s.community, s.period)] = sums.get((s.community, s.period), Decimal(0)) + s.score
    return periods, {c.name: [sums.get((c.name, p)) for p in periods] for c in data.communities}


class _Chart(QWidget):
    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(150)  # two fit a 1366×768 screen at 150 %
        self.data: YearData | None = None
        self.result: YearResult | None = None

    def set_year(self, data: YearData, result: YearResult) -> None:
        self.data, self.result = data, result
        # a draft says so: its bars are what is entered so far
        self.title = type(self).title + ("" if result.complete else "（未完成，暂定）")
        self.update()

    def frame(self, p: QPainter) -> QRectF:
        p.fillRect(self.rect(), QColor("white"))
        p.setPen(QColor("black"))
        p.drawText(QRectF(0, 4, self.width(), 24), Qt.AlignmentFlag.AlignCenter, self.title)
        return QRectF(56, 34, self.width() - 56 - 170, self.height() - 34 - 36)

    def axes(self, p: QPainter, area: QRectF, top: float, low: float = 0) -> None:
        p.setPen(QPen(QColor("#999999"), 1))
        for i in range(5):
            value = low + (top - low) * i / 4
            y = area.bottom() - area.height() * i / 4
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.drawText(QRectF(0, y - 10, area.left() - 6, 20),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{value:.0f}")

    def legend(self, p: QPainter, area: QRectF, names: list[str]) -> None:
        for i, name in enumerate(names):
            y = area.top() + i * 20
            p.fillRect(QRectF(area.right() + 12, y + 4, 12, 12), QColor(PALETTE[i % 10]))
            p.setPen(QColor("black"))
            p.drawText(QRectF(area.right() + 30, y, 120, 20), Qt.AlignmentFlag.AlignVCenter,
                       name)


class TrendChart(_Chart):
    title = "各社区每季度条线得分合计"

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self.frame(p)
        if self.data is None:
            return
        periods, totals = period_totals(self.data)
        values = [float(v) for vs in totals.values() for v in vs if v is not None]
        low = max(0.0, (min(values, default=0) // 4) * 4 - 4)
        top = min(100.0, low + max(8.0, -(-(max(values, default=100) - low) // 4) * 4 + 4))
        self.axes(p, area, top, low)
        step = area.width() / max(len(periods) - 1, 1)
        p.setPen(QColor("black"))
        for i, period in enumerate(periods):
            x = area.left() + i * step
            p.drawText(QRectF(x - 40, area.bottom() + 4, 80, 24), Qt.AlignmentFlag.AlignCenter,
                       period)
        for n, values in enumerate(totals.values()):
            p.setPen(QPen(QColor(PALETTE[n % 10]), 2))
            prev: QPointF | None = None
            for i, value in enumerate(values):
                if value is None:
                    prev = None
                    continue
                point = QPointF(area.left() + i * step, area.bottom()
                                - area.height() * (float(value) - low) / (top - low))
                p.drawEllipse(point, 3, 3)
                if prev is not None:
                    p.drawLine(prev, point)
                prev = point
        self.legend(p, area, list(totals))


class ComponentsChart(_Chart):
    title = "各社区得分构成"

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        area = self.frame(p)
        if self.result is None or not self.result.communities:
            return
        communities = sorted(self.result.communities, key=lambda c: (c.rank, c.name))
        top = max([float(getattr(c, f)) for c in communities for _, f in COMPONENTS] + [1])
        top = (int(top / 10) + 1) * 10
        self.axes(p, area, top)
        group = area.width() / len(communities)
        bar = group * 0.8 / len(COMPONENTS)
        for g, c in enumerate(communities):
            x0 = area.left() + g * group + group * 0.1
            for i, (_, field) in enumerate(COMPONENTS):
                value = max(float(getattr(c, field)), 0)
                h = area.height() * value / top
                p.fillRect(QRectF(x0 + i * bar, area.bottom() - h, bar - 1, h),
                           QColor(PALETTE[i]))
            p.setPen(QColor("black"))
            p.drawText(QRectF(x0 - 10, area.bottom() + 4, group, 24),
                       Qt.AlignmentFlag.AlignCenter, c.name)
        self.legend(p, area, [label for label, _ in COMPONENTS])


class ChartsPage(Page):
    title = "图表"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        split = QSplitter(Qt.Orientation.Vertical)
        self.trend = TrendChart()
        self.components = ComponentsChart()
        split.addWidget(self.trend)
        split.addWidget(self.components)
        self.layout_.addWidget(split)

    def refresh_extra(self) -> None:
        assert self.controller.data is not None and self.controller.result is not None
        for chart in (self.trend, self.components):
            chart.set_year(self.controller.data, self.controller.result)
