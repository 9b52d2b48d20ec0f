"""GUI fixtures: isolated QSettings, a fresh temp copy of the demo year, the
real main window on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from kaoji_desktop.demo import demo_year
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.store import YearFile


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("kaoji-test")
    QCoreApplication.setApplicationName("kaoji-desktop-test")
    yield folder


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo year, written once per test run (tests get copies)."""
    path = tmp_path_factory.mktemp("demo-master") / "演示年度.kaoji"
    YearFile.create(path, demo_year(), source="演示").close()
    return path


@pytest.fixture
def demo_file(tmp_path: Path, demo_master: Path) -> Path:
    """A fresh copy of the demo year for one test (the file alone is complete:
    the year file uses a rollback journal, so nothing lives beside it)."""
    path = tmp_path / demo_master.name
    shutil.copyfile(demo_master, path)
    return path


@pytest.fixture
def window(qtbot, qapp: QApplication, demo_file: Path):
    from kaoji_desktop.gui.app import create_window

    qapp.setFont(ui_font())
    win = create_window(str(demo_file))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin warns on every top-level window (and tooltip) shown.
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(
                "does not support propagateSizeHints", "does not support raise"))
