"""GridView: a QTableView that enters data like a spreadsheet.

Type to overwrite; Tab/Shift+Tab move along the row (to the next cell that
takes input, wrapping to the next row), Enter/Shift+Enter along the column
(Enter after a run of Tabs goes back to the column the run started in, as in
Excel/WPS); Delete clears cells, never rows (a page deletes rows with its own
button, which asks and takes their dependent rows along for undo); Ctrl+C
copies the selection as tab-separated text (whole rows with the header row);
Ctrl+V pastes a rectangle copied from Excel or WPS (a header row dropped);
Ctrl+F finds (F3/Shift+F3). A paste (or a multi-cell clear) is
validated as a whole and saved as one change, undone in one step.

A refused value keeps the cursor and its editor on the cell, holding what was
typed, with the Chinese message at the cell (tooltip) and through `message`;
the message is taken back (`message("")`) once a value is accepted or the
grid is hidden (another page). The count, sum and average of the selected
numbers are shown in the window's status bar.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSettings, Qt, Signal
from PySide6.QtGui import (
    QHideEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QToolTip,
    QWidget,
)

from kaoji_desktop.gui.findbar import FindBar, FindState, GridFind
from kaoji_desktop.gui.grid_delegate import (
    FindDelegate,
    GridDelegate,
    editor_text,
    key_move,
    set_editor_text,
)
from kaoji_desktop.gui.grid_selection import GridSelection
from kaoji_desktop.gui.models import SortProxy, TableModel
from kaoji_desktop.gui.models.table import DEC, INT, editor_choices

# Row heights: one fixed height from the font for every row (resizeRowsToContents
# asks every cell through the Python model: ~100 ms for 200 communities, bench/);
# only rows whose `wrap` column text is wider than the column grow, measured
# with QFontMetrics on that text alone. Past FIT_ROWS_MAX rows (a district's
# 6,000 staff) every row keeps one line: the full text is in the tooltip and
# the breakdown.
ROW_PAD = 7  # pixels above and below a line of text
CELL_MARGIN = 8  # pixels of a cell's width not available to its text
FIT_ROWS_MAX = 500
class GridView(GridFind, GridSelection, QTableView):
    message = Signal(str)

    def __init__(self, model: TableModel, settings_key: str = "",
                 parent: QWidget | None = None, sortable: bool = True) -> None:
        super().__init__(parent)
        self.source = model
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.settings_key = settings_key
        self._restored = False
        self._keep: tuple[int, int] | None = None
        self.max_column_width = 260  # when sizing columns to their contents
        self.empty_text = "（暂无数据）"  # shown in an empty grid
        self.fit_rows = False  # grow rows to show `wrap` columns' text (result pages)
        self._tall: dict[int, int] = {}  # source row -> height, rows taller than default
        self._resetting = False
        self.stretch_text = True  # the last column is text: let it fill the width
        self.delegate = GridDelegate(self)
        self.find_delegate = FindDelegate(self)  # only while the find bar is open
        self.setItemDelegate(self.delegate)
        self.find_state = FindState()
        self._find_bar: FindBar | None = None
        self._refused: str | None = None  # refusal during the commit under way
        self.refusal = ""  # the refusal shown at a cell (until a value is accepted)
        self._tab_run: tuple[int, tuple[int, int]] | None = None  # start column, cell reached
        self._had_focus = False
        self._typing: str | None = None  # an open editor's text across a reset
        self._just_reset = False
        self._stats_shown = False
        self.record_table = ""  # store table whose records are the rows (RecordPage)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(sortable)
        self.horizontalHeader().setSortIndicatorClearable(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(self.fontMetrics().height() + ROW_PAD)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.proxy.rowsInserted.connect(self._rows_shown)
        model.refused.connect(self.show_refusal)
        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._after_reset)
        model.refreshed.connect(self._after_refresh)
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsInserted,
                       self.proxy.rowsRemoved, self.proxy.dataChanged):
            signal.connect(self._matches_stale)
        self.selectionModel().selectionChanged.connect(self._selection_changed)

    # --- refresh ------------------------------------------------------------

    def _remember_current(self) -> None:
        """Before a reset (rows added/removed, other columns): the cell, the
        keyboard focus and an open editor's text, all of which a reset drops."""
        cur = self.currentIndex()
        self._keep = (cur.row(), cur.column()) if cur.isValid() else None
        focus = QApplication.focusWidget()
        in_bar = self._find_bar is not None and focus is not None and \
            (focus is self._find_bar or self._find_bar.isAncestorOf(focus))
        self._had_focus = focus is not None and not in_bar and \
            (focus is self or self.isAncestorOf(focus))
        self._typing = None
        if self.state() == QAbstractItemView.State.EditingState and cur.isValid():
            editor = self.indexWidget(cur)
            if editor is not None:
                self._typing = editor_text(editor)

    def _after_reset(self) -> None:
        self._just_reset = True
        self._resetting = True
        try:
            self._fit_columns()
        finally:
            self._resetting = False
        self._measure_rows()
        if self._keep is not None:
            row, col = self._keep
            row = min(row, self.proxy.rowCount() - 1)
            col = min(col, self.proxy.columnCount() - 1)
            if row >= 0 and col >= 0:
                self.setCurrentIndex(self.proxy.index(row, col))
        if self._had_focus and self.isVisible():
            self.setFocus()
        typing, self._typing = self._typing, None
        current = self.currentIndex()
        if typing is not None and current.isValid() and \
                current.flags() & Qt.ItemFlag.ItemIsEditable:
            self.edit(current)  # what was being typed survives the refresh
            editor = self.indexWidget(current)
            if editor is not None:
                set_editor_text(editor, typing)

    def _after_refresh(self) -> None:
        if self._just_reset:
            self._just_reset = False
            return
        self._measure_rows(reset=False)  # same rows, new texts: heights again

    def _fit_columns(self) -> None:
        """Column widths once (saved ones, or fitted to the first contents)."""
        if not self._restored and self.source.columnCount() > 0:
            self._restored = True
            last = self.source.columns[-1]
            self.stretch_text = not (last.kind in (DEC, INT) or last.places is not None)
            if not self.restore_columns():
                self.resizeColumnsToContents()
                for c in range(self.proxy.columnCount()):
                    if self.columnWidth(c) > self.max_column_width:
                        self.setColumnWidth(c, self.max_column_width)
        self._stretch(measure=False)

    def _wrap_columns(self) -> list[int]:
        if not self.fit_rows or self.source.rowCount() > FIT_ROWS_MAX:
            return []
        return [c for c, col in enumerate(self.source.columns) if col.wrap]

    def _measure_rows(self, reset: bool = True, widths: dict[int, int] | None = None) -> None:
        """Heights for the rows whose wrapped text needs more than one line.
        After a reset every row has the default height; after a column resize
        (`reset` False) rows no longer tall are put back to it."""
        old, self._tall = ({} if reset else self._tall), {}
        columns = self._wrap_columns()
        if not columns:
            return
        metrics = self.fontMetrics()
        default = self.verticalHeader().defaultSectionSize()
        wide = metrics.horizontalAdvance("中")
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        display = self.source.display
        for c in columns:
            width = (widths or {}).get(c, self.columnWidth(c))  # proxy keeps columns
            room = max(width - CELL_MARGIN, wide)
            fits = room // wide  # characters surely on one line
            box = QRect(0, 0, room, 100000)
            for r in range(self.source.rowCount()):
                text = display(r, c)
                if len(text) <= fits or metrics.horizontalAdvance(text) <= room:
                    continue
                height = metrics.boundingRect(box, flags, text).height() + ROW_PAD
                if height > max(default, self._tall.get(r, 0)):
                    self._tall[r] = height
        self._place_tall_rows(r for r in old if r not in self._tall)

    def _place_tall_rows(self, shorter: Iterable[int] = ()) -> None:
        """Tall rows their height, `shorter` (source rows) the default. Rows
        keep their height through sorting (the header moves it with them);
        rows a filter shows again come back at the default: placed again."""
        header = self.verticalHeader()
        default = header.defaultSectionSize()
        for r, height in [*((r, default) for r in shorter), *self._tall.items()]:
            row = self.proxy.mapFromSource(self.source.index(r, 0)).row()
            if row >= 0 and header.sectionSize(row) != height:
                header.resizeSection(row, height)

    def _rows_shown(self, *_: object) -> None:
        if self._tall:
            self._place_tall_rows()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        # a stretched section signals before columnWidth() gives its new width
        if not self._resetting and column in self._wrap_columns():
            self._measure_rows(reset=False, widths={column: new})

    def _stretch(self, measure: bool = True) -> None:
        """A text last column fills the width (numbers stay near their row);
        set again after every reset and show: the header does not redo it.
        Rows are measured again if that changed a wrapped column's width."""
        header = self.horizontalHeader()
        columns = self._wrap_columns()
        before = [self.columnWidth(c) for c in columns]
        quiet, self._resetting = self._resetting, True
        try:
            header.setStretchLastSection(False)
            header.setStretchLastSection(self.stretch_text)
        finally:
            self._resetting = quiet
        if measure and before != [self.columnWidth(c) for c in columns]:
            self._measure_rows(reset=False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._stretch()

    def restore_columns(self) -> bool:
        if not self.settings_key:
            return False
        state = QSettings().value(f"columns/{self.settings_key}")
        return bool(state) and self.horizontalHeader().restoreState(state)

    def save_columns(self) -> None:
        if self.settings_key and self._restored:
            QSettings().setValue(f"columns/{self.settings_key}",
                                 self.horizontalHeader().saveState())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.proxy.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, self.empty_text)
            painter.end()

    # --- messages -----------------------------------------------------------

    def show_refusal(self, text: str) -> None:
        self._refused = text
        if not self.isVisible():  # an editor committed as its page went away
            return
        self.refusal = text
        rect = self.visualRect(self.currentIndex())
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), text, self)
        self.message.emit(text)

    def clear_refusal(self) -> None:
        """Take back a refusal's message (a value was accepted, or another page)."""
        if self.refusal:
            self.refusal = ""
            QToolTip.hideText()
            self.message.emit("")

    def hideEvent(self, event: QHideEvent) -> None:
        self.clear_refusal()
        self._show_stats("")
        super().hideEvent(event)

    # --- editing ------------------------------------------------------------

    def choices_at(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, ...]:
        """The drop-down list of the cell's column (empty: a plain editor)."""
        column = index.column()
        if not 0 <= column < len(self.source.columns):
            return ()
        row = self.proxy.mapToSource(index).row() if index.model() is self.proxy else index.row()
        record = self.source.rows[row] if 0 <= row < len(self.source.rows) else None
        return editor_choices(self.source.columns[column], record)

    def commitData(self, editor: QWidget) -> None:
        self._refused = None
        super().commitData(editor)
        if self._refused is None:
            self.clear_refusal()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.clear_refusal()  # Esc: the refused text is given up, so is its message

    def commit_and_move(self, editor: QWidget, drow: int, dcol: int) -> bool:
        """Tab/Enter in an editor: save its value and move the cursor; a
        refused value keeps the editor open on its cell with the typed text."""
        self.commitData(editor)
        if self._refused is not None:
            editor.setFocus()
            return False
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.setFocus()
        self.step_cursor(drow, dcol)
        return True

    # --- keys ---------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.matches(QKeySequence.StandardKey.Find):
            self.open_find()
            return
        if event.key() == Qt.Key.Key_F3:
            self.find_next(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing:
            self.clear_selection()
            return
        move = key_move(event)
        if move is not None and not editing:
            self.step_cursor(*move)
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Chinese typed over a cell: Qt opens the editor but does not pass it
        the input method's text (only key presses), so the first characters
        were lost; here the editor gets them, overwriting as a key would."""
        current = self.currentIndex()
        if self.state() != QAbstractItemView.State.EditingState and current.isValid() and \
                (event.commitString() or event.preeditString()) and \
                self.edit(current, QAbstractItemView.EditTrigger.AnyKeyPressed, event):
            editor = self.indexWidget(current)
            if editor is not None:
                QApplication.sendEvent(editor, QInputMethodEvent(event))
            return
        super().inputMethodEvent(event)

    def move_current(self, drow: int, dcol: int) -> None:
        cur = self.currentIndex()
        if not cur.isValid():
            return
        row = max(0, min(self.proxy.rowCount() - 1, cur.row() + drow))
        col = max(0, min(self.proxy.columnCount() - 1, cur.column() + dcol))
        self.setCurrentIndex(self.proxy.index(row, col))

    def _input_columns(self) -> list[int]:
        """Columns Tab stops at: those that take input (all, on a result grid)."""
        count = self.proxy.columnCount()
        columns = [c for c in range(count)
                   if self.source.flags(self.source.index(0, c)) & Qt.ItemFlag.ItemIsEditable]
        return columns or list(range(count))

    def step_cursor(self, drow: int, dcol: int) -> None:
        """Tab (dcol ±1): the next (previous) cell that takes input in the row,
        then the next (previous) row's first (last) one; Enter (drow ±1): the
        same column one row down (up), or after a run of Tabs the column the
        run started in. The cursor stays at the table's edges."""
        cur = self.currentIndex()
        if not cur.isValid():
            if self.proxy.rowCount() and self.proxy.columnCount():
                self.setCurrentIndex(self.proxy.index(0, self._input_columns()[0]))
            return
        row, col, rows = cur.row(), cur.column(), self.proxy.rowCount()
        run = self._tab_run if self._tab_run and self._tab_run[1] == (row, col) else None
        self._tab_run = None
        if dcol:
            columns = self._input_columns()
            start = run[0] if run else col
            if dcol > 0:
                later = [c for c in columns if c > col]
                target = (row, later[0]) if later else \
                    ((row + 1, columns[0]) if row + 1 < rows else (row, col))
            else:
                earlier = [c for c in columns if c < col]
                target = (row, earlier[-1]) if earlier else \
                    ((row - 1, columns[-1]) if row > 0 else (row, col))
            if target[0] != row:
                start = target[1]
            self._tab_run = (start, target)
        else:
            col = run[0] if run and drow > 0 else col
            target = (max(0, min(rows - 1, row + drow)), col)
        index = self.proxy.index(*target)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._find_bar is not None and self._find_bar.isVisible():
            self._find_bar.place()


