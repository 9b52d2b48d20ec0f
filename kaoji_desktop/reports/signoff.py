"""科室评分签审表: what a department's leader signs (the measures' “经分管领导审签后”).

Built from a department return, or from the department window's current
entries: the department's scores exactly as in the return, lines for the
department head's and the 分管领导's signatures and the date, and a check
code (校验码) derived from the return's content. The same code is shown on
screen where the return is made and where the clerk previews it, so the
signed paper and the electronic return can be matched: a changed value gives
a different code.

Takes plain values (no import of the package format): the keys are those of
`exchange.packages.model` — ("line_scores", (community, line, period)) and
("staff_line_scores", (person, line)).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from kaoji_desktop.core.values import fmt as fmt_plain
from kaoji_desktop.reports.document import Column, Document, Paragraph, Section, Signature, Table

STAFF_TABLE = "staff_line_scores"
SignoffKey = tuple[str, tuple[str, ...]]
DATE_BLANK = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


@dataclass(frozen=True)
class SignoffInput:
    """One department's values for one period (or the year-end staff scoring)."""

    year: int
    organisation: str
    dept: str
    period: str
    values: Mapping[SignoffKey, Decimal | None]
    signer: str = ""
    sign_date: str = ""  # yyyy-mm-dd as in the return, "" = to be written by hand
    full_marks: Mapping[str, Decimal] = field(default_factory=dict)  # line -> full marks
    communities: Mapping[str, str] = field(default_factory=dict)  # person -> community
    staff_max: Decimal | None = None  # full marks of an L score (staff sheets)
    # rows (communities, or people) in the order the department window shows
    # them; the check code never depends on it
    row_order: tuple[str, ...] = ()

    @property
    def is_staff(self) -> bool:
        return any(key[0] == STAFF_TABLE for key in self.values)


def canonical_values(inp: SignoffInput) -> str:
    """The return's content as one canonical text: year, department, period and
    every cell with its value (trailing zeros dropped; blank = "")."""
    cells = sorted([table, *key, "" if value is None else fmt_plain(value)]
                   for (table, key), value in inp.values.items())
    return json.dumps([inp.year, inp.dept, inp.period, cells], ensure_ascii=False,
                      separators=(",", ":"))


def check_code(inp: SignoffInput) -> str:
    """8 hex characters of SHA-256 over `canonical_values`, as ABCD-1234."""
    digest = hashlib.sha256(canonical_values(inp).encode("utf-8")).hexdigest()[:8].upper()
    return f"{digest[:4]}-{digest[4:]}"


class _PackageLike(Protocol):
    year: int
    organisation: str
    dept: str
    period: str

    @property
    def lines(self) -> tuple[object, ...]: ...

    @property
    def staff(self) -> tuple[object, ...]: ...

    @property
    def rows(self) -> tuple[str, ...]: ...


def from_package(pkg: _PackageLike, values: Mapping[SignoffKey, Decimal | None],
                 signer: str = "", sign_date: str = "") -> SignoffInput:
    """From a task package and the values entered against it (the department window:
    every cell of the package, as `make_return` seals them)."""
    return SignoffInput(
        year=pkg.year, organisation=pkg.organisation, dept=pkg.dept, period=pkg.period,
        values=dict(values), signer=signer, sign_date=sign_date,
        full_marks={line.name: line.full_marks for line in pkg.lines},  # type: ignore[attr-defined]
        communities={s.person: s.community for s in pkg.staff},  # type: ignore[attr-defined]
        staff_max=getattr(pkg, "l_max", None), row_order=tuple(pkg.rows))


class _ReturnLike(Protocol):
    year: int
    dept: str
    period: str
    signer: str
    sign_date: str

    @property
    def values(self) -> Mapping[SignoffKey, Decimal | None]: ...


class _YearLike(Protocol):
    organisation: str

    @property
    def lines(self) -> tuple[object, ...]: ...

    @property
    def posts(self) -> tuple[object, ...]: ...

    @property
    def communities(self) -> tuple[object, ...]: ...


def from_return(ret: _ReturnLike, data: _YearLike | None = None) -> SignoffInput:
    """From a return as read by the clerk; the year's data (when at hand) names
    the organisation, the lines' full marks and the staff's communities."""
    full_marks: dict[str, Decimal] = {}
    communities: dict[str, str] = {}
    organisation = ""
    staff_max = None
    order: tuple[str, ...] = ()
    if data is not None:
        organisation = data.organisation
        staff_max = data.rules.l_max  # type: ignore[attr-defined]
        full_marks = {line.name: line.full_marks for line in data.lines}  # type: ignore[attr-defined]
        for post in data.posts:
            communities.setdefault(post.person, post.community)  # type: ignore[attr-defined]
        order = year_order(data)
    return SignoffInput(year=ret.year, organisation=organisation, dept=ret.dept,
                        period=ret.period, values=dict(ret.values), signer=ret.signer,
                        sign_date=ret.sign_date, full_marks=full_marks, communities=communities,
                        staff_max=staff_max, row_order=order)


