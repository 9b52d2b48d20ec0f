"""文件 menu actions: 新建年度, 打开, 另存为, 导入/导出, 打印; and the year
opened at start (last file, else a working copy of the demo year)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kaoji_desktop import reports
from kaoji_desktop.core.entered import entered as entered_rows
from kaoji_desktop.core.model import ALL_PERIODS, LINES_2017, YearData
from kaoji_desktop.demo import create_demo_file
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.fileerrors import FileProblem
from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.results_export import export_results as do_export
from kaoji_desktop.exchange.workbook_import import import_into
from kaoji_desktop.exchange.workbook_import import import_workbook as do_import
from kaoji_desktop.gui.dialogs import NewYearDialog, PrintDialog, ProblemsDialog
from kaoji_desktop.gui.pages.publicity import year_stage
from kaoji_desktop.store import StoreError, YearFile

if TYPE_CHECKING:
    from kaoji_desktop.gui.mainwindow import MainWindow

FILTER = "考绩年度文件 (*.kaoji)"
XLSX = "Excel 工作簿 (*.xlsx)"
DEMO_NAME = "演示年度.kaoji"


def documents_dir() -> Path:
    """QStandardPaths DocumentsLocation / 考绩桌面 (created on demand)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(base or Path.home()) / "考绩桌面"


def demo_working_copy() -> Path:
    """The clerk's working copy of the demo year (the shipped one is never touched)."""
    path = documents_dir() / DEMO_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        create_demo_file(path)
    return path


def open_initial(window: MainWindow, path: str | None) -> bool:
    """At start: the given file, else the last file, else the demo working copy."""
    if path:
        return window.controller.open(path)
    for recent in window.recent_files()[:1]:
        if Path(recent).is_file() and window.controller.open(recent):
            return True
    try:
        return window.controller.open(demo_working_copy())
    except (OSError, StoreError) as exc:
        window.show_message(f"无法创建演示年度：{exc}")
        return False


def _folder(window: MainWindow) -> str:
    path = window.controller.path
    return str(path.parent if path else documents_dir())


def open_file(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "打开年度文件", _folder(window), FILTER)
    if path:
        window.controller.open(path)


def carried_over(previous: YearData, year: int, organisation: str,
                 people: bool) -> YearData:
    """A new year keeping the previous year's settings (and people), no scores."""
    return YearData(year=year, organisation=organisation,
                    communities=previous.communities, lines=previous.lines,
                    leaders=previous.leaders, reward_bases=previous.reward_bases,
                    posts=previous.posts if people else (), rules=previous.rules)


def is_demo_file(path: str | Path | None) -> bool:
    """The demo year's working copy (never a year to carry over)."""
    return path is not None and Path(path).name == DEMO_NAME


def previous_year_file(window: MainWindow) -> str:
    """The year file a new year carries over: the open one, else the last
    real year opened; never the demo year."""
    candidates = [str(window.controller.path)] if window.controller.path else []
    candidates += window.recent_files()
    for path in candidates:
        if not is_demo_file(path) and Path(path).is_file():
            return path
    return ""


def new_year(window: MainWindow) -> NewYearDialog:
    data = window.controller.data
    demo = is_demo_file(window.controller.path)
    year = (data.year + 1) if data and not demo else QDate.currentDate().year()
    folder = documents_dir() if demo else Path(_folder(window))
    dialog = NewYearDialog(year, data.organisation if data else "", folder, window)
    dialog.previous.setText(previous_year_file(window))

    def accepted() -> None:
        create_year(window, Path(dialog.path.text()), dialog.year.value(),
                    dialog.organisation.text().strip(), dialog.previous.text().strip(),
                    dialog.copy_people.isChecked())

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def create_year(window: MainWindow, path: Path, year: int, organisation: str,
                previous: str = "", people: bool = True) -> bool:
    if previous:
        try:
            with YearFile.open(previous, readonly=True) as old:
                data = carried_over(old.load(), year, organisation, people)
        except StoreError as exc:
            window.show_message(str(exc))
            return False
    else:
        data = YearData(year=year, organisation=organisation, communities=(), lines=LINES_2017)
    return window.controller.create(path, data)


def save_as(window: MainWindow) -> None:
    yf = window.controller.yf
    if yf is None:
        return
    path, _ = QFileDialog.getSaveFileName(window, "另存为", _folder(window), FILTER)
    if not path:
        return
    target = Path(path if path.endswith(".kaoji") else path + ".kaoji")
    if target.resolve() == yf.path.resolve():
        return
    if window.controller.save_copy(target):  # store service: backup API, verified, renamed
        window.show_message(f"已另存为“{target}”，以后的修改保存在这个文件中")


