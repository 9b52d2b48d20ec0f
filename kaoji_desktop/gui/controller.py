"""The open year and the one path for edits from the window.

`Controller` holds the open `YearFile`, its current `YearData` (`data`) and
the `YearResult` computed from it (`result`). Pages never write the file
themselves and never compute a score; they:

- read `controller.data` / `controller.result`,
- call `controller.apply(changes, source)` with store `Change`s (one call =
  one undo step; returns False and emits `error` when refused),
- listen to `changed` (emitted after every save + recompute, undo/redo and
  file switch) to refresh. The main window forwards `changed` to visible
  pages only and refreshes hidden pages lazily when they are shown.

Signals: `changed()`, `error(str)` (a Chinese message), `file_changed(str)`
(path of the newly opened file, "" when closed), `failed(str, str)` (title,
message: a refused write or open the clerk must see in a dialog, not only in
the status bar), `lock_lost(str)` (another instance took the file over: the
window is read-only from now on).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kaoji_desktop.core import YearData, YearResult, compute_year
from kaoji_desktop.core.rules_json import dumps as rules_dumps
from kaoji_desktop.gui.undo import ApplyCommand
from kaoji_desktop.store import (
    TABLE,
    BusyError,
    Change,
    DamagedFileError,
    DiskFullError,
    NoPermissionError,
    ReadOnlyFileError,
    StorageIOError,
    StoreError,
    YearFile,
    backups,
)
from kaoji_desktop.store import lock as store_lock


class Controller(QObject):
    changed = Signal()
    error = Signal(str)
    file_changed = Signal(str)
    locked = Signal(str, str)  # path, Chinese message: held by another instance
    damaged = Signal(str, str)  # path, Chinese message: failed the integrity check
    failed = Signal(str, str)  # title, Chinese message: a write (or open) refused
    lock_lost = Signal(str)  # Chinese message: the lock was taken over
    LOCK_CHECK_MS = 5000  # how often an idle window checks that its lock is still its own

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.yf: YearFile | None = None
        self.data: YearData | None = None
        self.result: YearResult | None = None
        self.undo_stack = QUndoStack(self)
        self.last_refresh_ms = 0.0  # load + compute of the last refresh
        self.lock: store_lock.Lock | None = None  # single writer (store.lock)
        self.operator: str | None = None  # name in the 操作记录 (None: login name)
        self.last_error = ""  # Chinese message of the last refused apply
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(self.LOCK_CHECK_MS)
        self._lock_timer.timeout.connect(self.check_lock)

    # --- files --------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return None if self.yf is None else self.yf.path

    def open(self, path: str | Path, readonly: bool = False, *, force: bool = False,
             held: store_lock.Lock | None = None) -> bool:
        """Open a year file (closing the current one). False + `error` on failure
        (`locked` / `damaged` when another instance holds it / it is damaged).
        `force` breaks another holder's lock first (强制解除锁定, after the
        clerk confirmed), recorded in the audit; `held` is a lock already taken."""
        # reopening the file we hold (after an import): keep our own lock
        reopen = self.lock is not None and self.path is not None and \
            Path(path).resolve() == self.path.resolve()
        broken: store_lock.Holder | bool | None = False
        try:
            if force and not readonly:
                broken = store_lock.break_lock(path)
            if not readonly and held is None:
                held = self.lock if reopen else store_lock.acquire(path, operator=self.operator)
            yf = YearFile.open(path, readonly=readonly, operator=self.operator)
        except (store_lock.LockedError, ReadOnlyFileError) as exc:
            # held elsewhere, or read-only media: both offer a read-only open
            if held is not None and held is not self.lock:
                held.release()
            self.locked.emit(str(path), str(exc))
            return False
        except StoreError as exc:
            if held is not None and held is not self.lock:
                held.release()
            if isinstance(exc, DamagedFileError):
                self.damaged.emit(str(path), str(exc))
            else:
                self.error.emit(str(exc))
                self.failed.emit("无法打开年度文件", str(exc))
            return False
        if broken is not False and not readonly:
            who = broken.describe() if isinstance(broken, store_lock.Holder) else "无法识别的锁定"
            try:
                yf.lock = held
                yf.set_meta("lock_broken", who, source="强制解锁",
                            note=f"强制解除锁定（原持有人：{who}）")
            except StoreError as exc:
                self.error.emit(str(exc))
        return self._adopt(yf, held)

    def create(self, path: str | Path, data: YearData, source: str = "新建") -> bool:
        try:
            yf = YearFile.create(path, data, source=source, operator=self.operator)
            held = store_lock.acquire(path, operator=self.operator)
        except StoreError as exc:
            self.error.emit(str(exc))
            return False
        return self._adopt(yf, held)

    def _adopt(self, yf: YearFile, held: store_lock.Lock | None = None) -> bool:
        old = self.yf
        self.yf = yf
        problem = self._recompute()
        if problem:  # e.g. a value of the wrong type, named by table, row and column
            self.error.emit(problem)
            self.failed.emit("无法打开年度文件", problem)
            self.yf = old
            yf.close()
            if held is not None and held is not self.lock:
                held.release()
            return False
        if old is not None:
            old.close()
        if self.lock is not None and self.lock is not held:
            self.lock.release()
        self.lock = held
        yf.lock = held
        if held is not None:
            self._lock_timer.start()
        else:
            self._lock_timer.stop()
        if not yf.readonly:
            try:
                backups.daily_backup(yf)
            except StoreError as exc:
                self.error.emit(str(exc))
                self.failed.emit("每日备份未能保存", str(exc))
        self.undo_stack.clear()
        self.file_changed.emit(str(yf.path))
        self.changed.emit()
        return True

    def close(self) -> None:
        self._lock_timer.stop()
        if self.yf is not None:
            self.yf.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self.yf = self.data = self.result = None
        self.undo_stack.clear()
        self.file_changed.emit("")

    def reload(self, tables: set[str] | None = None) -> bool:
        """Load the year from the file and recompute (no signal). With
        `tables`, only those data tables are re-read (an edit's tables)."""
        problem = self._recompute(tables)
        if problem:
            self.error.emit(problem)
        return self.yf is not None and not problem

    def _recompute(self, tables: set[str] | None = None) -> str:
        """Load and compute; "" when done, else the Chinese problem (data kept)."""
        if self.yf is None:
            return ""
        start = time.perf_counter()
        try:
            if tables is not None and self.data is not None and tables <= set(TABLE) - {"meta"}:
                data = self._reload_tables(tables)
            else:
                data = self.yf.load()
            # compute_year itself treats half-entered rows as not entered
            # (core/entered.py); no second pass over the year here
            result = compute_year(data)
        except StoreError as exc:
            return str(exc)
        except Exception as exc:  # noqa: BLE001 - a bad year must not crash the window
            return f"计算结果时出错：{exc}"
        self.data, self.result = data, result
        self.last_refresh_ms = (time.perf_counter() - start) * 1000
        return ""

    def _reload_tables(self, tables: set[str]) -> YearData:
        assert self.yf is not None and self.data is not None
        fields = {}
        for name in tables:
            fields[TABLE[name].field] = self.yf.records(name)
        return dataclasses.replace(self.data, **fields)

    # --- edits --------------------------------------------------------------

    def apply(self, changes: Sequence[Change], source: str = "录入", text: str = "",
              note: str = "") -> bool:
        """Save `changes` as one undoable step, recompute and emit `changed`.

        `text` names the step in the 撤销 menu; `note` goes to the 操作记录
        (audit note) with every changed field. On refusal: False, `error` is
        emitted and `last_error` holds the Chinese message."""
        if self.yf is None or not changes:
            return False
        inverse = self._apply_raw(changes, source, note)
        if inverse is None:
            return False
        label = text or f"{source} {len(changes)} 处"
        self.undo_stack.push(ApplyCommand(label, changes, inverse, self._apply_raw))
        return True

    def rename(self, kind: str, old: str, new: str) -> bool:
        """Rename a community/line/person/leader everywhere (store `rename`),
        as one undo step (undo renames back). False + `error` when refused."""
        if self.yf is None:
            return False
        if not self._rename_raw(kind, old, new, "录入"):
            return False
        self.undo_stack.push(RenameCommand(self, kind, old, new.strip()))
        return True

    def _rename_raw(self, kind: str, old: str, new: str, source: str) -> bool:
        assert self.yf is not None
        try:
            self.yf.rename(kind, old, new, source=source)
        except StoreError as exc:
            self._refused(exc)
            return False
        problem = self._recompute()
        if problem:
            self.error.emit(problem)
        self.changed.emit()
        return True

    def set_rules(self, rules: object) -> bool:
        """Store a changed RuleSet in meta "rules" (undoable)."""
        value = rules_dumps(rules)  # type: ignore[arg-type]
        return self.apply([Change("meta", ("rules",), {"value": value})], text="修改规则参数")

    def _apply_raw(self, changes: Sequence[Change], source: str,
                   note: str = "") -> list[Change] | None:
        assert self.yf is not None
        try:
            inverse = self.yf.apply(list(changes), source=source, note=note)
        except StoreError as exc:
            self._refused(exc)
            return None
        problem = self._recompute({ch.table for ch in changes})
        if problem:  # never leave the file in a state the window cannot show: take it back
            try:
                self.yf.apply(inverse, source="撤销", note="修改后无法计算结果，已自动撤回")
            except StoreError as exc:
                problem += f"；撤回失败：{exc}"
            self._recompute({ch.table for ch in changes})
            self.last_error = f"此修改使考绩结果无法计算，已撤回（{problem}）"
            self.error.emit(self.last_error)
            return None
        self.changed.emit()
        return inverse


    # --- refusals and the lock ------------------------------------------------

    WRITE_FAILURES = (DiskFullError, NoPermissionError, BusyError, StorageIOError,
                      DamagedFileError)

    def _refused(self, exc: StoreError) -> None:
        """A refused write: the message, and a dialog when the cause lies
        outside the program (disk, rights, another program, the medium)."""
        self.last_error = str(exc)
        self.error.emit(str(exc))
        if isinstance(exc, store_lock.LockLostError):
            self._lost(str(exc))
        elif isinstance(exc, self.WRITE_FAILURES):
            self.failed.emit("修改未保存", f"这次修改没有保存。\n\n{exc}")

    def check_lock(self) -> bool:
        """Whether the lock is still ours (a cheap stat); turns the window
        read-only at once when it was taken over."""
        if self.lock is None or self.yf is None or self.yf.readonly:
            return True
        if self.lock.still_mine():
            return True
        holder = self.lock.lost if isinstance(self.lock.lost, store_lock.Holder) else None
        self._lost(str(store_lock.LockLostError(self.yf.path, holder)))
        return False

    def _lost(self, message: str) -> None:
        self._lock_timer.stop()
        if self.yf is not None:
            self.yf.readonly = True
        # undo would overwrite the new holder's edits (cleared after the
        # running command, if any, has returned)
        QTimer.singleShot(0, self.undo_stack.clear)
        self.lock_lost.emit(message)
        self.changed.emit()

    # --- whole-file services ----------------------------------------------------

    def replaced(self) -> bool:
        """After a whole-file service (import, restore) on the open file: reload,
        no undo across it, tell the pages."""
        self.undo_stack.clear()
        ok = self.reload()
        self.changed.emit()
        return ok

    def save_copy(self, target: str | Path) -> bool:
        """另存为: a complete copy at `target`, which the window then edits."""
        if self.yf is None:
            return False
        try:
            held = store_lock.acquire(target, operator=self.operator)
        except StoreError as exc:
            self.failed.emit("另存为未完成", str(exc))
            return False
        try:
            self.yf.save_copy(target, target_lock=held)
        except StoreError as exc:
            held.release()
            self.failed.emit("另存为未完成", str(exc))
            return False
        return self.open(target, held=held)


class RenameCommand(QUndoCommand):
    """A rename already applied when pushed; undo renames back."""

    def __init__(self, controller: Controller, kind: str, old: str, new: str) -> None:
        super().__init__(f"改名：{old} → {new}")
        self._c, self._kind, self._old, self._new = controller, kind, old, new
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._c._rename_raw(self._kind, self._old, self._new, "重做")

    def undo(self) -> None:
        self._c._rename_raw(self._kind, self._new, self._old, "撤销")
