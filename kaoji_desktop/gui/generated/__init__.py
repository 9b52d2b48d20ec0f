"""Compiled Designer forms (scripts/build_ui.py); do not edit."""
