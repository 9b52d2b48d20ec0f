"""A printable document, described without any layout engine.

Builders (publicity, forms, bulletin) produce a `Document`; `render` lays it
out on A4 pages. Nothing here knows about Qt, so builders stay pure and easy
to test by inspecting the text they produce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]
Role = Literal["body", "small", "heading"]


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
    """Running text; `indent` is the first-line indent in characters (公文: 2)."""

    text: str
    align: Align = "left"
    indent: int = 2
    role: Role = "body"
    bold: bool = False


@dataclass(frozen=True)
class Spacer:
    mm: float = 4.0


Block = Paragraph | Table | Spacer


@dataclass(frozen=True)
class Signature:
    """落款: issuing organisation and date, placed at the lower right."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A titled part of a document; every section starts on a new page."""

    title: str
    subtitles: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    signature: Signature | None = None


@dataclass(frozen=True)
class Document:
    """What one report prints: sections, page orientation and the draft mark."""

    name: str  # document title for the PDF's metadata and the window
    sections: tuple[Section, ...]
    landscape: bool = False
    draft: bool = False
    draft_reason: str = ""
    title_pt: float = 20.0
    body_pt: float = 14.0
    table_pt: float = 11.0
    line_spacing: float = 1.75  # paragraph line pitch, in point sizes
    number_per_section: bool = False  # forms handed out one section each
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
