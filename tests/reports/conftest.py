"""Report fixtures."""

from __future__ import annotations

from datetime import date

import pytest

from kaoji_desktop.core.model import YearData
from kaoji_desktop.reports.settings import PublicitySettings
from tests.reports.reports_helpers import make_year


@pytest.fixture
def year() -> YearData:
    return make_year()


@pytest.fixture
def settings() -> PublicitySettings:
    return PublicitySettings(start=date(2018, 1, 10), phone="0577-88123456", contact="陈老师",
                             address="大南街道办事处三楼考绩办")


@pytest.fixture(autouse=True)
def _qt(qapp):
    return qapp


