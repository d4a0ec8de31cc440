"""``diff``: what changed between two versions of a document."""

from __future__ import annotations

import json
import sys

from policylens.commands import UserError, open_workspace
from policylens.ingest.source import IngestError
from policylens.output import open_output
from policylens.usertext import escaped

FORMATS = ("text", "json", "csv")


def register(commands) -> None:
    diff = commands.add_parser(
        "diff", help="what changed between two versions of a document, provision by provision",
        description="Match the provisions of OLD and NEW by citation and text and mark each unchanged, reworded "
        "(with the words that changed), moved or renumbered, added or removed. OLD is a document id; NEW is "
        "another document id or a file of the same instrument (a newer version, or another official format).")
    diff.add_argument("old", metavar="OLD", help="document id (see 'policylens list'), or ID@previous for the "
                                                 "version a newer one of that document replaced")
    diff.add_argument("new", metavar="NEW", help="document id, or a file of the same instrument")
    diff.add_argument("--format", choices=FORMATS, default="text",
                      help="text (changes only, for reading), json (a summary and one record per provision) "
                           "or csv (one row per provision)")
    diff.add_argument("-o", "--output", help="write to this file instead of the terminal")
    diff.set_defaults(handler=diff_cmd)


def diff_cmd(args) -> int:
    from policylens.diff import compare_versions
    with open_workspace(args) as ws:
        try:
            result = compare_versions(ws, args.old, args.new)
        except KeyError as exc:
            raise UserError(f"{exc.args[0]} (see 'policylens list')") from exc
        except IngestError as exc:
            raise UserError(str(exc)) from exc
    if args.output:
        with open_output(args.output, newline="" if args.format == "csv" else None, encoding="utf-8") as out:
            _write(result, args.format, out)
    else:
        _write(result, args.format, sys.stdout)
    return 0


def _write(result, fmt: str, out) -> None:
    from policylens.diff import records, write_csv
    if fmt == "json":
        json.dump({"old": result.old_doc, "new": result.new_doc, "summary": result.summary,
                   "sections": result.by_section(), "provisions": records(result)}, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        write_csv(result, out)
    else:
        counts = ", ".join(f"{n} {status}" for status, n in result.summary.items())
        out.write(escaped(f"{result.old_doc} → {result.new_doc}: {counts}\n"))
        for section, counts in result.by_section().items():
            if set(counts) != {"unchanged"}:
                out.write(escaped(f"  {section}: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + "\n"))
        for change in result.changes:
            if change.status == "unchanged":
                continue
            where = " → ".join(dict.fromkeys(n.cite for n in (change.old, change.new) if n))
            text = change.marked() or (change.new or change.old).text
            out.write(escaped(f"{change.status:<9} {where}: {text}\n"))
