"""What the main window says above the pages and in the status bar: the demo
year's guidance (这是演示年度 …), the short 未完成 summary leading to 待办,
and the 待办 count."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kaoji_desktop.gui import file_actions
from kaoji_desktop.gui.pages.todo import summary, todo_of

if TYPE_CHECKING:
    from kaoji_desktop.gui.mainwindow import MainWindow

TODO_HREF = "todo"


def is_demo(path: Path | None) -> bool:
    """Whether the open file is the demo year's working copy."""
    return file_actions.is_demo_file(path)


class DemoBanner(QFrame):
    """这是演示年度: what the demo is, and the three ways to real work."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        # never taller than its text: the pages below get the height
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setStyleSheet("QFrame#demoBanner { background: #e3eefb; border: 1px solid #8fb3e0; }"
                           " QLabel { color: #123f73; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 8, 3)
        self.text = QLabel("<b>这是演示年度</b>：示例数据，可随意试用，不影响正式年度文件。"
                           "开始正式工作：")
        self.text.setWordWrap(True)
        self.text.setToolTip("新建年度：可沿用上一年度的社区、条线、人员与规则参数；"
                             "导入工作簿：从年度数据工作簿新建年度文件；打开：已有的年度文件。")
        row.addWidget(self.text, 1)
        self.new_button = QPushButton("新建年度…")
        self.import_button = QPushButton("导入工作簿…")
        self.open_button = QPushButton("打开…")
        self.new_button.clicked.connect(lambda: file_actions.new_year(window))
        self.import_button.clicked.connect(lambda: file_actions.import_as_new_year(window))
        self.open_button.clicked.connect(lambda: file_actions.open_file(window))
        for button in (self.new_button, self.import_button, self.open_button):
            row.addWidget(button)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A wrapped label asks for a height made for a narrow width (a tall
        # banner): cap it at what its real width needs.
        super().resizeEvent(event)
        need = max(self.text.heightForWidth(self.text.width()),
                   self.new_button.sizeHint().height())
        if self.text.maximumHeight() != need:
            self.text.setMaximumHeight(need)


def incomplete_text(window: MainWindow) -> tuple[str, str]:
    """(banner text, tooltip) while the year is incomplete; ("", "") when complete."""
    result = window.controller.result
    if result is None or result.complete:
        return "", ""
    items = todo_of(window.controller)
    if items:
        # short: a wrapped label asks for two lines past ~40 Chinese characters
        what = f"尚有 {len(items)} 项未录入"
        tip = summary(items, limit=10) + "\n\n" + "\n".join(m.text for m in items[:30]) + \
            ("\n…" if len(items) > 30 else "")
    else:  # the core knows of something the to-do list does not list
        what = "；".join(result.missing[:2]) + ("等" if len(result.missing) > 2 else "")
        tip = "\n".join(result.missing)
    return f"数据未完成（结果为草稿，不能公示）：{what}。点此查看待办 ›", tip


def todo_count_text(window: MainWindow) -> str:
    items = todo_of(window.controller)
    if window.controller.data is None:
        return ""
    if not items:
        return "待办：无"
    return f"<a href='{TODO_HREF}'>待办 {len(items)} 项</a>"
