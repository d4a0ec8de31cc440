"""Progress reporting and cancellation for long work, without any GUI dependency.

Core functions that take long accept ``progress`` (called with a fraction 0..1 and a message)
and ``cancel`` (returns True when the user asked to stop).  The GUI wraps them in one worker
abstraction; the CLI passes a console reporter.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


class Cancelled(Exception):
    """The user stopped the work; nothing partial was stored."""


def no_progress(fraction: float, message: str) -> None:
    """The progress callback used when nobody is watching."""


def never_cancel() -> bool:
    return False


def check(cancel: CancelFn) -> None:
    """Raise ``Cancelled`` when the user asked to stop."""
    if cancel():
        raise Cancelled()
