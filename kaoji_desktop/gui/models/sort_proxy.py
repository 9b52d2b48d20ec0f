"""The one sort/filter proxy of every table: numbers sort as numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)

from kaoji_desktop.gui.models.table import FILTER_ROLE, SORT_ROLE, filter_key

Index = QModelIndex | QPersistentModelIndex


def sort_key(value: Any) -> tuple[int, Any]:
    """Numbers before text; empty cells last (in ascending order)."""
    if value is None or value == "":
        return (2, 0)
    if isinstance(value, bool):
        return (0, Decimal(int(value)))
    if isinstance(value, (int, float, Decimal)):
        return (0, Decimal(str(value)) if isinstance(value, float) else Decimal(value))
    return (1, str(value))


class SortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE (raw Decimal/int/str) and filters on exact cell text.

    Filtering is Qt's own (no Python `filterAcceptsRow`: called for each of a
    district's 6,000 staff rows on every refresh it cost ~10 ms, bench/): the
    source model's FILTER_ROLE gives a row's key made of the filtered columns'
    text (`filter_columns`), matched whole by a regular expression. Without a
    filter the expression is empty and Qt accepts every row by itself."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(0)
        self._filters: dict[int, str] = {}

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Row numbers count the rows shown, after filtering and sorting (as in
        # a spreadsheet), not the rows of the source model. (The table model
        # has nothing else for row headers: no call through to it.)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def lessThan(self, left: Index, right: Index) -> bool:
        return sort_key(left.data(SORT_ROLE)) < sort_key(right.data(SORT_ROLE))

    def set_filter(self, column: int, text: str | None) -> None:
        """Show only rows whose `column` displays `text` (None: no filter)."""
        if self._filters.get(column) == text:
            return  # unchanged: re-filtering 6,000 staff rows costs ~10 ms (bench/)
        if text is None:
            self._filters.pop(column, None)
        else:
            self._filters[column] = text
        columns = tuple(sorted(self._filters))
        source = self.sourceModel()
        if source is not None:
            source.filter_columns = columns
        key = filter_key((c, self._filters[c]) for c in columns)
        pattern = f"^{QRegularExpression.escape(key)}$" if columns else ""
        self.beginFilterChange()
        self.setFilterRegularExpression(pattern)
        self.endFilterChange()

