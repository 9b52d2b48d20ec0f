"""A printable document, described without any layout engine.

Builders (publicity, forms, bulletin) produce a `Document`; `render` lays it
out on A4 pages. Nothing here knows about Qt, so builders stay pure and easy
to test by inspecting the text they produce.

Page styles (`Document.style`)
------------------------------
``"table"`` (the default): sheets and forms. Portrait margins 28/25/20/22 mm
(left/top/right/bottom), landscape 20/22/20/15 mm; title 20 pt, body 14 pt
unless the document says otherwise.

``"gbt9704"``: a 公文 laid out after GB/T 9704-2012 (the bulletin, the 公示
notice, the 发文 notice). A4 portrait, 版心 156 × 225 mm (margins: top 37,
bottom 35, left 28, right 26 mm), 22 lines of 三号 text per page (a landscape
gbt9704 document keeps the sheets' landscape margins, with the roles' fonts).
Fonts by role (reports/fonts.py names the Windows faces and the Linux fallbacks):

=============  ==============================  =========================
what           face                            size
=============  ==============================  =========================
Section.title  方正小标宋简体 (else 华文中宋/宋体 bold)  二号 22 pt, centred, broken
                                               between words or shrunk to fit
role "body"    仿宋_GB2312 / 仿宋                三号 16 pt, indent 2 characters
role "h1"      黑体                             三号, 一级标题 "一、…"
role "h2"      楷体                             三号, 二级标题 "（一）…"
role "small"   仿宋                             四号 14 pt (notes, 附注)
Signature      仿宋 三号                        署名 centred over 成文日期,
                                               日期 right-indented 4 characters;
                                               ``seal=True`` keeps room for the seal
Section.imprint 仿宋                            四号, each line between rules, at
                                               the foot of the last page: 版记
                                               ("抄送：…", "大南街道考绩办　2018年1月18日印发")
=============  ==============================  =========================

In both styles: every text wraps with the Chinese line-breaking rules of
reports/linebreak.py (no line starts with 。，、 … or ends with （《“ …; numbers
with their unit and whole dates stay together; text in parentheses of a header
cell stays on one line); page numbers are “— N —” in 四号 宋体 below the text
area, odd pages at the right, even pages at the left, one count through the
whole PDF; the PDF's text layer is exactly the drawn text (reports/pdftext.py).

`Paragraph.hang` indents the continuation lines (附件说明: "附件：1．…" with
the following lines under "1"); `Paragraph.indent` is the first line's indent
in characters (公文: 2; 顶格 lines such as 主送 use 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]
Role = Literal["body", "small", "heading", "h1", "h2"]
# "heading" is the sheets' section heading (黑体, like "h1")
PageStyle = Literal["table", "gbt9704"]


@dataclass(frozen=True)
class Cell:
    """A table cell spanning columns (and, in header rows, rows)."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    align: Align | None = None  # None: the column's alignment
    bold: bool = False


CellLike = str | Cell


@dataclass(frozen=True)
class Column:
    """One table column: its relative width and how body text is aligned."""

    width: float = 1.0
    align: Align = "center"


@dataclass(frozen=True)
class Table:
    """A ruled table. Header rows repeat on every page the table reaches.

    `min_row_mm` keeps blank rows of a paper form tall enough to write in.
    """

    columns: tuple[Column, ...]
    header: tuple[tuple[CellLike, ...], ...]
    rows: tuple[tuple[CellLike, ...], ...]
    min_row_mm: float = 0.0
    font_pt: float | None = None  # None: the document's table font size
    width: float = 1.0  # share of the text width; narrower tables are centred

    def __post_init__(self) -> None:
        n = len(self.columns)
        for row in self.rows:
            if sum(_span(c) for c in row) != n:
                raise ValueError(f"row spans {sum(_span(c) for c in row)} of {n} columns: {row}")


def _span(cell: CellLike) -> int:
    return cell.colspan if isinstance(cell, Cell) else 1


@dataclass(frozen=True)
class Paragraph:
    """Running text; `indent` is the first-line indent in characters (公文: 2),
    `hang` the indent of every further line (附件说明). A "\n" in `text`
    forces a line break."""

    text: str
    align: Align = "left"
    indent: int = 2
    role: Role = "body"
    bold: bool = False
    hang: int = 0


@dataclass(frozen=True)
class Spacer:
    mm: float = 4.0


Block = Paragraph | Table | Spacer


@dataclass(frozen=True)
class Signature:
    """落款: issuing organisation(s) and, last, the date (成文日期 in Arabic
    numerals: "2018年1月18日"), placed at the lower right. `seal`: the
    signature is stamped, so room for the seal is kept above and around it."""

    lines: tuple[str, ...]
    seal: bool = False


@dataclass(frozen=True)
class Section:
    """A titled part of a document; every section starts on a new page."""

    title: str
    subtitles: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    signature: Signature | None = None
    # 版记 lines (抄送, 印发机关和印发日期), printed after the signature at the
    # foot of the page between rules; a line "A\tB" has A at the left, B at the right
    imprint: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """What one report prints: sections, page orientation, style and the draft mark.

    `title_pt`, `body_pt` and `line_spacing` left at None take the style's
    values (table: 20 pt, 14 pt, 1.75; gbt9704: 22 pt, 16 pt, 22 lines a page).
    """

    name: str  # document title for the PDF's metadata and the window
    sections: tuple[Section, ...]
    landscape: bool = False
    draft: bool = False
    draft_reason: str = ""
    title_pt: float | None = None
    body_pt: float | None = None
    table_pt: float = 11.0
    line_spacing: float | None = None  # paragraph line pitch, in point sizes
    style: PageStyle = "table"
    fit_pages: int | None = None  # shrink type a little to stay within this many pages
    extra: dict[str, str] = field(default_factory=dict)

    def plain_text(self) -> str:
        """All text in reading order, for tests and quick checks."""
        out: list[str] = []
        for sec in self.sections:
            out.append(sec.title)
            out.extend(sec.subtitles)
            for block in sec.blocks:
                if isinstance(block, Paragraph):
                    out.append(block.text)
                elif isinstance(block, Table):
                    for row in (*block.header, *block.rows):
                        out.append(" ".join(cell_text(c) for c in row))
            if sec.signature:
                out.extend(sec.signature.lines)
        return "\n".join(out)


def cell_text(cell: CellLike) -> str:
    return cell.text if isinstance(cell, Cell) else cell
