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


@pytest.fixture
def gui_settings(tmp_path_factory, monkeypatch):
    """QSettings and the error log in a temporary folder (GUI tests)."""
    from PySide6.QtCore import QCoreApplication, QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("kaoji-test")
    QCoreApplication.setApplicationName("kaoji-reliability-test")
    monkeypatch.setenv("KAOJI_LOG_DIR", str(folder / "日志"))
    return folder


@pytest.fixture
def window(qtbot, qapp, year_path, gui_settings):
    """The main window on the demo year, 1366×768, shown."""
    from kaoji_desktop.gui.app import create_window

    win = create_window(str(year_path))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
