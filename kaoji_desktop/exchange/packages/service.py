"""Merging returns, as one service for the window and `kaoji merge`.

`incoming(yf, path)` reads and previews one file and never raises: whatever
the file holds (a crafted value, a zip bomb, a template with formulas, a
package superseded since), the answer is an `Incoming` with a Chinese error
line, so one bad file never stops the others nor the program.
`merge_return(yf, ret, on_conflict, apply)` backs the year file up and applies the
return's changes through `apply` (the window passes its undoable controller
path, the CLI the year file's own), as one audited transaction or not at all.
`return_kind(path)` tells a .kjret or a filled template from anything else
(the drop handling and the file dialogs use it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kaoji_desktop.exchange.packages.fileformat import RETURN_SUFFIX, read_return
from kaoji_desktop.exchange.packages.merge import (
    CHANGED,
    CONFLICT,
    MERGE_SOURCE,
    NEW,
    MergePreview,
    OnConflict,
    merge_changes,
    merge_note,
    preview_return,
)
from kaoji_desktop.exchange.packages.model import UNSEALED, DepartmentReturn, PackageError
from kaoji_desktop.store import Change, StoreError, YearFile
from kaoji_desktop.store.backups import make_backup

TEMPLATE_SUFFIX = ".xlsx"
RETURN_SUFFIXES = (RETURN_SUFFIX, TEMPLATE_SUFFIX)
# (changes, source, note) -> the inverse changes, or None when the caller
# keeps them (the window's undo stack); raises StoreError when not applied
Apply = Callable[[Sequence[Change], str, str], list[Change] | None]


@dataclass
class Incoming:
    """One file offered for merging: its return and preview, or why not."""

    path: Path
    ret: DepartmentReturn | None = None
    preview: MergePreview | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.preview is not None and not self.error

    @property
    def line(self) -> str:
        """One line per file, as the CLI prints it and the dialog lists it."""
        if self.error or self.preview is None:
            return f"✖ {self.path.name}：{self.error.splitlines()[0] if self.error else '未合并'}"
        c = self.preview.counts
        flag = "⚠" if c[CONFLICT] else "•"
        seal = "" if self.preview.ret.sealed else f"（{UNSEALED}）"
        return (f"{flag} {self.path.name}{seal}：新增 {c[NEW]}，修改 {c[CHANGED]}，"
                f"冲突 {c[CONFLICT]}")


def return_kind(path: Path) -> str | None:
    """"kjret", "template" (an .xlsx holding the hidden 考绩桌面 sheet) or None.
    Reads at most the zip directory of an .xlsx, never a whole workbook."""
    suffix = path.suffix.lower()
    if suffix == RETURN_SUFFIX:
        return "kjret"
    if suffix != TEMPLATE_SUFFIX:
        return None
    # reason: the template module loads openpyxl (~150 ms), only for .xlsx files
    from kaoji_desktop.exchange.packages.template import is_template

    return "template" if is_template(path) else None


def return_paths(paths: Sequence[Path]) -> list[Path]:
    """The files among `paths` that may be returns."""
    return [p for p in paths if return_kind(p) is not None]


def read_any_return(path: str | Path) -> DepartmentReturn:
    """A .kjret, or a filled .xlsx template (raises PackageError)."""
    path = Path(path)
    if path.suffix.lower() == TEMPLATE_SUFFIX:
        # reason: openpyxl is loaded only for .xlsx returns
        from kaoji_desktop.exchange.packages.template import read_template

        return read_template(path)
    return read_return(path)


def incoming(yf: YearFile, path: Path, ret: DepartmentReturn | None = None) -> Incoming:
    """Read (unless `ret` is given) and preview one file; never raises."""
    item = Incoming(path, ret)
    try:
        item.ret = item.ret or read_any_return(path)
        item.preview = preview_return(yf, item.ret)
    except PackageError as exc:
        item.error = str(exc)
    except StoreError as exc:
        item.error = f"回执“{path.name}”未合并：{exc}"
    except Exception as exc:  # noqa: BLE001 - a file must never end the program
        item.error = (f"回执“{path.name}”无法读取，未合并（{type(exc).__name__}：{exc}）。"
                      [:600])
    return item


def incoming_all(yf: YearFile, paths: Sequence[Path]) -> list[Incoming]:
    """Each file on its own: one bad file is one error line, the others proceed."""
    return [incoming(yf, p) for p in paths]


def merge_return(yf: YearFile, ret: DepartmentReturn, on_conflict: OnConflict = "refuse",
                 apply: Apply | None = None) -> tuple[MergePreview, list[Change] | None]:
    """Check, back up, then apply one return as one audited transaction.
    Returns the preview it was merged from and the inverse changes (None when
    `apply` keeps them). Raises PackageError (nothing applied) on any refusal."""
    preview, changes = merge_changes(yf, ret, on_conflict)
    name = f"回执“{ret.source_name}”" if ret.source_name else "回执"

    def direct(chs: Sequence[Change], source: str, note: str) -> list[Change]:
        return yf.apply(chs, source=source, note=note)

    try:
        make_backup(yf, MERGE_SOURCE)  # rotating copy in the year file's 备份 folder
        inverse = (apply or direct)(changes, MERGE_SOURCE, merge_note(ret))
    except (StoreError, OSError) as exc:
        raise PackageError(f"{name}未合并：{exc}") from exc
    return preview, inverse
