"""查找 on a grid (Ctrl+F): a small bar over the grid's top-right corner.

Enter / F3 go to the next match, Shift+Enter / Shift+F3 to the previous one,
Esc closes the bar and gives the grid back the keyboard. Every matching cell
is highlighted (the grid's delegate paints them); the match count is shown.
Matching is on the shown text, case-insensitive, in the grid's current
(sorted, filtered) order, row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton

if TYPE_CHECKING:
    from kaoji_desktop.gui.grid import GridView


@dataclass
class FindState:
    text: str = ""  # casefolded; "" = no highlighting
    current: tuple[int, int] | None = None  # proxy (row, column) of the current match
    matches: list[tuple[int, int]] | None = field(default=None)  # None: not yet scanned


def find_matches(grid: GridView, text: str) -> list[tuple[int, int]]:
    """Proxy (row, column) of every cell whose shown text contains `text`."""
    proxy = grid.proxy
    out = []
    if not text:
        return out
    for r in range(proxy.rowCount()):
        for c in range(proxy.columnCount()):
            if grid.isColumnHidden(c):
                continue
            shown = proxy.index(r, c).data()
            if shown and text in str(shown).casefold():
                out.append((r, c))
    return out


def step(matches: list[tuple[int, int]], here: tuple[int, int], forward: bool
         ) -> tuple[int, int] | None:
    """The match after (or before) `here`, wrapping around."""
    if not matches:
        return None
    if forward:
        return next((m for m in matches if m > here), matches[0])
    return next((m for m in reversed(matches) if m < here), matches[-1])


class FindBar(QFrame):
    def __init__(self, grid: GridView) -> None:
        super().__init__(grid)
        self.grid = grid
        self.setObjectName("findBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 3, 3)
        row.setSpacing(4)
        row.addWidget(QLabel("查找："))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("输入要查找的内容")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(160)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.installEventFilter(self)
        row.addWidget(self.edit)
        self.count = QLabel()
        self.count.setMinimumWidth(70)
        row.addWidget(self.count)
        for text, tip, slot in (("↑", "上一个（Shift+F3）", lambda: self.go(False)),
                                ("↓", "下一个（F3）", lambda: self.go(True)),
                                ("×", "关闭（Esc）", self.close_bar)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.hide()

    def place(self) -> None:
        """Top-right corner of the grid's cells (called on show and resize)."""
        self.adjustSize()
        area = self.grid.viewport().geometry()
        self.move(max(area.left(), area.right() - self.width() - 4), area.top() + 4)

    def open(self) -> None:
        self.show()
        self.raise_()
        self.place()
        self.edit.setFocus()
        self.edit.selectAll()
        self.grid.highlight_matches(True)
        self._text_changed(self.edit.text())

    def close_bar(self) -> None:
        # focus first: hiding the focused line edit makes Qt call the grid's
        # focusNextPrevChild, which is Tab there (the cursor went one cell right)
        self.grid.setFocus()
        self.hide()
        state = self.grid.find_state
        state.current, state.matches = None, None  # the text stays for F3
        self.grid.highlight_matches(False)

    def _text_changed(self, text: str) -> None:
        state = self.grid.find_state
        state.text = text.strip().casefold()
        state.matches = None
        state.current = None
        if state.text:
            self.go(True, from_current=True)
        self.update_count()
        self.grid.viewport().update()

    def update_count(self) -> None:
        state = self.grid.find_state
        if not state.text:
            self.count.setText("")
            return
        matches = self.grid.find_matches()
        if not matches:
            self.count.setText("无匹配")
            self.count.setStyleSheet("color: #b00020;")
            return
        self.count.setStyleSheet("")
        at = matches.index(state.current) + 1 if state.current in matches else 0
        self.count.setText(f"{at}/{len(matches)} 处" if at else f"共 {len(matches)} 处")

    def go(self, forward: bool, from_current: bool = False) -> bool:
        """Move the grid's cursor to the next (previous) match; False if none."""
        found = self.grid.find_next(forward, from_current)
        self.update_count()
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and \
                event.type() == QEvent.Type.KeyPress:
            key = event
            shift = bool(key.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                self.go(not shift)
                return True
            if key.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)


class GridFind:
    """Mixed into GridView (gui/grid.py): Ctrl+F, F3/Shift+F3 on its cells."""

    def open_find(self) -> FindBar:
        if self._find_bar is None:
            self._find_bar = FindBar(self)
        self._find_bar.open()
        return self._find_bar

    def highlight_matches(self, on: bool) -> None:
        """Paint the find matches (the find bar is open) or not."""
        delegate = self.find_delegate if on else self.delegate
        if self.itemDelegate() is not delegate:
            self.setItemDelegate(delegate)
        self.viewport().update()

    def find_matches(self) -> list[tuple[int, int]]:
        state = self.find_state
        if state.matches is None:
            state.matches = find_matches(self, state.text)
        return state.matches

    def _matches_stale(self, *_: object) -> None:
        self.find_state.matches = None

    def find_next(self, forward: bool = True, from_current: bool = False) -> bool:
        """Cursor to the next (previous) cell matching the find text; F3."""
        state = self.find_state
        if not state.text:
            if self._find_bar is None or not self._find_bar.isVisible():
                self.open_find()
            return False
        matches = self.find_matches()
        cur = self.currentIndex()
        here = (cur.row(), cur.column()) if cur.isValid() else (-1, -1)
        target = here if from_current and here in matches else step(matches, here, forward)
        self.viewport().update()
        if target is None:
            state.current = None
            return False
        state.current = target
        index = self.proxy.index(*target)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        if self._find_bar is not None and self._find_bar.isVisible():
            self._find_bar.update_count()
        return True
