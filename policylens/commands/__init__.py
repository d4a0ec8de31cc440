"""Command groups of the ``policylens`` CLI, one module each, and what they share.

A module exposes ``register(subparsers)``; each sub-command it adds sets ``handler`` (a function
of the parsed arguments returning an exit code) with ``set_defaults``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from policylens.usertext import escaped
from policylens.workspace import Workspace, WorkspaceError

# Order in which the groups appear in ``policylens --help``.
COMMAND_MODULES = ("sources", "documents", "browse", "compare", "versions", "export", "annotations", "brief")


class UserError(Exception):
    """Something the user can fix; printed without a traceback."""


@contextmanager
def open_workspace(args) -> Iterator[Workspace]:
    """The workspace, its documents' obligations extracted by this version's rules where it
    can be written (see ``_bring_up_to_date``), as the application does when it opens one."""
    try:
        ws = Workspace(args.workspace)
    except WorkspaceError as exc:
        raise UserError(str(exc)) from exc
    try:
        _bring_up_to_date(ws)
        yield ws
    finally:
        ws.close()
    if ws.backup_warning:   # after the command's own output; a failed command's error says enough
        print(f"policylens: warning: {escaped(ws.backup_warning)}", file=sys.stderr)


def _bring_up_to_date(ws: Workspace) -> None:
    """Extract again what an older version's rules read (``importer.extract_outdated``).  This
    is a courtesy of the upgrade, never a reason for a command to fail: a workspace it cannot
    write (read-only, busy in another program) is read as it stands, with a warning."""
    from policylens.importer import extract_outdated

    progress = ConsoleProgress()
    try:
        renewed = extract_outdated(ws, progress=progress)
    except Exception as exc:   # noqa: BLE001 — never let the courtesy stop a command (an export of notes)
        print(f"policylens: warning: results an older version extracted are shown as they are: "
              f"{escaped(str(exc) or type(exc).__name__)}", file=sys.stderr)
        return
    finally:
        progress.done()
    if renewed:
        documents = f"{len(renewed)} document{'s' if len(renewed) != 1 else ''}"
        print(f"policylens: extracted {documents} again with this version's rules: {', '.join(renewed)}",
              file=sys.stderr)


def add_fact_options(parser) -> None:
    """--status, --kind and --date, as ``add`` and ``edit`` take them."""
    from policylens.catalogue import KIND_LABELS, STATUS_LABELS

    parser.add_argument("--status", choices=list(STATUS_LABELS),
                        help="legal status: " + ", ".join(f"{k} ({v.lower()})" for k, v in STATUS_LABELS.items()))
    parser.add_argument("--kind", choices=list(KIND_LABELS), help="kind of instrument")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="the instrument's date (signed, adopted or issued; default: as the document states it)")


class ConsoleProgress:
    """Progress on stderr as one updating line; silent when stderr is not a terminal."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, fraction: float, message: str) -> None:
        if self.live:
            self.stream.write(f"\r[{fraction:4.0%}] {message[:70]:<70}")
            self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\r" + " " * 78 + "\r")


def print_report(report) -> int:
    """Print an import report line by line; exit code 1 when any file failed."""
    for line in report.lines():
        print(escaped(line))
    return 1 if report.failed else 0
