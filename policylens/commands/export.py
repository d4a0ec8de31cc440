"""``export``: provisions as JSON Lines or CSV (further formats register here too)."""

from __future__ import annotations

import sys
from pathlib import Path

from policylens.commands import UserError, open_workspace


def register(commands) -> None:
    export = commands.add_parser("export", help="export provisions, links or the graph")
    what = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    prov = what.add_parser("provisions", help="one record per provision unit (JSON Lines or CSV)")
    prov.add_argument("--doc", help="only this document id")
    prov.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    prov.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    prov.set_defaults(handler=provisions_cmd)


def provisions_cmd(args) -> int:
    from policylens.export import provision_records, write_csv, write_jsonl
    with open_workspace(args) as ws:
        if args.doc and ws.document(args.doc) is None:
            raise UserError(f"no document '{args.doc}' in the workspace (see 'policylens list')")
        records = provision_records(ws, args.doc)
        writer = write_csv if args.format == "csv" else write_jsonl
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = writer(records, out)
            print(f"wrote {count} provisions to {args.output}", file=sys.stderr)
        else:
            writer(records, sys.stdout)
    return 0
