"""Paint a `Document` on A4 pages: PDF through QPdfWriter, paper through QPrinter.

Two passes: `_Layout` measures every paragraph line and table row with the
target device's font metrics and cuts them into pages of drawing operations,
one operation per line of text (reports/linebreak.py decides the lines);
then the pages are painted, each with its page number “— N —” (odd pages at
the right, even pages at the left, one count through the PDF) and the 「草稿」
mark when the document is a draft. Text in cells wraps, never clips; header
rows repeat on every page a table reaches.

Every line is drawn as Qt glyph runs and recorded (reports/pdftext.py), so
`write_pdf` (and printing to a PDF file) can give the PDF a text layer that
is exactly the drawn text. Page geometry and fonts follow `Document.style`
(see reports/document.py): "table" for sheets and forms, "gbt9704" for 公文.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontInfo,
    QFontMetricsF,
    QGlyphRun,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrinter

from kaoji_desktop.exchange.fileerrors import check_output
from kaoji_desktop.reports import fonts, linebreak
from kaoji_desktop.reports.document import (
    Cell,
    CellLike,
    Document,
    Paragraph,
    Section,
    Signature,
    Spacer,
    Table,
)
from kaoji_desktop.reports.pdftext import (
    TextLayerError,
    TextRecorder,
    cluster_texts,
    fix_text_layer,
)

log = logging.getLogger(__name__)

A4_MM = (210.0, 297.0)
# Margins (mm), left, top, right, bottom. Sheets: the wide edge is the bound
# one, left on a portrait page and top on a landscape page (landscape sheets
# are bound at their top edge in a portrait binder). 公文 (GB/T 9704-2012):
# 版心 156 × 225 mm.
PORTRAIT_MARGINS = (28.0, 25.0, 20.0, 22.0)
LANDSCAPE_MARGINS = (20.0, 22.0, 20.0, 15.0)
GBT9704_MARGINS = (28.0, 37.0, 26.0, 35.0)
GBT9704_LINES = 22  # lines of 三号 text in the 版心's 225 mm
PAGE_NUMBER_GAP_MM = 7.0  # GB/T 9704 7.5: 一字线 7 mm below the 版心
CELL_PAD_MM = (1.6, 0.9)  # horizontal, vertical
THIN_MM = 0.2
THICK_MM = 0.5
HEADER_FILL = QColor(238, 238, 238)

# the application this module made (kept referenced for the process's life)
_MADE: list[QGuiApplication] = []


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen without a display).

    Fonts and painting need an application object; the command line has none.
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _MADE.append(QGuiApplication(["kaoji"]))
    return _MADE[-1]


def margins(doc: Document) -> tuple[float, float, float, float]:
    """The page margins (mm: left, top, right, bottom) of `doc`'s style."""
    if doc.landscape:
        return LANDSCAPE_MARGINS
    return GBT9704_MARGINS if doc.style == "gbt9704" else PORTRAIT_MARGINS


# --- drawing operations (device pixels) ------------------------------------

@dataclass
class _Text:
    """One line of text, aligned in its rect (and vertically centred)."""

    rect: QRectF
    flags: int
    font: QFont
    text: str
    justify: bool = False  # spread to the rect's full width (公文 body lines)


@dataclass
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass
class _Box:
    rect: QRectF
    width: float
    fill: QColor | None = None


_Op = _Text | _Line | _Box

_ALIGN = {
    "left": int(Qt.AlignmentFlag.AlignLeft),
    "center": int(Qt.AlignmentFlag.AlignHCenter),
    "right": int(Qt.AlignmentFlag.AlignRight),
}
VCENTER = int(Qt.AlignmentFlag.AlignVCenter)


