"""`kaoji-desktop --self-test`: prove a build works, without a screen.

Opens a temporary copy of the demo year, recomputes it, checks the results
against an independent recomputation, round-trips it through an Excel
workbook, renders a publicity PDF and builds the main window offscreen. One
line per check (Chinese / English); exit code 0 when every check passed, 1
otherwise. Nothing is skipped: a missing part is a failed check with a message.

A windowed Windows build has no console, so ``--log PATH`` (or the
KAOJI_SELFTEST_LOG variable) also writes the lines to a UTF-8 file.
``--keep DIR`` copies the files it made (year file, workbook, PDF) to DIR.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any


class SelfTestError(Exception):
    """A check failed; the message (Chinese) says what."""


@dataclass
class _Context:
    tmp: Path
    path: Path | None = None
    data: Any = None
    result: Any = None
    app: Any = None
    notes: list[str] = field(default_factory=list)

    def need(self, *names: str) -> None:
        for name in names:
            if getattr(self, name) is None:
                raise SelfTestError("前一步失败, 无法检查 (an earlier check failed)")


class _Output:
    def __init__(self, log: str | None) -> None:
        self.log = open(log, "w", encoding="utf-8") if log else None  # noqa: SIM115

    def line(self, text: str) -> None:
        stream = sys.stdout
        if stream is not None:  # None in a windowed Windows build
            enc = getattr(stream, "encoding", None) or "utf-8"
            stream.write(text.encode(enc, "replace").decode(enc) + "\n")
            stream.flush()
        if self.log is not None:
            self.log.write(text + "\n")
            self.log.flush()

    def close(self) -> None:
        if self.log is not None:
            self.log.close()


# --- checks --------------------------------------------------------------


def check_environment(ctx: _Context) -> str:
    # reason: a part that cannot be imported fails its own check, not the run
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    from kaoji_desktop import __version__
    from kaoji_desktop.paths import asset, is_frozen

    # One QApplication for the whole run, created before reports or the GUI
    # could create a plain QGuiApplication.
    app = QApplication.instance() or QApplication([sys.argv[0]])
    if not isinstance(app, QApplication):  # widgets would abort the process
        raise SelfTestError("已有非 QApplication 的 Qt 应用实例 (a QGuiApplication already exists)")
    ctx.app = app
    icon = asset("kaoji.png")
    if not icon.is_file():
        raise SelfTestError(f"缺少资源文件 (missing resource): {icon}")
    mode = "frozen" if is_frozen() else "source"
    return (f"版本 version {__version__}, {mode}, Python {sys.version.split()[0]}, "
            f"PySide6 {pyside_version}, platform {ctx.app.platformName()}")


def check_chinese_ui(ctx: _Context) -> str:
    """Qt's zh_CN translation and the user guide are shipped and found."""
    # reason: a part that cannot be imported fails its own check, not the run
    from PySide6.QtWidgets import QDialogButtonBox

    from kaoji_desktop.gui.help import help_path
    from kaoji_desktop.gui.translations import install_translations

    ctx.need("app")
    loaded = install_translations(ctx.app)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes)
    yes = box.button(QDialogButtonBox.StandardButton.Yes).text()
    if not loaded or not yes.startswith("是"):
        raise SelfTestError(f"未载入 Qt 中文翻译 (qtbase_zh_CN.qm not loaded; Yes = {yes!r})")
    guide = help_path()
    if not guide.is_file() or "键盘操作" not in guide.read_text(encoding="utf-8"):
        raise SelfTestError(f"缺少使用说明 (missing user guide): {guide}")
    return f"{loaded[0].name}, {guide.name}"


def check_demo_file(ctx: _Context) -> str:
    # reason: a part that cannot be imported fails its own check, not the run
    from kaoji_desktop.demo import create_demo_file
    from kaoji_desktop.store import YearFile

    path = ctx.tmp / "自检演示.kaoji"
    create_demo_file(path)
    with YearFile.open(path, readonly=True) as yf:
        if not yf.integrity_ok():
            raise SelfTestError("年度文件完整性检查未通过 (integrity check failed)")
    ctx.path = path
    return f"{path.name}, {path.stat().st_size // 1024} KB"


def check_compute(ctx: _Context) -> str:
    # reason: a part that cannot be imported fails its own check, not the run
    from kaoji_desktop.core import compute_year
    from kaoji_desktop.store import YearFile

    ctx.need("path")
    with YearFile.open(ctx.path, readonly=True) as yf:
        data = yf.load()
    result = compute_year(data)
    if len(result.communities) != len(data.communities) or not result.communities:
        raise SelfTestError(
            f"社区结果数 {len(result.communities)} ≠ 社区数 {len(data.communities)}")
    if not result.staff:
        raise SelfTestError("没有工作人员结果 (no staff results)")
    ctx.data, ctx.result = data, result
    return f"{data.year}年 {data.organisation}: {len(result.communities)} 个社区, " \
           f"{len(result.staff)} 名工作人员"


