"""Chinese line breaking for the renderer (pure Python, no Qt).

The rules, after the usual Chinese typesetting practice (and GB/T 15834's
punctuation placement):

- no line starts with closing punctuation (。，、；：？！）」》’” … and the like),
  no line ends with opening punctuation (（「《‘“ …);
- a number stays with its unit and a date stays whole (2018年1月18日, 3分,
  95%, 第2名, 0577-88123456); Latin words are not split;
- with ``keep_parens`` (header cells) a parenthesised part such as
  “(满分3分)” is never split; in any text a short one (“(网格)”) is not;
- a line may be up to half an em per full-width punctuation mark too long:
  the renderer squeezes those marks (标点挤压) instead of pushing a lone “格。”
  onto a line of its own; a paragraph's last line is never a lone short piece
  when the line before can give it company.

`wrap` cuts a text into lines for a width, `title_lines` cuts a title at word
boundaries (or reports that it has to shrink). Widths come from a `measure`
callable (text -> width), so the rules are tested without fonts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import combinations, pairwise

Measure = Callable[[str], float]

# no line starts with these
CLOSING = set("。，、；：？！）」』》〉】〕〗］｝’”…—·%‰℃,.;:!?)]}>％・ー々〃～")
# no line ends with these
OPENING = set("（「『《〈【〔〖［｛‘“([{<")
# full-width marks whose glyph fills half of its em: squeezable by half an em
SQUEEZE_CLOSE = set("。，、；：？！）」』》〉】〕〗’”")
SQUEEZE_OPEN = set("（「『《〈【〔〖‘“")

_UNITS = ("万元", "亿元", "平方米", "公里", "小时", "分钟", "季度", "个月", "分", "元", "人",
          "名", "个", "项", "次", "户", "家", "天", "日", "年", "月", "周", "倍", "米", "篇",
          "件", "条", "期", "页", "%", "％", "‰", "℃", "mm", "cm", "km", "kg")
_NUMBER = r"[+\-＋－±]?\d+(?:[.．]\d+)?"
_PROTECTED = re.compile("|".join((
    r"\d{2,4}年\d{1,2}月(?:\d{1,2}日)?",          # 2018年1月18日, 2018年1月
    r"\d{1,2}月\d{1,2}日",                         # 1月18日
    r"\d+(?:-\d+)+",                               # 0577-88123456
    r"第" + _NUMBER + "(?:" + "|".join(map(re.escape, _UNITS)) + ")?",  # 第2名
    _NUMBER + "(?:" + "|".join(map(re.escape, _UNITS)) + ")?",         # 3分, 95%
    r"[A-Za-z][A-Za-z0-9'’\-]*",                   # Latin words
    r"——", r"……",
)))
_PARENS = re.compile(r"[(（][^()（）\n]{1,14}[)）]")
_SHORT_PARENS = re.compile(r"[(（][^()（）\n]{1,4}[)）]")  # (网格), (主任): always whole


def atoms(text: str, keep_parens: bool = False) -> list[str]:
    """`text` cut into pieces that never break inside (a protected run or one character)."""
    spans: list[tuple[int, int]] = []
    spans.extend(m.span() for m in (_PARENS if keep_parens else _SHORT_PARENS).finditer(text))
    for m in _PROTECTED.finditer(text):
        if not any(a <= m.start() < b or a < m.end() <= b for a, b in spans):
            spans.append(m.span())
    spans.sort()
    out: list[str] = []
    pos = 0
    for a, b in spans:
        if a < pos:
            continue
        out.extend(text[pos:a])
        out.append(text[a:b])
        pos = b
    out.extend(text[pos:])
    return out


def segments(text: str, keep_parens: bool = False) -> list[str]:
    """The pieces between which a line may break, in order; "".join gives `text`."""
    out: list[str] = []
    for atom in atoms(text, keep_parens):
        if out and not _may_break(out[-1], atom):
            out[-1] += atom
        else:
            out.append(atom)
    return out


def _may_break(before: str, after: str) -> bool:
    if after[0] in CLOSING or before[-1] in OPENING:
        return False
    # a space stays at the end of the line it follows
    return not (after[0] == " " and not before[-1].isspace())


def squeeze_marks(line: str) -> list[int]:
    """Positions of the full-width marks of `line` that may give up half an
    em. A closing mark ending the line is not one: squeezing it would move
    nothing back inside the line (its box would still reach past the edge)."""
    marks = [i for i, ch in enumerate(line) if ch in SQUEEZE_CLOSE or ch in SQUEEZE_OPEN]
    if marks and marks[-1] == len(line) - 1 and line[-1] in SQUEEZE_CLOSE:
        marks.pop()
    return marks


def squeezable(line: str) -> int:
    """How many full-width marks of `line` may give up half an em."""
    return len(squeeze_marks(line))


def fits(line: str, width: float, measure: Measure, em: float) -> bool:
    """Whether `line` fits `width`, with its marks squeezed if need be."""
    line = line.rstrip()
    natural = measure(line)
    return natural <= width + 0.01 or natural - 0.5 * em * squeezable(line) <= width + 0.01


def wrap(text: str, width: float, measure: Measure, *, em: float = 0.0,
         first_indent: float = 0.0, hang: float = 0.0, keep_parens: bool = False) -> list[str]:
    """Lines of `text` for `width` (device units). The first line has
    `first_indent` less room, the others `hang` less (the caller draws them
    indented). A "\\n" forces a break. Lines carry no trailing spaces."""
    if "\n" not in text and measure(text) <= width - first_indent + 0.01:
        return [text.rstrip()]  # the common case: a cell that fits
    lines: list[str] = []
    for n, part in enumerate(text.split("\n")):
        lines.extend(_wrap_part(part, width, measure, em, first_indent if n == 0 else hang,
                                hang, keep_parens))
    return lines


def _wrap_part(text: str, width: float, measure: Measure, em: float, first: float,
               hang: float, keep_parens: bool) -> list[str]:
    if not text:
        return [""]
    segs = segments(text, keep_parens)
    lines: list[list[str]] = [[]]
    room = width - first
    for seg in segs:
        current = "".join(lines[-1])
        if fits(current + seg, room, measure, em):
            lines[-1].append(seg)
            continue
        if lines[-1]:
            lines.append([])
            room = width - hang
        if fits(seg, room, measure, em):
            lines[-1].append(seg)
            continue
        # a piece wider than a line: cut it between its atoms, else by
        # characters; a closing mark still never starts a line (it hangs)
        for atom in atoms(seg, keep_parens):
            pieces = [atom]
            if not fits(atom, width - hang, measure, em):
                # too wide: by the ordinary rules inside it, else by characters
                pieces = [q for part in (segments(atom) if len(atom) > 1 else [atom])
                          for q in ([part] if fits(part, width - hang, measure, em)
                                    else list(part))]
            for piece in pieces:
                if (lines[-1] and piece[0] not in CLOSING
                        and not fits("".join(lines[-1]) + piece, room, measure, em)):
                    lines.append([])
                    room = width - hang
                lines[-1].append(piece)
    _no_widow(lines, width - (hang if len(lines) > 2 else first), measure, em)
    return ["".join(line).rstrip() for line in lines]


def _no_widow(lines: list[list[str]], room: float, measure: Measure, em: float) -> None:
    """A last line holding one short piece (“格。”) takes the piece before it along."""
    if len(lines) < 2 or len(lines[-1]) != 1 or len(lines[-1][0].strip()) > 2:
        return
    prev = lines[-2]
    if len(prev) < 3:
        return
    moved = [prev[-1], *lines[-1]]
    if fits("".join(moved), room, measure, em):
        lines[-2] = prev[:-1]
        lines[-1] = moved


# --- titles -------------------------------------------------------------

# word boundaries a title may break at: after these …
_AFTER = ("关于", "年度", "街道", "社区(网格)", "社区（网格）", "(网格)", "（网格）", "及", "和",
          "、", "的", "年")
# … and before these
_BEFORE = ("考绩", "工作", "结果", "情况", "通报", "公示", "评价表", "一览表", "申报表",
           "测评表", "评分表", "签审表", "核对表", "实施办法", "亮点", "社区")


def word_breaks(title: str) -> list[int]:
    """Positions in `title` (0 < i < len) at a word boundary fit for a break."""
    allowed = set()
    pos = 0
    for seg in segments(title):
        pos += len(seg)
        allowed.add(pos)
    found = set()
    for word in _AFTER:
        for m in re.finditer(re.escape(word), title):
            found.add(m.end())
    for word in _BEFORE:
        for m in re.finditer(re.escape(word), title):
            found.add(m.start())
    # a break right after an opening piece or inside a protected run is never fit
    return sorted(i for i in found & allowed if 0 < i < len(title))


def title_lines(title: str, width: float, measure: Measure, max_lines: int = 3
                ) -> list[str] | None:
    """The title cut at word boundaries into as few lines as fit `width`,
    balanced (upper lines not shorter than lower ones: a trapezoid), or None
    when no cut at word boundaries fits (the caller shrinks the type).
    A "\\n" in the title is a break the builder chose."""
    if "\n" in title:
        parts = title.split("\n")
        return parts if all(measure(p) <= width + 0.01 for p in parts) else None
    if measure(title) <= width + 0.01:
        return [title]
    breaks = word_breaks(title)
    best: tuple[float, list[str]] | None = None
    for n in range(2, max_lines + 1):
        for cut in combinations(breaks, n - 1):
            bounds = [0, *cut, len(title)]
            parts = [title[a:b] for a, b in pairwise(bounds)]
            widths = [measure(p) for p in parts]
            if max(widths) > width + 0.01:
                continue
            # balanced lines, and a trapezoid rather than an inverted one
            score = max(widths) - min(widths) + sum(
                2 * (b - a) for a, b in pairwise(widths) if b > a)
            if best is None or score < best[0]:
                best = (score, parts)
        if best is not None:
            return best[1]
    return None
