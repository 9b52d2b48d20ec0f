"""paths.asset finds resources/ in a checkout and in a frozen build."""

import sys

from kaoji_desktop import paths
from tests.installer.conftest import ROOT


def test_asset_in_checkout():
    assert not paths.is_frozen()
    assert paths.asset("kaoji.png") == ROOT / "resources" / "kaoji.png"
    assert paths.asset("kaoji.png").is_file()


def test_asset_when_frozen(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.is_frozen()
    assert paths.asset("a", "b.ico") == tmp_path / "resources" / "a" / "b.ico"
