"""考绩桌面: the assessment office's desktop program."""

# One version string: pyproject.toml's, copied into _version.py (a test keeps
# them equal), read without importlib.metadata to keep start-up short.
from kaoji_desktop._version import VERSION as __version__

__all__ = ["__version__"]
