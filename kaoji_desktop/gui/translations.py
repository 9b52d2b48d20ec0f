"""Qt's own texts in Chinese: standard buttons (确定/取消/是/否/关闭), the
file dialog, context menus of text fields, the calendar popup.

Only ``qtbase_zh_CN.qm`` is loaded (and shipped: installer/build_config.py
KEPT_TRANSLATIONS). It holds every string of QtCore/QtGui/QtWidgets; the
99-byte ``qt_zh_CN.qm`` beside it is only a catalog naming qtbase and modules
the program does not ship (qtdeclarative, qtmultimedia…), so it would not load
from the frozen build.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kaoji_desktop.paths import qt_translation_dirs

CATALOGS = ("qtbase_zh_CN",)


def translation_dirs() -> list[Path]:
    found = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    return [*qt_translation_dirs(), *found]


def find_catalog(name: str) -> Path | None:
    """The .qm file of catalog `name`, or None when no folder has it."""
    for folder in translation_dirs():
        path = folder / f"{name}.qm"
        if path.is_file():
            return path
    return None


def install_translations(app: QCoreApplication) -> list[Path]:
    """Install Qt's Chinese catalogs into `app`; the files loaded (a missing
    catalog leaves Qt's English texts, it does not stop the program)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    loaded = []
    for name in CATALOGS:
        path = find_catalog(name)
        translator = QTranslator(app)
        if path is not None and translator.load(str(path)):
            app.installTranslator(translator)
            loaded.append(path)
    return loaded
