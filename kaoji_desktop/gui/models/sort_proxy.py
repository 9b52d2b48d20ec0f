"""The one sort/filter proxy of every table: numbers sort as numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from kaoji_desktop.gui.models.table import SORT_ROLE

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
    """Sorts by SORT_ROLE (raw Decimal/int/str) and filters on exact cell text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._filters: dict[int, str] = {}

    def lessThan(self, left: Index, right: Index) -> bool:
        return sort_key(left.data(SORT_ROLE)) < sort_key(right.data(SORT_ROLE))

    def set_filter(self, column: int, text: str | None) -> None:
        """Show only rows whose `column` displays `text` (None: no filter)."""
        if self._filters.get(column) == text:
            return  # unchanged: re-filtering 6,000 staff rows costs ~50 ms (bench/)
        if text is None:
            self._filters.pop(column, None)
        else:
            self._filters[column] = text
        self.beginFilterChange()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        for column, text in self._filters.items():
            if model.index(source_row, column, source_parent).data() != text:
                return False
        return True
