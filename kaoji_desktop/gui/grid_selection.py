"""What a grid does with its selection: copy (whole rows with the header
row), paste a block from Excel/WPS (all or nothing), clear, and the 计数/求和/
平均 of the selected numbers in the window's status bar.

`GridSelection` is the selection half of `GridView` (gui/grid.py), kept in a
module of its own; it uses the grid's `proxy`, `source` and refusal messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow

from kaoji_desktop.gui.models import Refused
from kaoji_desktop.gui.models.table import SORT_ROLE
from kaoji_desktop.store import TABLE, Change


def parse_clipboard(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel/WPS put them on the clipboard."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.removesuffix("\n")
    return [line.split("\t") for line in text.split("\n")]


# a header's full-marks suffix, "监察(5分)": Excel sheets often head the column "监察"
_MARKS_SUFFIX = re.compile(r"[(（][^()（）]*分[)）]$")


def is_header_row(row: list[str], headers: list[str]) -> bool:
    """A pasted first row that names the columns it lands on (with or without
    their "(…分)" suffix) is a header row, not values."""
    while row and not row[-1].strip():  # a trailing tab
        row = row[:-1]
    if not row or len(row) > len(headers):
        return False
    return all(v.strip() in (h, _MARKS_SUFFIX.sub("", h).strip())
               for v, h in zip(row, headers[:len(row)], strict=True))


def same_number(text: str, shown: str) -> bool:
    """"96.10" pasted over a cell holding 96.1: the same number."""
    try:
        return Decimal(text) == Decimal(shown)
    except (InvalidOperation, ValueError):
        return False


STATS_LABEL = "selectionStats"  # the status-bar label of 计数/求和/平均


def is_number(value: object) -> bool:
    return isinstance(value, (Decimal, int)) and not isinstance(value, bool)


def selection_stats(values: Iterable[object]) -> str:
    """计数/求和/平均 of the numbers among `values` ("" for none)."""
    numbers = [Decimal(v) for v in values if is_number(v)]  # type: ignore[arg-type]
    if not numbers:
        return ""
    total = sum(numbers, Decimal(0))
    mean = (total / len(numbers)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"计数：{len(numbers)}　求和：{format(total, 'f')}　平均：{format(mean, 'f')}"


def trim_overflow(block: list[list[str]], rows: int, columns: int) -> list[list[str]]:
    """Drop the blank cells a block has beyond the grid (a trailing tab, a blank
    last line from Excel or WPS); cells with values beyond it stay (and refuse)."""
    while len(block) > max(rows, 1) and not any(v.strip() for v in block[-1]):
        block = block[:-1]
    return [row[:columns] if not any(v.strip() for v in row[columns:]) else row
            for row in block]


def merge_changes(changes: list[Change], keep_rows: str = "") -> list[Change]:
    """One change per row: cells of the same row are merged. A score row whose
    every value is cleared is deleted rather than kept empty, except in the
    table `keep_rows` (a grid whose rows are that table's records) and in the
    lists the clerk keeps in order (社区, 条线, 人员, 个性项目…): there cells are
    emptied, and a row goes only through 删除所选行, which deletes its dependent
    rows too (the file's cascade would be lost to undo and 操作记录)."""
    merged: dict[tuple[str, tuple[object, ...]], Change] = {}
    for ch in changes:
        key = (ch.table, tuple(ch.key))
        old = merged.get(key)
        if old is not None and old.values is not None and ch.values is not None:
            ch = Change(ch.table, ch.key, {**old.values, **ch.values})
        merged[key] = ch
    out = []
    for ch in merged.values():
        table = TABLE.get(ch.table)
        if ch.values is not None and table is not None and table.value_columns and \
                ch.table != keep_rows and not table.ordered and \
                set(table.value_columns) <= set(ch.values) and \
                all(v is None for v in ch.values.values()):
            ch = Change(ch.table, ch.key, None)
        out.append(ch)
    return out


class GridSelection:
    """Mixed into GridView: its clipboard and selection statistics."""

    def _selection_changed(self, *_: object) -> None:
        if not self.isVisible():  # a hidden page, or the window going away
            return
        indexes = self.selectedIndexes()
        # the numbers as shown (5.40 stays two places in the sum)
        text = selection_stats(Decimal(i.data()) for i in indexes if is_number(i.data(SORT_ROLE))
                               ) if len(indexes) > 1 else ""
        self._show_stats(text)

    def _show_stats(self, text: str) -> None:
        if not text and not self._stats_shown:
            return
        window = self.window()
        if not isinstance(window, QMainWindow):
            return
        bar = window.statusBar()
        label = bar.findChild(QLabel, STATS_LABEL)
        if label is None:
            label = QLabel(bar)
            label.setObjectName(STATS_LABEL)
            label.setContentsMargins(12, 0, 6, 0)
            bar.addPermanentWidget(label)
        label.setText(text)
        self._stats_shown = bool(text)

    # --- clipboard ----------------------------------------------------------

    def _selected_rect(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectedIndexes() or (
            [self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def header_text(self, column: int) -> str:
        return str(self.proxy.headerData(column, Qt.Orientation.Horizontal) or "").replace(
            "\n", "")

    def whole_rows(self) -> list[int]:
        """The selected rows when the selection is whole rows (else [])."""
        model = self.selectionModel()
        rows = sorted({i.row() for i in self.selectedIndexes()})
        if rows and all(model.isRowSelected(r, QModelIndex()) for r in rows):
            return rows
        return []

    def copy(self) -> None:
        """The selection as tab-separated text; whole rows (or the whole
        table) come with the header row, as Excel/WPS users expect."""
        rows = self.whole_rows()
        if rows:
            columns = range(self.proxy.columnCount())
            lines = ["\t".join(self.header_text(c) for c in columns)]
        else:
            rect = self._selected_rect()
            if rect is None:
                return
            top, left, bottom, right = rect
            rows, columns, lines = list(range(top, bottom + 1)), range(left, right + 1), []
        for r in rows:
            lines.append("\t".join(str(self.proxy.index(r, c).data() or "") for c in columns))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")

    def paste(self, text: str | None = None) -> bool:
        """Paste a tab-separated block at the selection; all or nothing."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        rect = self._selected_rect()
        if not text or rect is None:
            return False
        block = parse_clipboard(text)
        top, left, bottom, right = rect
        headers = [self.header_text(c) for c in range(left, self.proxy.columnCount())]
        if len(block) > 1 and is_header_row(block[0], headers):
            block = block[1:]  # rows copied with their header row (copy above, Excel)
        if len(block) == 1 and len(block[0]) == 1:  # one value fills the selection
            block = [[block[0][0]] * (right - left + 1) for _ in range(bottom - top + 1)]
        block = trim_overflow(block, self.proxy.rowCount() - top,
                              self.proxy.columnCount() - left)
        if top + len(block) > self.proxy.rowCount() or \
                left + max(len(r) for r in block) > self.proxy.columnCount():
            width = max(len(r) for r in block)
            self.show_refusal(f"粘贴的区域超出了表格范围（复制了{len(block)}行×{width}列，"
                              f"从所选格到表格边缘只有{self.proxy.rowCount() - top}行×"
                              f"{self.proxy.columnCount() - left}列），未作任何修改")
            return False
        cells = [(self.proxy.index(top + i, left + j), value)
                 for i, row in enumerate(block) for j, value in enumerate(row)]
        return self._put(cells, "粘贴")

    def clear_selection(self) -> bool:
        """Delete: empty the selected cells (never their rows); a cell that may
        not be empty refuses, and then no cell is cleared."""
        cells = [(i, "") for i in self.selectedIndexes()
                 if i.flags() & Qt.ItemFlag.ItemIsEditable and i.data(Qt.ItemDataRole.EditRole)]
        return self._put(cells, "录入") if cells else False

    def _put(self, cells: list[tuple[QModelIndex, str]], source: str) -> bool:
        changes = []
        try:
            for index, value in cells:
                source_index = self.proxy.mapToSource(index)
                text = value.strip()
                held = source_index.data(Qt.ItemDataRole.EditRole)
                if text in (held, index.data()) or (is_number(index.data(SORT_ROLE)) and
                                                    same_number(text, held)):
                    continue  # what the cell holds already (as shown, or the same number)
                if not value.strip() and not index.flags() & Qt.ItemFlag.ItemIsEditable:
                    continue  # a blank over a computed cell (copied with the block)
                changes.extend(self.source.changes_for(source_index, value))
        except Refused as exc:
            if source == "粘贴":
                text = f"{exc}（整块未粘贴）"
            else:
                text = f"{exc}（{'所选格均' if len(cells) > 1 else ''}未清除" + (
                    "；删除整行请用“删除所选行”）" if self.record_table else "）")
            self.show_refusal(text)
            return False
        changes = merge_changes(changes, self.record_table)
        done = self.source.apply(changes, source) if changes else False
        if done:
            self.clear_refusal()
        return done
