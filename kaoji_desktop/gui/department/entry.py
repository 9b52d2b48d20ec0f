"""The department's values in memory, shown through the main window's grid.

`DepartmentEntry` plays the controller's part for one task package: the grid
model reads its values and sends `Change`s to `apply`, which checks that each
cell belongs to the package, asks before clearing a value the clerk already
holds, and keeps an undo stack. Besides each line's score column it shows
last period's score (read only) and an optional 扣分说明 per cell (a change
of table `NOTE_TABLE`). Nothing touches a year file here; saving writes a
return (.kjret).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from kaoji_desktop.core.quotas import largest_remainder
from kaoji_desktop.core.staff_inputs import band
from kaoji_desktop.core.values import fmt
from kaoji_desktop.exchange.packages.model import Key, TaskPackage
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.models.table import DEC, TEXT
from kaoji_desktop.gui.undo import ApplyCommand
from kaoji_desktop.store import Change

BAND_COLORS = {"优秀": "#d6efd0", "不合格": "#f8c9c4"}
INPUT_COLOR = "#fff8dc"
REFERENCE_COLOR = "#eeeeee"
NOTE_TABLE = "扣分说明"  # Change(NOTE_TABLE, (table, *key), {"note": text} | None)
# (cleared cells as "社区·条线 11.5" texts) -> whether to go on
Confirm = Callable[[list[str]], bool]


def wrap(text: str, width: int = 7) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


class DepartmentEntry(QObject):
    changed = Signal()

    def __init__(self, pkg: TaskPackage, parent: QObject | None = None,
                 confirm_clear: Confirm | None = None) -> None:
        super().__init__(parent)
        self.pkg = pkg
        self.values: dict[Key, Decimal | None] = dict(pkg.values)
        self.notes: dict[Key, str] = {}
        self.undo_stack = QUndoStack(self)
        self.dirty = False
        self.confirm_clear = confirm_clear

    # --- edits (the grid's path) ---------------------------------------------

    def clerk_values_cleared(self, changes: Sequence[Change]) -> list[str]:
        """Cells these changes clear that hold a value of the clerk's (at issue)."""
        out = []
        for ch in changes:
            key = (ch.table, tuple(ch.key))
            held = self.pkg.values.get(key)
            if ch.values is None and held is not None and self.values.get(key) is not None:
                out.append(f"{'·'.join(key[1])} 的 {fmt(held)}")
        return out

    def apply(self, changes: Sequence[Change], source: str = "录入") -> bool:
        cleared = self.clerk_values_cleared(changes)
        if cleared and self.confirm_clear is not None and not self.confirm_clear(cleared):
            return False
        inverse = self._apply_raw(changes, source)
        if inverse is None:
            return False
        self.undo_stack.push(ApplyCommand(f"{source} {len(changes)} 处", changes, inverse,
                                          self._apply_raw))
        return True

    def _apply_raw(self, changes: Sequence[Change], _source: str) -> list[Change] | None:
        keys = [_cell(ch) for ch in changes]
        if any(k not in self.values for k in keys):
            return None
        inverse = []
        for ch, key in zip(changes, keys, strict=True):
            if ch.table == NOTE_TABLE:
                note = self.notes.pop(key, "")
                inverse.append(Change(ch.table, ch.key, {"note": note} if note else None))
                if ch.values is not None and ch.values.get("note"):
                    self.notes[key] = str(ch.values["note"])
                continue
            old = self.values[key]
            inverse.append(Change(ch.table, ch.key, None if old is None else {"score": old}))
            self.values[key] = None if ch.values is None else Decimal(ch.values["score"])
        inverse.reverse()
        self.dirty = True
        self.changed.emit()
        return inverse

    def load(self, values: dict[Key, Decimal | None], notes: dict[Key, str] | None = None) -> None:
        """Take values from an earlier return of this package (resume)."""
        self.values.update({k: v for k, v in values.items() if k in self.values})
        self.notes = {k: n for k, n in (notes or {}).items() if k in self.values and n}
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
            return Column(f"{wrap(line_name)}\n(0–{fmt(top)}分)",
                          lambda r: self.values.get(pkg.cell_key(r, line_name)), edit, DEC,
                          lambda _r: (Decimal(0), top), color=lambda _r: INPUT_COLOR)

        def previous(line_name: str) -> Column:
            return Column(f"{wrap(line_name)}\n{pkg.previous_period}（参考）",
                          lambda r: pkg.previous.get(pkg.cell_key(r, line_name)), kind=DEC,
                          color=lambda _r: REFERENCE_COLOR,
                          tip=lambda _r: f"{pkg.previous_period}的得分，仅供参考，不能修改")

        def note(line_name: str) -> Column:
            def edit(row: str, value: Any) -> Change:
                table, key = pkg.cell_key(row, line_name)
                return Change(NOTE_TABLE, (table, *key), {"note": value} if value else None)
            return Column(f"{wrap(line_name)}\n扣分说明（选填）",
                          lambda r: self.notes.get(pkg.cell_key(r, line_name)), edit, TEXT,
                          color=lambda _r: INPUT_COLOR, wrap=True)

        if pkg.is_staff:
            community = {s.person: s.community for s in pkg.staff}
            bands = self.bands()
            columns = [Column("姓名", lambda r: r), Column("社区", lambda r: community[r])]
            columns += [column(x.name, pkg.l_max) for x in pkg.lines]
            columns.append(Column("档次（参考）", bands.get,
                                  color=lambda r: BAND_COLORS.get(bands.get(r, ""))))
            return list(pkg.rows), columns
        columns = [Column("社区", lambda r: r)]
        for x in pkg.lines:
            columns.append(column(x.name, x.full_marks))
            if pkg.previous_period:
                columns.append(previous(x.name))
            columns.append(note(x.name))
        return list(pkg.rows), columns


def _cell(ch: Change) -> Key:
    """The package cell a change is about (a note names its cell in its key)."""
    if ch.table == NOTE_TABLE:
        return (str(ch.key[0]), tuple(ch.key[1:]))
    return (ch.table, tuple(ch.key))
