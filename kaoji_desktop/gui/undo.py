"""Undo/redo of year-file edits: each command re-applies the inverse changes
that `YearFile.apply` returned (audit source 撤销 / 重做)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from kaoji_desktop.store import Change

Applier = Callable[[Sequence[Change], str], "list[Change] | None"]


class ApplyCommand(QUndoCommand):
    """One accepted edit (possibly many cells). Already applied when pushed."""

    def __init__(self, text: str, changes: Sequence[Change], inverse: Sequence[Change],
                 applier: Applier) -> None:
        super().__init__(text)
        self._changes = list(changes)
        self._inverse = list(inverse)
        self._apply = applier
        self._first = True

    def redo(self) -> None:
        if self._first:  # the edit itself was applied before the push
            self._first = False
            return
        inverse = self._apply(self._changes, "重做")
        if inverse is not None:
            self._inverse = inverse

    def undo(self) -> None:
        changes = self._apply(self._inverse, "撤销")
        if changes is not None:
            self._changes = changes
