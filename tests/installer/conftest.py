"""Shared helpers for the installer tests: import installer/build_config.py."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


@pytest.fixture(scope="session")
def build_config():
    spec = importlib.util.spec_from_file_location("build_config", INSTALLER / "build_config.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_config", module)
    spec.loader.exec_module(module)
    return module
