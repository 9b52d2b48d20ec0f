"""Compile ui/*.ui with pyside6-uic into kaoji_desktop/gui/generated/ui_*.py.

Usage: python scripts/build_ui.py [OUT_DIR]   (default: the package folder)
The generated files are committed; tests/gui/test_ui_drift.py recompiles into
a temp dir and compares, so edit the .ui and rerun this script.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
OUT_DIR = ROOT / "kaoji_desktop" / "gui" / "generated"
HEADER = "# generated from ui/{name} by scripts/build_ui.py - do not edit\n# ruff: noqa\n"


def uic() -> str:
    here = Path(sys.executable).parent
    for name in ("pyside6-uic", "pyside6-uic.exe"):
        if (here / name).exists():
            return str(here / name)
    found = shutil.which("pyside6-uic")
    if not found:
        raise SystemExit("pyside6-uic not found")
    return found


def build(out_dir: Path = OUT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    init = out_dir / "__init__.py"
    if not init.exists():
        init.write_text('"""Compiled Designer forms (scripts/build_ui.py); do not edit."""\n',
                        encoding="utf-8")
    written = []
    for ui in sorted(UI_DIR.glob("*.ui")):
        code = subprocess.run([uic(), "--no-autoconnection", str(ui)], check=True,
                              capture_output=True, text=True, encoding="utf-8").stdout
        # the uic version line would make the drift check fail on every Qt upgrade
        code = "".join(line for line in code.splitlines(keepends=True)
                       if not line.startswith("## Created by: Qt User Interface Compiler"))
        target = out_dir / f"ui_{ui.stem}.py"
        target.write_text(HEADER.format(name=ui.name) + code, encoding="utf-8", newline="\n")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
