"""A package's secret stays in the package files and the clerk's record: no
audit row, no 操作记录 line and no cell of its Excel export carries it, after
issuing, superseding, merging, revoking, renaming and undoing."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from kaoji_desktop.exchange.audit_export import export_audit
from kaoji_desktop.exchange.packages import (
    issued_packages,
    make_return,
    merge_return,
    revoke_changes,
    write_template,
)
from kaoji_desktop.store import YearFile
from kaoji_desktop.store.audit_log import describe
from tests.exchange.packages.pkg_helpers import filled, issue


def everything_written(yf: YearFile, tmp_path: Path) -> list[str]:
    """Every audit value as stored, as shown on the page and as exported."""
    out = [str(x) for row in yf.conn.execute("SELECT * FROM audit") for x in row]
    rows = [describe(e) for e in yf.audit()]
    out += [f"{r.what} {r.old} {r.new} {r.note}" for r in rows]
    path = export_audit(rows, tmp_path / "操作记录.xlsx")
    wb = load_workbook(path)
    out += [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    return out


def test_no_secret_anywhere_in_the_audit_or_its_export(year_path: Path, tmp_path: Path):
    first = issue(year_path, "城管办", "三季度")
    second = issue(year_path, "城管办", "三季度")  # supersedes the first
    staff = issue(year_path, "城管办", "年度人员")
    write_template(second, tmp_path / "t.xlsx")
    secrets = {first.secret, second.secret, staff.secret}
    with YearFile.open(year_path) as yf:
        _, inverse = merge_return(yf, make_return(second, filled(second), signer="李",
                                                  sign_date=""))
        yf.apply(inverse, source="撤销")  # undo of the merge
        merge_return(yf, make_return(second, filled(second, 2), signer="李", sign_date="",
                                     sequence=2))
        undo_revoke = yf.apply(revoke_changes(yf, staff.package_id), source="流程")
        yf.apply(undo_revoke, source="撤销")
        yf.rename("community", "花柳塘社区", "花柳塘新社区", source="录入")
        assert all(r.secret in secrets for r in issued_packages(yf))  # the record keeps it
        written = everything_written(yf, tmp_path)
        texts = [r.new for r in (describe(e) for e in yf.audit())
                 if r.what.startswith("科室任务包")]
    assert written
    leaks = [w for w in written if any(s in w for s in secrets)]
    assert not leaks, leaks[:3]
    assert f"任务包 {first.package_id[:8]} 已发出（城管办·三季度）" in texts
    assert any("已被任务包" in t and second.package_id[:8] in t for t in texts)
    assert any("已合并回执" in t for t in texts) and any("已作废" in t for t in texts)
