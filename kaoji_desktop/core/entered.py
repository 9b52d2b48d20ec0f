"""Half-entered rows: what is not entered yet does not count.

While the clerk types, a row may hold None in a field (a 双述双评 with only
`a` so far). The rules see such a row as not entered: a None in a field
without a default drops the row; a None in a field with a default takes the
default; a field whose default is None (Project.score) keeps it.

The large tables (line scores, posts, staff inputs) are checked by the one
loop that reads each of them, with `complete` on the rare row holding a
None: a separate scan of ~30,000 rows would cost more than those loops.
Every other table is cleaned here, before anything reads it.
"""

from __future__ import annotations

import dataclasses
from itertools import repeat
from operator import attrgetter, is_
from typing import Any, TypeVar

from kaoji_desktop.core.inputs import YearData

T = TypeVar("T")

# Checked in place: lines.period_scores, staff._posts_by_person,
# staff_inputs.staff_inputs.
CHECKED_IN_PLACE = frozenset(
    {"line_scores", "posts", "dual_reviews", "staff_line_scores", "head_scores"}
)


def complete(row: T) -> T | None:
    """`row` as the rules see it, or None when it is not entered yet."""
    fix: dict[str, Any] = {}
    for f in dataclasses.fields(row):  # type: ignore[arg-type]
        if getattr(row, f.name) is None:
            if f.default is dataclasses.MISSING:
                return None
            if f.default is not None:
                fix[f.name] = f.default
    return dataclasses.replace(row, **fix) if fix else row  # type: ignore[type-var]


def _has_none(rows: tuple[Any, ...]) -> bool:
    """Whether a row holds None where None is not a value (C-level scan)."""
    for f in dataclasses.fields(rows[0]):
        if f.default is not None and any(map(is_, map(attrgetter(f.name), rows), repeat(None))):
            return True
    return False


def entered(data: YearData, *, every_table: bool = False) -> YearData:
    """`data` with half-entered rows completed or dropped (the same object
    when there are none). compute_year cleans only the small tables here (the
    large ones are checked in place); `every_table` cleans all of them, for
    readers of the data itself such as the printed forms."""
    changes: dict[str, Any] = {}
    skip = frozenset() if every_table else CHECKED_IN_PLACE
    for f in dataclasses.fields(data):
        rows = getattr(data, f.name)
        if f.name in skip or not isinstance(rows, tuple) or not rows:
            continue
        if f.name == "leaders":
            if None in rows:
                changes[f.name] = tuple(name for name in rows if name is not None)
        elif _has_none(rows):
            kept = (complete(row) for row in rows)
            changes[f.name] = tuple(row for row in kept if row is not None)
    return dataclasses.replace(data, **changes) if changes else data
