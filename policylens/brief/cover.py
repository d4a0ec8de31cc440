"""Page one: the title block, each instrument's legal standing, and the theme × instrument summary."""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer, Table

from policylens import __version__, catalogue, relations
from policylens.amendments import moved_dates
from policylens.brief.content import (
    BriefContent,
    DocumentBrief,
    role_label,
)
from policylens.brief.document import Heading
from policylens.brief.fonts import markup
from policylens.brief.style import (
    FRAME_WIDTH,
    accent,
    rule,
    status_colour,
    styles,
    table_style,
)
from policylens.facts import facts_of
from policylens.labels import in_sentence, listed, theme_label, theme_short_label

SUMMARY_DUTIES = 2
PLACE_ABBREVIATIONS = {"European Union": "EU", "United States": "US", "United Kingdom": "UK"}
SUMMARY_FIGURES = 4
SUMMARY_DATES = 2
SUMMARY_DATE_CITES = 2
SUMMARY_ROLES = 3
DUTY_CHARS = 90
SUMMARY_COLUMNS = [76, 70, 72, FRAME_WIDTH - 338, 120]
CELL_PADDING = [("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]


def brief_title(content: BriefContent) -> str:
    """The analyst's title, or one that says what and where: "Incident reporting and compute
    thresholds: EU, US, California, Japan"."""
    if content.options.title:
        return content.options.title
    themes = [theme_short_label(t) for t in content.options.themes]
    places = dict.fromkeys(short_place(catalogue.jurisdiction_name(d.jurisdiction)) for d in content.documents)
    return listed([themes[0]] + [in_sentence(t) for t in themes[1:]]) + ": " + ", ".join(places)


def short_place(name: str) -> str:
    """"California (US)" → "California", "European Union" → "EU": a place as a title names it."""
    name = name.split(" (")[0]
    return PLACE_ABBREVIATIONS.get(name, name)


def cover(content: BriefContent) -> list:
    s = styles()
    options = content.options
    themes = listed([theme_label(t) for t in options.themes])
    places = listed(list(dict.fromkeys(catalogue.jurisdiction_name(d.jurisdiction) for d in content.documents)))
    by = f"Prepared by {options.author} · " if options.author else ""
    flow = [
        Paragraph(markup(brief_title(content)), s["title"]),
        Paragraph(markup(f"{themes} — {places}"), s["subtitle"]),
        Paragraph(markup(f"{by}{options.date} · PolicyLens {__version__}"), s["meta"]),
        Paragraph(markup(
            f"Scope: how {len(content.documents)} instruments treat {len(options.themes)} "
            f"theme{'s' if len(options.themes) > 1 else ''}, quoted verbatim with citations from the "
            "official texts listed in Appendix A."), s["scope"]),
        _standing_table(content),
        Spacer(1, 10),
        Heading("Summary", "h1", 0, "summary"),
        Paragraph(markup("Who is bound, the key duties, and the thresholds and deadlines each instrument sets on "
                         "each theme. Roles, duties and figures are extracted automatically; the sections that "
                         "follow quote the clauses they come from."), s["small"]),
        Spacer(1, 4),
        *_summary_table(content),
    ]
    return flow


def badge_cell(status: str, label: str) -> tuple[Paragraph, object]:
    """A status word in a coloured cell: the paragraph and the background command's colour."""
    return Paragraph(markup(label), styles()["badge"]), status_colour(status)


def inline_badge(status: str, label: str) -> str:
    """A status word set white on its colour inside a line of text."""
    colour = status_colour(status).hexval()[2:]
    return (f'<font backColor="#{colour}" color="white" size="8">&nbsp;{markup(label)}&nbsp;</font>')


def _standing_table(content: BriefContent) -> Table:
    s = styles()
    rows, commands = [], []
    for n, doc in enumerate(content.documents):
        facts = facts_of(doc)
        badge, colour = badge_cell(doc.status, facts.status_label)
        what = ", ".join(x for x in (facts.kind_label, facts.date) if x)
        name = f"<b>{markup(doc.short_name)}</b> · {markup(catalogue.jurisdiction_name(doc.jurisdiction))}" + \
            (f"<br/>{markup(what)}" if what else "")
        replaced = relations.headline(doc.id, facts.status)
        said = " ".join(x for x in ("Binding." if facts.binding else "Not binding.",
                                    f"{replaced}." if replaced else "", facts.status_note) if x)
        rows.append([badge, Paragraph(name, s["cell"]), Paragraph(markup(said) + _moved_dates(doc.id), s["cell"])])
        commands.append(("BACKGROUND", (0, n), (0, n), colour))
    table = Table(rows, colWidths=[88, 130, FRAME_WIDTH - 218])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                               *commands]))
    return table


