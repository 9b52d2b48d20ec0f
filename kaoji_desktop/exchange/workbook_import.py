"""Import a year workbook into a year file (new, or replacing an existing year).

All or nothing: the workbook is read and checked completely first; only a
clean workbook touches the year file. An existing file is copied to
the year file's backup folder (`X.kaoji.备份/`, store.backups) before its data
are replaced, through `YearFile.import_data` (the year written into a copy
beside the file and swapped in). `import_into` works on the OPEN year file:
the window and `kaoji import` both go through it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from kaoji_desktop.core import rules_json
from kaoji_desktop.core.model import YearData
from kaoji_desktop.exchange.problems import ImportRefused, Problem
from kaoji_desktop.exchange.workbook_parse import ParsedWorkbook, parse_workbook
from kaoji_desktop.store import YearFile

SOURCE = "导入"

__all__ = ["ImportRefused", "ImportResult", "Problem", "import_into", "import_workbook"]


@dataclass(frozen=True)
class ImportResult:
    data: YearData
    created: bool  # a new year file was written
    backup: Path | None  # copy of the existing file taken before replacing its data


def import_workbook(xlsx: str | Path, db_path: str | Path, *,
                    operator: str | None = None) -> ImportResult:
    """Import `xlsx` into `db_path`. Raises `ImportRefused` (bad workbook,
    nothing changed) or `StoreError` (the year file cannot be written)."""
    parsed = parse_workbook(xlsx)
    db_path = Path(db_path)
    data = parsed.data
    if not db_path.exists():
        YearFile.create(db_path, data, source=SOURCE, operator=operator).close()
        return ImportResult(data, True, None)
    with YearFile.open(db_path, operator=operator) as yf:
        return import_into(yf, xlsx, parsed)


def import_into(yf: YearFile, xlsx: str | Path, parsed: ParsedWorkbook | None = None
                ) -> ImportResult:
    """Replace the open year's data with the workbook's (backup first). Raises
    `ImportRefused` (bad workbook, nothing changed) or `StoreError`."""
    parsed = parsed or parse_workbook(xlsx)
    data = parsed.data
    if not parsed.has_rules:  # keep the year's own rule set
        data = dataclasses.replace(data, rules=rules_json.loads(yf.get_meta("rules")))
    backup = yf.import_data(data, source=SOURCE, note=f"从“{Path(xlsx).name}”导入")
    return ImportResult(data, False, backup)
