"""The year file: schema, migrations, the audited change path. No Qt.

Modules, lowest first: `errors` (what went wrong, classified), `schema`
(tables declared once), `snapshot` (the committed schema of every version),
`migrations` (frozen, numbered), `opening` (checks before anything is
written), `safe_write` (replace a file beside itself), `backups`, `lock`
(single writer), `rename`, then the year file itself: `yearfile_open`
(opening, migrating, creating), `yearfile_read` (reading), `yearfile_change`
(the one audited change path, deletes with dependents, and the whole-file
services: import, save a copy, restore), and `yearfile` (`YearFile`, the thin
facade over the three).

How to add migration N (a schema or data change of the year file):

1. Append a function to `migrations.MIGRATIONS` that turns version N-1 into
   N, written as literal SQL as it is on the day it ships (never built from
   `schema.TABLES`, which will change again). Each runs in one transaction,
   on a copy of the file beside it (after a backup), and the copy replaces
   the file only once complete and verified.
2. Change `schema.TABLES` (and the `YearData` records) to match, if the
   data tables changed.
3. Add `snapshot.SCHEMAS[N]`: open a new file made by the new code and
   print `snapshot.schema_digests(conn)`; a test checks that a new file and
   an upgraded `tests/store/fixtures/year-v1.kaoji` both match it. Files of
   version N with anything else (an extra trigger or view) are refused.
4. Keep every older fixture: `tests/store/test_store_migrations.py` opens
   each and compares data and results with what its version computed.
"""

from kaoji_desktop.store.errors import (
    BadValueError,
    BusyError,
    DamagedFileError,
    DiskFullError,
    NoPermissionError,
    NotYearFileError,
    ReadOnlyFileError,
    StorageIOError,
    StoreError,
)
from kaoji_desktop.store.schema import TABLE, TABLES, Table
from kaoji_desktop.store.yearfile import (
    SUFFIX,
    AuditEntry,
    Change,
    YearFile,
    default_operator,
)

__all__ = ["SUFFIX", "TABLE", "TABLES", "AuditEntry", "BadValueError", "BusyError", "Change",
           "DamagedFileError", "DiskFullError", "NoPermissionError", "NotYearFileError",
           "ReadOnlyFileError", "StorageIOError", "StoreError", "Table", "YearFile",
           "default_operator"]
