from pathlib import Path

import pytest

from tests.exchange.packages.pkg_helpers import make_year


@pytest.fixture
def year_path(tmp_path: Path) -> Path:
    return make_year(tmp_path / "2017.kaoji")
