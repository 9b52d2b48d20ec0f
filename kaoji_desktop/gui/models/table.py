"""One generic table model for every grid: entry pages and result pages.

A page declares its columns once as `Column` data (header, how to read the
raw value, how to turn an accepted value into store `Change`s, kind, range)
and gives a `build()` returning the rows and columns from the controller's
current data/result. The model formats, validates and refuses; it never
computes a score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from kaoji_desktop.core.values import NAME_MAX, PLACES_HINT, BadValue, check_places, number_text
from kaoji_desktop.store import TABLE, Change

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
FILTER_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # a row's key for SortProxy's filter
# Roles and flags as plain ints/objects made once: data() runs for every
# painted cell, and or-ing Qt flag enums in Python costs an Enum call each time.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable
Index = QModelIndex | QPersistentModelIndex
Row = Any
Edit = Callable[[Row, Any], "Change | Sequence[Change]"]

DEC, INT, TEXT, BOOL, CHOICE = "dec", "int", "text", "bool", "choice"
TEXT_MAX = NAME_MAX  # characters in a typed name or note (reports lay out one line)


class Refused(ValueError):
    """A value refused at the cell; the message is Chinese, for the clerk."""


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Row], Any]
    edit: Edit | None = None  # accepted value (None = cleared) -> changes
    kind: str = TEXT
    bounds: Callable[[Row], tuple[Decimal, Decimal]] | None = None
    choices: tuple[str, ...] = ()
    required: bool = False  # may not be cleared
    blank: str = ""  # the refusal of a cleared required cell (default: “header”不能为空)
    places: int | None = None  # decimals shown; None = as entered
    tip: Callable[[Row], str] | None = None
    color: Callable[[Row], str | None] | None = None  # background colour name
    bold: Callable[[Row], bool] | None = None
    wrap: bool = False  # long text: the grid makes its rows taller to show it all
    row_choices: Callable[[Row], tuple[str, ...]] | None = None  # a drop-down per row


def declared(table: str, field: str, **override: Any) -> dict[str, Any]:
    """A record page's field as declared in `store/schema.py` (header, kind,
    choices, bounds), for `FieldSpec(**declared(...))`; `override` wins."""
    col = TABLE[table].col(field)
    assert col is not None, (table, field)
    kind = CHOICE if col.choices and col.kind == TEXT else col.kind
    spec: dict[str, Any] = {"field": field, "header": col.header, "kind": kind,
                            "choices": col.choices}
    low = Decimal(0) if col.low is None else col.low
    if col.high_rule:
        spec["rule_max"] = col.high_rule
    elif col.high_of:
        spec["bounds"] = lambda row, of=col.high_of: (low, getattr(row, of))
    elif col.high is not None:
        spec["bounds"] = lambda _row, high=col.high: (low, high)
    return spec | override


def declared_defaults(table: str, **extra: Any) -> dict[str, Any]:
    """The values a new row of a record page starts with: the declared
    defaults of blank workbook cells (so both routes agree), then `extra`."""
    t = TABLE[table]
    return {c.name: c.default for c in t.cols
            if c.default is not None and c.name not in t.keys} | extra


def filter_key(cells: Iterable[tuple[int, str]]) -> str:
    """A row's key for filtering from its (column, shown text) pairs."""
    return "\x1f".join(f"{c}={text}" for c, text in cells)


def fmt(value: Any, places: int | None = None) -> str:
    """How a raw value is shown in a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if places is not None:
            return f"{value:.{places}f}"
        text = format(value.normalize(), "f")
        return text
    return str(value)


def cell_text(column: Column, value: Any) -> str:
    """A cell's text: a yes/no column with two choices shows them (有/无)."""
    if isinstance(value, bool) and column.kind == BOOL and len(column.choices) == 2:
        return column.choices[0 if value else 1]
    return fmt(value, column.places)


def editor_choices(column: Column, row: Row = None) -> tuple[str, ...]:
    """The drop-down list of an enumerated column (typing stays allowed)."""
    if column.row_choices is not None and row is not None:
        return column.row_choices(row)
    if column.choices:
        return column.choices
    return ("是", "否") if column.kind == BOOL else ()


