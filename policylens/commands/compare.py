"""Comparing documents: ``compare`` (one theme side by side, or the theme × document matrix),
``thresholds`` (quantities side by side) and ``timeline`` (dated deadlines and application dates)."""

from __future__ import annotations

import textwrap

from policylens.amendments import in_force
from policylens.commands import UserError, open_workspace
from policylens.labels import role_label

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
    timeline.add_argument("--as-adopted", action="store_true",
                          help="the dates as the texts state them, before later acts amended them")
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
    """Columns as wide as their widest cell, so that no count is cut."""
    if not matrix.themes:
        print("No provision has a theme yet: import the documents with a version of PolicyLens that extracts them.")
        return
    cells = {}
    for theme in matrix.themes:
        for doc in matrix.documents:
            total = matrix.count(theme, doc.doc)
            parts = [f"{m[:3]} {matrix.count(theme, doc.doc, m)}" for m in ("obligation", "prohibition",
                     "permission", "recommendation") if matrix.count(theme, doc.doc, m)]
            cells[theme, doc.doc] = (f"{total}" + (f" ({', '.join(parts)})" if parts else "")) if total else "—"
    first = max(len("theme"), *(len(t) for t in matrix.themes)) + 2
    widths = [max(len(d.short_name), len(d.status_label), *(len(cells[t, d.doc]) for t in matrix.themes)) + 2
              for d in matrix.documents]
    print("theme".ljust(first) + "".join(d.short_name.ljust(w) for d, w in zip(matrix.documents, widths)).rstrip())
    print("".ljust(first) + "".join(d.status_label.ljust(w) for d, w in zip(matrix.documents, widths)).rstrip())
    for theme in matrix.themes:
        print(theme.ljust(first) + "".join(cells[theme, d.doc].ljust(w)
                                           for d, w in zip(matrix.documents, widths)).rstrip())


def _print_theme(comparison) -> None:
    """Per document, the clauses in citing order (``policylens.leads``), the reason the first
    leads, and each clause's deadline and figures once; then the corresponding pairs."""
    print(f"Theme: {comparison.theme}")
    for section in comparison.documents:
        s = section.standing
        print("\n" + "=" * WIDTH)
        print(f"{s.short_name} ({s.jurisdiction}) — {s.status_label}: {section.count} provisions")
        if section.leads:
            lead = section.leads[0]
            print(textwrap.fill(f"Leads: {lead.provision.cite} — {lead.reason}.", WIDTH,
                                initial_indent="  ", subsequent_indent="    "))
        for lead in section.leads:
            p = lead.provision
            what = " · ".join(x for x in (lead.kind if lead.kind in ("rule", "explanation") else p.modality,
                                          role_label(p.role) if p.role else "") if x)
            print(f"\n    [{p.cite}]  {what}")
            print(textwrap.fill(p.text, WIDTH, initial_indent="      ", subsequent_indent="      "))
            extra = _figures(p)
            if extra:
                print("      — " + "; ".join(extra))
    if comparison.pairs:
        print("\n" + "=" * WIDTH + "\nCorresponding provisions (confidence 0–1)")
        for pair in comparison.pairs:
            print(f"  {pair.source.doc} {pair.source.cite}  ↔  {pair.target.doc} {pair.target.cite}  "
                  f"({pair.confidence:.2f}): {pair.why}")


def _figures(p) -> list[str]:
    """A clause's deadline and quantities, each once: "within 72 hours" is the deadline and the
    time limit, printed once."""
    out = []
    if p.deadline_text:
        when, change = in_force(p.id, p.deadline_date)   # as amended: "(2028-08-02; was 2027-08-02; …)"
        out.append(f"deadline: {p.deadline_text}" + (f" ({when}; {change.citation()})" if change else
                                                     f" ({when})" if when else ""))
    for q in p.quantities:
        if q.text in p.deadline_text:
            continue
        line = f"{q.kind.replace('_', ' ')}: {' '.join(x for x in (q.qualifier, q.text) if x)}"
        if line not in out:
            out.append(line)
    return out


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
            what = " ".join(x for x in (row.qualifier, row.text) if x)
            what += f" ({row.label})" if row.unit in ("operations", "operations/s", "bit/s") else ""
            purpose = f" [{row.purpose}]" if row.purpose else ""
            print(f"  {what:<60}{purpose:<10} {row.standing.short_name} {row.provision.cite} "
                  f"({row.standing.status_label})")
    return 0


def timeline_cmd(args) -> int:
    from policylens.timeline import timeline
    with open_workspace(args) as ws:
        events = _run(timeline, ws, _docs(args), args.role, as_adopted=args.as_adopted)
        if not events:
            print("No dated provisions found.")
        for event in events:
            # a moved date names the date it replaced and the amending act: "[was 2026-08-02; …]"
            moved = f" [{event.change.citation()}]" if event.change else ""
            print(f"{event.date}  {event.kind:<13} {event.standing.short_name} {event.provision.cite} "
                  f"({event.standing.status_label}): {event.phrase}{moved}")
    return 0
