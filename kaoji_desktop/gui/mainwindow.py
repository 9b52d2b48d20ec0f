"""The main window: navigation list of pages, menus, status bar.

Refresh policy: after every change the controller emits `changed`; every page
is marked stale and only the visible page is refreshed (on the next event
loop turn, so an editor that committed the value closes first). A hidden page
refreshes when it is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTreeWidgetItem, QWidget

from kaoji_desktop.gui import file_actions
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.dialogs import AboutDialog
from kaoji_desktop.gui.generated.ui_mainwindow import Ui_MainWindow
from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.pages import PAGES, Page

APP_TITLE = "考绩桌面"
RECENT_MAX = 8
PAGE_ROLE = int(Qt.ItemDataRole.UserRole) + 10


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.controller = controller or Controller(self)
        self.pages: list[Page] = []
        self.stale: set[int] = set(range(len(PAGES)))
        self._refresh_pending = False
        self._build_pages()
        self._build_menus()
        self.controller.changed.connect(self.on_changed)
        self.controller.error.connect(self.show_message)
        self.controller.file_changed.connect(self.on_file_changed)
        self._reliability_hooks()
        self.ui.incompleteBanner.hide()
        self._restore_settings()

    # --- pages --------------------------------------------------------------

    def _build_pages(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for number, spec in enumerate(PAGES):
            page = spec.factory(self.controller, self)
            page.message.connect(self.show_message)
            self.pages.append(page)
            self.ui.pages.addWidget(page)
            group = groups.get(spec.group)
            if group is None:
                group = QTreeWidgetItem(self.ui.navTree, [spec.group])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                groups[spec.group] = group
            item = QTreeWidgetItem(group, [spec.title])
            item.setData(0, PAGE_ROLE, number)
        self.ui.navTree.expandAll()
        self.ui.navTree.currentItemChanged.connect(self._nav_changed)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([150, 1200])

    def _nav_changed(self, item: QTreeWidgetItem | None, _old: object = None) -> None:
        if item is None or item.data(0, PAGE_ROLE) is None:
            return
        self.show_page(int(item.data(0, PAGE_ROLE)))

    def show_page(self, number: int) -> Page:
        """Show page `number` of PAGES (refreshing it if stale)."""
        self.ui.pages.setCurrentIndex(number)
        if number in self.stale:
            self.stale.discard(number)
            self.pages[number].refresh()
        item = self._nav_item(number)
        if item is not None and self.ui.navTree.currentItem() is not item:
            self.ui.navTree.setCurrentItem(item)
        return self.pages[number]

    def page(self, title: str) -> Page:
        """Show and return the page with this title."""
        number = next(i for i, spec in enumerate(PAGES) if spec.title == title)
        return self.show_page(number)

    def _nav_item(self, number: int) -> QTreeWidgetItem | None:
        root = self.ui.navTree.invisibleRootItem()
        for g in range(root.childCount()):
            group = root.child(g)
            for i in range(group.childCount()):
                if group.child(i).data(0, PAGE_ROLE) == number:
                    return group.child(i)
        return None

    def on_changed(self) -> None:
        self.stale = set(range(len(self.pages)))
        self._update_banner()
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self.refresh_visible)

    def refresh_visible(self) -> None:
        self._refresh_pending = False
        number = self.ui.pages.currentIndex()
        if number in self.stale and self.controller.data is not None:
            self.stale.discard(number)
            self.pages[number].refresh()

    def _update_banner(self) -> None:
        result = self.controller.result
        if result is None or result.complete:
            self.ui.incompleteBanner.hide()
            return
        missing = list(result.missing) or [
            f"{c.name}：{'；'.join(c.missing)}" for c in result.communities if c.incomplete]
        text = "；".join(missing)
        if len(text) > 160:
            text = text[:160] + "…"
        self.ui.incompleteBanner.setText(f"数据不完整（结果为草稿，不能公示）：{text}")
        self.ui.incompleteBanner.setToolTip("\n".join(missing))
        self.ui.incompleteBanner.show()

    def _reliability_hooks(self) -> None:
        """Stage in the status bar; locked / damaged files offer read-only / a backup."""
        from kaoji_desktop.gui import file_guard
        from kaoji_desktop.gui.lifecycle import StageLabel

        self.statusBar().addPermanentWidget(StageLabel(self.controller, self))
        file_guard.connect_guards(self, self.controller)

    # --- menus --------------------------------------------------------------

    def _build_menus(self) -> None:
        ui = self.ui
        stack = self.controller.undo_stack
        undo = stack.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self, "重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        ui.menuEdit.insertActions(ui.actionCopy, [undo, redo])
        ui.menuEdit.insertSeparator(ui.actionCopy)
        self.undo_action, self.redo_action = undo, redo
        ui.actionCopy.setShortcut(QKeySequence.StandardKey.Copy)
        ui.actionPaste.setShortcut(QKeySequence.StandardKey.Paste)
        ui.actionOpen.setShortcut(QKeySequence.StandardKey.Open)
        ui.actionCopy.triggered.connect(self.copy)
        ui.actionPaste.triggered.connect(self.paste)
        ui.actionAbout.triggered.connect(self.about)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionNew.triggered.connect(lambda: file_actions.new_year(self))
        ui.actionOpen.triggered.connect(lambda: file_actions.open_file(self))
        ui.actionSaveAs.triggered.connect(lambda: file_actions.save_as(self))
        ui.actionImport.triggered.connect(lambda: file_actions.import_workbook(self))
        ui.actionExportResults.triggered.connect(lambda: file_actions.export_results(self))
        ui.actionExportData.triggered.connect(lambda: file_actions.export_data(self))
        ui.actionPrint.triggered.connect(lambda: file_actions.print_report(self))
        ui.menuRecent.aboutToShow.connect(self._fill_recent)
        from kaoji_desktop.gui.package_actions import install_package_actions

        install_package_actions(self)  # 生成科室任务包… / 导入科室回执… and drops

    def _focused_grid(self) -> tuple[GridView | None, QWidget | None]:
        widget = QApplication.focusWidget()
        w = widget
        while w is not None and not isinstance(w, GridView):
            w = w.parentWidget()
        if w is None:
            current = self.ui.pages.currentWidget()
            grids = getattr(current, "grids", [])
            w = grids[0] if grids else None
        return w, widget

    def copy(self) -> None:
        grid, widget = self._focused_grid()
        if isinstance(widget, QLineEdit):
            widget.copy()
        elif grid is not None:
            grid.copy()

    def paste(self) -> None:
        grid, widget = self._focused_grid()
        if isinstance(widget, QLineEdit):
            widget.paste()
        elif grid is not None:
            grid.paste()

    def about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.open()
        return dialog

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    # --- files --------------------------------------------------------------

    def on_file_changed(self, path: str) -> None:
        self.setWindowFilePath(path)
        if path:
            self.setWindowTitle(f"{Path(path).name} — {APP_TITLE}")
            self.add_recent(path)
        else:
            self.setWindowTitle(APP_TITLE)

    def recent_files(self) -> list[str]:
        value = QSettings().value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        QSettings().setValue("recent", files[:RECENT_MAX])

    def _fill_recent(self) -> None:
        menu = self.ui.menuRecent
        menu.clear()
        for path in self.recent_files():
            action = QAction(path, menu)
            action.triggered.connect(lambda _=False, p=path: self.controller.open(p))
            menu.addAction(action)
        if not menu.actions():
            menu.addAction("（无）").setEnabled(False)

    # --- settings -----------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = settings.value("splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.ui.splitter.restoreState(splitter)
        self.initial_page = int(settings.value("page", 16) or 0)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("splitter", self.ui.splitter.saveState())
        settings.setValue("page", self.ui.pages.currentIndex())
        for page in self.pages:
            for grid in page.grids:
                grid.save_columns()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.controller.close()
        super().closeEvent(event)
