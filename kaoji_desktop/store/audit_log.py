"""The 操作记录 (audit log) in the clerk's words: what changed, in Chinese.

`describe` turns an audit row into table label + key + field label;
`filter_entries` is what the audit page and its Excel export share.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kaoji_desktop.store.schema import FIELD_LABELS, TABLE
from kaoji_desktop.store.yearfile import AuditEntry

META_LABELS = {
    "year": "年度", "organisation": "单位", "rules": "规则参数", "file_id": "文件标识",
    "publicity": "公示设置", "stage": "流程阶段", "revised": "修订说明",
    "acknowledged_warnings": "已确认的提示", "restored_from": "从备份恢复",
    "lock_broken": "强制解除锁定",
}
SOURCES = ("录入", "粘贴", "导入", "合并回执", "撤销", "重做", "新建", "演示", "恢复备份", "流程")


@dataclass(frozen=True)
class AuditRow:
    """One audit row as shown and exported."""

    id: int
    time: str
    operator: str
    what: str
    old: str
    new: str
    source: str
    note: str


def _key_text(entry: AuditEntry) -> str:
    try:
        parts = json.loads(entry.key)
    except ValueError:
        return entry.key
    if not isinstance(parts, list):
        return str(parts)
    return " / ".join(str(p) for p in parts)


def describe(entry: AuditEntry) -> AuditRow:
    table = TABLE.get(entry.table)
    label = table.label if table else entry.table
    key = _key_text(entry)
    if entry.table == "meta":
        meta_key = key
        if meta_key.startswith("package:"):
            what = f"科室任务包 {meta_key[len('package:'):][:8]}"
        else:
            what = f"{label} · {META_LABELS.get(meta_key, meta_key)}"
    elif entry.field == "*":
        what = f"{label}（整表）"
    else:
        field = FIELD_LABELS.get(entry.field, entry.field)
        what = f"{label} · {key} · {field}" if key else f"{label} · {field}"
    return AuditRow(entry.id, entry.ts.replace("T", " "), entry.operator, what,
                    "" if entry.old is None else entry.old,
                    "" if entry.new is None else entry.new, entry.source, entry.note)


def filter_entries(rows: list[AuditRow], *, source: str = "", operator: str = "",
                   text: str = "", since: dt.date | None = None,
                   until: dt.date | None = None) -> list[AuditRow]:
    """Rows matching every given filter (empty filters match everything)."""
    out = []
    text = text.strip().lower()
    for r in rows:
        if source and r.source != source:
            continue
        if operator and r.operator != operator:
            continue
        day = r.time[:10]
        if since and day < since.isoformat():
            continue
        if until and day > until.isoformat():
            continue
        if text and text not in f"{r.what} {r.old} {r.new} {r.note} {r.operator}".lower():
            continue
        out.append(r)
    return out
