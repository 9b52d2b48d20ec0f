"""Issuing a task package from the clerk's year file.

The clerk's file keeps its own record of every package issued (meta
"package:<id>", JSON): department, period, the secret, when it was issued,
the values at issue (the base of the three-way merge) and which returns were
applied. A return is verified against this record, never against anything
the return itself carries.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kaoji_desktop.core.model import ALL_PERIODS, CYCLE_PERIODS, YearData
from kaoji_desktop.exchange.packages.fileformat import values_from_json, values_to_json
from kaoji_desktop.exchange.packages.model import (
    LINE_TABLE,
    STAFF_PERIOD,
    STAFF_TABLE,
    Key,
    PackageError,
    PackageLine,
    PackageStaff,
    TaskPackage,
)
from kaoji_desktop.store import Change, YearFile

META_PREFIX = "package:"
STAFF_KIND = "专职社工"
ISSUE_SOURCE = "流程"


@dataclass
class PackageRecord:
    """The clerk's copy of an issued package (meta "package:<id>")."""

    package_id: str
    dept: str
    period: str
    secret: str
    issued_at: str
    issued_by: str
    base: dict[Key, Decimal | None]
    applied: list[dict[str, Any]] = field(default_factory=list)

    @property
    def meta_key(self) -> str:
        return META_PREFIX + self.package_id

    def to_json(self) -> str:
        return json.dumps({
            "package_id": self.package_id, "dept": self.dept, "period": self.period,
            "secret": self.secret, "issued_at": self.issued_at, "issued_by": self.issued_by,
            "base": values_to_json(self.base), "applied": self.applied,
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PackageRecord:
        d = json.loads(text)
        return cls(d["package_id"], d["dept"], d["period"], d["secret"], d["issued_at"],
                   d.get("issued_by", ""), values_from_json(d["base"]), list(d["applied"]))

    @property
    def last_order(self) -> tuple[str, int] | None:
        if not self.applied:
            return None
        return max((a["saved_at"], int(a["sequence"])) for a in self.applied)

    def meta_change(self) -> Change:
        return Change("meta", (self.meta_key,), {"value": self.to_json()})


def departments(data: YearData) -> list[str]:
    """Departments (科室) that score at least one line, in line order."""
    out: list[str] = []
    for line in data.lines:
        if line.department and line.department not in out:
            out.append(line.department)
    return out


def periods_for(data: YearData, dept: str) -> list[str]:
    """Periods a department scores, in calendar order, then 年度人员."""
    cycles = {x.cycle for x in data.lines if x.department == dept}
    periods = [p for p in ALL_PERIODS
               if any(p in CYCLE_PERIODS.get(c, ()) for c in cycles)]
    return periods + [STAFF_PERIOD] if periods else []


def staff_for(data: YearData, dept_lines: set[str]) -> tuple[PackageStaff, ...]:
    """专职社工 the department scores: those who already have an L row for one
    of its lines; when none has, every 专职社工 (the department fills whom it
    scores and leaves the others blank)."""
    community: dict[str, str] = {}
    months: dict[str, Decimal] = {}
    for post in data.posts:
        if post.kind == STAFF_KIND and post.months > months.get(post.person, Decimal(-1)):
            community[post.person] = post.community
            months[post.person] = post.months
    assigned = {s.person for s in data.staff_line_scores if s.line in dept_lines}
    people = [p for p in community if p in assigned] or list(community)
    order = {c.name: i for i, c in enumerate(data.communities)}
    people.sort(key=lambda p: order.get(community[p], len(order)))
    return tuple(PackageStaff(p, community[p]) for p in people)


def build_package(data: YearData, file_id: str, dept: str, period: str) -> TaskPackage:
    """The package's content (pure); `issue_package` also records it."""
    lines = [x for x in data.lines if x.department == dept]
    if not lines:
        known = "、".join(departments(data)) or "无"
        raise PackageError(f"没有科室“{dept}”负责的条线（本年度的科室：{known}）。")
    if period not in periods_for(data, dept):
        allowed = "、".join(periods_for(data, dept))
        raise PackageError(f"{dept}没有“{period}”期次的评分，可选：{allowed}。")
    if period != STAFF_PERIOD:
        lines = [x for x in lines if period in CYCLE_PERIODS.get(x.cycle, ())]
    names = {x.name for x in lines}
    communities = tuple(c.name for c in data.communities)
    staff: tuple[PackageStaff, ...] = ()
    values: dict[Key, Decimal | None] = {}
    if period == STAFF_PERIOD:
        staff = staff_for(data, names)
        if not staff:
            raise PackageError("本年度没有专职社工，无法生成年度人员评分任务包。")
        current = {(s.person, s.line): s.score for s in data.staff_line_scores}
        for s in staff:
            for x in lines:
                values[(STAFF_TABLE, (s.person, x.name))] = current.get((s.person, x.name))
    else:
        if not communities:
            raise PackageError("本年度还没有社区，无法生成任务包。")
        scores = {(s.community, s.line, s.period): s.score for s in data.line_scores}
        for c in communities:
            for x in lines:
                key = (c, x.name, period)
                values[(LINE_TABLE, key)] = scores.get(key)
    rules = data.rules
    return TaskPackage(
        package_id=uuid.uuid4().hex, year=data.year, organisation=data.organisation,
        file_id=file_id, dept=dept, period=period,
        lines=tuple(PackageLine(x.name, x.full_marks, x.cycle) for x in lines),
        communities=communities, staff=staff, values=values,
        secret=secrets.token_hex(32), issued_at=dt.datetime.now().isoformat(timespec="seconds"),
        l_max=rules.l_max, l_bands=rules.l_bands, staff_ratio=rules.staff_ratio,
    )


def issue_package(yf: YearFile, dept: str, period: str) -> TaskPackage:
    """Build a package from the open year file and record it there."""
    file_id = yf.get_meta("file_id")
    if not file_id:
        raise PackageError("年度文件缺少文件标识（file_id），无法生成任务包。")
    pkg = build_package(yf.load(), file_id, dept, period)
    record = PackageRecord(pkg.package_id, dept, period, pkg.secret, pkg.issued_at,
                           yf.operator, dict(pkg.values))
    yf.apply([record.meta_change()], source=ISSUE_SOURCE,
             note=f"生成科室任务包 {dept} {period} {pkg.package_id[:8]}")
    return pkg


def load_record(yf: YearFile, package_id: str) -> PackageRecord | None:
    text = yf.get_meta(META_PREFIX + package_id)
    if text is None:
        return None
    try:
        return PackageRecord.from_json(text)
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageError(f"年度文件中任务包 {package_id[:8]} 的记录已损坏（{exc}）。") from exc


def issued_packages(yf: YearFile) -> list[PackageRecord]:
    rows = yf.conn.execute("SELECT key FROM meta WHERE key LIKE ? ORDER BY key",
                           (META_PREFIX + "%",)).fetchall()
    out = [load_record(yf, k[len(META_PREFIX):]) for (k,) in rows]
    return sorted((r for r in out if r is not None), key=lambda r: r.issued_at)
