"""Merging a department's return into the clerk's year file.

Refusals (PackageError, nothing applied): another year or another year file,
a package this file never issued, or one superseded by a newer package or
revoked (作废), content altered after saving (HMAC-SHA256 with the clerk's own
copy of the package secret), cells outside the package or out of range, a
sealed return whose save counter (sequence) is not above the last one applied
(the department's clock is shown, never trusted for the order), a return
already applied. A filled Excel template is not sealed (未加密封): only its
package token is checked, and the preview says so.

Preview (three-way, per cell, base = value when the package was issued or
when this package's last return was applied):
  return == base              -> 未变 (the department left it; the file keeps
                                 whatever it holds now)
  current == return           -> 未变
  current == base             -> 新增 (nothing yet) or 修改 (old -> new)
  otherwise                   -> 冲突 (the clerk's file changed since issue)
Conflicts block the merge unless the clerk chooses, for that return,
以回执为准 (take the return's values) or 保留本机 (keep the file's values).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kaoji_desktop.core import values as v
from kaoji_desktop.core.values import fmt
from kaoji_desktop.exchange.packages.fileformat import sealed_with
from kaoji_desktop.exchange.packages.issue import PackageRecord, load_record, successor
from kaoji_desktop.exchange.packages.model import (
    LINE_TABLE,
    STAFF_TABLE,
    UNSEALED,
    DepartmentReturn,
    Key,
    PackageError,
    key_label,
)
from kaoji_desktop.store import Change, YearFile

MERGE_SOURCE = "合并回执"
NEW, CHANGED, SAME, CONFLICT = "新增", "修改", "未变", "冲突"
OnConflict = Literal["refuse", "return", "keep"]
ON_CONFLICT_LABELS = {"refuse": "有冲突不合并", "return": "以回执为准", "keep": "保留本机"}


@dataclass(frozen=True)
class MergeItem:
    key: Key
    base: Decimal | None
    current: Decimal | None
    incoming: Decimal | None
    status: str
    note: str = ""  # the department's 扣分说明 for this cell

    @property
    def label(self) -> str:
        return key_label(self.key)


@dataclass(frozen=True)
class MergePreview:
    ret: DepartmentReturn
    record: PackageRecord
    items: tuple[MergeItem, ...]

    def of(self, status: str) -> list[MergeItem]:
        return [i for i in self.items if i.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self.of(s)) for s in (NEW, CHANGED, SAME, CONFLICT)}

    @property
    def summary(self) -> str:
        c = self.counts
        seal = "" if self.ret.sealed else f"（Excel 模板，{UNSEALED}）"
        return (f"{self.ret.label}{seal}：新增 {c[NEW]}，修改 {c[CHANGED]}，未变 {c[SAME]}，"
                f"冲突 {c[CONFLICT]}")

    @property
    def seal_text(self) -> str:
        """What the clerk must know about the return's integrity."""
        if self.ret.sealed:
            return f"已加密封（第 {self.ret.sequence} 次保存，内容经任务包密钥校验未被改动）"
        return (f"{UNSEALED}：这是 WPS/Excel 填写的模板，只核对了任务包编号，"
                "无法证明保存后数值未被改动，请与科室签字的纸质件核对后再合并")


def _current_values(yf: YearFile, keys: list[Key]) -> dict[Key, Decimal | None]:
    data = yf.load()
    line = {(s.community, s.line, s.period): s.score for s in data.line_scores}
    staff = {(s.person, s.line): s.score for s in data.staff_line_scores}
    out: dict[Key, Decimal | None] = {}
    for key in keys:
        table, k = key
        out[key] = line.get(k) if table == LINE_TABLE else staff.get(k)  # type: ignore[arg-type]
    return out


def _refuse(ret: DepartmentReturn, why: str) -> PackageError:
    name = f"回执“{ret.source_name}”" if ret.source_name else "回执"
    return PackageError(f"{name}未合并：{why}")


