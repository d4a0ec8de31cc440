"""``brief``: the briefing PDF on one or more themes, with citations, standing and sources."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from policylens.commands import ConsoleProgress, UserError, open_workspace


def register(commands) -> None:
    brief = commands.add_parser(
        "brief", help="write a briefing PDF on one or more themes",
        description="Writes a PDF a policy unit can send out: a cover with each instrument's legal status, a "
                    "summary table (who is bound, key duties, thresholds and deadlines), one section per theme "
                    "quoting the clauses verbatim with citations and source pages, corresponding provisions, "
                    "quantities side by side, a timeline of deadlines, and an appendix of sources (links, "
                    "checksums) and method. Annotations are included when --tags selects them.")
    brief.add_argument("--theme", required=True,
                       help="theme id or comma-separated ids, e.g. incident_reporting,transparency_disclosure "
                            "(see 'compare --matrix')")
    brief.add_argument("--docs", help="comma-separated document ids (default: all)")
    brief.add_argument("--tags", help="comma-separated annotation tags whose notes appear beside the clauses")
    brief.add_argument("--title", default="", help="title on the cover (default: from the themes)")
    brief.add_argument("--author", default="", help="name printed on the cover")
    brief.add_argument("--date", type=_iso_date, help="date printed on the cover, YYYY-MM-DD (default: today)")
    brief.add_argument("--clauses", type=int, default=6,
                       help="clauses quoted per instrument and theme; the rest are listed by citation (default 6)")
    brief.add_argument("-o", "--output", type=Path, required=True, help="PDF file to write")
    brief.set_defaults(handler=brief_cmd)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def brief_cmd(args) -> int:
    from policylens.brief import BriefError, BriefOptions, build_brief
    if args.clauses < 1:
        raise UserError("--clauses must be at least 1")
    options = BriefOptions(themes=_split(args.theme), docs=_split(args.docs) or None, tags=_split(args.tags),
                           title=args.title, author=args.author, clauses_per_document=args.clauses,
                           **({"date": args.date} if args.date else {}))
    progress = ConsoleProgress()
    with open_workspace(args) as ws:
        try:
            result = build_brief(ws, options, args.output, progress=progress)
        except BriefError as exc:
            raise UserError(str(exc)) from exc
        finally:
            progress.done()
    print(f"wrote {result.pages} pages to {result.path}: {result.clauses_quoted} clauses quoted, "
          f"{result.clauses_listed} listed by citation, {result.annotations} annotations", file=sys.stderr)
    return 0


def _iso_date(text: str) -> str:
    """A cover date as YYYY-MM-DD; argparse reports anything else as a usage error."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None