def parse(column: Column, row: Row, text: str) -> Any:
    """Text typed or pasted into a cell -> value, or raise `Refused`."""
    text = text.strip()
    name = column.header.replace("\n", "")
    if text == "":
        if column.required:
            raise Refused(column.blank or f"“{name}”不能为空")
        return None
    if column.kind == TEXT:
        if len(text) > TEXT_MAX:
            raise Refused(f"“{name}”过长（{len(text)}个字），最多{TEXT_MAX}个字")
        return text
    if column.kind == BOOL:
        if text in ("是", "有", "1", "√", "true", "True"):
            return True
        if text in ("否", "无", "0", "×", "false", "False"):
            return False
        raise Refused(f"“{name}”请填“是”或“否”（或“有”/“无”），不能是“{text}”")
    if column.kind == CHOICE:
        if text not in column.choices:
            raise Refused(f"“{name}”须为 {'、'.join(column.choices)} 之一，"
                          f"不能是“{text}”")
        return text
    try:
        number = number_text(text)
    except BadValue as exc:
        hint = f"（{exc.hint}）" if exc.hint else ""
        raise Refused(f"“{name}”须为数字，“{text}”不是数字{hint}") from None
    try:
        check_places(number, text)
    except BadValue:
        raise Refused(f"“{name}”{PLACES_HINT}，“{text}”的小数位过多") from None
    if column.kind == INT:
        if number != number.to_integral_value():
            raise Refused(f"“{name}”须为整数，不能是“{text}”")
        number = int(number)
    if column.bounds is not None:
        low, high = column.bounds(row)
        if not low <= number <= high:
            raise Refused(f"“{name}”应在 {fmt(low)} 到 {fmt(high)} 之间，"
                          f"“{text}”超出范围")
    return number


_BRUSHES: dict[str, QBrush] = {}
_BOLD: list[QFont] = []


def _brush(name: str) -> QBrush:
    brush = _BRUSHES.get(name)
    if brush is None:
        brush = _BRUSHES[name] = QBrush(QColor(name))
    return brush


def _bold_font() -> QFont:
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