def import_workbook(window: MainWindow) -> None:
    controller = window.controller
    if controller.yf is None:
        return
    xlsx, _ = QFileDialog.getOpenFileName(window, "导入工作簿", _folder(window), XLSX)
    if not xlsx:
        return
    answer = QMessageBox.question(window, "导入工作簿",
                                  "导入将用工作簿中的数据替换本年度的全部数据（导入前自动备份），"
                                  "是否继续？")
    if answer != QMessageBox.StandardButton.Yes:
        return
    try:
        result = import_into(controller.yf, xlsx)  # the open file's import service
    except ImportRefused as exc:
        ProblemsDialog(exc.problems, "工作簿有问题，未导入任何数据", window).open()
        return
    except StoreError as exc:
        window.show_message(f"导入失败：{exc}")
        controller.failed.emit("导入未完成", f"工作簿未导入，年度文件保持原样。\n\n{exc}")
        return
    except OSError as exc:
        window.show_message(f"导入失败：{exc}")
        return
    controller.replaced()
    note = f"，原数据已备份为“{result.backup.name}”" if result.backup else ""
    window.show_message(f"已导入“{Path(xlsx).name}”{note}")


def import_as_new_year(window: MainWindow) -> bool:
    """导入工作簿 into a new year file (from the demo banner: the demo's own
    file is never replaced by the clerk's data)."""
    xlsx, _ = QFileDialog.getOpenFileName(window, "导入工作簿", str(documents_dir()), XLSX)
    if not xlsx:
        return False
    suggested = documents_dir() / f"{Path(xlsx).stem}.kaoji"
    target, _ = QFileDialog.getSaveFileName(window, "保存为新的年度文件", str(suggested), FILTER)
    if not target:
        return False
    path = Path(target if target.endswith(".kaoji") else target + ".kaoji")
    if is_demo_file(path) or (window.controller.path is not None
                              and path.resolve() == window.controller.path.resolve()):
        window.show_message("请另选文件名：不能用导入的数据替换当前打开的年度文件")
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        do_import(xlsx, path)
    except ImportRefused as exc:
        ProblemsDialog(exc.problems, "工作簿有问题，未导入任何数据", window).open()
        return False
    except (StoreError, OSError) as exc:
        window.show_message(f"导入失败：{exc}")
        return False
    if not window.controller.open(path):
        return False
    window.show_message(f"已从“{Path(xlsx).name}”新建年度文件“{path.name}”")
    return True


def _save_xlsx(window: MainWindow, title: str, name: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(window, title, str(Path(_folder(window)) / name), XLSX)
    if not path:
        return None
    return Path(path if path.endswith(".xlsx") else path + ".xlsx")


def export_results(window: MainWindow) -> None:
    result = window.controller.result
    if result is None:
        return
    out = _save_xlsx(window, "导出结果", f"{result.year}年度考绩结果.xlsx")
    if out:
        try:
            do_export(result, out)
        except OSError as exc:
            window.show_message(f"导出失败：{exc}")
            return
        draft = "（数据不完整，为草稿）" if not result.complete else ""
        window.show_message(f"已导出结果到“{out}”{draft}")


def export_data(window: MainWindow) -> None:
    data = window.controller.data
    if data is None:
        return
    out = _save_xlsx(window, "导出数据", f"{data.year}年度考绩数据.xlsx")
    if out:
        try:
            dump_year(data, out)
        except OSError as exc:
            window.show_message(f"导出失败：{exc}")
            return
        window.show_message(f"已导出数据到“{out}”")


def print_report(window: MainWindow) -> None:
    controller = window.controller
    if controller.data is None or controller.result is None or controller.yf is None:
        return
    kinds = {k: v.title for k, v in reports.REPORT_KINDS.items()}
    entered = {s.period for s in controller.data.line_scores}
    periods = [p for p in ALL_PERIODS if p in entered]
    dialog = PrintDialog(kinds, periods, window)
    choice = dialog.exec()
    if choice not in (1, 2):
        return
    kind = dialog.kind.currentData()
    period = dialog.period.currentText() if reports.REPORT_KINDS[kind].needs_period else None
    settings = reports.load_settings(controller.yf)
    stage = year_stage(controller)  # a year without a stage is a 草稿
    data = entered_rows(controller.data, every_table=True)
    try:
        doc = reports.build_document(kind, data, controller.result, settings, period, stage)
    except ValueError as exc:  # SettingsMissing (a final sheet with blank contacts), bad settings
        window.show_message(str(exc))
        return
    if choice == 1:
        # reason: start-up time; QtPrintSupport loads on the first print preview
        from kaoji_desktop.gui.preview import preview_document

        preview_document(doc, window)
        return
    path, _ = QFileDialog.getSaveFileName(window, "导出 PDF",
                                          str(Path(_folder(window)) / f"{doc.name}.pdf"),
                                          "PDF 文件 (*.pdf)")
    if path:
        # reason: start-up time; the PDF writer (pikepdf) loads on the first export
        from kaoji_desktop.reports.render import write_pdf

        try:
            pages = write_pdf(doc, path)
        except (OSError, ValueError) as exc:
            window.show_message(f"导出 PDF 失败：{exc}（文件可能正被PDF阅读器打开）"
                                if not isinstance(exc, FileProblem) else f"导出 PDF 失败：{exc}")
            return
        window.show_message(f"已导出 PDF（{pages} 页）：{path}")
