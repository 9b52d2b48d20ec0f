"""Year files for the package tests: the demo year with the third and fourth
quarters not yet scored, so that departments' returns have cells to fill."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.packages import TaskPackage
from kaoji_desktop.exchange.packages.model import Key
from kaoji_desktop.store import YearFile

OPEN_PERIODS = ("三季度", "四季度")


def open_year(year: int = 2017):
    data = demo_year()
    return dataclasses.replace(
        data, year=year,
        line_scores=tuple(s for s in data.line_scores if s.period not in OPEN_PERIODS))


def make_year(path: Path, year: int = 2017) -> Path:
    YearFile.create(path, open_year(year)).close()
    return path


def filled(pkg: TaskPackage, salt: int = 0) -> dict[Key, Decimal | None]:
    """Deterministic in-range values for every cell of a package."""
    out: dict[Key, Decimal | None] = {}
    for i, key in enumerate(sorted(pkg.values)):
        top = pkg.maximum(key)
        out[key] = (top * Decimal(80 + (i * 7 + salt) % 21) / 100).quantize(Decimal("0.1"))
    return out


def data_tables(path: Path) -> dict[str, list[dict]]:
    """Every data table of a year file (meta excluded: it holds timestamps)."""
    from kaoji_desktop.store import TABLES

    with YearFile.open(path, readonly=True) as yf:
        return {t.name: sorted(yf.rows(t.name), key=repr) for t in TABLES}


def issue(path: Path, dept: str, period: str) -> TaskPackage:
    from kaoji_desktop.exchange.packages import issue_package

    with YearFile.open(path) as yf:
        return issue_package(yf, dept, period)