class TableModel(QAbstractTableModel):
    """Rows and columns from `build()`; edits go to `apply(changes, source)`.

    `refused(str)` carries the Chinese message of a value refused at the cell.
    `row_label(row)` names a row in messages (e.g. the community).
    """

    refused = Signal(str)
    refreshed = Signal()  # after every refresh (a reset, or all cells changed)

    def __init__(self, build: Callable[[], tuple[Sequence[Row], Sequence[Column]]],
                 apply: Callable[[list[Change], str], bool] | None = None,
                 row_label: Callable[[Row], str] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._build = build
        self._apply = apply
        self._row_label = row_label
        self.rows: list[Row] = []
        self.columns: list[Column] = []
        self._width = 0
        self._cells: list[tuple[str, int] | None] = []
        self._flags: list[Qt.ItemFlag] = []
        self.filter_columns: tuple[int, ...] = ()  # set by SortProxy.set_filter
        self._committing = False

    def refresh(self) -> None:
        """Re-read rows and columns. Called while a view commits an edit, the
        refresh waits for the next event-loop turn: resetting under the editor
        that is being closed crashes Qt.

        When the table keeps its shape (same number of rows, same column
        headers: every edit of a value) the cells are announced as changed
        instead of resetting the model. A reset closes the view's editor and
        drops its current cell, selection and keyboard focus: after Tab the
        next cell's editor vanished and what the clerk typed next went nowhere.
        `refreshed` follows either way."""
        if self._committing:
            QTimer.singleShot(0, self.refresh)
            return
        rows, columns = self._build()
        rows, columns = list(rows), list(columns)
        same = bool(self.columns) and len(rows) == len(self.rows) and \
            [c.header for c in columns] == [c.header for c in self.columns]
        if not same:
            self.beginResetModel()
        self.rows, self.columns = rows, columns
        self._width = len(self.columns)
        # display text and alignment per cell, made when a cell is first asked
        # for (only the painted cells and filtered columns), once per refresh
        self._cells: list[tuple[str, int] | None] = [None] * (len(self.rows) * self._width)
        self._flags = [_EDITABLE if self._apply is not None and c.edit is not None
                       else _READ_ONLY for c in self.columns]
        if not same:
            self.endResetModel()
        elif self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, self._width - 1))
        self.refreshed.emit()

    # --- read ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def _cell(self, r: int, c: int) -> tuple[str, int]:
        at = r * self._width + c
        cell = self._cells[at]
        if cell is None:
            col = self.columns[c]
            value = col.value(self.rows[r])
            numeric = col.kind in (DEC, INT) or (isinstance(value, (Decimal, int))
                                                 and not isinstance(value, bool))
            cell = self._cells[at] = (cell_text(col, value), _RIGHT if numeric else _LEFT)
        return cell

    def display(self, r: int, c: int) -> str:
        """The text cell (r, c) shows (for filters and row heights); "" outside."""
        if not (0 <= r < len(self.rows) and 0 <= c < self._width):
            return ""
        return self._cell(r, c)[0]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        role = int(role)
        if role == _DISPLAY:
            return self._cell(index.row(), index.column())[0]
        if role == _ALIGN:
            return self._cell(index.row(), index.column())[1]
        if role == _EDIT:
            col = self.columns[index.column()]
            value = col.value(self.rows[index.row()])
            return cell_text(col, value) if isinstance(value, bool) else fmt(value)
        if role == SORT_ROLE:
            return self.columns[index.column()].value(self.rows[index.row()])
        if role == _TIP:
            col = self.columns[index.column()]
            return (col.tip(self.rows[index.row()]) or None) if col.tip is not None else None
        if role == _BACKGROUND:
            col = self.columns[index.column()]
            if col.color is None:
                return None
            name = col.color(self.rows[index.row()])
            return _brush(name) if name else None
        if role == _FONT:
            col = self.columns[index.column()]
            if col.bold is not None and col.bold(self.rows[index.row()]):
                return _bold_font()
        elif role == FILTER_ROLE:
            r = index.row()
            return filter_key((c, self.display(r, c)) for c in self.filter_columns)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].header
            return None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._flags[index.column()]

    # --- write --------------------------------------------------------------

    def changes_for(self, index: Index, text: str) -> list[Change]:
        """The changes that putting `text` into a cell means, or raise `Refused`."""
        row, col = self.rows[index.row()], self.columns[index.column()]
        if col.edit is None or self._apply is None:
            name = col.header.replace("\n", "")
            raise Refused(f"{self._where(row, col)}“{name}”不能修改")
        try:
            value = parse(col, row, text)
            out = col.edit(row, value)
        except Refused as exc:
            raise Refused(self._where(row, col) + str(exc)) from None
        return [out] if isinstance(out, Change) else list(out)

    def _where(self, row: Row, col: Column) -> str:
        label = self._row_label(row) if self._row_label else ""
        return f"{label}：" if label else ""

    def apply(self, changes: list[Change], source: str) -> bool:
        """Save through the page's path; a `Refused` from it (the file refused
        the change: read-only, issued year…) is a refusal at the cell."""
        if not changes or self._apply is None:
            return False
        try:
            return bool(self._apply(changes, source))
        except Refused as exc:
            self.refused.emit(str(exc))
            return False

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if str(value if value is not None else "") == self.data(index, Qt.ItemDataRole.EditRole):
            return False  # unchanged: nothing to save or undo
        try:
            changes = self.changes_for(index, "" if value is None else str(value))
        except Refused as exc:
            self.refused.emit(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - raised into Qt's editor code it would crash
            # e.g. an editor left open in a window whose year file was closed
            self.refused.emit(f"未保存：{exc or type(exc).__name__}")
            return False
        self._committing = True
        try:
            return self.apply(changes, "录入")
        finally:
            self._committing = False
