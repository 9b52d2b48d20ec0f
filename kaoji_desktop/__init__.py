"""考绩桌面: the assessment office's desktop program."""

from importlib import metadata as _metadata


def _version() -> str:
    try:
        return _metadata.version("kaoji-desktop")
    except _metadata.PackageNotFoundError:  # frozen build or plain checkout
        from kaoji_desktop._version import VERSION

        return VERSION


__version__ = _version()
