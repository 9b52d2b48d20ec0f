"""The main window: navigation list of pages, menus, status bar.

Refresh policy: after every change the controller emits `changed`; every page
is marked stale and only the visible page is refreshed (on the next event
loop turn, so an editor that committed the value closes first). A hidden page
refreshes when it is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QTreeWidgetItem,
    QWidget,
)

from kaoji_desktop.gui import banners, file_actions, file_guard
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.dialogs import AboutDialog
from kaoji_desktop.gui.generated.ui_mainwindow import Ui_MainWindow
from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.help import show_help
from kaoji_desktop.gui.layout import PageHolder, clamp_geometry
from kaoji_desktop.gui.lifecycle import StageLabel
from kaoji_desktop.gui.merge_dialog import MergeDialog, import_returns
from kaoji_desktop.gui.package_actions import install_package_actions
from kaoji_desktop.gui.pages import PAGES, Page
from kaoji_desktop.gui.pages.todo import Missing, find_cell

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
        self._shown_once = False
        # 生成科室任务包… and 导入科室回执… (enabled while a writable file is open)
        self.package_actions: tuple[QAction, ...] = ()
        # the merge preview opened for returns given at start (`gui.app.create_window`)
        self.merge_dialog: MergeDialog | None = None
        self._build_pages()
        self._build_menus()
        self.controller.changed.connect(self.on_changed)
        self.controller.error.connect(self.show_message)
        self.controller.file_changed.connect(self.on_file_changed)
        self._reliability_hooks()
        self._guidance()
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
        for page in self.pages:  # a to-do item or a 查看待办 link: show it
            jump = getattr(page, "jump", None)
            if jump is not None:
                jump.connect(self.go_to)
        todo = groups.get("待办")  # registered last (page numbers stay), listed first
        if todo is not None:
            tree = self.ui.navTree
            tree.insertTopLevelItem(0, tree.takeTopLevelItem(tree.indexOfTopLevelItem(todo)))
        self.ui.navTree.expandAll()
        self.ui.navTree.currentItemChanged.connect(self._nav_changed)
        # The pages in a scroll area: a page wider or taller than a small
        # screen (1366×768 at 150 %) scrolls instead of making the window
        # larger than the screen (status bar and right columns cut off).
        area = QScrollArea()
        area.setObjectName("pageScroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        self.ui.splitter.replaceWidget(self.ui.splitter.indexOf(self.ui.pages), area)
        self.page_holder = PageHolder(self.ui.pages)
        area.setWidget(self.page_holder)
        self.page_scroll = area
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
        # only the page shown scrolls (in page_scroll), when it does not fit
        self.page_holder.setMinimumSize(self.pages[number].minimumSizeHint())
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

    def go_to(self, target: object) -> None:
        """Show a page (by title) or the cell of a to-do item."""
        if isinstance(target, str):
            self.page(target)
            return
        if not isinstance(target, Missing):
            return
        page = self.page(target.page)
        period = getattr(page, "period", None)
        if target.period and isinstance(period, QComboBox):
            period.setCurrentText(target.period)  # the page refreshes for that period
        grid = getattr(page, "grid", None)
        index = find_cell(grid, target.row, target.column) if isinstance(grid, GridView) \
            else None
        if isinstance(grid, GridView) and index is not None:
            grid.setCurrentIndex(index)
            grid.scrollTo(index)
            grid.setFocus()
        elif not target.row and hasattr(page, "add_row"):
            # a row still to be added: its 添加 dialog, for whom it is missing
            dialog = page.add_row()
            who = target.person or target.community
            first = dialog.findChild(QComboBox) if dialog is not None else None
            if first is not None and who and first.findText(who) >= 0:
                first.setCurrentText(who)
        self.show_message(f"待办：{target.text}")

    def _guidance(self) -> None:
        """The demo banner, the 未完成 banner's link and the 待办 count."""
        self.demo_banner = banners.DemoBanner(self, self.ui.central)
        self.ui.centralLayout.insertWidget(0, self.demo_banner)
        self.demo_banner.hide()
        banner = self.ui.incompleteBanner
        banner.hide()
        # plain text (a rich-text label asks for a tall size hint); the whole
        # banner is the link to 待办
        banner.setTextFormat(Qt.TextFormat.PlainText)
        banner.setWordWrap(False)  # one short line (a wrapped label is given two)
        banner.setCursor(Qt.CursorShape.PointingHandCursor)
        banner.installEventFilter(self)
        self.todo_label = QLabel()
        self.todo_label.linkActivated.connect(lambda _href: self.page("待办"))
        self.statusBar().addPermanentWidget(self.todo_label)
        self.controller.file_changed.connect(
            lambda _path: self.demo_banner.setVisible(banners.is_demo(self.controller.path)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.incompleteBanner and \
                event.type() == QEvent.Type.MouseButtonRelease:
            self.page("待办")
            return True
        return super().eventFilter(watched, event)

    def _update_banner(self) -> None:
        text, tip = banners.incomplete_text(self)
        self.ui.incompleteBanner.setText(text)
        self.ui.incompleteBanner.setToolTip(tip)
        self.ui.incompleteBanner.setVisible(bool(text))
        self.todo_label.setText(banners.todo_count_text(self))

    def _reliability_hooks(self) -> None:
        """Stage in the status bar; locked / damaged files offer read-only / a backup."""
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
        ui.actionHelp.triggered.connect(self.show_help)
        ui.actionSave.triggered.connect(self.saved_already)
        ui.actionFind.triggered.connect(lambda: self._find(None))
        ui.actionFindNext.triggered.connect(lambda: self._find(True))
        ui.actionFindPrevious.triggered.connect(lambda: self._find(False))
        ui.actionQuit.triggered.connect(self.close)
        ui.actionNew.triggered.connect(lambda: file_actions.new_year(self))
        ui.actionOpen.triggered.connect(lambda: file_actions.open_file(self))
        ui.actionSaveAs.triggered.connect(lambda: file_actions.save_as(self))
        ui.actionImport.triggered.connect(lambda: file_actions.import_workbook(self))
        ui.actionExportResults.triggered.connect(lambda: file_actions.export_results(self))
        ui.actionExportData.triggered.connect(lambda: file_actions.export_data(self))
        ui.actionPrint.triggered.connect(lambda: file_actions.print_report(self))
        ui.menuRecent.aboutToShow.connect(self._fill_recent)
        # 生成科室任务包… / 导入科室回执… and drops
        self.package_actions = install_package_actions(self, import_returns)

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

    def _find(self, forward: bool | None) -> None:
        """Ctrl+F (None) opens the find bar of the grid in use; F3/Shift+F3."""
        grid, _ = self._focused_grid()
        if grid is None:
            return
        if forward is None:
            grid.open_find()
        else:
            grid.find_next(forward)

    def saved_already(self) -> None:
        """Ctrl+S: nothing to save, every accepted change is in the file."""
        path = self.controller.path
        if path is None:
            self.show_message("没有打开的年度文件。")
            return
        self.show_message(f"已自动保存：每次修改都已立即保存到“{path.name}”，无需手动保存"
                          "（另存为副本：Ctrl+Shift+S）。")

    def show_help(self) -> QWidget:
        return show_help(self)

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
            self.clamp_to_screen()
        splitter = settings.value("splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.ui.splitter.restoreState(splitter)
        self.initial_page = int(settings.value("page", 16) or 0)

    def clamp_to_screen(self) -> None:
        """Keep a restored window on the screen it opens on: a size saved at
        100 % scaling is larger than the same screen at 150 % (status bar and
        the right columns would be off the screen)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        if self.isMaximized() or self.isFullScreen():
            return
        frame = self.frameGeometry()
        inside = clamp_geometry(frame, available)
        if inside != frame:
            extra_w = frame.width() - self.width()  # window frame (title bar, borders)
            extra_h = frame.height() - self.height()
            self.resize(inside.width() - extra_w, inside.height() - extra_h)
            self.move(inside.topLeft())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the frame (title bar, borders) is known once shown
            self._shown_once = True
            self.clamp_to_screen()

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
