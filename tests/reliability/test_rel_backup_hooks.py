"""Backups are made before every import, merge, migration and procedure step."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from kaoji_desktop.exchange import packages as pk
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.workbook_import import import_workbook
from kaoji_desktop.store import YearFile, backups, lifecycle
from kaoji_desktop.store import yearfile_open as yearfile_module


def _kinds(path):
    return [b.kind for b in backups.list_backups(path)]


def test_import_backs_up_the_previous_data(year_path, demo_data, tmp_path):
    xlsx = dump_year(demo_data, tmp_path / "y.xlsx")
    result = import_workbook(xlsx, year_path)
    assert _kinds(year_path) == ["导入"]
    assert result.backup == backups.list_backups(year_path)[0].path


def test_merge_backs_up_first(yf):
    data = yf.load()
    dept = pk.departments(data)[0]
    pkg = pk.issue_package(yf, dept, pk.periods_for(data, dept)[0])
    ret = pk.make_return(pkg, {k: Decimal(1) for k in pkg.values}, signer="科长",
                         sign_date="2017-12-30")
    before = len(yf.audit())
    pk.merge_return(yf, ret, on_conflict="return")
    assert _kinds(yf.path) == ["合并回执"]
    with YearFile.open(backups.list_backups(yf.path)[0].path, readonly=True) as copy:
        assert len(copy.audit()) == before  # taken before the merge


def test_gui_merge_backs_up_first(yf, qapp):
    from kaoji_desktop.gui.controller import Controller
    from kaoji_desktop.gui.merge_dialog import apply_merge

    path = yf.path
    data = yf.load()
    dept = pk.departments(data)[0]
    pkg = pk.issue_package(yf, dept, pk.periods_for(data, dept)[0])
    yf.close()
    c = Controller()
    assert c.open(path)
    ret = pk.make_return(pkg, {k: Decimal(1) for k in pkg.values}, signer="科长",
                         sign_date="2017-12-30")
    apply_merge(c, ret, "return")
    assert "合并回执" in _kinds(path)
    c.close()


def test_migration_backs_up_first(year_path, monkeypatch):
    from kaoji_desktop.store.snapshot import SCHEMAS, schema_digests

    old = yearfile_module.SCHEMA_VERSION

    def add_table(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra (x TEXT)")

    mem = sqlite3.connect(":memory:")
    mem.execute("CREATE TABLE extra (x TEXT)")
    monkeypatch.setitem(SCHEMAS, old + 1, SCHEMAS[old] | schema_digests(mem))
    monkeypatch.setattr(yearfile_module, "MIGRATIONS", [*yearfile_module.MIGRATIONS, add_table])
    monkeypatch.setattr(yearfile_module, "SCHEMA_VERSION", old + 1)
    with YearFile.open(year_path) as f:
        assert f.conn.execute("PRAGMA user_version").fetchone()[0] == old + 1
    [made] = backups.list_backups(year_path)
    assert made.kind == f"升级v{old}"
    conn = sqlite3.connect(made.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old
    conn.close()


def test_every_procedure_step_backs_up(yf):
    lifecycle.advance(yf, None)
    lifecycle.step_back(yf, reason="更正")
    assert _kinds(yf.path) == ["流程", "流程"]


def test_controller_reopens_its_own_file_after_import(year_path, demo_data, tmp_path, qapp):
    from kaoji_desktop.gui.controller import Controller
    from kaoji_desktop.store import lock

    c = Controller()
    assert c.open(year_path)
    held = c.lock
    import_workbook(dump_year(demo_data, tmp_path / "y.xlsx"), year_path)
    assert c.open(year_path)  # not refused as "held by another instance"
    assert c.lock is held and lock.read_holder(year_path).token == held.holder.token
    assert c.open(year_path, readonly=True)  # read-only gives the lock up
    assert c.lock is None and not lock.lock_path(year_path).exists()
    c.close()