class _Layout:
    """First pass: cut the document into pages of drawing operations."""

    def __init__(self, doc: Document, device: QPagedPaintDevice) -> None:
        self.doc = doc
        self.device = device
        self.gb = doc.style == "gbt9704"
        self.px = device.logicalDpiY() / 25.4  # device pixels per mm
        w, h = A4_MM
        self.page_w, self.page_h = (h, w) if doc.landscape else (w, h)
        ml, mt, mr, mb = margins(doc)
        self.left = ml * self.px
        self.top = mt * self.px
        self.right = (self.page_w - mr) * self.px
        self.bottom = (self.page_h - mb) * self.px
        self.width = self.right - self.left
        self.pages: list[list[_Op]] = []
        self.y = self.top
        self._metrics: dict[int, QFontMetricsF] = {}
        self._widths: dict[tuple[int, str], float] = {}
        self._fonts_kept: list[QFont] = []
        # where the last paragraph began: (page, op index, y); the signature
        # pulls it along to a new page rather than stand alone (公文 rule)
        self._last_para: tuple[int, int, float] | None = None

    # helpers
    def mm(self, v: float) -> float:
        return v * self.px

    def fm(self, font: QFont) -> QFontMetricsF:
        key = id(font)
        if key not in self._metrics:
            self._fonts_kept.append(font)  # ids stay unique while cached
            self._metrics[key] = QFontMetricsF(font, self.device)
        return self._metrics[key]

    def measure(self, font: QFont):
        fm = self.fm(font)
        key = id(font)
        widths = self._widths

        def width(text: str) -> float:
            k = (key, text)
            w = widths.get(k)
            if w is None:
                w = widths[k] = fm.horizontalAdvance(text)
            return w
        return width

    def em(self, font: QFont) -> float:
        return self.measure(font)("\u4e2d")

    def wrap(self, font: QFont, width: float, text: str, *, first: float = 0.0,
             hang: float = 0.0, keep_parens: bool = False) -> list[str]:
        return linebreak.wrap(text, width, self.measure(font), em=self.em(font),
                              first_indent=first, hang=hang, keep_parens=keep_parens)

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.top
        if self.gb:
            # 公文 lines: the letters of the first line touch the top margin
            assert self.doc.line_spacing is not None
            step = self.line_step(self.f_body, self.doc.line_spacing)
            self.y -= (step - self.fm(self.f_body).height()) / 2

    def room(self) -> float:
        return self.bottom - self.y

    def emit(self, op: _Op) -> None:
        self.pages[-1].append(op)

    def line_step(self, font: QFont, spacing: float) -> float:
        """Line pitch as a multiple of the point size (公文: 16 pt text on 22
        lines a page), never tighter than the face's own height: CJK faces
        differ a lot in ascent+descent, the point size does not."""
        return max(self.fm(font).height() * 1.05, font.pointSizeF() / 72 * 25.4 * self.px * spacing)

    def cell_lines(self, font: QFont, width: float, text: str, header: bool = False
                   ) -> list[str]:
        return self.wrap(font, width, text, keep_parens=header)

    # document
    def run(self) -> list[list[_Op]]:
        self._fonts()
        for section in self.doc.sections:
            self.new_page()
            self.section(section)
        return self.pages

    def _fonts(self) -> None:
        d = self.doc
        assert d.title_pt is not None and d.body_pt is not None
        if self.gb:
            self.f_title = fonts.gbt_font("title", d.title_pt)
            self.f_sub = fonts.gbt_font("body", d.body_pt)
            self.f_body = fonts.gbt_font("body", d.body_pt)
            self.f_body_bold = fonts.gbt_font("body", d.body_pt, bold=True)
            self.f_heading = fonts.gbt_font("h1", d.body_pt)
            self.f_h2 = fonts.gbt_font("h2", d.body_pt)
            self.f_small = fonts.gbt_font("small", max(d.table_pt, d.body_pt - 2))
        else:
            self.f_title = fonts.title_font(d.title_pt)
            self.f_sub = fonts.body_font(d.body_pt)
            self.f_body = fonts.body_font(d.body_pt)
            self.f_body_bold = fonts.body_font(d.body_pt, bold=True)
            self.f_heading = fonts.mark_font(d.body_pt)
            self.f_h2 = fonts.make_font(fonts.GB_H2, d.body_pt)
            self.f_small = fonts.body_font(max(d.table_pt, d.body_pt - 3))

    def section(self, s: Section) -> None:
        center = _ALIGN["center"] | VCENTER
        if s.title:
            font, lines = self._title(s.title)
            step = self.fm(font).height() * (1.25 if self.gb else 1.1)
            if self.y == self.top:  # the title's letters, not its line, touch the margin
                self.y -= (step - self.fm(font).height()) / 2
            for line_text in lines:
                self.emit(_Text(QRectF(self.left, self.y, self.width, step), center, font,
                                line_text))
                self.y += step
            self.y += self.mm(3) if not self.gb else self.line_step(self.f_body, 0.9)
        for sub in s.subtitles:
            step = self.fm(self.f_sub).height() * 1.1
            for line_text in self.wrap(self.f_sub, self.width, sub):
                self.emit(_Text(QRectF(self.left, self.y, self.width, step), center,
                                self.f_sub, line_text))
                self.y += step
            self.y += self.mm(1)
        self.y += self.mm(3)
        for block in s.blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Spacer):
                self.y = min(self.y + self.mm(block.mm), self.bottom)
        if s.signature:
            self.signature(s.signature)
        if s.imprint:
            self.imprint(s.imprint)

    def _title(self, title: str) -> tuple[QFont, list[str]]:
        """The title's font and lines: broken at word boundaries, else set a
        little smaller, else broken by the general rules."""
        base = self.f_title
        for step in range(7):
            font = base if step == 0 else QFont(base)
            if step:
                font.setPointSizeF(base.pointSizeF() * (1 - 0.04 * step))
            lines = linebreak.title_lines(title, self.width, self.measure(font))
            if lines is not None:
                return font, lines
        return base, self.wrap(base, self.width, title.replace("\n", ""))

    def paragraph(self, p: Paragraph) -> None:
        font = {"body": self.f_body, "small": self.f_small, "heading": self.f_heading,
                "h1": self.f_heading, "h2": self.f_h2}[p.role]
        if p.bold and p.role == "body":
            font = self.f_body_bold
        if p.role in ("heading", "h1", "h2") and self.room() < self.mm(40):
            self.new_page()  # a heading never ends a page: keep it with what follows
        spacing = self.doc.line_spacing if p.role != "small" else min(self.doc.line_spacing, 1.4)
        assert spacing is not None
        step = self.line_step(font, spacing)
        em = self.em(font)
        first, hang = em * p.indent, em * p.hang
        lines: list[str] = []
        ends: list[bool] = []  # lines ending a "\n"-separated part are not spread
        for k, part in enumerate(p.text.split("\n")):
            got = self.wrap(font, self.width, part, first=first if k == 0 else hang, hang=hang)
            lines.extend(got)
            ends.extend(i == len(got) - 1 for i in range(len(got)))
        align = _ALIGN[p.align] | VCENTER
        for n, line_text in enumerate(lines):
            if self.room() < step:
                self.new_page()
            if n == 0:
                self._last_para = (len(self.pages) - 1, len(self.pages[-1]), self.y)
            x = self.left + (first if n == 0 else hang)
            if p.align != "left":
                x = self.left
            justify = p.align == "left" and not ends[n] and p.role != "small"
            self.emit(_Text(QRectF(x, self.y, self.right - x, step), align, font, line_text,
                            justify))
            self.y += step
        self.y += self.mm(1) if not self.gb else 0.0

    def imprint(self, lines: tuple[str, ...]) -> None:
        """版记 (GB/T 9704 7.4): each line between rules at the foot of the
        page, the first and last rule thicker; "A\tB" puts B at the right."""
        font = self.f_small
        em = self.em(font)
        step = self.line_step(font, 1.6)
        need = step * len(lines) + self.mm(1)
        if self.room() < need:
            self.new_page()
        y = self.bottom - need if self.gb else self.y + self.mm(4)
        for n, line_text in enumerate(lines):
            self.emit(_Line(self.left, y, self.right, y, self.mm(0.35 if n == 0 else 0.25)))
            rect = QRectF(self.left + em, y, self.width - 2 * em, step)
            left, _, right = line_text.partition("\t")
            self.emit(_Text(rect, _ALIGN["left"] | VCENTER, font, left))
            if right:
                self.emit(_Text(rect, _ALIGN["right"] | VCENTER, font, right))
            y += step
        self.emit(_Line(self.left, y, self.right, y, self.mm(0.35)))
        self.y = y + self.mm(1)

    def signature(self, sig: Signature) -> None:
        font = self.f_body
        fm = self.fm(font)
        assert self.doc.line_spacing is not None
        step = self.line_step(font, self.doc.line_spacing)
        em = self.em(font)
        gap = step * 2 if sig.seal else (step if self.gb else self.mm(8))
        block_h = step * len(sig.lines) + gap
        if sig.seal:
            block_h = max(block_h, self.mm(45))  # the seal: about 42 mm across
        if self.room() < block_h:
            self._carry_last_paragraph()
        self.y += gap
        if self.gb and sig.lines:
            # GB/T 9704 7.3.5: 成文日期 right-indented four characters, the
            # 署名 centred over it (kept two characters from the margin)
            date = sig.lines[-1]
            date_w = fm.horizontalAdvance(date)
            date_right = self.right - 4 * em
            centre = date_right - date_w / 2
            for line_text in sig.lines[:-1]:
                w = fm.horizontalAdvance(line_text)
                x = min(centre - w / 2, self.right - 2 * em - w)
                self.emit(_Text(QRectF(x, self.y, w + 1, step), _ALIGN["left"] | VCENTER,
                                font, line_text))
                self.y += step
            self.emit(_Text(QRectF(date_right - date_w, self.y, date_w + 1, step),
                            _ALIGN["left"] | VCENTER, font, date))
            self.y += step
            return
        width = max(fm.horizontalAdvance(t) for t in sig.lines) + self.mm(2)
        # 公文: the block ends about four characters short of the right margin
        x = self.right - em * 2 - width
        for line_text in sig.lines:
            self.emit(_Text(QRectF(x, self.y, width, step), _ALIGN["center"] | VCENTER, font,
                            line_text))
            self.y += step

    def _carry_last_paragraph(self) -> None:
        """Start a new page, taking the last paragraph along if it is on this one."""
        last = self._last_para
        self.new_page()
        if last is None or last[0] != len(self.pages) - 2 or last[2] <= self.top:
            return
        _, start, y0 = last
        moved = self.pages[-2][start:]
        del self.pages[-2][start:]
        shift = self.top - y0
        for op in moved:
            if isinstance(op, _Text | _Box):
                op.rect.translate(0, shift)
            elif isinstance(op, _Line):
                op.y1 += shift
                op.y2 += shift
            self.emit(op)
        bottoms = [op.rect.bottom() for op in moved if isinstance(op, _Text)]
        self.y = (max(bottoms) if bottoms else self.top) + self.mm(1)

    # tables
    def table(self, t: Table) -> None:
        pt = t.font_pt or self.doc.table_pt
        font = fonts.table_font(pt)
        bold = fonts.table_font(pt, bold=True)
        total = sum(c.width for c in t.columns)
        table_w = self.width * min(max(t.width, 0.1), 1.0)
        xs = [self.left + (self.width - table_w) / 2]
        for col in t.columns:
            xs.append(xs[-1] + table_w * col.width / total)
        pad_x, pad_y = self.mm(CELL_PAD_MM[0]), self.mm(CELL_PAD_MM[1])
        line_h = self.fm(font).height()
        min_h = max(self.mm(t.min_row_mm), line_h + 2 * pad_y)

        header = _place_header(t.header, len(t.columns))
        head_h = [min_h] * len(t.header)
        head_lines: dict[int, list[str]] = {}
        for i, (r, c, rs, cs, cell) in sorted(enumerate(header), key=lambda h: h[1][2]):
            w = xs[c + cs] - xs[c] - 2 * pad_x
            head_lines[i] = self.cell_lines(bold, w, _text(cell), header=True)
            need = len(head_lines[i]) * self.fm(bold).height() + 2 * pad_y
            have = sum(head_h[r: r + rs])
            if need > have:
                head_h[r + rs - 1] += need - have

        rows: list[tuple[float, list[tuple[float, float, int, QFont, list[str]]]]] = []
        for row in t.rows:
            placed, col, height = [], 0, min_h
            for cell in row:
                span = cell.colspan if isinstance(cell, Cell) else 1
                x0, x1 = xs[col], xs[col + span]
                align = _cell_align(cell, t.columns[col].align)
                f = bold if isinstance(cell, Cell) and cell.bold else font
                lines = self.cell_lines(f, x1 - x0 - 2 * pad_x, _text(cell))
                height = max(height, len(lines) * self.fm(f).height() + 2 * pad_y)
                placed.append((x0, x1, align, f, lines))
                col += span
            rows.append((height, placed))

        header_height = sum(head_h)
        first = rows[0][0] if rows else 0.0
        if self.room() < header_height + first:
            self.new_page()
        seg_top = self.y
        self._header(header, head_h, head_lines, xs, bold, pad_x)
        for i, (height, placed) in enumerate(rows):
            need = height
            if _is_group_heading(t.rows[i], len(t.columns)) and i + 1 < len(rows):
                need += rows[i + 1][0]  # a group heading stays with its first row
            if self.room() < need:
                self._frame(xs, seg_top)
                self.new_page()
                seg_top = self.y
                self._header(header, head_h, head_lines, xs, bold, pad_x)
            for x0, x1, align, f, lines in placed:
                rect = QRectF(x0, self.y, x1 - x0, height)
                self.emit(_Box(rect, self.mm(THIN_MM)))
                self._cell_text(rect.adjusted(pad_x, 0, -pad_x, 0), align, f, lines)
            self.y += height
        self._frame(xs, seg_top)
        self.y += self.mm(3)

    def _cell_text(self, rect: QRectF, align: int, font: QFont, lines: list[str]) -> None:
        """The lines of a cell as one block, centred vertically in `rect`."""
        h = self.fm(font).height()
        y = rect.top() + (rect.height() - h * len(lines)) / 2
        for line_text in lines:
            if line_text:
                self.emit(_Text(QRectF(rect.left(), y, rect.width(), h), align | VCENTER, font,
                                line_text))
            y += h

    def _header(self, header: list[tuple[int, int, int, int, CellLike]], head_h: list[float],
                head_lines: dict[int, list[str]], xs: list[float], font: QFont,
                pad_x: float) -> None:
        tops = [self.y]
        for h in head_h:
            tops.append(tops[-1] + h)
        for i, (r, c, rs, cs, cell) in enumerate(header):
            rect = QRectF(xs[c], tops[r], xs[c + cs] - xs[c], tops[r + rs] - tops[r])
            self.emit(_Box(rect, self.mm(THIN_MM), HEADER_FILL))
            align = _cell_align(cell, "center")
            self._cell_text(rect.adjusted(pad_x, 0, -pad_x, 0), align, font, head_lines[i])
        self.y = tops[-1]

    def _frame(self, xs: list[float], top: float) -> None:
        self.emit(_Box(QRectF(xs[0], top, xs[-1] - xs[0], self.y - top), self.mm(THICK_MM)))