def competition_ranks(totals: dict[str, Decimal]) -> dict[str, int]:
    """Competition ranks ("1224") of totals, higher is better."""
    return {name: 1 + sum(1 for t in totals.values() if t > total)
            for name, total in totals.items()}


def check_results(ctx: _Context) -> str:
    # reason: a part that cannot be imported fails its own check, not the run
    from kaoji_desktop.core import compute_year
    from kaoji_desktop.store import YearFile

    ctx.need("result")
    result = ctx.result
    problems: list[str] = []
    totals = {}
    for c in result.communities:
        parts = c.lines + c.projects + c.satisfaction + c.leadership + c.bonus
        if parts != c.total:
            problems.append(f"{c.name}: 分项之和 {parts} ≠ 总分 {c.total}")
        totals[c.name] = c.total
    ranks = competition_ranks(totals)
    q1, q2, _ = result.tier_quotas
    for c in result.communities:
        if ranks[c.name] != c.rank:
            problems.append(f"{c.name}: 名次 {c.rank}, 复算为 {ranks[c.name]}")
        by_rank = 1 if c.rank <= q1 else 2 if c.rank <= q1 + q2 else 3
        if by_rank != c.tier_by_rank:
            problems.append(f"{c.name}: 按名次等次 {c.tier_by_rank}, 复算为 {by_rank}")
        if c.tier not in (1, 2, 3) or (c.barred and c.tier == 1):
            problems.append(f"{c.name}: 等次 {c.tier} 不合规则")
    for s in result.staff:
        if s.grade not in (None, 1, 2, 3):
            problems.append(f"{s.person}: 档次 {s.grade} 不合规则")
    with YearFile.open(ctx.path, readonly=True) as yf:
        again = compute_year(yf.load())
    if again != result:
        problems.append("重新读取文件后计算结果不一致 (results differ after reload)")
    if problems:
        raise SelfTestError("; ".join(problems[:5]))
    tiers = [sum(1 for c in result.communities if c.tier == t) for t in (1, 2, 3)]
    return f"总分、名次、等次复核一致, 等次 {tiers[0]}:{tiers[1]}:{tiers[2]}"


def check_workbook(ctx: _Context) -> str:
    # reason: a part that cannot be imported fails its own check, not the run
    from kaoji_desktop.exchange.dump import dump_year
    from kaoji_desktop.exchange.workbook_parse import parse_workbook

    ctx.need("data")
    out = dump_year(ctx.data, ctx.tmp / "自检年度数据.xlsx")
    if parse_workbook(out).data != ctx.data:
        raise SelfTestError("Excel 导出后再导入, 数据不一致 (workbook round trip differs)")
    return f"{Path(out).name} 导出再导入一致 (round trip), {Path(out).stat().st_size // 1024} KB"


def _sheet_settings() -> Any:
    """公示 settings a final sheet accepts: it is refused while the supervision
    contacts are blank (reports.settings.REQUIRED_FIELDS)."""
    # reason: a part that cannot be imported fails its own check, not the run
    from kaoji_desktop.reports.settings import PublicitySettings

    return PublicitySettings(phone="0577-0000 0000", contact="自检", address="自检")


def check_pdf(ctx: _Context) -> str:
    ctx.need("result", "app")
    try:
        # reason: a part that cannot be imported fails its own check, not the run
        from kaoji_desktop import reports
        settings = _sheet_settings()
    except ImportError as exc:
        raise SelfTestError(f"报表模块无法导入 (reports not importable): {exc}") from exc
    render_pdf = getattr(reports, "render_pdf", None)
    if render_pdf is None:
        raise SelfTestError("报表模块缺少 render_pdf (kaoji_desktop.reports.render_pdf missing)")
    out = ctx.tmp / "自检公示表.pdf"
    pages = render_pdf("publicity-communities", ctx.data, ctx.result, settings, out)
    if not out.is_file():
        raise SelfTestError(f"未生成 PDF 文件 (no PDF written): {out.name}")
    head = out.read_bytes()[:5]
    if head != b"%PDF-":
        raise SelfTestError(f"文件不是 PDF (not a PDF, starts {head!r})")
    return f"社区(网格)考绩结果公示表 {pages} 页 pages, {out.stat().st_size // 1024} KB"


