#!/usr/bin/env bash
# Build the frozen program with PyInstaller into dist/kaoji-desktop/ (onedir),
# then run its self-test offscreen. KAOJI_ONEFILE=1 builds dist/kaoji-desktop
# as one file instead. Extra arguments go to pyinstaller.
#
#   bash scripts/build_frozen.sh
#   dist/kaoji-desktop/kaoji-desktop --self-test
#   KAOJI_EXIT_AFTER_SHOW=1 dist/kaoji-desktop/kaoji-desktop   # start-up probe (bench)
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
.venv/bin/pyinstaller installer/kaoji.spec --noconfirm --clean \
    --distpath dist --workpath build/pyinstaller "$@"
if [ "${KAOJI_ONEFILE:-0}" != "0" ]; then exe=dist/kaoji-desktop; else exe=dist/kaoji-desktop/kaoji-desktop; fi
QT_QPA_PLATFORM=offscreen "$exe" --self-test
if [ -d dist/kaoji-desktop ]; then du -sh dist/kaoji-desktop; else du -sh "$exe"; fi
