"""Comparing documents: ``compare`` (one theme side by side, or the theme × document matrix),
``thresholds`` (quantities side by side) and ``timeline`` (dated deadlines and application dates)."""

from __future__ import annotations

import textwrap

from policylens.commands import UserError, open_workspace

WIDTH = 100


def register(commands) -> None:
    compare = commands.add_parser(
        "compare", help="how each document handles a theme, or which themes each covers",
        description="With --theme: per document, the provisions on that theme grouped by role and "
                    "modality, quoted with citations, legal status, deadlines and quantities, then the "
                    "provisions that correspond across documents and why. With --matrix: the number of "
                    "provisions per theme and document, by modality.")
    what = compare.add_mutually_exclusive_group(required=True)
    what.add_argument("--theme", help="theme id, e.g. incident_reporting (see 'compare --matrix')")
    what.add_argument("--matrix", action="store_true", help="theme × document coverage table")
    compare.add_argument("--docs", help="comma-separated document ids (default: all)")
    compare.set_defaults(handler=compare_cmd)
    thresholds = commands.add_parser(
        "thresholds", help="compute thresholds, amounts, fines and time limits side by side")
    thresholds.add_argument("--docs", help="comma-separated document ids (default: all)")
    thresholds.add_argument("--kind", action="append", metavar="KIND",
                            choices=("training_compute", "compute_capacity", "network_bandwidth", "money",
                                     "turnover_share", "percentage", "time_limit", "period"),
                            help="only this kind (repeatable): %(choices)s")
    thresholds.set_defaults(handler=thresholds_cmd)
    timeline = commands.add_parser("timeline", help="deadlines and application dates in date order")
    timeline.add_argument("--docs", help="comma-separated document ids (default: all)")
    timeline.add_argument("--role", action="append", help="only provisions binding this role (repeatable)")
    timeline.set_defaults(handler=timeline_cmd)


def _docs(args) -> list[str] | None:
    return [d.strip() for d in args.docs.split(",") if d.strip()] if args.docs else None


def _run(function, ws, *args, **kwargs):
    try:
        return function(ws, *args, **kwargs)
    except KeyError as exc:
        raise UserError(f"{exc.args[0]} (see 'policylens list')") from exc


def compare_cmd(args) -> int:
    from policylens.compare import compare_theme, coverage_matrix
    with open_workspace(args) as ws:
        if args.matrix:
            _print_matrix(_run(coverage_matrix, ws, _docs(args)))
        else:
            from policylens.extract.lexicon import lexicon
            if args.theme not in lexicon().theme_terms:
                raise UserError(f"unknown theme '{args.theme}'; themes: {', '.join(sorted(lexicon().theme_terms))}")
            _print_theme(_run(compare_theme, ws, args.theme, _docs(args)))
    return 0


def _print_matrix(matrix) -> None:
    if not matrix.themes:
        print("No provision has a theme yet: import the documents with a version of PolicyLens that extracts them.")
        return
    names = [d.short_name for d in matrix.documents]
    print("theme".ljust(26) + "".join(n[:22].ljust(24) for n in names))
    print("".ljust(26) + "".join(d.status_label[:22].ljust(24) for d in matrix.documents))
    for theme in matrix.themes:
        cells = []
        for doc in matrix.documents:
            total = matrix.count(theme, doc.doc)
            parts = [f"{m[:3]} {matrix.count(theme, doc.doc, m)}" for m in ("obligation", "prohibition",
                     "permission", "recommendation") if matrix.count(theme, doc.doc, m)]
            cells.append((f"{total}" + (f" ({', '.join(parts)})" if parts else "")) if total else "—")
        print(theme[:25].ljust(26) + "".join(c[:22].ljust(24) for c in cells))


def _print_theme(comparison) -> None:
    print(f"Theme: {comparison.theme}")
    for section in comparison.documents:
        s = section.standing
        print("\n" + "=" * WIDTH)
        print(f"{s.short_name} ({s.jurisdiction}) — {s.status_label}: {section.count} provisions")
        for group in section.groups:
            print(f"\n  {group.role or 'no actor'} · {group.modality}")
            for p in group.provisions:
                print(f"    [{p.cite}]")
                print(textwrap.fill(p.text, WIDTH, initial_indent="      ", subsequent_indent="      "))
                extra = []
                if p.deadline_text:
                    extra.append(f"deadline: {p.deadline_text}" + (f" ({p.deadline_date})" if p.deadline_date else ""))
                extra += [f"{q.kind.replace('_', ' ')}: {q.text}" for q in p.quantities]
                if extra:
                    print("      — " + "; ".join(extra))
    if comparison.pairs:
        print("\n" + "=" * WIDTH + "\nCorresponding provisions")
        for pair in comparison.pairs:
            print(f"  {pair.source.doc} {pair.source.cite}  ↔  {pair.target.doc} {pair.target.cite}  "
                  f"(score {pair.score:.2f}): {pair.why}")


def thresholds_cmd(args) -> int:
    from policylens.compare import thresholds
    with open_workspace(args) as ws:
        rows = _run(thresholds, ws, _docs(args), args.kind)
        if not rows:
            print("No quantities found.")
        kind = None
        for row in rows:
            if row.kind != kind:
                kind = row.kind
                print(f"\n{kind.replace('_', ' ')}")
            what = " ".join(x for x in (row.qualifier, row.label) if x)
            purpose = f" [{row.purpose}]" if row.purpose else ""
            print(f"  {what:<44}{purpose:<10} {row.standing.short_name} {row.provision.cite} "
                  f"({row.standing.status_label}): “{row.text}”")
    return 0


def timeline_cmd(args) -> int:
    from policylens.timeline import timeline
    with open_workspace(args) as ws:
        events = _run(timeline, ws, _docs(args), args.role)
        if not events:
            print("No dated provisions found.")
        for event in events:
            print(f"{event.date}  {event.kind:<13} {event.standing.short_name} {event.provision.cite} "
                  f"({event.standing.status_label}): {event.phrase}")
    return 0
