"""The appendix: where every quoted word comes from (official title, link, version, checksum,
retrieval date) and what in the briefing is automatic extraction rather than reading."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table

from policylens import __version__, catalogue
from policylens.brief.content import BriefContent
from policylens.brief.cover import inline_badge
from policylens.brief.document import Heading
from policylens.brief.fonts import markup
from policylens.brief.layout import THEME_START
from policylens.brief.style import FRAME_WIDTH, link, rule, styles, table_style
from policylens.linking import MIN_CONFIDENCE
from policylens.model import Document


def appendix(content: BriefContent) -> list:
    s = styles()
    flow = [CondPageBreak(THEME_START), Heading("Appendix A. Sources", "h1", 0, "sources"),
            Paragraph(markup("The files the clauses were read from. The checksum identifies the exact file; the "
                             "retrieval date is when it was imported into the workspace."), s["small"]),
            Spacer(1, 4)]
    for doc in content.documents:
        flow.append(_source(doc))
    flow += [Spacer(1, 8), Heading("Appendix B. Method", "h1", 0, "method")]
    flow += [Paragraph(_lead_in_bold(text), s["method"]) for text in _method(content)]
    return flow


def _source(doc: Document) -> Table:
    s = styles()
    instrument = catalogue.by_id(doc.id)
    known = catalogue.by_sha256(doc.sha256)
    source = known[1] if known else None
    url = source.url if source else (instrument.landing_url if instrument else "")
    title = instrument.title if instrument else doc.title
    status = instrument.status_label if instrument else catalogue.STATUS_LABELS.get(doc.status, doc.status)
    version = "; ".join(x for x in ((source.description if source else doc.source_format.upper()),
                                     instrument.citation if instrument else "") if x)
    rows = [
        ("Instrument", f"<b>{markup(doc.short_name)}</b> {inline_badge(doc.status, status)}"),
        ("Official title", markup(title)),
        ("Version", markup(version)),
        ("File", markup(doc.source_path.rsplit("/", 1)[-1]) + ("" if doc.checksum_matched else
                                                                 " (checksum not in the catalogue)")),
        ("sha256", f'<font size="7">{markup(doc.sha256)}</font>'),
        ("Retrieved", markup(doc.ingested_at)),
    ]
    if url:
        rows.insert(2, ("Link", _link(url)))
    if instrument and instrument.landing_url and instrument.landing_url != url:
        rows.insert(3, ("Landing page", _link(instrument.landing_url)))
    table = Table([[Paragraph(k, s["small"]), Paragraph(v, s["cell"])] for k, v in rows],
                  colWidths=[70, FRAME_WIDTH - 70])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, -1), (-1, -1), 0.6, rule),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                               ("BOTTOMPADDING", (0, -1), (-1, -1), 6), ("LEFTPADDING", (0, 0), (0, -1), 0)]))
    return table


def _lead_in_bold(text: str) -> str:
    """"Quoted text. Every clause…" with its short opening sentence set bold, as a run-in heading."""
    lead, _, rest = text.partition(". ")
    if rest and len(lead.split()) <= 4:
        return f"<b>{markup(lead)}.</b> {markup(rest)}"
    return markup(text)


def _link(url: str) -> str:
    return f'<a href={quoteattr(url)} color="#{link.hexval()[2:]}">{markup(url)}</a>'


def _method(content: BriefContent) -> list[str]:
    options = content.options
    tags = ", ".join(options.tags)
    return [
        ("Quoted text. Every clause is reproduced character for character as PolicyLens stored it when it read "
         "the official file listed in Appendix A; nothing is paraphrased. Citations follow each instrument's own "
         "numbering; 'source p.' is the page of the official PDF on which the clause starts (web and text "
         "sources have no pages). A list item is printed below the words that introduce its list."),
        ("Automatic extraction. The modality (obligation, prohibition, permission, recommendation), the role a "
         "clause binds, its themes, deadlines and quantities are assigned automatically by rules and a "
         "statistical language model (spaCy), from the curated lexicons shipped with PolicyLens. They were not "
         "reviewed by hand for this briefing: the summary table and the counts depend on them, and a clause can "
         "be missed or mislabelled. Check the quoted clause before relying on a label."),
        ("How it was checked. The extraction rules are scored against hand-labelled clauses of these "
         "instruments when PolicyLens is developed; the briefing itself checks only that each quoted clause is "
         "the stored text of the file whose checksum is given in Appendix A."),
        (f"Selection. At most {options.clauses_per_document} clauses per instrument and theme are quoted, in the "
         "order an analyst would cite them: duties before recommendations and permissions, and definitions, notes "
         "and examples last; the party bearing most of the duties before others; clauses that set a threshold, "
         "amount or time limit, and clauses with a counterpart in another instrument, earlier; and a clause that "
         "others refer to just before them. The reason the first clause leads is printed above it. Clauses the "
         "analyst annotated are always quoted. The remaining clauses on the theme are listed by citation."),
        ("Corresponding provisions are found by comparing wording (after folding different instruments' terms "
         "for the same idea together) and the extracted themes, roles and quantities. Each pair's confidence "
         "(0–1) estimates how likely analysts are to list it as corresponding: it is calibrated on "
         f"crosswalks analysts made of these instruments, and pairs below {MIN_CONFIDENCE:.2f} are no counterparts "
         "and are not shown. The same pair has the "
         "same confidence in every view and export of PolicyLens. Dates counted from an instrument's own date "
         "(such as 'within 90 days of the date of this order') are computed from the date of signature; a date "
         "inside a definition delimits the term and is not listed as a deadline."),
        ("Legal status comes from the PolicyLens catalogue of instruments and is shown beside every instrument "
         "name: a revoked order and a vetoed bill are quoted for comparison only and bind no one."),
        f"Annotations shown are those tagged {tags}." if tags else "No annotations were selected for this briefing.",
        f"Generated with PolicyLens {__version__} on {options.date}.",
    ]
