"""帮助 → 使用说明 (F1): the Chinese user guide shipped in resources/help/,
shown in a window of its own beside the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kaoji_desktop.paths import asset

HELP_FILE = ("help", "使用说明.html")


def help_path() -> Path:
    return asset(*HELP_FILE)


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("考绩桌面 使用说明")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.load()
        self.resize(760, 640)

    def load(self) -> bool:
        """The guide into the browser; False (and a Chinese note) when missing."""
        path = help_path()
        if not path.is_file():
            self.browser.setPlainText(f"找不到使用说明文件：{path}\n程序安装可能不完整，请重新安装。")
            return False
        self.browser.setSource(QUrl.fromLocalFile(str(path)))
        return True


def show_help(parent: QWidget) -> HelpDialog:
    """Show (or raise) the one guide window of `parent`."""
    dialog = getattr(parent, "_help_dialog", None)
    if not isinstance(dialog, HelpDialog):
        dialog = HelpDialog(parent)
        parent._help_dialog = dialog  # type: ignore[attr-defined]
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
