"""The ``policylens`` command: everything the desktop application does, headless.

Run without arguments it opens the desktop application.  Each command group lives in its own
module under ``policylens.commands`` and registers its sub-commands on the parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from pathlib import Path

from policylens import __version__
from policylens.commands import COMMAND_MODULES, UserError
from policylens.paths import default_workspace
from policylens.usertext import escaped
from policylens.workspace import WorkspaceError

EPILOG = ("The workspace is one file; by default it lives in your user data folder. Choose another with "
          "--workspace PATH or the POLICYLENS_WORKSPACE environment variable.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policylens", description="Compare AI regulation across jurisdictions, offline. "
        "Run without a command to open the desktop application.", epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"PolicyLens {__version__}")
    parser.add_argument("--workspace", type=Path, default=default_workspace(),
                        help="workspace file (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(f"policylens.commands.{name}").register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from policylens_ui.app import run
        return run(workspace=args.workspace)
    try:
        return args.handler(args) or 0
    except (UserError, WorkspaceError) as exc:
        print(f"policylens: {escaped(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader of our output went away (e.g. "| head"): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("policylens: interrupted; each document already imported is complete, nothing is half-stored",
              file=sys.stderr)
        return 130
    except OSError as exc:  # a file or folder the user named cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        print(escaped(f"policylens: {where}{exc.strerror or exc}"), file=sys.stderr)
        return 2
