"""A true text layer for the PDFs Qt writes.

Why: Qt's PDF engine writes each embedded font's ToUnicode map from the font
alone (`QFontSubset::getReverseMap`, qtbase src/gui/text/qfontsubset.cpp): it
scans the code points 0–0xFFFF upward and keeps, for each glyph, the first
one the font maps to it. CJK fonts give a radical and its unified ideograph
one glyph, so 大 extracts as ⼤ (U+2F24), 示 as ⽰, 马 as ⻢; characters
outside the BMP (王𬭎, 李𬇙, 𠮷田) get no entry at all and vanish from the
text; ligatures extract as ﬁ.

How: the renderer draws every text as glyph runs (`draw_glyph_run`) and a
`TextRecorder` notes, page by page and in drawing order, each run's glyph
count and the characters behind each glyph. Qt writes one ``BT … ET`` block
per run with one ``<code> Tj`` per glyph, `code` being the glyph's number in
the font subset; a synthesized bold face repeats the glyphs inside
``/Span << /ActualText <> >> BDC … EMC`` (text extractors skip it). After Qt
has written the file, `fix_text_layer` reads the content streams with
pikepdf, pairs each block with the recorded run, and writes every font's
ToUnicode map from the characters actually drawn. Codes it could not pair
(text Qt drew as outlines, say) keep Qt's own entries.

One glyph drawn for two different texts in one font (a document that prints
both ⼤ and 大) maps to the text drawn more often (the ideograph on a tie).
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf


class TextLayerError(Exception):
    """The PDF's text could not be paired with what was drawn."""


@dataclass
class TextRecorder:
    """What was drawn: per page, per glyph run, the text behind each glyph."""

    pages: list[list[tuple[tuple[int, ...], tuple[str, ...]]]] = field(
        default_factory=lambda: [[]])

    def new_page(self) -> None:
        self.pages.append([])

    def add(self, glyphs: tuple[int, ...], texts: tuple[str, ...]) -> None:
        self.pages[-1].append((glyphs, texts))


def cluster_texts(text: str, string_indexes: list[int], boundaries: list[int], end: int
                  ) -> tuple[str, ...]:
    """The characters each glyph of a run stands for.

    `string_indexes` are Qt's (UTF-16) indexes into `text` of each glyph's
    first character, `boundaries` the sorted indexes where any glyph of the
    line (in any run: fallback fonts make several) starts, `end` the UTF-16
    length of the line. A ligature's glyph gets all its characters; of
    several glyphs for one character the first gets it and the others nothing.
    """
    py_index = _utf16_to_python(text)
    following = dict(zip(boundaries, [*boundaries[1:], end], strict=True))
    out: list[str] = []
    seen: set[int] = set()
    for si in string_indexes:
        if si in seen:
            out.append("")
            continue
        seen.add(si)
        out.append(text[py_index.get(si, len(text)): py_index.get(following[si], len(text))])
    return tuple(out)


def _utf16_to_python(text: str) -> dict[int, int]:
    out: dict[int, int] = {}
    u = 0
    for i, ch in enumerate(text):
        out[u] = i
        u += 2 if ord(ch) > 0xFFFF else 1
    out[u] = len(text)
    return out


# --- reading what Qt wrote --------------------------------------------------

# Qt's PDF engine writes each text item as "BT /F<n> <size> Tf … <code> Tj …
# ET", a synthesized bold face's second pass inside "/Span << /ActualText <>
# >> BDC … EMC"; read straight from the decompressed content (pikepdf's
# generic parser is ~10× slower)
_BLOCK = re.compile(rb"(?<![A-Za-z])BT(?![A-Za-z])(.*?)(?<![A-Za-z])ET(?![A-Za-z])", re.DOTALL)
_FONT = re.compile(rb"/([^\s/<>\[\]()]+)\s+[-\d.]+\s+Tf")
_SILENT = re.compile(rb"/ActualText\s*<\s*>\s*>>\s*BDC.*?(?<![A-Za-z])EMC(?![A-Za-z])", re.DOTALL)
_CODES = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*Tj")


def _shown_blocks(page: Any) -> list[tuple[Any, list[int]]]:
    """(font object, codes) of every text block on `page`, in order, without
    the glyphs of spans marked as carrying no text (synthesized bold)."""
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    if hasattr(contents, "read_bytes"):
        data = contents.read_bytes()
    else:  # an array of streams
        data = b"\n".join(part.read_bytes() for part in contents)
    blocks: list[tuple[Any, list[int]]] = []
    for m in _BLOCK.finditer(data):
        block = _SILENT.sub(b"", m.group(1))
        font = _FONT.search(block)
        hexes = b"".join(_CODES.findall(block)).replace(b" ", b"").replace(b"\n", b"")
        if font is None or not hexes:
            continue
        codes = list(memoryview(bytes.fromhex(hexes.decode("ascii"))).cast("H"))
        if sys.byteorder == "little":
            codes = [((c & 0xFF) << 8) | (c >> 8) for c in codes]
        blocks.append((fonts.get("/" + font.group(1).decode("latin-1")), codes))
    return blocks