def check_pdf_text(ctx: _Context) -> str:
    """The staff sheet's text layer, read back from the file, holds exactly
    what was drawn: every string of the sheet (with this PC's fonts) and no
    Kangxi/CJK radical the sheet does not print."""
    ctx.need("result", "app")
    # reason: a part that cannot be imported fails its own check, not the run
    from kaoji_desktop.reports import build_document
    from kaoji_desktop.reports.pdftext import extract_text
    from kaoji_desktop.reports.render import write_pdf

    doc = build_document("publicity-staff", ctx.data, ctx.result, _sheet_settings())
    out = ctx.tmp / "自检人员公示表.pdf"
    pages = write_pdf(doc, out)
    # each page ends with its number, drawn last: a paragraph running on
    # to the next page reads whole without it
    text = "".join(re.sub(r"\s+", "", t).removesuffix(f"—{n}—")
                   for n, t in enumerate(extract_text(out), start=1))
    drawn = re.sub(r"\s+", "", doc.plain_text())
    missing = [line for line in doc.plain_text().splitlines()
               if re.sub(r"\s+", "", line) and re.sub(r"\s+", "", line) not in text]
    radicals = set(re.findall("[\u2e80-\u2fdf]", text)) - set(re.findall("[\u2e80-\u2fdf]", drawn))
    if radicals:
        raise SelfTestError(f"PDF 文字层含部首字符 (radicals in the text layer): "
                            f"{''.join(sorted(radicals))}")
    if missing:
        raise SelfTestError(f"PDF 文字层缺少 (missing from the text layer): {missing[0]!r}")
    return (f"工作人员考绩结果公示表 {pages} 页, 文字层 {len(text)} 字与绘制一致"
            " (text layer as drawn)")


def check_window(ctx: _Context) -> str:
    ctx.need("path", "app")
    try:
        # reason: a part that cannot be imported fails its own check, not the run
        from kaoji_desktop.gui import app as gui_app
    except ImportError as exc:
        raise SelfTestError(f"界面模块无法导入 (gui not importable): {exc}") from exc
    make = getattr(gui_app, "create_window", None)
    if make is None:
        raise SelfTestError("界面缺少 create_window(path) (gui.app.create_window missing)")
    window = make(str(ctx.path))
    window.show()
    for _ in range(5):
        ctx.app.processEvents()
    if not window.isVisible():
        raise SelfTestError("主窗口未能显示 (main window not shown)")
    title = window.windowTitle()
    if ctx.path.name not in title:
        raise SelfTestError(f"主窗口未打开自检文件 (window title {title!r})")
    window.close()
    window.deleteLater()
    ctx.app.processEvents()
    return f"主窗口 “{title}” {window.width()}×{window.height()}"


CHECKS: list[tuple[str, Callable[[_Context], str]]] = [
    ("运行环境 environment", check_environment),
    ("中文界面与使用说明 Chinese UI and user guide", check_chinese_ui),
    ("演示年度文件 demo year file", check_demo_file),
    ("计算 compute", check_compute),
    ("结果复核 results cross-check", check_results),
    ("Excel 往返 workbook round trip", check_workbook),
    ("公示表 PDF publicity PDF", check_pdf),
    ("PDF 文字层 PDF text layer", check_pdf_text),
    ("主窗口 main window", check_window),
]


def _option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _keep(tmp: Path, keep: str, out: _Output) -> None:
    dest = Path(keep)
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(tmp.glob("自检*")):
        if f.suffix in (".kaoji", ".xlsx", ".pdf"):
            shutil.copy2(f, dest / f.name)
    out.line(f"自检文件已保存到 files kept in: {dest}")


def _use_offscreen() -> None:
    """No screen needed: the offscreen platform, unless the caller chose one
    (or the build lacks the plugin: then Qt's native platform is used)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    # reason: a part that cannot be imported fails its own check, not the run
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    if any(plugins.glob("*offscreen*")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run(argv: list[str] | None = None) -> int:
    """Run every check; 0 when all passed, 1 otherwise."""
    _use_offscreen()
    args = sys.argv[1:] if argv is None else argv
    out = _Output(_option(args, "--log") or os.environ.get("KAOJI_SELFTEST_LOG") or None)
    keep = _option(args, "--keep")
    failed = 0
    try:
        out.line("考绩桌面自检 kaoji-desktop self-test")
        with tempfile.TemporaryDirectory(prefix="kaoji-selftest-",
                                         ignore_cleanup_errors=True) as tmp:
            ctx = _Context(Path(tmp))
            for label, check in CHECKS:
                try:
                    detail = check(ctx)
                except SelfTestError as exc:
                    failed += 1
                    out.line(f"[失败 FAIL] {label}: {exc}")
                except Exception as exc:  # noqa: BLE001 (a crash is a failed check, reported in full)
                    failed += 1
                    out.line(f"[失败 FAIL] {label}: {type(exc).__name__}: {exc}")
                    out.line(traceback.format_exc().rstrip())
                else:
                    out.line(f"[通过 ok] {label}: {detail}")
            if keep:
                _keep(ctx.tmp, keep, out)
        if failed:
            out.line(f"自检未通过 self-test FAILED: {failed}/{len(CHECKS)} 项失败 failed")
        else:
            out.line(f"自检通过 self-test passed: {len(CHECKS)} 项 checks")
    finally:
        out.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(run())
