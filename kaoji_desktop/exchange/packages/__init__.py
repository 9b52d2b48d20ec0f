"""科室填报: task packages out to departments, returns back in. No Qt.

Clerk: `issue_package(yf, dept, period)` -> `write_package` (.kjtask) or
`write_template` (.xlsx); `revoke_changes` to 作废 one. Department:
`read_package`, `make_return`, `write_return` (.kjret). Clerk again, through
the one merge service used by the window and `kaoji merge`:
`incoming(yf, path)` (read + preview, never raises) ->
`merge_return(yf, ret, on_conflict, apply)` (backup, one transaction).
"""

from __future__ import annotations

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
    revoke_changes,
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
    preview_return,
)
from kaoji_desktop.exchange.packages.model import (
    STAFF_PERIOD,
    DepartmentReturn,
    PackageError,
    TaskPackage,
)
from kaoji_desktop.exchange.packages.returns import default_return_name, make_return
from kaoji_desktop.exchange.packages.service import (
    RETURN_SUFFIXES,
    Incoming,
    incoming,
    incoming_all,
    merge_return,
    read_any_return,
    return_kind,
    return_paths,
)
from kaoji_desktop.exchange.packages.template import read_template, write_template

__all__ = [
    "CHANGED", "CONFLICT", "MERGE_SOURCE", "NEW", "RETURN_SUFFIX", "RETURN_SUFFIXES", "SAME",
    "STAFF_PERIOD", "TASK_SUFFIX", "DepartmentReturn", "Incoming", "MergeItem", "MergePreview",
    "PackageError", "PackageRecord", "TaskPackage", "build_package", "default_return_name",
    "departments", "incoming", "incoming_all", "issue_package", "issued_packages",
    "make_return", "merge_changes", "merge_note", "merge_return", "periods_for",
    "preview_return", "read_any_return", "read_package", "read_return", "read_template",
    "return_kind", "return_paths", "revoke_changes", "write_package", "write_return",
    "write_template",
]