def year_order(data: _YearLike) -> tuple[str, ...]:
    """Communities as the year lists them, then people by the community of
    their main post (most months) in that order, as a staff package lists them."""
    names = tuple(c.name for c in data.communities)  # type: ignore[attr-defined]
    place = {name: i for i, name in enumerate(names)}
    home: dict[str, tuple[Decimal, str]] = {}
    for post in data.posts:
        person, months = post.person, post.months  # type: ignore[attr-defined]
        if person not in home or months > home[person][0]:
            home[person] = (months, post.community)  # type: ignore[attr-defined]
    people = sorted(home, key=lambda p: place.get(home[p][1], len(place)))
    return names + tuple(people)


def _lines(inp: SignoffInput) -> list[str]:
    seen = list(dict.fromkeys(key[1] for _, key in inp.values))
    known = [name for name in inp.full_marks if name in seen]
    return known + [name for name in seen if name not in known]


def _top(inp: SignoffInput, line: str) -> Decimal | None:
    """Full marks of a column: L's maximum for staff, else the line's."""
    return inp.staff_max if inp.is_staff else inp.full_marks.get(line)


def _cell(cells: Mapping[str, Decimal | None], line: str) -> str:
    """A score as returned; "—" for a blank cell; "" where the row has no such cell."""
    if line not in cells:
        return ""
    value = cells[line]
    return "—" if value is None else fmt_plain(value)


def _date_text(iso: str) -> str:
    try:
        y, m, d = (int(x) for x in iso.split("-"))
    except ValueError:
        return DATE_BLANK
    return f"{y}年{m}月{d}日"


def signoff_sheet(inp: SignoffInput) -> Document:
    """{year}年{dept}{period}考绩评分签审表 (portrait; landscape when many lines)."""
    lines = _lines(inp)
    rows_of: dict[str, dict[str, Decimal | None]] = {}
    for (_table, key), value in inp.values.items():
        rows_of.setdefault(key[0], {})[key[1]] = value
    place = {name: i for i, name in enumerate(inp.row_order)}
    # the year's order; rows it does not know last, as the return keeps them
    row_names = sorted(rows_of, key=lambda name: place.get(name, len(place)))
    header_lines = tuple(f"{line}\n（满分{fmt_plain(top)}分）" if (top := _top(inp, line))
                         else line for line in lines)
    first = ("序号", "姓名", "社区(网格)") if inp.is_staff else ("序号", "社区(网格)")
    rows = []
    for n, name in enumerate(row_names, start=1):
        cells = rows_of[name]
        scores = tuple(_cell(cells, line) for line in lines)
        lead = (str(n), name, inp.communities.get(name, "")) if inp.is_staff else (str(n), name)
        rows.append((*lead, *scores))
    lead_cols = (Column(0.6), Column(1.2), Column(1.4)) if inp.is_staff else \
        (Column(0.6), Column(1.6))
    table = Table((*lead_cols, *(Column(1.2) for _ in lines)), ((*first, *header_lines),),
                  tuple(rows), min_row_mm=8)
    filled = sum(v is not None for v in inp.values.values())
    code = check_code(inp)
    what = "专职社工条线评分（L）" if inp.is_staff else f"{inp.period}条线评分"
    org = f"{inp.year}年{inp.organisation}" if inp.organisation else f"{inp.year}年"
    title = f"{org}考绩{what}签审表"
    blocks = (
        Paragraph(f"评分科室：{inp.dept}\u3000\u3000期次：{inp.period}\u3000\u3000"
                  f"共{len(inp.values)}格，已填{filled}格（“—”为未填）。", indent=0),
        table,
        Paragraph(f"校验码：{code}", indent=0, bold=True),
        Paragraph("校验码由本表全部得分计算得出，与科室填报窗口和电子回执上显示的一致；"
                  "考绩办导入回执时核对此码，码不同即说明纸质表与电子回执的得分不一致。",
                  role="small", indent=0),
        Paragraph("以上得分经本科室考核，情况属实。", indent=2),
    )
    signer = inp.signer or "\u3000" * 6
    section = Section(title=title, blocks=blocks, signature=Signature((
        f"科室负责人（签字）：{' ' * 14}",
        f"分管领导 {signer}（签字）：{' ' * 10}",
        f"签审日期：{_date_text(inp.sign_date)}",
    )))
    return Document(name=f"{title}（{inp.dept}）", sections=(section,),
                    landscape=len(lines) > 5, extra={"check_code": code})
