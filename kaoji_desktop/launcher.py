"""`kaoji-desktop [FILE.kaoji | TASK.kjtask | RETURN.kjret...] [--self-test]`.

The program's entry point (the gui-script and the frozen .exe), in the top
layer beside `cli` and `selftest`: `--self-test` goes straight to the self-test
(which checks the GUI from above), everything else opens the window
(`gui.app.main`). The GUI itself never imports the self-test.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if "--self-test" in argv[1:]:
        # reason: the self-test must still report when the GUI cannot be imported
        from kaoji_desktop.selftest import run

        return run(argv[1:])
    # reason: start-up time; Qt is loaded only when a window is wanted
    from kaoji_desktop.gui.app import main as gui_main

    return gui_main(argv)


if __name__ == "__main__":
    sys.exit(main())
