"""One version string: pyproject, _version.py, the frozen build and the installer."""

import ast
import tomllib
from pathlib import Path

import pytest

from kaoji_desktop._version import VERSION
from tests.installer.conftest import ROOT


def pyproject_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def test_version_module_matches_pyproject():
    assert pyproject_version() == VERSION


def test_build_reads_the_pyproject_version(build_config):
    assert build_config.project_version() == pyproject_version()


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.3.4.5", (2, 3, 4, 5)),
     ("1.0.0rc1", (1, 0, 0, 1)), ("3.1.0+local.7", (3, 1, 0, 0))],
)
def test_version_tuple(build_config, text, numbers):
    assert build_config.version_tuple(text) == numbers


def test_version_tuple_refuses_garbage(build_config):
    with pytest.raises(ValueError, match="版本号"):
        build_config.version_tuple("v-next")


def test_windows_version_resource_carries_the_version(build_config, tmp_path):
    version = pyproject_version()
    out = build_config.render_version_info(version, tmp_path / "v.txt")
    text = out.read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")  # PyInstaller eval()s this file
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    numbers = repr(build_config.version_tuple(version))
    assert f"filevers={numbers}" in text and f"prodvers={numbers}" in text
    assert f"StringStruct('FileVersion', '{version}')" in text
    assert f"StringStruct('ProductVersion', '{version}')" in text
    assert "StringStruct('OriginalFilename', 'kaoji-desktop.exe')" in text
    assert "$" not in text  # every placeholder filled


def _pyinstaller_signatures() -> dict[str, list[str]]:
    """__init__ parameter names of PyInstaller's version-resource classes.

    The module imports Windows-only packages, so read it with ast instead.
    """
    import PyInstaller

    source = Path(PyInstaller.__file__).parent / "utils" / "win32" / "versioninfo.py"
    sigs = {}
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    sigs[node.name] = [a.arg for a in item.args.args[1:]]
    return sigs


def test_version_resource_fits_pyinstaller_classes(build_config, tmp_path):
    sigs = _pyinstaller_signatures()
    used = []

    def stub(name):
        def make(*args, **kwargs):
            params = sigs[name]
            assert len(args) <= len(params), name
            assert set(kwargs) <= set(params[len(args):]), (name, kwargs)
            used.append(name)
            return (name, args, kwargs)
        return make

    text = build_config.render_version_info("0.1.0", tmp_path / "v.txt").read_text("utf-8")
    eval(text, {name: stub(name) for name in sigs})
    assert {"VSVersionInfo", "FixedFileInfo", "StringTable", "StringStruct",
            "VarStruct"} <= set(used)
