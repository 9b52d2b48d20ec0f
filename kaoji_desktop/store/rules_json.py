"""Moved to kaoji_desktop.core.rules_json (next to the rule set); kept so
existing `from kaoji_desktop.store import rules_json` imports still work."""

from kaoji_desktop.core.rules_json import dumps, loads

__all__ = ["dumps", "loads"]
