"""科室填报: task packages out to departments, returns back in. No Qt.

Clerk: `issue_package(yf, dept, period)` -> `write_package` (.kjtask) or
`write_template` (.xlsx). Department: `read_package`, `make_return`,
`write_return` (.kjret). Clerk again: `read_any_return(path)` ->
`preview_return(yf, ret)` -> `merge_return(yf, ret, on_conflict)`.
"""

from __future__ import annotations

from pathlib import Path

from kaoji_desktop.exchange.packages.fileformat import (
    RETURN_SUFFIX,
    TASK_SUFFIX,
    read_package,
    read_return,
    write_package,
    write_return,
)
from kaoji_desktop.exchange.packages.issue import (
    PackageRecord,
    build_package,
    departments,
    issue_package,
    issued_packages,
    periods_for,
)
from kaoji_desktop.exchange.packages.merge import (
    CHANGED,
    CONFLICT,
    MERGE_SOURCE,
    NEW,
    SAME,
    MergeItem,
    MergePreview,
    merge_changes,
    merge_note,
    merge_return,
    preview_return,
)
from kaoji_desktop.exchange.packages.model import (
    STAFF_PERIOD,
    DepartmentReturn,
    PackageError,
    TaskPackage,
    parse_score,
)
from kaoji_desktop.exchange.packages.returns import default_return_name, make_return
from kaoji_desktop.exchange.packages.template import read_template, write_template

RETURN_SUFFIXES = (RETURN_SUFFIX, ".xlsx")


def read_any_return(path: str | Path) -> DepartmentReturn:
    """A .kjret, or a filled .xlsx template."""
    if Path(path).suffix.lower() == ".xlsx":
        return read_template(path)
    return read_return(path)


__all__ = [
    "CHANGED", "CONFLICT", "MERGE_SOURCE", "NEW", "RETURN_SUFFIX", "RETURN_SUFFIXES", "SAME",
    "STAFF_PERIOD", "TASK_SUFFIX", "DepartmentReturn", "MergeItem", "MergePreview",
    "PackageError", "PackageRecord", "TaskPackage", "build_package", "default_return_name",
    "departments", "issue_package", "issued_packages", "make_return", "merge_changes",
    "merge_note", "merge_return", "parse_score", "periods_for", "preview_return",
    "read_any_return", "read_package", "read_return", "read_template", "write_package",
    "write_return", "write_template",
]
