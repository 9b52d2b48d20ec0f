"""Paint a `Document` on A4 pages: PDF through QPdfWriter, paper through QPrinter.

Two passes: `_Layout` measures every paragraph line and table row with the
target device's font metrics and cuts them into pages of drawing operations;
then the pages are painted, each with 「第 N 页 共 M 页」 (M is only known
after the first pass) and the 「草稿」 mark when the document is a draft.
Text in cells wraps, never clips; header rows repeat on every page a table
reaches.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from kaoji_desktop.reports import fonts
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

A4_MM = (210.0, 297.0)
# Margins (mm) fit for a binder: the wide edge is the bound one, left on a
# portrait page and top on a landscape page (landscape sheets are bound at
# their top edge in a portrait binder).
PORTRAIT_MARGINS = (28.0, 25.0, 20.0, 22.0)  # left, top, right, bottom
LANDSCAPE_MARGINS = (20.0, 22.0, 20.0, 15.0)
CELL_PAD_MM = (1.6, 0.9)  # horizontal, vertical
THIN_MM = 0.2
THICK_MM = 0.5
HEADER_FILL = QColor(238, 238, 238)

_APP: QGuiApplication | None = None


def ensure_gui_app() -> QGuiApplication:
    """The running QGuiApplication, or a new one (offscreen without a display).

    Fonts and painting need an application object; the command line has none.
    """
    global _APP
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QGuiApplication(["kaoji"])
    return _APP


# --- drawing operations (device pixels) ------------------------------------

@dataclass
class _Text:
    rect: QRectF
    flags: int
    font: QFont
    text: str


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

WRAP = int(Qt.TextFlag.TextWordWrap)
WRAP_ANY = int(Qt.TextFlag.TextWrapAnywhere)
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
        self.px = device.logicalDpiY() / 25.4  # device pixels per mm
        w, h = A4_MM
        self.page_w, self.page_h = (h, w) if doc.landscape else (w, h)
        ml, mt, mr, mb = LANDSCAPE_MARGINS if doc.landscape else PORTRAIT_MARGINS
        self.left = ml * self.px
        self.top = mt * self.px
        self.right = (self.page_w - mr) * self.px
        self.bottom = (self.page_h - mb) * self.px
        self.width = self.right - self.left
        self.pages: list[list[_Op]] = []
        self.y = self.top
        self._metrics: dict[int, QFontMetricsF] = {}
        # where the last paragraph began: (page, op index, y); the signature
        # pulls it along to a new page rather than stand alone (公文 rule)
        self._last_para: tuple[int, int, float] | None = None
        self.section_starts: list[int] = []

    # helpers
    def mm(self, v: float) -> float:
        return v * self.px

    def fm(self, font: QFont) -> QFontMetricsF:
        key = id(font)
        if key not in self._metrics:
            self._metrics[key] = QFontMetricsF(font, self.device)
        return self._metrics[key]

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.top

    def room(self) -> float:
        return self.bottom - self.y

    def emit(self, op: _Op) -> None:
        self.pages[-1].append(op)

    def line_step(self, font: QFont, spacing: float) -> float:
        """Line pitch as a multiple of the point size (公文: 16 pt text on 28 pt
        lines), never tighter than the face's own height: CJK faces differ a lot
        in ascent+descent, the point size does not."""
        return max(self.fm(font).height() * 1.05, font.pointSizeF() / 72 * 25.4 * self.px * spacing)

    def text_height(self, font: QFont, width: float, flags: int, text: str) -> tuple[float, int]:
        """Height of `text` wrapped to `width`, and the flags that achieve it."""
        fm = self.fm(font)
        r = fm.boundingRect(QRectF(0, 0, width, 1e7), flags | WRAP, text)
        if r.width() <= width + 0.5:
            return r.height(), flags | WRAP
        # an unbreakable run (a long number): break anywhere rather than clip
        r = fm.boundingRect(QRectF(0, 0, width, 1e7), flags | WRAP_ANY, text)
        return r.height(), flags | WRAP_ANY

    # document
    def run(self) -> list[list[_Op]]:
        self._fonts()
        for section in self.doc.sections:
            self.section_starts.append(len(self.pages))
            self.new_page()
            self.section(section)
        return self.pages

    def _fonts(self) -> None:
        d = self.doc
        self.f_title = fonts.title_font(d.title_pt)
        self.f_sub = fonts.body_font(d.body_pt)
        self.f_body = fonts.body_font(d.body_pt)
        self.f_body_bold = fonts.body_font(d.body_pt, bold=True)
        self.f_heading = fonts.mark_font(d.body_pt)
        self.f_small = fonts.body_font(max(d.table_pt, d.body_pt - 3))

    def section(self, s: Section) -> None:
        center = _ALIGN["center"]
        if s.title:
            h, flags = self.text_height(self.f_title, self.width, center, s.title)
            self.emit(_Text(QRectF(self.left, self.y, self.width, h), flags, self.f_title, s.title))
            self.y += h + self.mm(3)
        for sub in s.subtitles:
            h, flags = self.text_height(self.f_sub, self.width, center, sub)
            self.emit(_Text(QRectF(self.left, self.y, self.width, h), flags, self.f_sub, sub))
            self.y += h + self.mm(1)
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

    def paragraph(self, p: Paragraph) -> None:
        font = {"body": self.f_body, "small": self.f_small, "heading": self.f_heading}[p.role]
        if p.bold and p.role == "body":
            font = self.f_body_bold
        text = "\u3000" * p.indent + p.text
        if p.role == "heading" and self.room() < self.mm(40):
            self.new_page()  # a heading never ends a page: keep it with what follows
        step = self.line_step(font, self.doc.line_spacing if p.role != "small" else 1.4)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout = QTextLayout(text, font, self.device)
        layout.setTextOption(option)
        layout.beginLayout()
        lines: list[str] = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(self.width)
            lines.append(text[line.textStart(): line.textStart() + line.textLength()])
        layout.endLayout()
        align = _ALIGN[p.align] | VCENTER
        for n, line_text in enumerate(lines):
            if self.room() < step:
                self.new_page()
            if n == 0:
                self._last_para = (len(self.pages) - 1, len(self.pages[-1]), self.y)
            self.emit(_Text(QRectF(self.left, self.y, self.width, step), align, font,
                            line_text.rstrip()))
            self.y += step
        self.y += self.mm(1)

    def signature(self, sig: Signature) -> None:
        font = self.f_body
        fm = self.fm(font)
        step = self.line_step(font, self.doc.line_spacing)
        gap = self.mm(8)
        block_h = step * len(sig.lines) + gap
        if self.room() < block_h:
            self._carry_last_paragraph()
        self.y += gap
        width = max(fm.horizontalAdvance(t) for t in sig.lines) + self.mm(2)
        # 公文: the block ends about four characters short of the right margin
        x = self.right - fm.horizontalAdvance("\u3000") * 2 - width
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
            if isinstance(op, _Text):
                op.rect.translate(0, shift)
            self.emit(op)
        self.y = max(op.rect.bottom() for op in moved if isinstance(op, _Text)) + self.mm(1)

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
        min_h = max(self.mm(t.min_row_mm), self.fm(font).height() + 2 * pad_y)

        header = _place_header(t.header, len(t.columns))
        head_h = [min_h] * len(t.header)
        for r, c, rs, cs, cell in sorted(header, key=lambda h: h[2]):
            w = xs[c + cs] - xs[c] - 2 * pad_x
            need = self.text_height(bold, w, 0, _text(cell))[0] + 2 * pad_y
            have = sum(head_h[r: r + rs])
            if need > have:
                head_h[r + rs - 1] += need - have
        header_height = sum(head_h)

        rows: list[tuple[float, list[tuple[float, float, int, CellLike]]]] = []
        for row in t.rows:
            placed, col, height = [], 0, min_h
            for cell in row:
                span = cell.colspan if isinstance(cell, Cell) else 1
                x0, x1 = xs[col], xs[col + span]
                align = _cell_align(cell, t.columns[col].align)
                f = bold if isinstance(cell, Cell) and cell.bold else font
                h, flags = self.text_height(f, x1 - x0 - 2 * pad_x, align, _text(cell))
                height = max(height, h + 2 * pad_y)
                placed.append((x0, x1, flags, cell))
                col += span
            rows.append((height, placed))

        first = rows[0][0] if rows else 0.0
        if self.room() < header_height + first:
            self.new_page()
        seg_top = self.y
        self._header(header, head_h, xs, bold, pad_x)
        for i, (height, placed) in enumerate(rows):
            need = height
            if _is_group_heading(t.rows[i], len(t.columns)) and i + 1 < len(rows):
                need += rows[i + 1][0]  # a group heading stays with its first row
            if self.room() < need:
                self._frame(xs, seg_top)
                self.new_page()
                seg_top = self.y
                self._header(header, head_h, xs, bold, pad_x)
            for x0, x1, flags, cell in placed:
                rect = QRectF(x0, self.y, x1 - x0, height)
                self.emit(_Box(rect, self.mm(THIN_MM)))
                f = bold if isinstance(cell, Cell) and cell.bold else font
                self.emit(_Text(rect.adjusted(pad_x, 0, -pad_x, 0), flags | VCENTER, f,
                                _text(cell)))
            self.y += height
        self._frame(xs, seg_top)
        self.y += self.mm(3)

    def _header(self, header: list[tuple[int, int, int, int, CellLike]], head_h: list[float],
                xs: list[float], font: QFont, pad_x: float) -> None:
        tops = [self.y]
        for h in head_h:
            tops.append(tops[-1] + h)
        for r, c, rs, cs, cell in header:
            rect = QRectF(xs[c], tops[r], xs[c + cs] - xs[c], tops[r + rs] - tops[r])
            self.emit(_Box(rect, self.mm(THIN_MM), HEADER_FILL))
            align = _cell_align(cell, "center")
            flags = self.text_height(font, rect.width() - 2 * pad_x, align, _text(cell))[1]
            self.emit(_Text(rect.adjusted(pad_x, 0, -pad_x, 0), flags | VCENTER, font,
                            _text(cell)))
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


# --- second pass: painting --------------------------------------------------

def _paint_pages(doc: Document, device: QPagedPaintDevice, pages: list[list[_Op]],
                 layout: _Layout) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始绘制（打印机或PDF文件不可用）")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        footer_font = fonts.table_font(10.5)
        numbers = _page_numbers(doc, layout, len(pages))
        for n, ops in enumerate(pages, start=1):
            if n > 1:
                device.newPage()
            if doc.draft:
                _watermark(painter, doc, layout)
            for op in ops:
                _paint(painter, op)
            painter.setPen(QPen(Qt.GlobalColor.black))
            painter.setFont(footer_font)
            foot = QRectF(layout.left, layout.bottom + layout.mm(5), layout.width, layout.mm(7))
            page, total = numbers[n - 1]
            painter.drawText(foot, _ALIGN["center"] | VCENTER, f"第 {page} 页 共 {total} 页")
    finally:
        painter.end()


def _page_numbers(doc: Document, layout: _Layout, count: int) -> list[tuple[int, int]]:
    """(page, of) for every page: through the document, or within each section."""
    if not doc.number_per_section:
        return [(n, count) for n in range(1, count + 1)]
    bounds = [*layout.section_starts, count]
    out = []
    for start, end in pairwise(bounds):
        out.extend((n - start + 1, end - start) for n in range(start, end))
    return out


def _paint(painter: QPainter, op: _Op) -> None:
    if isinstance(op, _Text):
        painter.setPen(QPen(Qt.GlobalColor.black))
        painter.setFont(op.font)
        painter.drawText(op.rect, op.flags, op.text)
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


def _watermark(painter: QPainter, doc: Document, layout: _Layout) -> None:
    """A boxed 「草稿」 at the top right, and a faint diagonal one across the page."""
    painter.save()
    big = fonts.mark_font(96, bold=True)
    painter.setFont(big)
    painter.setPen(QPen(QColor(0, 0, 0, 22)))
    cx, cy = layout.mm(layout.page_w) / 2, layout.mm(layout.page_h) / 2
    painter.translate(cx, cy)
    painter.rotate(-30)
    painter.drawText(QRectF(-layout.mm(120), -layout.mm(30), layout.mm(240), layout.mm(60)),
                     _ALIGN["center"] | VCENTER, "草 稿")
    painter.restore()

    painter.save()
    stamp = fonts.mark_font(16, bold=True)
    fm = QFontMetricsF(stamp, layout.device)
    w, h = fm.horizontalAdvance("草稿") + layout.mm(6), fm.height() + layout.mm(2)
    box = QRectF(layout.right - w, layout.top - h - layout.mm(8), w, h)
    painter.setPen(QPen(Qt.GlobalColor.black, layout.mm(0.6)))
    painter.drawRect(box)
    painter.setFont(stamp)
    painter.drawText(box, _ALIGN["center"] | VCENTER, "草稿")
    if doc.draft_reason:
        small = fonts.body_font(9.0)
        painter.setFont(small)
        note = QRectF(layout.left, box.top(), box.left() - layout.left - layout.mm(3), h)
        painter.drawText(note, _ALIGN["right"] | VCENTER, doc.draft_reason)
    painter.restore()


# --- entry points -----------------------------------------------------------

def resolved(doc: Document) -> Document:
    """`doc` with the sizes it left to its style filled in."""
    gb = doc.style == "gbt9704"
    return replace(doc, title_pt=doc.title_pt or (22.0 if gb else 20.0),
                   body_pt=doc.body_pt or (16.0 if gb else 14.0),
                   line_spacing=doc.line_spacing or (1.75 if not gb else 1.81))


def page_layout(doc: Document) -> QPageLayout:
    orientation = (QPageLayout.Orientation.Landscape if doc.landscape
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def paint_document(doc: Document, device: QPagedPaintDevice) -> int:
    """Lay out and paint `doc` on a prepared device; returns the page count.

    The device must already carry `page_layout(doc)` (zero margins: the
    margins are the document's own) — `write_pdf` and `prepare_printer` do that.
    """
    ensure_gui_app()
    doc = resolved(doc)
    layout = _Layout(doc, device)
    pages = layout.run()
    # a sheet meant for one page (a notice to post) gets slightly smaller
    # type rather than a second page holding only its last lines
    for _ in range(4):
        if doc.fit_pages is None or len(pages) <= doc.fit_pages:
            break
        doc = replace(doc, title_pt=doc.title_pt - 0.5, body_pt=doc.body_pt - 0.5,
                      table_pt=doc.table_pt - 0.5, line_spacing=doc.line_spacing - 0.05)
        layout = _Layout(doc, device)
        pages = layout.run()
    _paint_pages(doc, device, pages, layout)
    return len(pages)


def write_pdf(doc: Document, path: str | Path, resolution: int = 600) -> int:
    """Write `doc` as a PDF file; returns the page count. A folder that does not
    exist, or a folder given as the file, raises `FileProblem` (an OSError)."""
    from kaoji_desktop.exchange.fileerrors import check_output

    check_output(path, "PDF文件")
    ensure_gui_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(resolution)
    writer.setPageLayout(page_layout(doc))
    writer.setTitle(doc.name)
    writer.setCreator("考绩桌面")
    pages = paint_document(doc, writer)
    del writer  # flush the file now
    return pages


def prepare_printer(printer: object, doc: Document) -> None:
    """Give a QPrinter the document's paper and orientation (full page)."""
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(doc))
    printer.setDocName(doc.name)


def print_document(doc: Document, printer: object) -> int:
    """Paint `doc` on a QPrinter (a real printer or a print preview)."""
    prepare_printer(printer, doc)
    return paint_document(doc, printer)  # type: ignore[arg-type]
