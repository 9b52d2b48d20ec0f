"""Fixtures: a demo year file in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaoji_desktop.demo import demo_year
from kaoji_desktop.store import YearFile


@pytest.fixture(scope="session")
def demo_data():
    return demo_year()


@pytest.fixture
def year_path(tmp_path: Path, demo_data) -> Path:
    path = tmp_path / "2017.kaoji"
    YearFile.create(path, demo_data, operator="测试员").close()
    return path


@pytest.fixture
def yf(year_path: Path):
    with YearFile.open(year_path, operator="测试员") as f:
        yield f
