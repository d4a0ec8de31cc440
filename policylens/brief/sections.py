"""One section per theme: each instrument's clauses verbatim with citation, page and modality, in
citing order with the reason the first one leads, the analyst's notes beside them, corresponding
pairs, each figure with its clause and condition, and the deadline figure when it carries
information.

Layout rules: a heading and the words introducing a table never end a page without the table's
first row (``keep_with_start``); a theme starts a new page only when little of the current one
is left, so no page stands mostly empty."""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from policylens.annotations import ORPHANED, Annotation
from policylens.brief.content import (
    BriefContent,
    DocumentBrief,
    QuotedClause,
    ThemeBrief,
    role_label,
)
from policylens.brief.cover import badge_cell, excerpt, inline_badge
from policylens.brief.document import Heading
from policylens.brief.figure import informative, timeline_drawing
from policylens.brief.fonts import markup
from policylens.brief.layout import THEME_START, keep_with_start
from policylens.brief.style import (
    FRAME_WIDTH,
    MODALITY_COLOURS,
    MODALITY_WORDS,
    accent,
    note_panel,
    rule,
    styles,
    table_style,
)
from policylens.catalogue import STATUS_LABELS, jurisdiction_name
from policylens.labels import theme_label
from policylens.leads import Lead
from policylens.linking import MIN_CONFIDENCE

LISTED_CITES = 40
LISTED_DATE_CITES = 4
PAIR_CHARS = 260
LABEL_COLUMN = 86             # what the clause is, whom it binds, its page; the citation heads the text
NOTE_COLUMN = 130
KIND_WORDS = {"rule": "Sets the rule", "statement": "No duty", "explanation": "Explains a term"}


def theme_sections(content: BriefContent) -> list:
    flow = []
    with_notes = bool(content.annotations)
    for number, theme in enumerate(content.themes, start=1):
        flow.append(CondPageBreak(THEME_START))
        flow += _theme(number, theme, with_notes)
    if content.unplaced:
        flow += keep_with_start([Heading("Other annotated provisions", "h1", 0, "other-notes"),
                                 Paragraph(markup("Notes selected by tag on provisions that no theme section above "
                                                  "quotes."), styles()["small"]), Spacer(1, 4)], _notes_table(content))
    return flow


def _theme(number: int, theme: ThemeBrief, with_notes: bool) -> list:
    s = styles()
    total = sum(d.total for d in theme.documents)
    quoted = sum(len(d.quoted) for d in theme.documents)
    key = f"theme-{theme.theme}"
    flow = [Heading(f"{number}. {theme_label(theme.theme)}", "h1", 0, key),
            Paragraph(markup(
                f"{total} provisions of the {len(theme.documents)} instruments are about this theme; {quoted} are "
                "quoted below in the order an analyst would cite them, the rest listed by citation. Modality, the "
                "role bound and the theme are assigned by automatic extraction."), s["small"])]
    for doc in theme.documents:
        flow += _document(doc, key, with_notes)
    if theme.pairs:
        flow += keep_with_start(
            [Heading("Corresponding provisions", "h2", 1, f"{key}-pairs"),
             Paragraph(markup("Provisions of different instruments that an analyst would read side by side, "
                              "strongest match first, with the reason they match and the confidence that they "
                              f"do (0–1; below {MIN_CONFIDENCE:.2f} a pair is no counterpart and is not shown)."),
                       s["small"]), Spacer(1, 3)],
            _pairs_table(theme))
    if theme.quantities:
        flow += keep_with_start(
            [Heading("Quantities compared", "h2", 1, f"{key}-quantities"),
             Paragraph(markup("Every threshold, amount and time limit of the quoted instruments on this theme, "
                              "once each, as written, with the condition under which it applies."), s["small"]),
             Spacer(1, 3)], _quantities_table(theme))
    flow += _dates(theme, key)
    return flow


def _dates(theme: ThemeBrief, key: str) -> list:
    """The timeline figure when it has something to compare; otherwise the dates in one line."""
    s = styles()
    if not theme.events:
        return []
    heading = Heading("Deadlines and application dates", "h2", 1, f"{key}-timeline")
    if not informative(theme.events):
        return [heading, *(Paragraph(markup(line), s["body"]) for line in _date_lines(theme.events))]
    return [KeepTogether([
        heading, timeline_drawing(theme.events, FRAME_WIDTH),
        Paragraph(markup("Filled marks are deadlines, open marks dates from which rules apply; each label "
                         "gives the date and the citation. A dashed lane is an instrument that does not bind "
                         "(revoked, vetoed or soft law)."), s["caption"])])]


