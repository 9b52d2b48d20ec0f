"""Which collected files ship in the frozen build (installer/build_config.py)."""

import pytest


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",  # Windows wheels: no Qt/ level
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/plugins/imageformats/libqico.so",
        "PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6PrintSupport.so.6",
        "PySide6/Qt6Gui.dll",
        "PySide6/QtWidgets.pyd",
        "resources/kaoji.ico",
        "libpython3.11.so.1.0",
    ],
)
def test_kept(build_config, dest):
    assert build_config.keep_file(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqminimalegl.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/imageformats/qpdf.dll",
        "PySide6/Qt/plugins/tls/qopensslbackend.dll",
        "PySide6\\plugins\\iconengines\\qsvgicon.dll",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/translations/qtbase_ja.qm",
        "PySide6/translations/qtwebengine_zh_CN.qm",
        "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/generic/qtuiotouchplugin.dll",
        "PySide6/Qt/plugins/sqldrivers/qsqlite.dll",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_zh_CN.qm",
        "PySide6/Qt/translations/qtdeclarative_zh_CN.qm",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt6Pdf.dll",
        "PySide6/Qt6Svg.dll",
        "PySide6/Qt6WaylandClient.dll",
        "PySide6/opengl32sw.dll",
    ],
)
def test_dropped(build_config, dest):
    assert not build_config.keep_file(dest)


def test_unused_qt_modules_excluded_used_ones_not(build_config):
    excluded = set(build_config.EXCLUDED_MODULES)
    for used in ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport"):
        assert f"PySide6.{used}" not in excluded
    for unused in ("QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore", "QtSql", "QtSvg"):
        assert f"PySide6.{unused}" in excluded
