"""A one-line progress display on stderr for a batch on a terminal (never in a pipe or CI)."""
from __future__ import annotations

import sys
import time

WIDTH = 30
# Redrawing more often than this costs time and shows nothing new to the eye.
MIN_INTERVAL = 0.1


class Progress:
    def __init__(self, total: int, stream=None):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.drawn = 0.0
        self.stream = stream or sys.stderr

    def __call__(self, step: int, final: bool = False) -> None:
        self.done += step
        now = time.monotonic()
        if not final and now - self.drawn < MIN_INTERVAL:
            return
        self.drawn = now
        self.stream.write("\r" + self.line(now - self.started) + ("\n" if final else ""))
        self.stream.flush()

    def say(self, message: str) -> None:
        """A message on its own line, above the progress line (drawn again at the next step)."""
        self.stream.write("\r\x1b[K" + message + "\n")
        self.drawn = 0.0

    def line(self, elapsed: float) -> str:
        share = self.done / self.total if self.total else 1.0
        bar = "#" * int(share * WIDTH)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (f"[{bar:<{WIDTH}}] {self.done}/{self.total} documents, "
                f"{rate:.1f}/s, {left:.0f} s left ")


class NoProgress:
    """Where no progress is shown: messages go to stderr as they are."""

    def __call__(self, step: int, final: bool = False) -> None:
        pass

    def say(self, message: str) -> None:
        print(message, file=sys.stderr)