def check_return(yf: YearFile, ret: DepartmentReturn) -> PackageRecord:
    """Every refusal of a return; returns the clerk's record of its package."""
    year = yf.get_meta("year")
    if str(ret.year) != str(year):
        raise _refuse(ret, f"它属于 {ret.year} 年度，当前打开的是 {year} 年度的文件。")
    if ret.file_id != yf.get_meta("file_id"):
        raise _refuse(ret, "它对应的任务包不是由当前年度文件生成的（另一个年度文件）。")
    record = load_record(yf, ret.package_id)
    if record is None:
        raise _refuse(ret, f"当前年度文件没有发出过编号 {ret.package_id[:8]} 的任务包。")
    if ret.sealed:
        sealed = sealed_with(record.secret, ret)
    else:
        # reason: the template module loads openpyxl (~150 ms), only for .xlsx returns
        from kaoji_desktop.exchange.packages.template import template_token
        sealed = hmac.compare_digest(template_token(record.secret, record.package_id).encode(),
                                     ret.mac.encode("utf-8", "replace"))
    if not sealed:
        raise _refuse(ret, "文件内容在保存后被改动过（完整性校验不通过），请科室重新保存回执。")
    if (ret.dept, ret.period) != (record.dept, record.period):
        raise _refuse(ret, f"科室或期次（{ret.dept} {ret.period}）与任务包"
                           f"（{record.dept} {record.period}）不符。")
    if record.revoked_at:
        raise _refuse(ret, f"{record.what}已于 {record.revoked_at[:16].replace('T', ' ')} "
                           "由考绩办作废，它的回执不再合并。")
    if record.superseded_by:
        newer = successor(yf, record)
        named = (f"{newer.issued_at[:16].replace('T', ' ')} 发出的新任务包 {newer.short_id}"
                 if newer else f"新任务包 {record.superseded_by[:8]}")
        raise _refuse(ret, f"{record.what}已被{named}取代，这份回执属于旧任务包；"
                           "请科室用新任务包填报。")
    outside = [key_label(k) for k in ret.values if k not in record.base]
    if outside:
        more = f" 等 {len(outside)} 处" if len(outside) > 5 else ""
        raise _refuse(ret, "含有任务包范围以外的条线、期次或人员："
                           + "、".join(outside[:5]) + more + "。")
    _check_values(yf, ret)
    if any(a.get("return_id") == ret.return_id for a in record.applied):
        raise _refuse(ret, "这份回执已经合并过。")
    last = record.last_sequence
    if ret.sealed and ret.sequence == last:
        raise _refuse(ret, f"已合并过同一任务包第 {last} 次保存的回执，这份也是第 "
                           f"{ret.sequence} 次保存的，是同一次保存，不再重复合并。")
    if ret.sealed and ret.sequence < last:
        raise _refuse(ret, f"已合并过同一任务包第 {last} 次保存的回执，这份是第 "
                           f"{ret.sequence} 次保存的，是较早的版本。")
    return record


def _check_values(yf: YearFile, ret: DepartmentReturn) -> None:
    """Every value through `core.values` again, against this file's maxima."""
    data = yf.load()
    marks = {x.name: x.full_marks for x in data.lines}
    for (table, k), value in ret.values.items():
        if value is None:
            continue
        top = data.rules.l_max if table == STAFF_TABLE else marks.get(k[1])
        if top is None:
            raise _refuse(ret, f"条线“{k[1]}”已不在本年度文件中。")
        try:
            v.number(value, Decimal(0), top, label=f"{'·'.join(k)} 的分数 ")
        except v.BadValue as exc:
            raise _refuse(ret, f"{exc}。") from None


def classify(base: Decimal | None, current: Decimal | None, incoming: Decimal | None) -> str:
    if incoming in (base, current):
        return SAME
    if current == base:
        return NEW if current is None else CHANGED
    return CONFLICT


def preview_return(yf: YearFile, ret: DepartmentReturn) -> MergePreview:
    record = check_return(yf, ret)
    keys = sorted(ret.values)
    current = _current_values(yf, keys)
    items = tuple(MergeItem(k, record.base.get(k), current[k], ret.values[k],
                            classify(record.base.get(k), current[k], ret.values[k]),
                            ret.notes.get(k, ""))
                  for k in keys)
    return MergePreview(ret, record, items)


def _change(key: Key, value: Decimal | None) -> Change:
    table, k = key
    return Change(table, k, None if value is None else {"score": value})


def merge_note(ret: DepartmentReturn) -> str:
    """The audit note of a merge: which return, who signed it, whether it was
    sealed, and the department's 扣分说明 of each cell that has one."""
    where = f"，文件 {ret.source_name}" if ret.source_name else ""
    seal = f"第 {ret.sequence} 次保存" if ret.sealed else UNSEALED
    note = (f"回执 {ret.return_id}（{ret.dept} {ret.period}，签审：{ret.signer or '未填'}"
            f" {ret.sign_date}，{ret.origin}，{seal}{where}）")
    if ret.notes:
        note += "；扣分说明：" + "；".join(f"{key_label(k)}：{n}"
                                        for k, n in sorted(ret.notes.items()))
    return note


def merge_changes(yf: YearFile, ret: DepartmentReturn,
                  on_conflict: OnConflict = "refuse") -> tuple[MergePreview, list[Change]]:
    """The changes that merging `ret` makes (values + the package record)."""
    preview = preview_return(yf, ret)
    conflicts = preview.of(CONFLICT)
    if conflicts and on_conflict == "refuse":
        listed = "、".join(f"{i.label}（本机 {fmt(i.current) or '空'}，回执 "
                          f"{fmt(i.incoming) or '空'}）" for i in conflicts[:5])
        raise _refuse(ret, f"有 {len(conflicts)} 处冲突：{listed}。"
                           "请选择“以回执为准”或“保留本机”。")
    take = {NEW, CHANGED} | ({CONFLICT} if on_conflict == "return" else set())
    changes = [_change(i.key, i.incoming) for i in preview.items if i.status in take]
    record = preview.record
    record.base = record.base | dict(ret.values)
    record.applied = [*record.applied, {
        "return_id": ret.return_id, "saved_at": ret.saved_at, "sequence": ret.sequence,
        "signer": ret.signer, "sign_date": ret.sign_date, "origin": ret.origin,
        "applied_at": dt.datetime.now().isoformat(timespec="seconds"),
        "conflicts": ON_CONFLICT_LABELS[on_conflict] if conflicts else "",
    }]
    text = f"{record.what} 已合并回执 {ret.return_id}（签审：{ret.signer or '未填'}）"
    return preview, [*changes, record.meta_change(text)]

