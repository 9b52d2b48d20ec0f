"""The year file: schema, migrations, the audited change path. No Qt."""

from kaoji_desktop.store.opening import ReadOnlyFileError
from kaoji_desktop.store.schema import TABLE, TABLES, Table
from kaoji_desktop.store.yearfile import (
    SUFFIX,
    AuditEntry,
    Change,
    DamagedFileError,
    StoreError,
    YearFile,
    default_operator,
)

__all__ = ["SUFFIX", "TABLE", "TABLES", "AuditEntry", "Change", "DamagedFileError", "ReadOnlyFileError", "StoreError", "Table",
           "YearFile", "default_operator"]
