"""任务包 and 回执: what a department gets and what it sends back. No Qt.

A task package (.kjtask) holds one department's share of one period (or of
the year-end staff scoring): its lines with full marks, the communities, the
staff it scores, the current values, the year file's identity and a secret.
A return (.kjret) holds the department's values, the signing leader and an
HMAC-SHA256 over its content made with the package's secret.

Values are keyed uniformly as (table, key): ("line_scores", (community, line,
period)) for period line scores and ("staff_line_scores", (person, line)) for
the year-end L scores of 专职社工.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

STAFF_PERIOD = "年度人员"  # the year-end staff scoring (L of 专职社工)
LINE_TABLE = "line_scores"
STAFF_TABLE = "staff_line_scores"
L_BAND_NAMES = ("优秀", "良好", "合格")
ORIGIN_PROGRAM, ORIGIN_EXCEL = "程序", "Excel"
UNSEALED = "未加密封"

Key = tuple[str, tuple[str, ...]]  # (table, key tuple)


class PackageError(Exception):
    """A package or return that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class PackageLine:
    name: str
    full_marks: Decimal
    cycle: str


@dataclass(frozen=True)
class PackageStaff:
    """A 专职社工 the department scores, with the community of the post."""

    person: str
    community: str


@dataclass(frozen=True)
class TaskPackage:
    package_id: str
    year: int
    organisation: str
    file_id: str
    dept: str
    period: str  # one of ALL_PERIODS, or STAFF_PERIOD
    lines: tuple[PackageLine, ...]
    communities: tuple[str, ...]
    staff: tuple[PackageStaff, ...]
    values: dict[Key, Decimal | None]  # every cell the department may fill
    secret: str  # hex
    issued_at: str
    l_max: Decimal = Decimal(50)
    l_bands: tuple[Decimal, Decimal, Decimal] = (Decimal(48), Decimal(44), Decimal(40))
    staff_ratio: tuple[int, int, int] = (3, 5, 2)
    # last period's scores of the same cells (shown read-only beside them)
    previous_period: str = ""
    previous: dict[Key, Decimal | None] = field(default_factory=dict)

    @property
    def is_staff(self) -> bool:
        return self.period == STAFF_PERIOD

    @property
    def title(self) -> str:
        what = "专职社工条线评分（L）" if self.is_staff else f"{self.period}条线评分"
        return f"{self.year}年 {self.dept} {what}"

    def maximum(self, key: Key) -> Decimal:
        """Upper bound of a cell: the line's full marks, or L's maximum."""
        if key[0] == STAFF_TABLE:
            return self.l_max
        line = key[1][1]
        return next(x.full_marks for x in self.lines if x.name == line)

    def cell_key(self, row: str, line: str) -> Key:
        """Key of the cell of a row (community or person) and a line."""
        if self.is_staff:
            return (STAFF_TABLE, (row, line))
        return (LINE_TABLE, (row, line, self.period))

    @property
    def rows(self) -> tuple[str, ...]:
        if self.is_staff:
            return tuple(s.person for s in self.staff)
        return self.communities


@dataclass(frozen=True)
class DepartmentReturn:
    """回执: the department's values, signed."""

    return_id: str
    package_id: str
    year: int
    file_id: str
    dept: str
    period: str
    signer: str
    sign_date: str
    saved_at: str  # the department's clock: shown, never used to order returns
    sequence: int  # the department window's save counter: orders returns of a package
    values: dict[Key, Decimal | None]
    origin: str = "程序"  # 程序 (.kjret) or Excel (filled template)
    mac: str = ""
    source_name: str = field(default="", compare=False)  # file name, for messages
    notes: dict[Key, str] = field(default_factory=dict)  # 扣分说明 per cell (optional)
    version: int = 2  # of the file format it was written in (the HMAC covers it)
    # the content exactly as read from a .kjret (what its HMAC was made over)
    signed_content: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def sealed(self) -> bool:
        """A .kjret is sealed with the package's HMAC; a filled template is not
        (a spreadsheet cannot compute one): 未加密封."""
        return self.origin == ORIGIN_PROGRAM

    @property
    def label(self) -> str:
        date = f" {self.sign_date}" if self.sign_date else ""
        return f"{self.dept} {self.period}回执（签审：{self.signer or '未填'}{date}）"


def l_band(value: Decimal, bands: tuple[Decimal, Decimal, Decimal]) -> str:
    """Band of an L score (RULES.md §2): 优秀/良好/合格/不合格."""
    for name, floor in zip(L_BAND_NAMES, bands, strict=True):
        if value >= floor:
            return name
    return "不合格"


def key_label(key: Key) -> str:
    """A cell named for the clerk: 社区·条线·期次 or 人员·条线."""
    return "·".join(key[1])
