"""`kaoji` commands: exit codes, messages, results agreeing with compute_year."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

from kaoji_desktop.cli import build_parser, main
from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import demo_year
from kaoji_desktop.store import YearFile

ROOT = Path(__file__).resolve().parents[2]


def test_demo_then_export_agrees_with_compute_year(tmp_path: Path, capsys):
    db, out = tmp_path / "demo.kaoji", tmp_path / "r.xlsx"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["export", str(db), "--out", str(out)]) == 0
    assert "已导出考绩结果" in capsys.readouterr().out
    with YearFile.open(db, readonly=True) as yf:
        assert yf.load() == demo_year()
    result = compute_year(demo_year())
    ws = openpyxl.load_workbook(out)["社区考绩结果"]
    got = {r[1]: (r[0], Decimal(repr(r[7])).quantize(Decimal("0.01")), r[8])
           for r in ws.iter_rows(min_row=2, values_only=True)}
    assert got == {c.name: (c.rank, c.total, c.tier_name) for c in result.communities}
    ws = openpyxl.load_workbook(out)["人员考绩结果"]
    rewards = {r[0]: Decimal(repr(r[6])).quantize(Decimal("0.01"))
               for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rewards == {s.person: s.reward for s in result.staff}


def test_dump_then_import_into_new_file(tmp_path: Path, capsys):
    db, dumped, db2 = tmp_path / "a.kaoji", tmp_path / "d.xlsx", tmp_path / "b.kaoji"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["dump", str(db), "--out", str(dumped)]) == 0
    assert main(["import", str(dumped), "--db", str(db2)]) == 0
    assert "已新建年度文件" in capsys.readouterr().out
    with YearFile.open(db2, readonly=True) as yf:
        assert yf.load() == demo_year()


def test_demo_refuses_existing_file(tmp_path: Path, capsys):
    db = tmp_path / "x.kaoji"
    db.write_bytes(b"keep me")
    assert main(["demo", "--db", str(db)]) == 2
    assert "文件已存在" in capsys.readouterr().err
    assert db.read_bytes() == b"keep me"


def test_missing_or_foreign_year_file_is_exit_1(tmp_path: Path, capsys):
    assert main(["export", str(tmp_path / "none.kaoji"), "--out", str(tmp_path / "r.xlsx")]) == 1
    assert "找不到年度文件" in capsys.readouterr().err
    other = tmp_path / "other.kaoji"
    other.write_bytes(b"SQLite? no" * 100)
    assert main(["dump", str(other), "--out", str(tmp_path / "d.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "不是考绩年度文件" in err and "Traceback" not in err
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "d.xlsx").exists()


def test_unwritable_output_is_exit_1(tmp_path: Path, capsys):
    db = tmp_path / "demo.kaoji"
    main(["demo", "--db", str(db)])
    capsys.readouterr()
    assert main(["export", str(db), "--out", str(tmp_path / "no" / "dir" / "r.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err


def test_usage_errors_are_exit_2_in_chinese(capsys):
    assert main(["import"]) == 2
    err = capsys.readouterr().err
    assert "参数错误" in err and "缺少必需的参数" in err
    assert main(["frobnicate"]) == 2
    assert main(["--help"]) == 0
    assert "用法：" in capsys.readouterr().out


def test_package_and_merge_delegate_to_packages_cli():
    from kaoji_desktop.exchange.packages import cli as packages_cli

    parser = build_parser()
    args = parser.parse_args(["package", "y.kaoji", "--dept", "城管办", "--period", "一季度",
                              "--out", "p.kjtask"])
    assert args.run is packages_cli.run_package
    args = parser.parse_args(["merge", "y.kaoji", "r.kjret", "--dry-run"])
    assert args.run is packages_cli.run_merge and args.dry_run


def test_report_delegates_to_reports(tmp_path: Path, monkeypatch):
    import types

    calls = []
    fake = types.ModuleType("kaoji_desktop.reports.cli_support")
    fake.run_report = lambda *a: calls.append(a) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kaoji_desktop.reports.cli_support", fake)
    assert main(["report", "公示表", "y.kaoji", "--pdf", "o.pdf", "--period", "一季度"]) == 0
    assert calls == [("公示表", "y.kaoji", "o.pdf", "一季度", None)]  # no --return


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kaoji_desktop.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


def test_subprocess_exit_codes_and_no_traceback(tmp_path: Path):
    ok = _run("demo", "--db", "d.kaoji", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    (tmp_path / "bad.xlsx").write_text("not a workbook")
    bad = _run("import", "bad.xlsx", "--db", "d.kaoji", cwd=tmp_path)
    assert bad.returncode == 2
    assert "不是有效的Excel工作簿" in bad.stderr and "Traceback" not in bad.stderr


def test_headless_commands_import_no_qt(tmp_path: Path):
    code = (
        "import sys\n"
        "from kaoji_desktop.cli import main\n"
        "assert main(['demo', '--db', 'd.kaoji']) == 0\n"
        "assert main(['export', 'd.kaoji', '--out', 'r.xlsx']) == 0\n"
        "assert main(['dump', 'd.kaoji', '--out', 'x.xlsx']) == 0\n"
        "assert main(['import', 'x.xlsx', '--db', 'e.kaoji']) == 0\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
