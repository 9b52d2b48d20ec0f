"""Issuing a task package from the clerk's year file.

The clerk's file keeps its own record of every package issued (meta
"package:<id>", JSON): department, period, the secret, when it was issued,
the values at issue (the base of the three-way merge), which returns were
applied, and whether a newer package superseded it or the clerk revoked it.
A return is verified against this record, never against anything the return
itself carries.

The secret never reaches the audit: every change of a record is written with
`Change.audit_text` ("任务包 … 已发出（城管办·四季度）" and the like), so
neither the 操作记录 page nor its Excel export can be used to sign returns.
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
from kaoji_desktop.exchange.packages.fileformat import (
    check_secret,
    values_from_json,
    values_to_json,
)
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
    superseded_by: str = ""  # id of the newer package for the same department and period
    revoked_at: str = ""  # when the clerk revoked it (作废)

    @property
    def meta_key(self) -> str:
        return META_PREFIX + self.package_id

    @property
    def short_id(self) -> str:
        return self.package_id[:8]

    @property
    def what(self) -> str:
        """任务包 1a2b3c4d（城管办·四季度）: how the audit and messages name it."""
        return f"任务包 {self.short_id}（{self.dept}·{self.period}）"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "已作废"
        if self.superseded_by:
            return f"已被 {self.superseded_by[:8]} 取代"
        return f"已合并 {len(self.applied)} 份回执" if self.applied else "等待回执"

    @property
    def outstanding(self) -> bool:
        """Returns of this package may still be merged."""
        return not (self.revoked_at or self.superseded_by)

    def to_json(self) -> str:
        d = {
            "package_id": self.package_id, "dept": self.dept, "period": self.period,
            "secret": self.secret, "issued_at": self.issued_at, "issued_by": self.issued_by,
            "base": values_to_json(self.base), "applied": self.applied,
        }
        if self.superseded_by:
            d["superseded_by"] = self.superseded_by
        if self.revoked_at:
            d["revoked_at"] = self.revoked_at
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PackageRecord:
        d = json.loads(text)
        applied = list(d["applied"])
        if not all(isinstance(a, dict) for a in applied):
            raise ValueError("applied")
        check_secret(str(d["secret"]))  # a damaged secret refuses here, not in the HMAC
        return cls(str(d["package_id"]), str(d["dept"]), str(d["period"]), str(d["secret"]),
                   str(d["issued_at"]), str(d.get("issued_by", "")),
                   values_from_json(d["base"]), applied,
                   str(d.get("superseded_by") or ""), str(d.get("revoked_at") or ""))

    @property
    def last_sequence(self) -> int:
        """The highest save counter of the sealed returns applied (0: none).
        Filled templates (sequence 0) carry no counter."""
        return max((int(a.get("sequence") or 0) for a in self.applied), default=0)

    def meta_change(self, audit_text: str) -> Change:
        """The record as a change; the audit gets `audit_text`, never the secret."""
        return Change("meta", (self.meta_key,), {"value": self.to_json()},
                      audit_text=audit_text)


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
    return [*periods, STAFF_PERIOD] if periods else []


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
    previous_period = ""
    if period != STAFF_PERIOD:
        lines = [x for x in lines if period in CYCLE_PERIODS.get(x.cycle, ())]
        cycle = CYCLE_PERIODS.get(lines[0].cycle, ()) if lines else ()
        at = cycle.index(period) if period in cycle else 0
        previous_period = cycle[at - 1] if at > 0 else ""
    names = {x.name for x in lines}
    communities = tuple(c.name for c in data.communities)
    staff: tuple[PackageStaff, ...] = ()
    values: dict[Key, Decimal | None] = {}
    previous: dict[Key, Decimal | None] = {}
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
                if previous_period:
                    previous[(LINE_TABLE, key)] = scores.get((c, x.name, previous_period))
    rules = data.rules
    return TaskPackage(
        package_id=uuid.uuid4().hex, year=data.year, organisation=data.organisation,
        file_id=file_id, dept=dept, period=period,
        lines=tuple(PackageLine(x.name, x.full_marks, x.cycle) for x in lines),
        communities=communities, staff=staff, values=values,
        secret=secrets.token_hex(32), issued_at=dt.datetime.now().isoformat(timespec="seconds"),
        l_max=rules.l_max, l_bands=rules.l_bands, staff_ratio=rules.staff_ratio,
        previous_period=previous_period, previous=previous,
    )


def issue_package(yf: YearFile, dept: str, period: str) -> TaskPackage:
    """Build a package from the open year file and record it there."""
    file_id = yf.get_meta("file_id")
    if not file_id:
        raise PackageError("年度文件缺少文件标识（file_id），无法生成任务包。")
    pkg = build_package(yf.load(), file_id, dept, period)
    record = PackageRecord(pkg.package_id, dept, period, pkg.secret, pkg.issued_at,
                           yf.operator, dict(pkg.values))
    changes = [record.meta_change(f"任务包 {record.short_id} 已发出（{dept}·{period}）")]
    for old in issued_packages(yf):
        if (old.dept, old.period) == (dept, period) and old.outstanding:
            old.superseded_by = pkg.package_id
            changes.append(old.meta_change(f"{old.what} 已被任务包 {record.short_id} 取代"))
    yf.apply(changes, source=ISSUE_SOURCE,
             note=f"生成科室任务包 {dept} {period} {record.short_id}")
    return pkg


def revoke_changes(yf: YearFile, package_id: str) -> list[Change]:
    """作废 a package: its returns are refused from then on. The change to
    apply (through the caller's audited, undoable path, source 流程)."""
    record = load_record(yf, package_id)
    if record is None:
        raise PackageError(f"当前年度文件没有发出过编号 {package_id[:8]} 的任务包。")
    if record.revoked_at:
        raise PackageError(f"{record.what}已经作废。")
    record.revoked_at = dt.datetime.now().isoformat(timespec="seconds")
    return [record.meta_change(f"{record.what} 已作废")]


def successor(yf: YearFile, record: PackageRecord) -> PackageRecord | None:
    """The package that superseded `record` last (following the chain)."""
    seen = {record.package_id}
    current = record
    while current.superseded_by and current.superseded_by not in seen:
        newer = load_record(yf, current.superseded_by)
        if newer is None:
            break
        seen.add(newer.package_id)
        current = newer
    return None if current is record else current


def load_record(yf: YearFile, package_id: str) -> PackageRecord | None:
    text = yf.get_meta(META_PREFIX + package_id)
    if text is None:
        return None
    try:
        return PackageRecord.from_json(text)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise PackageError(f"年度文件中任务包 {package_id[:8]} 的记录已损坏（{exc}）。") from exc


def issued_packages(yf: YearFile) -> list[PackageRecord]:
    rows = yf.conn.execute("SELECT key FROM meta WHERE key LIKE ? ORDER BY key",
                           (META_PREFIX + "%",)).fetchall()
    out = [load_record(yf, k[len(META_PREFIX):]) for (k,) in rows]
    # issued in the same second: the superseded one first
    return sorted((r for r in out if r is not None),
                  key=lambda r: (r.issued_at, not r.superseded_by))
