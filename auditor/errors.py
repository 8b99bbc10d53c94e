"""Errors a user can act on: each names the file and what is wrong with it."""
from __future__ import annotations


class AuditorError(Exception):
    """Base of the errors the CLI reports as a message and exit code 2."""


class InputError(AuditorError):
    """A file that cannot be read as a report: empty, binary, encrypted, broken, a scan …"""

    def __init__(self, path: str, problem: str):
        self.path = display_path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigError(AuditorError):
    """A configuration file or option that cannot be used."""


def display_path(path: object) -> str:
    """A path as it can be printed and written in UTF-8: a file name that is not valid UTF-8
    (bytes Python kept as surrogates) shows those bytes as \\xNN instead of breaking output."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # surrogates that are not escaped bytes
            return text.encode("utf-8", "backslashreplace").decode("ascii")
        return raw.decode("utf-8", "backslashreplace")
