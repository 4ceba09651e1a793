"""The distribution's version, read from the installed metadata so it is written in one place."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("battery-passport")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