def _moved_dates(doc_id: str) -> str:
    """The application dates a later act moved: the original struck through, the act cited."""
    moved = moved_dates(doc_id)
    if not moved:
        return ""
    acts = ", ".join(dict.fromkeys(f"{c.act_name} ({c.adopted})" for c in moved))
    lines = "".join(f"<br/>{markup(c.scope)}: <strike>{c.original}</strike> <b>{c.amended}</b>" for c in moved)
    return f"<br/><b>Dates as amended</b> by {markup(acts)}:{lines}"


def _summary_table(content: BriefContent) -> list:
    """One table per theme, the theme named in its header row, which repeats when a table runs
    onto the next page."""
    s = styles()
    flow = []
    for theme in content.themes:
        rows = [[Paragraph(h, s["cell_head"]) for h in
                 (markup(theme_label(theme.theme)), "Force", "Who is bound",
                  "Leading clauses (citation: opening words)", "Thresholds and deadlines")]]
        commands = [("BACKGROUND", (0, 0), (-1, 0), accent)]
        for doc in theme.documents:
            badge, colour = badge_cell(doc.standing.status, doc.standing.status_label)
            rows.append([Paragraph(markup(doc.standing.short_name), s["cell"]), badge,
                         Paragraph(markup(_who(doc)), s["cell"]),
                         Paragraph(_duties(doc), s["cell"]), Paragraph(_figures(doc), s["cell"])])
            commands.append(("BACKGROUND", (1, len(rows) - 1), (1, len(rows) - 1), colour))
        table = Table(rows, colWidths=SUMMARY_COLUMNS, repeatRows=1)
        table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
                                   *CELL_PADDING, *commands]))
        flow += [table, Spacer(1, 6)]
    return flow


def _who(doc: DocumentBrief) -> str:
    if not doc.total:
        return "—"
    if not doc.bound:
        return "No named actor"
    return ", ".join(role_label(role) for role, _ in doc.bound[:SUMMARY_ROLES])


def _duties(doc: DocumentBrief) -> str:
    if not doc.total:
        return markup("No provision on this theme")
    lines = [f"<b>{markup(c.provision.cite)}</b>: {markup(excerpt(c.provision.text, DUTY_CHARS))}"
             for c in doc.quoted[:SUMMARY_DUTIES]]
    return "<br/>".join(lines) or markup("No duty, recommendation or figure on this theme")


def _figures(doc: DocumentBrief) -> str:
    parts = []
    seen = set()
    for row in doc.quantities:
        if row.written.lower() not in seen and len(parts) < SUMMARY_FIGURES:
            seen.add(row.written.lower())
            parts.append(f"{markup(row.written)} ({markup(row.provision.cite)})")
    dates: dict[str, list[str]] = {}
    for event in doc.events:
        dates.setdefault(event.date, []).append(event.provision.cite)
    for day, cites in list(dates.items())[:SUMMARY_DATES]:
        cites = list(dict.fromkeys(cites))
        more = f" +{len(cites) - SUMMARY_DATE_CITES}" if len(cites) > SUMMARY_DATE_CITES else ""
        parts.append(f"{day} ({markup(', '.join(cites[:SUMMARY_DATE_CITES]) + more)})")
    return "<br/>".join(parts) if parts else "—"


def excerpt(text: str, limit: int) -> str:
    """The opening words of ``text`` up to ``limit`` characters, cut at a word, marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