def _date_lines(events: list) -> list[str]:
    """One line per date and instrument: the date, the citations, the words that set it."""
    grouped: dict[tuple, list] = {}
    for e in events:
        grouped.setdefault((e.date, e.standing.short_name), []).append(e)
    lines = []
    for (day, name), same in grouped.items():
        cites = list(dict.fromkeys(e.provision.cite for e in same))
        phrases = list(dict.fromkeys(e.phrase for e in same))
        shown = ", ".join(cites[:LISTED_DATE_CITES]) + (
            f" and {len(cites) - LISTED_DATE_CITES} more" if len(cites) > LISTED_DATE_CITES else "")
        lines.append(f"{day} — {name} {shown}: “{phrases[0]}”" + (" and similar" if len(phrases) > 1 else "") + ".")
    return lines


def _document(doc: DocumentBrief, theme_key: str, with_notes: bool) -> list:
    s = styles()
    st = doc.standing
    title = f"{st.short_name} — {jurisdiction_name(st.jurisdiction)}"
    heading = Heading(title, "h2", 1, f"{theme_key}-{st.doc}", after=" " + inline_badge(st.status, st.status_label))
    if not doc.total:
        return [heading, Paragraph(markup("No provision of this instrument is about this theme."), s["body"])]
    bound = ", ".join(f"{role_label(r)} ({n})" for r, n in doc.bound) or "no named actor"
    intro = [heading, Paragraph(markup(f"Who is bound: {bound}."), s["small"])]
    flow = []
    if doc.quoted:
        lead = doc.quoted[0]
        intro.append(Paragraph(f"<b>Leads:</b> {markup(lead.provision.cite)} — {markup(lead.lead.reason)}.",
                               s["small"]))
        flow += keep_with_start(intro + [Spacer(1, 3)], _clauses_table(doc.quoted, with_notes))
    else:
        flow += intro + [Paragraph(markup("No provision of this instrument states a duty, a recommendation or a "
                                          "figure on this theme; those that touch it are listed below."), s["body"])]
    if doc.listed:
        # counted and named by citation: the sentences of one clause are one entry, and a quoted
        # clause whose other sentences are not quoted says so
        quoted = {c.provision.cite for c in doc.quoted}
        cites = [f"{cite} (other sentences)" if cite in quoted else cite
                 for cite in dict.fromkeys(p.cite for p in doc.listed)]
        shown = ", ".join(cites[:LISTED_CITES]) + (f" and {len(cites) - LISTED_CITES} more" if len(cites) > LISTED_CITES else "")
        what = "provision" if len(cites) == 1 else "provisions"
        flow.append(Paragraph(markup(f"Not quoted: {len(cites)} more {what} on this theme — {shown}."),
                              s["small"]))
    return flow


def kind_word(lead: Lead) -> str:
    """What a quoted clause is, in words: its modality when it binds or advises, else what it does."""
    if lead.kind in KIND_WORDS:
        return KIND_WORDS[lead.kind]
    return MODALITY_WORDS.get(lead.provision.modality, lead.provision.modality)


def _clause_cell(clause: QuotedClause) -> list:
    s = styles()
    p = clause.provision
    modality = p.modality if clause.lead.kind not in KIND_WORDS else "none"
    colour = MODALITY_COLOURS.get(modality, MODALITY_COLOURS["none"]).hexval()[2:]
    lines = [Paragraph(f'<font color="#{colour}"><b>{markup(kind_word(clause.lead))}</b></font>', s["cell"])]
    if p.role:
        lines.append(Paragraph(markup(role_label(p.role)), s["small"]))
    if clause.page:
        lines.append(Paragraph(markup(f"source p. {clause.page}"), s["small"]))
    return lines


def _text_cell(clause: QuotedClause) -> list:
    s = styles()
    p = clause.provision
    cell = [Paragraph(markup(p.cite), s["cite"])]
    if p.stem:
        cell.append(Paragraph(f"<i>{markup(excerpt(p.stem, 160))}</i>", s["small"]))
    cell.append(Paragraph(markup(p.text), s["clause"]))
    return cell


