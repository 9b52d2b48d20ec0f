"""The department's values in memory, shown through the main window's grid.

`DepartmentEntry` plays the controller's part for one task package: the grid
model reads its values and sends `Change`s to `apply`, which checks that each
cell belongs to the package and keeps an undo stack. Nothing touches a year
file here; saving writes a return (.kjret).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from kaoji_desktop.core.quotas import largest_remainder
from kaoji_desktop.core.staff_inputs import band
from kaoji_desktop.exchange.packages.model import Key, TaskPackage, fmt_value
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import DEC
from kaoji_desktop.gui.undo import ApplyCommand
from kaoji_desktop.store import Change

BAND_COLORS = {"优秀": "#d6efd0", "不合格": "#f8c9c4"}
INPUT_COLOR = "#fff8dc"


def wrap(text: str, width: int = 7) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


class DepartmentEntry(QObject):
    changed = Signal()

    def __init__(self, pkg: TaskPackage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pkg = pkg
        self.values: dict[Key, Decimal | None] = dict(pkg.values)
        self.undo_stack = QUndoStack(self)
        self.dirty = False

    # --- edits (the grid's path) ---------------------------------------------

    def apply(self, changes: Sequence[Change], source: str = "录入") -> bool:
        inverse = self._apply_raw(changes, source)
        if inverse is None:
            return False
        self.undo_stack.push(ApplyCommand(f"{source} {len(changes)} 处", changes, inverse,
                                          self._apply_raw))
        return True

    def _apply_raw(self, changes: Sequence[Change], _source: str) -> list[Change] | None:
        keys = [(ch.table, tuple(ch.key)) for ch in changes]
        if any(k not in self.values for k in keys):
            return None
        inverse = []
        for ch, key in zip(changes, keys):
            old = self.values[key]
            inverse.append(Change(ch.table, ch.key, None if old is None else {"score": old}))
            self.values[key] = None if ch.values is None else Decimal(ch.values["score"])
        inverse.reverse()
        self.dirty = True
        self.changed.emit()
        return inverse

    def load(self, values: dict[Key, Decimal | None]) -> None:
        """Take values from an earlier return of this package (resume)."""
        self.values.update({k: v for k, v in values.items() if k in self.values})
        self.undo_stack.clear()
        self.dirty = False
        self.changed.emit()

    # --- what the window shows ------------------------------------------------

    @property
    def filled(self) -> int:
        return sum(v is not None for v in self.values.values())

    def person_l(self, person: str) -> Decimal | None:
        """The person's L from this department: mean of its lines entered."""
        got = [v for x in self.pkg.lines
               if (v := self.values.get(self.pkg.cell_key(person, x.name))) is not None]
        return sum(got, Decimal(0)) / len(got) if got else None

    def bands(self) -> dict[str, str]:
        out = {}
        for s in self.pkg.staff:
            value = self.person_l(s.person)
            if value is not None:
                out[s.person] = band(value, self.pkg.l_bands) or ""
        return out

    def proportion_text(self) -> str:
        """3:5:2 guidance over the people scored so far."""
        counts = list(self.bands().values())
        n = len(counts)
        if n == 0:
            return "尚未评分。评分时请按 3:5:2 的比例评定优秀、良好、合格。"
        quotas = largest_remainder(n, self.pkg.staff_ratio)
        have = [counts.count(b) for b in ("优秀", "良好", "合格", "不合格")]
        ok = have[0] <= quotas[0] and have[0] + have[1] <= quotas[0] + quotas[1]
        verdict = "符合 3:5:2 比例" if ok else "不符合 3:5:2 比例，请调整（仅提示，不影响保存）"
        return (f"已评 {n} 人：优秀 {have[0]}、良好 {have[1]}、合格 {have[2]}、不合格 {have[3]}。"
                f"按 3:5:2 建议：优秀 {quotas[0]}、良好 {quotas[1]}、合格 {quotas[2]}。{verdict}")

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        pkg = self.pkg

        def column(line_name: str, top: Decimal) -> Column:
            def edit(row: str, value: Any) -> Change:
                table, key = pkg.cell_key(row, line_name)
                return Change(table, key, None if value is None else {"score": value})
            return Column(f"{wrap(line_name)}\n(0–{fmt_value(top)}分)",
                          lambda r: self.values.get(pkg.cell_key(r, line_name)), edit, DEC,
                          lambda _r: (Decimal(0), top), color=lambda _r: INPUT_COLOR)

        if pkg.is_staff:
            community = {s.person: s.community for s in pkg.staff}
            bands = self.bands()
            columns = [Column("姓名", lambda r: r), Column("社区", lambda r: community[r])]
            columns += [column(x.name, pkg.l_max) for x in pkg.lines]
            columns.append(Column("档次（参考）", lambda r: bands.get(r),
                                  color=lambda r: BAND_COLORS.get(bands.get(r, ""))))
            return list(pkg.rows), columns
        columns = [Column("社区", lambda r: r)]
        columns += [column(x.name, x.full_marks) for x in pkg.lines]
        return list(pkg.rows), columns
