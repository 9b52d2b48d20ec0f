"""The grid's cell delegate: spreadsheet keys inside an editor, drop-down
editors for enumerated columns, find matches highlighted.

Qt's own delegate closes the editor on Tab/Enter whatever the model said, and
on Tab opens an editor on the next cell that the model refresh after the edit
then destroyed (the focus fell to nothing). Here Tab, Shift+Tab, Enter and
Shift+Enter ask the grid to commit: a refused value keeps the editor open on
its cell, holding what was typed; an accepted one closes it and the cursor
moves on (no editor is opened ahead: typing opens one, overwriting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

if TYPE_CHECKING:
    from kaoji_desktop.gui.grid import GridView

Index = QModelIndex | QPersistentModelIndex
MATCH_BRUSH = QBrush(QColor("#fff1a8"))  # every cell matching the find text
CURRENT_MATCH_BRUSH = QBrush(QColor("#ffc53d"))
FILLED = "kaojiFilled"  # editor property: the cell's value was put in once

# key -> (rows, columns) the cursor moves after a committed value
_MOVES = {
    (Qt.Key.Key_Tab, False): (0, 1), (Qt.Key.Key_Backtab, False): (0, -1),
    (Qt.Key.Key_Backtab, True): (0, -1), (Qt.Key.Key_Tab, True): (0, -1),
    (Qt.Key.Key_Return, False): (1, 0), (Qt.Key.Key_Enter, False): (1, 0),
    (Qt.Key.Key_Return, True): (-1, 0), (Qt.Key.Key_Enter, True): (-1, 0),
}


def key_move(event: QKeyEvent) -> tuple[int, int] | None:
    """The cursor move a Tab/Shift+Tab/Enter/Shift+Enter key means, else None."""
    mods = event.modifiers()
    if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return None
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    return _MOVES.get((Qt.Key(event.key()), shift))


def editor_text(editor: QWidget) -> str:
    if isinstance(editor, QComboBox):
        return editor.currentText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    value = editor.property(editor.metaObject().userProperty().name())
    return "" if value is None else str(value)


def set_editor_text(editor: QWidget, text: str) -> None:
    """Put typed text back into an editor, the cursor after it (no selection)."""
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
    if isinstance(line, QLineEdit):
        line.setText(text)
        line.deselect()
        line.setCursorPosition(len(text))


class GridDelegate(QStyledItemDelegate):
    def __init__(self, grid: GridView) -> None:
        super().__init__(grid)
        self.grid = grid

    # --- editors ------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        choices = self.grid.choices_at(index)
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setEditable(True)  # still typed into: 通 completes to 通过
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(choices))
        combo.setMaxVisibleItems(min(len(choices), 20))
        completer = QCompleter(list(choices), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        combo.setCompleter(completer)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        # Once only: Qt 6 fills open editors again on every dataChanged, and
        # the refresh after an edit announces every cell changed - that threw
        # away what was being typed into the next cell.
        if editor.property(FILLED):
            return
        editor.setProperty(FILLED, True)
        if isinstance(editor, QComboBox):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            editor.setCurrentText(str(text))
            if editor.lineEdit() is not None:
                editor.lineEdit().selectAll()  # typing overwrites, as in a plain cell
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QWidget):
            move = key_move(event)  # type: ignore[arg-type]
            popup = isinstance(watched, QComboBox) and watched.view().isVisible()
            if move is not None and not popup:
                self.grid.commit_and_move(watched, *move)
                return True
        return super().eventFilter(watched, event)


class FindDelegate(GridDelegate):
    """The grid's delegate while its find bar is open: paints the matches.
    Kept apart because a Python initStyleOption runs for every painted cell
    (it made the refresh after an edit several times slower, bench/)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        state = self.grid.find_state
        if state.text and state.text in (option.text or "").casefold():
            current = state.current is not None and \
                state.current == (index.row(), index.column())
            option.backgroundBrush = CURRENT_MATCH_BRUSH if current else MATCH_BRUSH
