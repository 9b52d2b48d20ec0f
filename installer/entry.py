"""PyInstaller entry script of the frozen kaoji-desktop (same as the gui-script).

`kaoji_desktop.launcher` goes straight to the self-test on `--self-test`, so it
still reports (and fails clearly) when the GUI itself cannot be imported."""

import sys

from kaoji_desktop.launcher import main

sys.exit(main())
