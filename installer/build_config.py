"""What the frozen build contains: read by kaoji.spec and by tests/installer.

Kept free of PyInstaller imports (except in ``windows_version_info``) so the
tests can check the rules without building.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path, PurePath

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "kaoji-desktop"
PRODUCT_NAME = "考绩桌面"
ICON = ROOT / "resources" / "kaoji.ico"

# Every top-level resources/ file the program may open at run time is bundled
# under "resources/" (see kaoji_desktop.paths.asset).
RESOURCE_DIRS = [ROOT / "resources"]

# PySide6 modules the program never imports.
QT_UNUSED = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization",
    "QtDBus", "QtDesigner", "QtGraphs", "QtHelp", "QtHttpServer", "QtLabsStyleKit",
    "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc",
    "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml",
    "QtQmlFeatures", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg", "QtSvgWidgets", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
]

# Python modules never used by the program: keep PyInstaller from following
# them (the Qt ones would also drag in their shared libraries and plugins).
EXCLUDED_MODULES = [
    "tkinter",
    "unittest",
    "pydoc",
    "pytest",
    "hypothesis",
    "PyInstaller",
    "setuptools",
    "pip",
    "numpy",
    "PIL",
] + [f"PySide6.{m}" for m in QT_UNUSED]

# Qt plugins kept, by plugin folder; a folder not named here is dropped whole.
# A plugin is kept when its name (without lib/q prefix) starts with a listed
# word; None means "every plugin in that folder".
KEPT_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"offscreen", "xcb", "windows"},
    "imageformats": {"ico"},
    "styles": None,  # Windows 11 / modern Windows style
    "printsupport": None,  # CUPS on Linux
    "platforminputcontexts": {"compose", "ibus"},  # Linux input methods (not the QML keyboard)
    "xcbglintegrations": None,
}

# Qt shared libraries only dropped plugins/modules need (a safety net: the
# plugin pre-filter in kaoji.spec already keeps them out). Not Qt6OpenGL: the
# platform plugins may link it.
DROPPED_QT_LIBS = re.compile(
    r"Qt6(Network|Qml|Quick|Pdf|Svg|Wayland|EglFs|VirtualKeyboard|WebEngine|"
    r"Designer|Multimedia|Sql|Test|UiTools|Xml|Help|Concurrent|LabsStyle|ShaderTools|"
    r"Graphs|Charts|DataVisualization|3D)",
    re.IGNORECASE,
)
# Software OpenGL fallback for Windows: a widgets program draws without GL.
DROPPED_FILES = {"opengl32sw.dll"}

KEPT_TRANSLATIONS = {"qtbase_zh_CN.qm"}


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The one version string: [project] version in pyproject.toml."""
    with open(pyproject, "rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); a pre-release suffix is ignored (Windows wants 4 ints)."""
    nums = [int(n) for n in re.findall(r"\d+", version.split("+", maxsplit=1)[0])[:4]]
    if not nums or not re.match(r"\d", version):
        raise ValueError(f"版本号格式不对: {version!r}")
    nums += [0] * (4 - len(nums))
    return nums[0], nums[1], nums[2], nums[3]


def _qt_parts(dest: str) -> tuple[str, ...]:
    """Path inside the Qt folder: PySide6/Qt/... on Linux and macOS, PySide6/... on Windows."""
    parts = PurePath(dest.replace("\\", "/")).parts
    if "PySide6" not in parts:
        return ()
    rest = parts[parts.index("PySide6") + 1 :]
    return rest[1:] if rest[:1] == ("Qt",) else rest


def plugin_stem(filename: str) -> str:
    """'libqxcb.so' / 'qxcb.dll' / 'qwindowsd.dll' -> 'xcb' / 'xcb' / 'windowsd'."""
    stem = filename.split(".", maxsplit=1)[0]
    stem = stem.removeprefix("lib")
    return stem.removeprefix("q")


def keep_file(dest: str) -> bool:
    """Decide for one collected binary or data file (its destination path) whether it ships."""
    name = PurePath(dest.replace("\\", "/")).name
    if name.lower() in DROPPED_FILES:
        return False
    if DROPPED_QT_LIBS.search(name):
        return False
    qt = _qt_parts(dest)
    if len(qt) >= 3 and qt[0] == "plugins":
        folder = qt[1]
        if folder not in KEPT_PLUGINS:
            return False
        wanted = KEPT_PLUGINS[folder]
        return wanted is None or any(plugin_stem(name).startswith(w) for w in wanted)
    if len(qt) >= 2 and qt[0] == "translations":
        return name in KEPT_TRANSLATIONS
    return True


def render_version_info(version: str, out: Path) -> Path:
    """Write the .exe's version resource (installer/version_info.txt.in) for ``version``."""
    from string import Template

    template = Template((ROOT / "installer" / "version_info.txt.in").read_text(encoding="utf-8"))
    text = template.substitute(numbers=repr(version_tuple(version)), version=version,
                               app=APP_NAME, product=PRODUCT_NAME)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


if __name__ == "__main__":  # used by the workflow: `python installer/build_config.py numeric`
    import sys

    _v = project_version()
    print(".".join(map(str, version_tuple(_v))) if sys.argv[1:] == ["numeric"] else _v)
