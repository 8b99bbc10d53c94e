"""Errors a user can act on: each names the file and what is wrong with it."""
from __future__ import annotations


class AuditorError(Exception):
    """Base of the errors the CLI reports as a message and exit code 2."""


class InputError(AuditorError):
    """A file that cannot be read as a report: empty, binary, encrypted, broken, a scan …"""

    def __init__(self, path: str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigError(AuditorError):
    """A configuration file or option that cannot be used."""
