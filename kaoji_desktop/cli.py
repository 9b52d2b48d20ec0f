"""`kaoji`: the headless commands (import, export, dump, demo, report, package, merge).

Exit status: 0 done, 2 bad input (every problem on stderr, one a line, in
Chinese), 1 any other failure (a short Chinese message). Never a traceback
unless KAOJI_DEBUG is set. No Qt is imported except by `report`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import create_demo_file
from kaoji_desktop.errorlog import log_exception
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.fileerrors import FileProblem, check_output, os_message
from kaoji_desktop.exchange.packages import cli as packages_cli
from kaoji_desktop.exchange.results_export import export_results
from kaoji_desktop.exchange.workbook_import import ImportRefused, import_workbook
from kaoji_desktop.store import StoreError, YearFile
from kaoji_desktop.store import lock as store_lock

OK, FAILED, BAD_INPUT = 0, 1, 2

_ARGPARSE_ZH = (
    ("the following arguments are required", "缺少必需的参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选择"),
    ("choose from", "可选"),
    ("expected one argument", "需要一个值"),
    ("argument ", "参数 "),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for en, zh in _ARGPARSE_ZH:
            message = message.replace(en, zh)
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}：参数错误：{message}\n")


def _err(message: str) -> None:
    print(message, file=sys.stderr)


# --- commands ------------------------------------------------------------------

def cmd_import(args: argparse.Namespace) -> int:
    if not Path(args.db).exists():
        check_output(args.db, "年度文件")
    try:
        result = import_workbook(args.workbook, args.db)
    except ImportRefused as exc:
        _err(f"导入被拒绝，年度文件未作任何修改。共 {len(exc.problems)} 个问题：")
        for problem in exc.problems:
            _err(str(problem))
        return BAD_INPUT
    d = result.data
    people = len({p.person for p in d.posts})
    what = "已新建年度文件" if result.created else "已替换年度数据"
    print(f"{what}：{args.db}（{d.year}年 {d.organisation}，{len(d.communities)}个社区，"
          f"{len(d.lines)}条条线，{len(d.line_scores)}项条线得分，{people}名人员）")
    if result.backup:
        print(f"导入前的数据已备份到：{result.backup}")
    return OK


def _load(db: str):  # type: ignore[no-untyped-def]
    with YearFile.open(db, readonly=True) as yf:
        return yf.load()


def _writing(args: argparse.Namespace) -> Path | None:
    """The existing year file a command is about to change (None: it changes none)."""
    if args.command == "import":
        path = Path(args.db)
    elif args.command == "package" or (args.command == "merge" and not args.dry_run):
        path = Path(args.year_file)
    else:
        return None
    if path.is_dir():
        raise FileProblem(21, f"“{path}”是一个文件夹，不是年度文件。", path)
    return path if path.exists() else None


@contextlib.contextmanager
def _single_writer(path: Path | None) -> Iterator[None]:
    """Hold the year file's lock (store.lock) while a command changes it, as the
    window does: a file open for editing elsewhere is refused, never changed under it."""
    if path is None:
        yield
        return
    if not os.access(path, os.W_OK):
        raise StoreError(f"“{path.name}”是只读文件，无法修改。请取消只读属性，或复制一份再操作。")
    with store_lock.acquire(path, heartbeat=False):
        yield


def cmd_export(args: argparse.Namespace) -> int:
    result = compute_year(_load(args.year_file))
    export_results(result, args.out)
    print(f"已导出考绩结果：{args.out}（{len(result.communities)}个社区，{len(result.staff)}名人员，"
          f"{len(result.talks)}条约谈）")
    if not result.complete:
        print("注意：数据尚不完整，导出的结果仅为草稿。")
    return OK


def cmd_dump(args: argparse.Namespace) -> int:
    data = _load(args.year_file)
    dump_year(data, args.out)
    print(f"已导出年度数据工作簿：{args.out}")
    return OK


def cmd_demo(args: argparse.Namespace) -> int:
    if Path(args.db).exists():
        _err(f"文件已存在：{args.db}（演示年度只写入新文件）")
        return BAD_INPUT
    check_output(args.db, "年度文件")
    create_demo_file(args.db)
    print(f"已生成演示年度（2017年 大南街道）：{args.db}")
    return OK


def cmd_report(args: argparse.Namespace) -> int:
    check_output(args.pdf, "PDF文件")
    # reason: start-up time; Qt (painting, fonts) loads only for `kaoji report`
    from kaoji_desktop.reports.cli_support import run_report

    return int(run_report(args.kind, args.year_file, args.pdf, args.period, args.return_file))


def _add_packages(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`package` and `merge` belong to exchange.packages.cli (argument lists and runs)."""
    package = sub.add_parser("package", help="生成科室任务包或填报模板")
    merge = sub.add_parser("merge", help="合并科室回执")
    packages_cli.add_package_arguments(package)
    packages_cli.add_merge_arguments(merge)
    package.set_defaults(run=packages_cli.run_package)
    merge.set_defaults(run=packages_cli.run_merge)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kaoji",
                     description="考绩桌面命令行：年度数据的导入导出、演示年度、报表与科室任务包。")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令",
                                parser_class=_Parser)

    p = sub.add_parser("import", help="从年度数据工作簿导入（全部成功或全部不导入）",
                       description="按《年度考绩数据工作簿》格式导入。已有年度文件先备份再整体替换。")
    p.add_argument("workbook", help="年度数据工作簿 (.xlsx)")
    p.add_argument("--db", required=True, help="年度文件 (.kaoji)；不存在则新建")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("export", help="导出考绩结果工作簿")
    p.add_argument("year_file", help="年度文件 (.kaoji)")
    p.add_argument("--out", required=True, help="结果工作簿 (.xlsx)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("dump", help="把年度数据导出为可再导入的工作簿")
    p.add_argument("year_file", help="年度文件 (.kaoji)")
    p.add_argument("--out", required=True, help="年度数据工作簿 (.xlsx)")
    p.set_defaults(run=cmd_dump)

    p = sub.add_parser("demo", help="生成2017年大南街道演示年度")
    p.add_argument("--db", required=True, help="新的年度文件 (.kaoji)")
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser("report", help="生成报表PDF（公示表等）")
    p.add_argument("kind", help="报表种类")
    p.add_argument("year_file", help="年度文件 (.kaoji)")
    p.add_argument("--pdf", required=True, help="输出PDF文件")
    p.add_argument("--period", help="期次，如 一季度（按期次的报表需要）")
    p.add_argument("--return", dest="return_file",
                   help="科室回执 (.kjret 或 .xlsx)，签审表 signoff 需要")
    p.set_defaults(run=cmd_report)

    _add_packages(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        with _single_writer(_writing(args)):
            return int(args.run(args))
    except StoreError as exc:
        _err(str(exc))
        return FAILED
    except OSError as exc:
        _err(os_message(exc))
        return FAILED
    except KeyboardInterrupt:
        _err("已中断。")
        return FAILED
    except Exception as exc:  # the contract: a short message, never a traceback
        if os.environ.get("KAOJI_DEBUG"):
            raise
        log = log_exception(type(exc), exc, exc.__traceback__, f"kaoji {args.command}")
        where = f"详细信息已记录在：{log}" if log else "详细信息未能写入日志。"
        _err(f"意外错误，操作未完成（{type(exc).__name__}：{exc}）。{where}")
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
