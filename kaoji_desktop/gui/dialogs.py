"""Small dialogs: 关于, 新建年度, 导入问题清单, 打印选择."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import kaoji_desktop
from kaoji_desktop.core.model import ALL_PERIODS
from kaoji_desktop.gui.generated.ui_aboutdialog import Ui_AboutDialog


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.ui.versionLabel.setText(f"版本 {kaoji_desktop.__version__}")


class NewYearDialog(QDialog):
    """新建年度: year, organisation, file, and optionally a previous year file
    whose settings (communities, lines, leaders, rules, reward bases) and
    people are copied."""

    def __init__(self, year: int, organisation: str, folder: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年度")
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.organisation = QLineEdit(organisation)
        self.path = QLineEdit(str(folder / f"{year}年度考绩.kaoji"))
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        self.previous = QLineEdit()
        pick = QPushButton("选择…")
        pick.clicked.connect(self._pick_previous)
        prev_row = QHBoxLayout()
        prev_row.addWidget(self.previous)
        prev_row.addWidget(pick)
        self.copy_people = QCheckBox("同时复制人员与岗位")
        self.copy_people.setChecked(True)
        form.addRow("年度", self.year)
        form.addRow("单位", self.organisation)
        form.addRow("保存为", row)
        form.addRow("沿用上年设置（可空）", prev_row)
        form.addRow("", self.copy_people)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 220)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "新建年度文件", self.path.text(),
                                              "考绩年度文件 (*.kaoji)")
        if path:
            self.path.setText(path if path.endswith(".kaoji") else path + ".kaoji")

    def _pick_previous(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择上年年度文件", "",
                                              "考绩年度文件 (*.kaoji)")
        if path:
            self.previous.setText(path)


class ProblemsDialog(QDialog):
    """The problems of a refused import: 工作表, 行, 列, 问题."""

    def __init__(self, problems: list, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        table = QTableWidget(len(problems), 4)
        table.setHorizontalHeaderLabels(["工作表", "行", "列", "问题"])
        for r, p in enumerate(problems):
            for c, value in enumerate((p.sheet, str(p.row or ""), p.column, p.message)):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table = table
        self.resize(760, 420)


class PrintDialog(QDialog):
    """Choose what to print: report kind and (for the bulletin) period."""

    def __init__(self, kinds: dict[str, str], periods: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印")
        form = QFormLayout(self)
        self.kind = QComboBox()
        for key, title in kinds.items():
            self.kind.addItem(title, key)
        self.period = QComboBox()
        self.period.addItems(periods or list(ALL_PERIODS))
        form.addRow("报表", self.kind)
        form.addRow("期次（定期通报）", self.period)
        buttons = QDialogButtonBox()
        self.preview = buttons.addButton("打印预览…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.pdf = buttons.addButton("导出 PDF…", QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.preview.clicked.connect(lambda: self.done(1))
        self.pdf.clicked.connect(lambda: self.done(2))
        form.addRow(buttons)