def _clauses_table(clauses: list[QuotedClause], with_notes: bool) -> Table:
    text_width = FRAME_WIDTH - LABEL_COLUMN - (NOTE_COLUMN if with_notes else 0)
    rows = []
    for clause in clauses:
        row = [_clause_cell(clause), _text_cell(clause)]
        if with_notes:
            row.append([_note(a, clause.provision.text) for a in clause.annotations])
        rows.append(row)
    widths = [LABEL_COLUMN, text_width] + ([NOTE_COLUMN] if with_notes else [])
    table = Table(rows, colWidths=widths)
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
                ("LEFTPADDING", (0, 0), (0, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    if with_notes:
        commands += [("BACKGROUND", (2, n), (2, n), note_panel) for n, c in enumerate(clauses) if c.annotations]
    table.setStyle(table_style(commands))
    return table


def _note(ann: Annotation, clause: str = "") -> Paragraph:
    """The note, its author and tags, and the words it marks when it marks part of the clause."""
    s = styles()
    who = " · ".join(x for x in (ann.author, ", ".join(ann.tags)) if x)
    partial = ann.exact and " ".join(ann.exact.split()) != " ".join(clause.split())
    quote = f"“{markup(excerpt(ann.exact, 120))}” " if partial else ""
    orphan = "<b>Clause no longer found in the current text.</b> " if ann.state == ORPHANED else ""
    return Paragraph(f"{orphan}{quote}{markup(ann.note)}<br/><font size=6.5>{markup(who)}</font>", s["note_block"])


def _notes_table(content: BriefContent) -> Table:
    s = styles()
    names = {d.id: (d.short_name, d.status) for d in content.documents}
    rows = []
    for ann, node in content.unplaced:
        name, status = names.get(ann.doc, (ann.doc, "unknown"))
        where = [Paragraph(f"<b>{markup(name)}</b>", s["cell"]),
                 Paragraph(markup(STATUS_LABELS.get(status, status)), s["small"]),
                 Paragraph(markup(ann.cite or ann.node_id), s["cite"])]
        if node and node.page:
            where.append(Paragraph(markup(f"source p. {node.page}"), s["small"]))
        text = Paragraph(markup(node.text), s["clause"]) if node else Paragraph(
            markup("The clause is no longer in the stored text."), s["small"])
        rows.append([where, text, _note(ann, node.text if node else "")])
    table = Table(rows, colWidths=[LABEL_COLUMN + 30, FRAME_WIDTH - LABEL_COLUMN - 30 - NOTE_COLUMN, NOTE_COLUMN])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
                                ("LEFTPADDING", (0, 0), (0, -1), 0), ("BACKGROUND", (2, 0), (2, -1), note_panel)]))
    return table


def _side(p, standing) -> list:
    s = styles()
    return [Paragraph(f"<b>{markup(standing.short_name)} {markup(p.cite)}</b> "
                      f"<font size=6.5>({markup(standing.status_label)})</font>", s["cell"]),
            Paragraph(markup(excerpt(p.text, PAIR_CHARS)), s["cell"])]


def _pairs_table(theme: ThemeBrief) -> Table:
    s = styles()
    standing = {d.standing.doc: d.standing for d in theme.documents}
    head = [Paragraph(h, s["cell_head"]) for h in ("Provision", "Counterpart", "Why they match")]
    rows = [head]
    for pair in theme.pairs:
        rows.append([_side(pair.source, standing[pair.source.doc]), _side(pair.target, standing[pair.target.doc]),
                     Paragraph(markup(f"{pair.why} (confidence {pair.confidence:.2f})"), s["cell"])])
    table = Table(rows, colWidths=[(FRAME_WIDTH - 120) / 2, (FRAME_WIDTH - 120) / 2, 120], repeatRows=1)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), accent),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule)]))
    return table


def _quantities_table(theme: ThemeBrief) -> Table:
    s = styles()
    head = [Paragraph(h, s["cell_head"]) for h in ("Kind", "As written", "When it applies, in context", "Where",
                                                    "Force")]
    rows, commands = [head], [("BACKGROUND", (0, 0), (-1, 0), accent)]
    for row in theme.quantities:
        q = row.quantity
        badge, colour = badge_cell(row.standing.status, row.standing.status_label)
        when = row.condition or _context(row.provision.text, q.start, q.end)
        where = f"{row.standing.short_name} {row.provision.cite}" + (f" (also {', '.join(row.also)})" if row.also else "")
        rows.append([Paragraph(markup(q.kind.replace("_", " ")), s["cell"]),
                     [Paragraph(markup(row.written), s["cell_bold"]), Paragraph(markup(q.label), s["small"])],
                     Paragraph(markup(when), s["small"]),
                     Paragraph(markup(where), s["cell"]), badge])
        commands.append(("BACKGROUND", (4, len(rows) - 1), (4, len(rows) - 1), colour))
    table = Table(rows, colWidths=[56, 110, FRAME_WIDTH - 56 - 110 - 112 - 74, 112, 74], repeatRows=1)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
                               *commands]))
    return table


def _context(text: str, start: int, end: int, words: int = 9) -> str:
    """The words around a figure in its clause, so that the reader sees what the figure is for."""
    before = text[:start].split()[-words:]
    after = text[end:].split()[:words]
    lead = "… " if len(text[:start].split()) > words else ""
    tail = " …" if len(text[end:].split()) > words else ""
    return lead + " ".join(before + [text[start:end]] + after) + tail
