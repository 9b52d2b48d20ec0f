"""Merging a department's return into the clerk's year file.

Refusals (PackageError, nothing applied): another year or another year file,
a package this file never issued, content altered after saving (HMAC-SHA256
with the clerk's own copy of the package secret), cells outside the package
or out of range, a return not newer than one already applied.

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
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kaoji_desktop.exchange.packages.fileformat import return_content, signature_ok
from kaoji_desktop.exchange.packages.issue import PackageRecord, load_record
from kaoji_desktop.exchange.packages.model import (
    LINE_TABLE,
    STAFF_TABLE,
    DepartmentReturn,
    Key,
    PackageError,
    fmt_value,
    key_label,
)
from kaoji_desktop.store import Change, StoreError, YearFile
from kaoji_desktop.store.backups import make_backup

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
        return (f"{self.ret.label}：新增 {c[NEW]}，修改 {c[CHANGED]}，未变 {c[SAME]}，"
                f"冲突 {c[CONFLICT]}")


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
    if ret.origin == "程序":
        sealed = signature_ok(record.secret, return_content(ret), ret.mac)
    else:
        from kaoji_desktop.exchange.packages.template import template_token
        sealed = ret.mac == template_token(record.secret, record.package_id)
    if not sealed:
        raise _refuse(ret, "文件内容在保存后被改动过（完整性校验不通过），请科室重新保存回执。")
    if (ret.dept, ret.period) != (record.dept, record.period):
        raise _refuse(ret, f"科室或期次（{ret.dept} {ret.period}）与任务包"
                           f"（{record.dept} {record.period}）不符。")
    outside = [key_label(k) for k in ret.values if k not in record.base]
    if outside:
        more = f" 等 {len(outside)} 处" if len(outside) > 5 else ""
        raise _refuse(ret, "含有任务包范围以外的条线、期次或人员："
                           + "、".join(outside[:5]) + more + "。")
    _check_ranges(yf, ret)
    last = record.last_order
    if last is not None and ret.order <= last:
        same = any(a["return_id"] == ret.return_id for a in record.applied)
        why = ("这份回执已经合并过。" if same else
               f"已合并过同一任务包更新的回执（保存于 {last[0][:19].replace('T', ' ')}），"
               "这份是较早的版本。")
        raise _refuse(ret, why)
    return record


def _check_ranges(yf: YearFile, ret: DepartmentReturn) -> None:
    data = yf.load()
    marks = {x.name: x.full_marks for x in data.lines}
    for (table, k), v in ret.values.items():
        if v is None:
            continue
        top = data.rules.l_max if table == STAFF_TABLE else marks.get(k[1])
        if top is None:
            raise _refuse(ret, f"条线“{k[1]}”已不在本年度文件中。")
        if not v.is_finite() or v < 0 or v > top:
            raise _refuse(ret, f"{'·'.join(k)} 的分数 {v} 超出范围（0–{fmt_value(top)}）。")


def classify(base: Decimal | None, current: Decimal | None, incoming: Decimal | None) -> str:
    if incoming == base or current == incoming:
        return SAME
    if current == base:
        return NEW if current is None else CHANGED
    return CONFLICT


def preview_return(yf: YearFile, ret: DepartmentReturn) -> MergePreview:
    record = check_return(yf, ret)
    keys = sorted(ret.values)
    current = _current_values(yf, keys)
    items = tuple(MergeItem(k, record.base.get(k), current[k], ret.values[k],
                            classify(record.base.get(k), current[k], ret.values[k]))
                  for k in keys)
    return MergePreview(ret, record, items)


def _change(key: Key, value: Decimal | None) -> Change:
    table, k = key
    return Change(table, k, None if value is None else {"score": value})


def merge_note(ret: DepartmentReturn) -> str:
    where = f"，文件 {ret.source_name}" if ret.source_name else ""
    return (f"回执 {ret.return_id}（{ret.dept} {ret.period}，签审：{ret.signer or '未填'}"
            f" {ret.sign_date}，{ret.origin}{where}）")


def merge_changes(yf: YearFile, ret: DepartmentReturn,
                  on_conflict: OnConflict = "refuse") -> tuple[MergePreview, list[Change]]:
    """The changes that merging `ret` makes (values + the package record)."""
    preview = preview_return(yf, ret)
    conflicts = preview.of(CONFLICT)
    if conflicts and on_conflict == "refuse":
        listed = "、".join(f"{i.label}（本机 {fmt_value(i.current) or '空'}，回执 "
                          f"{fmt_value(i.incoming) or '空'}）" for i in conflicts[:5])
        raise _refuse(ret, f"有 {len(conflicts)} 处冲突：{listed}。请选择“以回执为准”或“保留本机”。")
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
    return preview, [*changes, record.meta_change()]


def merge_return(yf: YearFile, ret: DepartmentReturn,
                 on_conflict: OnConflict = "refuse") -> tuple[MergePreview, list[Change]]:
    """Check, classify and apply one return as one audited transaction.

    Returns the preview and the inverse changes (for undo).
    """
    preview, changes = merge_changes(yf, ret, on_conflict)
    try:
        make_backup(yf, MERGE_SOURCE)  # rotating copy in the year file's 备份 folder
        inverse = yf.apply(changes, source=MERGE_SOURCE, note=merge_note(ret))
    except StoreError as exc:
        raise _refuse(ret, str(exc)) from exc
    return preview, inverse
