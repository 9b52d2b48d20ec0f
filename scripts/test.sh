#!/usr/bin/env bash
# Set up .venv if needed, run the gates, then the test suite (GUI tests
# offscreen). The gates: ruff over the whole tree, mypy (strict on core and
# store, per pyproject.toml) and lint-imports (the layers contract); each
# failing fails the run. Arguments go to pytest; KAOJI_NO_GATES=1 skips the
# gates for a quick local run of one test file.
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
export QT_QPA_PLATFORM=offscreen
failed=()
if [ -z "${KAOJI_NO_GATES:-}" ]; then
    .venv/bin/ruff check --quiet --output-format concise . || failed+=(ruff)
    .venv/bin/mypy || failed+=(mypy)
    if out=$(.venv/bin/lint-imports --no-cache 2>&1); then
        echo "lint-imports: $(grep -c KEPT <<<"$out") contracts kept"
    else
        echo "$out"
        failed+=(lint-imports)
    fi
fi
status=0
.venv/bin/python -m pytest -q "$@" || status=$?
if [ ${#failed[@]} -gt 0 ]; then
    echo "gates failed: ${failed[*]}" >&2
    [ "$status" -ne 0 ] || status=1
fi
exit "$status"
