"""Build the frozen program with installer/kaoji.spec and run its --self-test.

This is the qutebrowser-style smoke test of the real build: a fresh onedir
build in a temporary folder every run (PyInstaller's own cache redirected
there too), started without a screen, must pass every self-check.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kaoji_desktop import selftest
from tests.installer.conftest import INSTALLER, ROOT

EXE = "kaoji-desktop.exe" if sys.platform == "win32" else "kaoji-desktop"


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("frozen")
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(tmp / "config"))
    env.pop("KAOJI_ONEFILE", None)
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(INSTALLER / "kaoji.spec"), "--noconfirm",
         "--distpath", str(tmp / "dist"), "--workpath", str(tmp / "work")],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
        errors="replace", timeout=900,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    return tmp / "dist" / "kaoji-desktop"


def test_frozen_self_test_passes(frozen, tmp_path):
    log = tmp_path / "selftest.log"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    run = subprocess.run(
        [str(frozen / EXE), "--self-test", "--log", str(log)], check=False, cwd=tmp_path, env=env,
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=300,
    )
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert run.returncode == 0, text + run.stdout + run.stderr[-3000:]
    for label, _check in selftest.CHECKS:
        assert f"[通过 ok] {label}:" in text, label
    assert "frozen" in text and "platform offscreen" in text
    assert text.rstrip().endswith(f"自检通过 self-test passed: {len(selftest.CHECKS)} 项 checks")
    if sys.platform != "win32":  # a windowed Windows build has no stdout
        assert run.stdout == text


def test_frozen_build_is_slim(frozen):
    internal = frozen / "_internal"
    files = [p for p in internal.rglob("*") if p.is_file() and not p.is_symlink()]
    names = {p.relative_to(internal).as_posix() for p in files}
    plugins = {n.split("/plugins/")[1] for n in names if "/plugins/" in n}
    folders = {p.split("/")[0] for p in plugins}
    assert "platforms" in folders
    assert folders <= {"platforms", "imageformats", "styles", "printsupport",
                       "platforminputcontexts", "xcbglintegrations"}, folders
    translations = {n.rsplit("/", 1)[1] for n in names if "/translations/" in n}
    assert translations == {"qtbase_zh_CN.qm"}
    for unwanted in ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6Svg", "WebEngine",
                     "QtNetwork", "tkinter", "opengl32sw"):
        assert not [n for n in names if unwanted.lower() in n.lower()], unwanted
    assert (internal / "resources" / "kaoji.png").is_file()
    assert (internal / "resources" / "help" / "使用说明.html").is_file()  # F1
    size_mb = sum(p.stat().st_size for p in files) / 2**20
    print(f"frozen onedir: {len(files)} files, {size_mb:.0f} MiB")
    assert size_mb < 160  # full PySide6 (QML, WebEngine...) would be far larger
