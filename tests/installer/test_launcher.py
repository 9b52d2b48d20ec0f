"""The program's entry point (`kaoji_desktop.launcher`): --self-test is
dispatched above the GUI, which never imports the self-test (issue 16)."""

from __future__ import annotations

import subprocess
import sys

import grimp

PROBE = """
import sys
from kaoji_desktop import launcher, selftest
selftest.run = lambda args: 7 if args == ["--self-test", "--log", "x.txt"] else 1
code = launcher.main(["kaoji-desktop", "--self-test", "--log", "x.txt"])
print(code, "kaoji_desktop.gui" in sys.modules, "PySide6.QtWidgets" in sys.modules)
"""


def test_self_test_runs_without_importing_the_gui() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split() == ["7", "False", "False"]


def test_the_gui_does_not_import_the_self_test() -> None:
    # in-function imports count too (grimp reads every import statement)
    graph = grimp.build_graph("kaoji_desktop", cache_dir=None)
    importers = graph.find_modules_that_directly_import("kaoji_desktop.selftest")
    assert not [m for m in importers if m.startswith("kaoji_desktop.gui")]
    assert "kaoji_desktop.launcher" in importers
