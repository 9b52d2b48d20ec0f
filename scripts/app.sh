#!/usr/bin/env bash
# Set up .venv if needed and open the desktop app (on the demo year by default).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
exec .venv/bin/kaoji-desktop "$@"
