"""Test-wide setup: Qt offscreen, CJK fonts, shared fixtures.

`tests` is a package (an `__init__.py` in every folder): pytest puts the
project root on the path, and helpers are imported as
`from tests.core.core_builder import ...`."""

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def no_modal_dialogs(request: pytest.FixtureRequest) -> list[tuple[str, str]]:
    """A modal message box or dialog in a test would wait for a click that never
    comes and hang the run (CI included). Every one is answered at once and
    recorded instead: question -> Yes, others -> Ok, QDialog.exec -> Rejected.
    A test that cares patches them itself (its monkeypatch runs later)."""
    shown: list[tuple[str, str]] = []
    if "PySide6.QtWidgets" not in sys.modules:
        return shown
    from PySide6.QtWidgets import QDialog, QMessageBox

    mp = request.getfixturevalue("monkeypatch")
    for name, answer in (("question", QMessageBox.StandardButton.Yes),
                         ("warning", QMessageBox.StandardButton.Ok),
                         ("critical", QMessageBox.StandardButton.Ok),
                         ("information", QMessageBox.StandardButton.Ok)):
        def fake(*args: object, _name: str = name, _answer: object = answer,
                 **kw: object) -> object:
            texts = [a for a in args if isinstance(a, str)]
            shown.append((_name, " / ".join(texts)))
            return _answer
        mp.setattr(QMessageBox, name, staticmethod(fake))

    def fake_exec(self: QDialog) -> int:
        shown.append(("exec", type(self).__name__))
        return int(QDialog.DialogCode.Rejected.value)
    mp.setattr(QMessageBox, "exec", fake_exec)
    mp.setattr(QDialog, "exec", fake_exec)
    return shown
