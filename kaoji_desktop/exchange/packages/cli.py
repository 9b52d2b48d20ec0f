"""`kaoji package` and `kaoji merge`: department packages from the command line.

  kaoji package YEAR.kaoji --dept 城管办 --period 三季度 --out F.kjtask
  kaoji package YEAR.kaoji --dept 城管办 --staff --out F.xlsx   (year-end L;
        --staff is the same as --period 年度人员; an .xlsx --out writes the
        Excel template instead of a .kjtask)
  kaoji merge YEAR.kaoji RETURN.kjret [FILLED.xlsx ...] [--prefer-return | --keep-mine]
        [--dry-run]

Each return is read, checked and merged on its own (one transaction each),
through the same service as the window's merge dialog. Exit 0 when every
return was merged (or previewed), 2 when any was refused (one message per
bad file, whatever it holds), 1 on a bad year file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kaoji_desktop.core.values import fmt
from kaoji_desktop.exchange.packages.fileformat import TASK_SUFFIX, write_package
from kaoji_desktop.exchange.packages.issue import issue_package
from kaoji_desktop.exchange.packages.merge import CHANGED, CONFLICT, NEW, OnConflict
from kaoji_desktop.exchange.packages.model import STAFF_PERIOD, PackageError
from kaoji_desktop.exchange.packages.service import incoming, merge_return
from kaoji_desktop.exchange.packages.template import write_template
from kaoji_desktop.store import StoreError, YearFile

REFUSED = 2


def add_package_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("year_file", help="年度文件 (.kaoji)")
    p.add_argument("--dept", required=True, help="科室，如 城管办")
    p.add_argument("--period", help=f"期次：一季度…四季度、上半年、下半年、年度，或 {STAFF_PERIOD}")
    p.add_argument("--staff", action="store_true",
                   help=f"年度专职社工条线评分（即 --period {STAFF_PERIOD}）")
    p.add_argument("--out", required=True, help="输出文件：.kjtask 任务包，或 .xlsx 填报模板")


def add_merge_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("year_file", help="年度文件 (.kaoji)")
    p.add_argument("returns", nargs="+", help="回执 (.kjret) 或填好的模板 (.xlsx)")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--prefer-return", action="store_true", help="冲突时以回执为准")
    side.add_argument("--keep-mine", action="store_true", help="冲突时保留本机数值")
    p.add_argument("--dry-run", action="store_true", help="只预览，不合并")


def run_package(args: argparse.Namespace) -> int:
    period = STAFF_PERIOD if args.staff else args.period
    if not period:
        print(f"请用 --period 指定期次，或用 --staff 生成{STAFF_PERIOD}任务包。", file=sys.stderr)
        return REFUSED
    out = Path(args.out)
    try:
        with YearFile.open(args.year_file) as yf:
            pkg = issue_package(yf, args.dept, period)
        if out.suffix.lower() == ".xlsx":
            write_template(pkg, out)
        else:
            write_package(pkg, out if out.suffix else out.with_suffix(TASK_SUFFIX))
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except PackageError as exc:
        print(str(exc), file=sys.stderr)
        return REFUSED
    cells = len(pkg.values)
    print(f"已生成 {pkg.title} 任务包（{len(pkg.lines)} 条线，{cells} 格）：{out}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    on_conflict: OnConflict = ("return" if args.prefer_return
                               else "keep" if args.keep_mine else "refuse")
    refused = 0
    try:
        yf = YearFile.open(args.year_file, readonly=args.dry_run)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    with yf:
        for name in args.returns:
            item = incoming(yf, Path(name))
            try:
                if item.error or item.ret is None or item.preview is None:
                    raise PackageError(item.error or f"回执“{Path(name).name}”未合并。")
                preview = item.preview
                if not args.dry_run:
                    preview, _ = merge_return(yf, item.ret, on_conflict)
            except PackageError as exc:
                refused += 1
                print(str(exc), file=sys.stderr)
                continue
            verb = "预览" if args.dry_run else "已合并"
            print(f"{verb} {Path(name).name}：{preview.summary}")
            if not preview.ret.sealed:
                print(f"  注意：{preview.seal_text}")
            for m in preview.items:
                if m.status in (NEW, CHANGED, CONFLICT):
                    why = f"（扣分说明：{m.note}）" if m.note else ""
                    print(f"  [{m.status}] {m.label}：{fmt(m.current) or '空'}"
                          f" → {fmt(m.incoming) or '空'}{why}")
    return REFUSED if refused else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry (the main `kaoji` command delegates here)."""
    parser = argparse.ArgumentParser(prog="kaoji")
    sub = parser.add_subparsers(dest="command", required=True)
    add_package_arguments(sub.add_parser("package", help="生成科室任务包"))
    add_merge_arguments(sub.add_parser("merge", help="合并科室回执"))
    args = parser.parse_args(argv)
    return run_package(args) if args.command == "package" else run_merge(args)


if __name__ == "__main__":
    sys.exit(main())
