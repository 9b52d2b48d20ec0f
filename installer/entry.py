"""PyInstaller entry script of the frozen kaoji-desktop (same as the gui-script)."""

import sys

if "--self-test" in sys.argv[1:]:
    # Straight to the self-test, so it still reports (and fails clearly) when
    # the GUI itself cannot be imported.
    from kaoji_desktop.selftest import run

    sys.exit(run())

from kaoji_desktop.gui.app import main

sys.exit(main())
