#!/usr/bin/env bash
# Set up .venv if needed and run the whole test suite (GUI tests offscreen).
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q "$@"