def _is_group_heading(row: tuple[CellLike, ...], ncols: int) -> bool:
    return len(row) == 1 and isinstance(row[0], Cell) and row[0].colspan == ncols


def _text(cell: CellLike) -> str:
    return cell.text if isinstance(cell, Cell) else cell


def _cell_align(cell: CellLike, default: str) -> int:
    if isinstance(cell, Cell) and cell.align:
        return _ALIGN[cell.align]
    return _ALIGN[default]


def _place_header(rows: tuple[tuple[CellLike, ...], ...], ncols: int
                  ) -> list[tuple[int, int, int, int, CellLike]]:
    """Grid positions (row, col, rowspan, colspan, cell) of header cells."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rs = cell.rowspan if isinstance(cell, Cell) else 1
            cs = cell.colspan if isinstance(cell, Cell) else 1
            rs = min(rs, len(rows) - r)
            if c + cs > ncols:
                raise ValueError(f"header row {r} overflows {ncols} columns")
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            out.append((r, c, rs, cs, cell))
            c += cs
    return out


# --- drawing text as glyph runs ---------------------------------------------

_RUN_FLAGS = (QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
              | QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphPositions
              | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes)


@dataclass
class _Shaped:
    """One line shaped once: its glyph runs and what each glyph stands for."""

    natural: float
    height: float
    em: float
    runs: list[tuple[object, list[int], tuple[int, ...], tuple[str, ...]]]


_SHAPED: dict[tuple[str, int, str], _Shaped] = {}


def _shape(font: QFont, text: str, device: object) -> _Shaped:
    """`text` laid out on one line in `font` for `device` (cached: sheets
    repeat the same cells thousands of times)."""
    # key(): family, size, weight …; the fallback chain decides runs too
    key = (font.key() + "|".join(font.families()), device.logicalDpiX(),  # type: ignore[attr-defined]
           text)
    got = _SHAPED.get(key)
    if got is not None:
        return got
    layout = QTextLayout(text, font, device)  # type: ignore[arg-type]
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e9)
    layout.endLayout()
    end = len(text.encode("utf-16-le")) // 2
    runs = layout.glyphRuns(0, end, _RUN_FLAGS)
    indexes = [list(r.stringIndexes()) for r in runs]
    boundaries = sorted({i for idx in indexes for i in idx})
    em = QFontMetricsF(font, device).horizontalAdvance("\u4e2d")  # type: ignore[arg-type]
    shaped = _Shaped(line.naturalTextWidth(), line.height(), em, [
        (run, idx, tuple(run.glyphIndexes()), cluster_texts(text, idx, boundaries, end))
        for run, idx in zip(runs, indexes, strict=False)])
    if len(_SHAPED) > 50_000:
        _SHAPED.clear()
    _SHAPED[key] = shaped
    return shaped


def draw_text(painter: QPainter, recorder: TextRecorder | None, rect: QRectF, flags: int,
              font: QFont, text: str, justify: bool = False) -> None:
    """Draw one line of `text` in `rect` (aligned by `flags`, centred
    vertically) as glyph runs, and note what each glyph stands for.

    A line wider than the rect (by at most half an em per full-width mark,
    see linebreak.fits) has its marks squeezed; `justify` spreads a shorter
    line to the full width.
    """
    if not text.strip():
        return
    embolden = _synthesized_bold(font)
    if embolden:
        font = QFont(font)
        font.setBold(False)
    shaped = _shape(font, text, painter.device())
    if not shaped.runs:
        return
    natural, width = shaped.natural, rect.width()
    shifts = _shifts(text, natural, width, justify, shaped.em)
    drawn = min(natural, width) if shifts else natural
    if shifts and natural < width:
        drawn = width
    if flags & _ALIGN["center"]:
        x = rect.left() + (width - drawn) / 2
    elif flags & _ALIGN["right"]:
        x = rect.right() - drawn
    else:
        x = rect.left()
    origin = QPointF(x, rect.top() + (rect.height() - shaped.height) / 2)
    py = _utf16_index(text) if shifts else {}
    for run, idx, glyphs, texts in shaped.runs:
        if shifts:
            run = QGlyphRun(run)
            run.setPositions([QPointF(p.x() + shifts[py[i]], p.y())
                              for p, i in zip(run.positions(), idx, strict=False)])
        painter.drawGlyphRun(origin, run)
        if embolden:
            _stroke_outlines(painter, run, origin, font)
        if recorder is not None:
            recorder.add(glyphs, texts)


_BOLD_FACE: dict[str, bool] = {}


def _synthesized_bold(font: QFont) -> bool:
    """Whether Qt would fake `font`'s bold (宋体, 黑体 and 楷体 on Windows have no
    bold face). Qt's fake bold draws every glyph twice, and text extractors
    that ignore marked content (pypdf) then read the text twice; such text
    is drawn regular and its outlines stroked instead (`_stroke_outlines`)."""
    if not font.bold():
        return False
    key = font.key()
    if key not in _BOLD_FACE:
        info = QFontInfo(font)
        family, style = info.family(), info.styleName()
        # no style name (some Windows engines): any bold face of the family counts
        weights = ([QFontDatabase.weight(family, style)] if style else
                   [QFontDatabase.weight(family, st) for st in QFontDatabase.styles(family)])
        _BOLD_FACE[key] = max(weights, default=-1) < int(QFont.Weight.DemiBold)
    return _BOLD_FACE[key]


def _stroke_outlines(painter: QPainter, run: object, origin: QPointF, font: QFont) -> None:
    """Embolden a drawn glyph run by stroking its outlines (vector, no text)."""
    assert isinstance(run, QGlyphRun)
    raw = run.rawFont()
    path = QPainterPath()
    for glyph, pos in zip(run.glyphIndexes(), run.positions(), strict=False):
        path.addPath(raw.pathForGlyph(glyph).translated(origin + pos))
    pen = QPen(painter.pen().color(), raw.pixelSize() * 0.035)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.strokePath(path, pen)


def _utf16_index(text: str) -> dict[int, int]:
    out, u = {}, 0
    for i, ch in enumerate(text):
        out[u] = i
        u += 2 if ord(ch) > 0xFFFF else 1
    return out


def _shifts(text: str, natural: float, width: float, justify: bool,
            em: float) -> list[float] | None:
    """Per character, how far to move its glyphs: marks squeezed when the line
    is too wide, the gaps spread when it is to be justified; None: as laid out."""
    n = len(text)
    if natural > width + 0.5:
        marks = linebreak.squeeze_marks(text)
        if not marks:
            return None
        each = min((natural - width) / len(marks), em / 2)
        out, total = [], 0.0
        marks_set = set(marks)
        for i, ch in enumerate(text):
            if i in marks_set and ch in linebreak.SQUEEZE_OPEN:
                total += each  # the ink of an opening mark is at its right
            out.append(-total)
            if i in marks_set and ch in linebreak.SQUEEZE_CLOSE:
                total += each
        return out
    if justify and n > 1 and natural < width - 0.5:
        # spread between characters, never inside a number, date or word
        starts, pos = set(), 0
        for atom in linebreak.atoms(text):
            starts.add(pos)
            pos += len(atom)
        starts.discard(0)
        if not starts:
            return None
        gap = (width - natural) / len(starts)
        if gap > 0.2 * em:
            return None  # a line short of a long unbreakable piece stays ragged
        out, total = [], 0.0
        for i in range(n):
            if i in starts:
                total += gap
            out.append(total)
        return out
    return None


# --- second pass: painting --------------------------------------------------

def page_number_text(n: int) -> str:
    return f"— {n} —"


def _paint_pages(doc: Document, device: QPagedPaintDevice, pages: list[list[_Op]],
                 layout: _Layout) -> TextRecorder:
    recorder = TextRecorder()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始绘制（打印机或PDF文件不可用）")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        number_font = fonts.page_number_font(14.0)  # 四号 宋体
        em = QFontMetricsF(number_font, device).horizontalAdvance("\u4e2d")
        for n, ops in enumerate(pages, start=1):
            if n > 1:
                device.newPage()
                recorder.new_page()
            if doc.draft:
                _watermark(painter, recorder, doc, layout)
            for op in ops:
                _paint(painter, recorder, op)
            # GB/T 9704 7.5: “— N —” 7 mm below the text area, odd pages at
            # the right, even pages at the left, one character in
            top = layout.bottom + layout.mm(PAGE_NUMBER_GAP_MM)
            h = QFontMetricsF(number_font, device).height()
            foot = QRectF(layout.left + em, top, layout.width - 2 * em, h)
            side = _ALIGN["right"] if n % 2 else _ALIGN["left"]
            draw_text(painter, recorder, foot, side | VCENTER, number_font, page_number_text(n))
    finally:
        painter.end()
    return recorder


_BLACK = QPen(Qt.GlobalColor.black)


def _paint(painter: QPainter, recorder: TextRecorder, op: _Op) -> None:
    if isinstance(op, _Text):
        painter.setPen(_BLACK)
        draw_text(painter, recorder, op.rect, op.flags, op.font, op.text, op.justify)
    elif isinstance(op, _Box):
        pen = QPen(Qt.GlobalColor.black, op.width)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        if op.fill is not None:
            painter.fillRect(op.rect, op.fill)
        painter.drawRect(op.rect)
    else:
        painter.setPen(QPen(Qt.GlobalColor.black, op.width))
        painter.drawLine(QPointF(op.x1, op.y1), QPointF(op.x2, op.y2))


def _watermark(painter: QPainter, recorder: TextRecorder, doc: Document,
               layout: _Layout) -> None:
    """A boxed 「草稿」 at the top right, and a faint diagonal one across the page."""
    painter.save()
    big = fonts.mark_font(96, bold=True)
    painter.setPen(QPen(QColor(0, 0, 0, 22)))
    cx, cy = layout.mm(layout.page_w) / 2, layout.mm(layout.page_h) / 2
    painter.translate(cx, cy)
    painter.rotate(-30)
    draw_text(painter, recorder,
              QRectF(-layout.mm(120), -layout.mm(30), layout.mm(240), layout.mm(60)),
              _ALIGN["center"] | VCENTER, big, "草 稿")
    painter.restore()

    painter.save()
    stamp = fonts.mark_font(16, bold=True)
    fm = QFontMetricsF(stamp, layout.device)
    w, h = fm.horizontalAdvance("草稿") + layout.mm(6), fm.height() + layout.mm(2)
    box = QRectF(layout.right - w, layout.top - h - layout.mm(8), w, h)
    painter.setPen(QPen(Qt.GlobalColor.black, layout.mm(0.6)))
    painter.drawRect(box)
    draw_text(painter, recorder, box, _ALIGN["center"] | VCENTER, stamp, "草稿")
    if doc.draft_reason:
        small = fonts.body_font(9.0)
        note = QRectF(layout.left, box.top(), box.left() - layout.left - layout.mm(3), h)
        draw_text(painter, recorder, note, _ALIGN["right"] | VCENTER, small, doc.draft_reason)
    painter.restore()


# --- entry points -----------------------------------------------------------

def resolved(doc: Document) -> Document:
    """`doc` with the sizes it left to its style filled in (GB/T 9704: 22
    lines of 三号 text in the 225 mm 版心)."""
    if doc.style == "gbt9704":
        pitch_pt = 225.0 / GBT9704_LINES / 25.4 * 72
        body = doc.body_pt or 16.0
        return replace(doc, title_pt=doc.title_pt or 22.0, body_pt=body,
                       line_spacing=doc.line_spacing or pitch_pt / body)
    return replace(doc, title_pt=doc.title_pt or 20.0, body_pt=doc.body_pt or 14.0,
                   line_spacing=doc.line_spacing or 1.75)


def page_layout(doc: Document) -> QPageLayout:
    orientation = (QPageLayout.Orientation.Landscape if doc.landscape
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def _paint_document(doc: Document, device: QPagedPaintDevice) -> tuple[int, TextRecorder]:
    """Lay out and paint `doc` on a prepared device; the page count and what
    was drawn. The device must already carry `page_layout(doc)` (zero margins:
    the margins are the document's own) — `write_pdf` and `prepare_printer` do
    that."""
    ensure_gui_app()
    doc = resolved(doc)
    layout = _Layout(doc, device)
    pages = layout.run()
    # a sheet meant for one page (a notice to post) gets slightly smaller
    # type rather than a second page holding only its last lines
    for _ in range(4):
        if doc.fit_pages is None or len(pages) <= doc.fit_pages:
            break
        assert doc.title_pt and doc.body_pt and doc.line_spacing
        doc = replace(doc, title_pt=doc.title_pt - 0.5, body_pt=doc.body_pt - 0.5,
                      table_pt=doc.table_pt - 0.5, line_spacing=doc.line_spacing - 0.05)
        layout = _Layout(doc, device)
        pages = layout.run()
    recorder = _paint_pages(doc, device, pages, layout)
    return len(pages), recorder


def finish_pdf(path: str | Path, recorder: TextRecorder) -> None:
    """Give the PDF Qt wrote at `path` its true text layer (reports/pdftext.py).
    A file whose text cannot be paired with the drawing stays as Qt wrote it
    (readable and printable; only its text layer is Qt's), with a log entry."""
    try:
        fix_text_layer(path, recorder)
    except (TextLayerError, pikepdf.PdfError) as exc:
        log.warning("PDF text layer left as Qt wrote it (%s): %s", path, exc)


def write_pdf(doc: Document, path: str | Path, resolution: int = 600) -> int:
    """Write `doc` as a PDF file; returns the page count. A folder that does not
    exist, or a folder given as the file, raises `FileProblem` (an OSError)."""
    check_output(path, "PDF文件")
    ensure_gui_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(resolution)
    writer.setPageLayout(page_layout(doc))
    writer.setTitle(doc.name)
    writer.setCreator("考绩桌面")
    pages, recorder = _paint_document(doc, writer)
    del writer  # flush the file now
    finish_pdf(path, recorder)
    return pages


def prepare_printer(printer: object, doc: Document) -> None:
    """Give a QPrinter the document's paper and orientation (full page)."""
    assert isinstance(printer, QPrinter)
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(doc))
    printer.setDocName(doc.name)


def print_document(doc: Document, printer: object) -> int:
    """Paint `doc` on a QPrinter (a real printer, a print preview, or a PDF
    file chosen in the print dialog — that file gets the true text layer too)."""
    prepare_printer(printer, doc)
    assert isinstance(printer, QPrinter)
    pages, recorder = _paint_document(doc, printer)
    out = printer.outputFileName()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and out:
        finish_pdf(out, recorder)
    return pages