_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>)")


def read_tounicode(data: bytes) -> dict[int, str]:
    """The code → text entries of a ToUnicode CMap (bfchar and bfrange)."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for lo, hi, dst in _RANGE.findall(block):
            a, b = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                for code, item in zip(range(a, b + 1), re.findall(rb"<([0-9A-Fa-f]*)>", dst),
                                      strict=False):
                    out[code] = _utf16(item)
            else:
                first = _utf16(dst[1:-1])
                for k, code in enumerate(range(a, b + 1)):
                    out[code] = first[:-1] + chr(ord(first[-1]) + k) if first else ""
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for src, dst in _CHAR.findall(block):
            out[int(src, 16)] = _utf16(dst[1:-1])
    return out


def _utf16(hexdigits: bytes) -> str:
    return bytes.fromhex(hexdigits.decode()).decode("utf-16-be", "replace")


def tounicode_cmap(entries: dict[int, str]) -> bytes:
    """A ToUnicode CMap (2-byte codes) mapping each code to its text."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    items = sorted((c, t) for c, t in entries.items() if t)
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{c:04X}> <{t.encode('utf-16-be').hex().upper()}>" for c, t in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", ""]
    return "\n".join(lines).encode("ascii")


def _is_radical(text: str) -> bool:
    return any(0x2E80 <= ord(ch) <= 0x2FDF for ch in text)


def fix_text_layer(path: str | Path, recorder: TextRecorder) -> int:
    """Rewrite the ToUnicode maps of the PDF at `path` from what `recorder`
    saw drawn. Returns the number of fonts rewritten; raises TextLayerError
    when the file's text does not match the drawing (the file is then left
    as it was)."""
    try:
        return _fix_text_layer(path, recorder)
    except (ValueError, KeyError, AttributeError) as exc:  # a file not as Qt writes it
        raise TextLayerError(f"{type(exc).__name__}: {exc}") from exc


def _fix_text_layer(path: str | Path, recorder: TextRecorder) -> int:
    drawn: dict[tuple[int, int], dict[int, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter))
    glyph_of: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    font_objects: dict[tuple[int, int], Any] = {}
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if len(pdf.pages) != len(recorder.pages):
            raise TextLayerError(f"{len(pdf.pages)} pages in the file, {len(recorder.pages)} drawn")
        for number, (page, runs) in enumerate(zip(pdf.pages, recorder.pages, strict=True), start=1):
            blocks = _shown_blocks(page)
            k = 0
            for glyphs, texts in runs:
                if k < len(blocks) and len(blocks[k][1]) == len(glyphs):
                    font, codes = blocks[k]
                    k += 1
                    if font is None:
                        raise TextLayerError(f"page {number}: a text block names no font")
                    key = font.objgen
                    font_objects[key] = font
                    for code, glyph, text in zip(codes, glyphs, texts, strict=False):
                        if glyph_of[key].setdefault(code, glyph) != glyph:
                            raise TextLayerError(
                                f"page {number}: code {code} stands for two glyphs")
                        drawn[key][code][text] += 1
                # else: Qt drew this run as outlines (no text block): nothing to pair
            if k != len(blocks):
                raise TextLayerError(
                    f"page {number}: {len(blocks) - k} text blocks not drawn by us")
        for key, codes in drawn.items():
            font = font_objects[key]
            old = font.get("/ToUnicode")
            entries = read_tounicode(old.read_bytes()) if old is not None else {}
            for code, texts in codes.items():
                ranked = sorted(texts.items(),
                                key=lambda kv: (kv[0] == "", -kv[1], _is_radical(kv[0])))
                entries[code] = ranked[0][0]
            font.ToUnicode = pdf.make_stream(tounicode_cmap(entries))
        pdf.save(path)
    return len(drawn)


def extract_text(path: str | Path) -> list[str]:
    """The text of each page as a reader gets it from the file alone (content
    order, through each font's ToUnicode map): the self-test's check, where
    no pdftotext is at hand."""
    out: list[str] = []
    with pikepdf.open(path) as pdf:
        maps: dict[tuple[int, int], dict[int, str]] = {}
        for page in pdf.pages:
            parts: list[str] = []
            for font, codes in _shown_blocks(page):
                if font is None:
                    continue
                key = font.objgen
                if key not in maps:
                    cmap = font.get("/ToUnicode")
                    maps[key] = read_tounicode(cmap.read_bytes()) if cmap is not None else {}
                parts.append("".join(maps[key].get(c, "") for c in codes))
            out.append("\n".join(parts))
    return out
