"""操作记录 to Excel: every text cell written as text, never as a formula."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kaoji_desktop.exchange.xlsx_write import add_sheet, new_workbook, save_atomically
from kaoji_desktop.store.audit_log import AuditRow

COLUMNS = ("序号", "时间", "操作人", "修改内容", "原值", "新值", "来源", "说明")


def export_audit(rows: Iterable[AuditRow], out: str | Path) -> Path:
    """Write the (filtered) audit rows to `out` (.xlsx, replaced atomically)."""
    wb = new_workbook()
    add_sheet(wb, "操作记录", COLUMNS, (
        [r.id, r.time, r.operator, r.what, r.old, r.new, r.source, r.note] for r in rows
    ), widths=(8, 20, 12, 48, 24, 24, 10, 40))
    return save_atomically(wb, out)
