"""What goes into a briefing, chosen from the comparison, before any layout.

Everything quoted comes from ``policylens.compare`` (provisions in citing order with the reason
each leads, pairs, standing), the timeline's date reading and the analyst's annotations; this
module only chooses: the leading operative clauses are quoted (annotated ones always), the rest
listed by citation; each figure is listed once with its clause and condition; a date inside a
definition is no deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policylens.annotations import ANCHORED, Annotation, list_annotations
from policylens.brief.options import BriefOptions
from policylens.compare import Correspondence, Standing, ThemeComparison, compare_theme
from policylens.labels import role_label as _role_label
from policylens.labels import in_sentence, theme_label
from policylens.leads import Lead, duty_bearers, in_definition_wording
from policylens.link_cache import links
from policylens.linking import Provision, load_provisions
from policylens.model import Document, Node
from policylens.quantities import Quantity
from policylens.tasks import CancelFn, ProgressFn, check
from policylens.timeline import base_date, dates_of, once
from policylens.workspace import Workspace

# A condition of fewer words ("where applicable") says nothing about when a figure applies.
CONDITION_WORDS = 3


@dataclass(frozen=True)
class QuotedClause:
    lead: Lead
    page: int | None
    annotations: tuple[Annotation, ...] = ()

    @property
    def provision(self) -> Provision:
        return self.lead.provision


@dataclass(frozen=True)
class DatedEvent:
    date: str
    kind: str                 # deadline | applies_from
    phrase: str
    provision: Provision
    standing: Standing


@dataclass(frozen=True)
class StatedQuantity:
    """A figure as its clause states it; ``also`` cites the other clauses that repeat it."""

    quantity: Quantity
    provision: Provision
    standing: Standing
    also: tuple[str, ...] = ()

    @property
    def written(self) -> str:
        """The figure with its comparator, as written: "not later than 15 days"."""
        return " ".join(x for x in (self.quantity.qualifier, self.quantity.text) if x)

    @property
    def condition(self) -> str:
        """When the figure applies, as the clause words it, or empty."""
        condition = " ".join(self.provision.condition.split())
        return condition if len(condition.split()) >= CONDITION_WORDS else ""


@dataclass
class DocumentBrief:
    """One instrument's part of a theme section."""

    standing: Standing
    total: int
    quoted: list[QuotedClause] = field(default_factory=list)
    listed: list[Provision] = field(default_factory=list)      # on theme, cited but not quoted
    bound: list[tuple[str, int]] = field(default_factory=list)  # (role, provisions) binding it, most first
    quantities: list[StatedQuantity] = field(default_factory=list)
    events: list[DatedEvent] = field(default_factory=list)


@dataclass
class ThemeBrief:
    theme: str
    documents: list[DocumentBrief]
    pairs: list[Correspondence]
    quantities: list[StatedQuantity]
    events: list[DatedEvent]


@dataclass
class BriefContent:
    options: BriefOptions
    documents: list[Document]
    themes: list[ThemeBrief]
    annotations: list[Annotation]              # every selected annotation
    unplaced: list[tuple[Annotation, Node | None]]  # selected annotations on clauses no section quotes


def role_label(role: str) -> str:
    return _role_label(role) if role else "no named actor"


def gather(ws: Workspace, options: BriefOptions, documents: list[Document], *,
           progress: ProgressFn, cancel: CancelFn) -> BriefContent:
    annotations = selected_annotations(ws, options.tags, {d.id for d in documents})
    by_node: dict[str, list[Annotation]] = {}
    for ann in annotations:
        by_node.setdefault(ann.node_id, []).append(ann)
    docs = [d.id for d in documents]
    provisions = load_provisions(ws, docs)
    found_links = links(ws)
    themes = []
    for n, theme in enumerate(options.themes):
        check(cancel)
        progress(0.05 + 0.6 * n / len(options.themes), f"Comparing {in_sentence(theme_label(theme))}")
        comparison = compare_theme(ws, theme, docs, provisions=provisions, found_links=found_links)
        themes.append(_theme_brief(ws, comparison, options, by_node))
    quoted_nodes = {_node_id(c.provision) for t in themes for d in t.documents for c in d.quoted}
    unplaced = [(a, ws.node(a.node_id) if a.state == ANCHORED else None)
                for a in annotations if a.node_id not in quoted_nodes]
    return BriefContent(options, documents, themes, annotations, unplaced)


def selected_annotations(ws: Workspace, tags: tuple[str, ...], docs: set[str]) -> list[Annotation]:
    found: dict[str, Annotation] = {}
    for tag in tags:
        for ann in list_annotations(ws, tag=tag):
            if ann.doc in docs:
                found.setdefault(ann.id, ann)
    return list(found.values())


def _node_id(p: Provision) -> str:
    return p.id.split("#")[0]


def _theme_brief(ws: Workspace, comparison: ThemeComparison, options: BriefOptions,
                 by_node: dict[str, list[Annotation]]) -> ThemeBrief:
    sections = []
    for section in comparison.documents:
        leads = list(section.leads)
        provisions = [lead.provision for lead in leads]
        brief = DocumentBrief(section.standing, len(provisions))
        operative = [lead for lead in leads if lead.is_operative]
        chosen = {lead.provision.id for lead in operative[:options.clauses_per_document]}
        chosen |= {p.id for p in provisions if by_node.get(_node_id(p))}
        brief.quoted = [QuotedClause(lead, _page(ws, lead.provision), tuple(by_node.get(_node_id(lead.provision), ())))
                        for lead in leads if lead.provision.id in chosen]
        brief.listed = sorted((p for p in provisions if p.id not in chosen), key=lambda p: _reading_key(ws, p))
        brief.bound = duty_bearers(provisions)
        brief.quantities = _stated_quantities(provisions, section.standing)
        brief.events = _events(provisions, section.standing)
        sections.append(brief)
    return ThemeBrief(
        theme=comparison.theme, documents=sections,
        pairs=_diverse_pairs(comparison.pairs, options.pairs_per_theme),
        quantities=_comparable_quantities([q for s in sections for q in s.quantities], options.quantities_per_theme),
        events=sorted((e for s in sections for e in s.events), key=lambda e: (e.date, e.standing.doc)))


def _stated_quantities(provisions: list[Provision], standing: Standing) -> list[StatedQuantity]:
    """Each figure of the document once, in citing order, where first stated (the clauses that
    repeat it in ``also``); a sentence binding two actors is two units with one figure."""
    first: dict[tuple, StatedQuantity] = {}
    for p in provisions:
        for q in p.quantities:
            key = (q.kind, q.value, q.label, q.qualifier)
            if key not in first:
                first[key] = StatedQuantity(q, p, standing)
            elif p.cite != first[key].provision.cite and p.cite not in first[key].also:
                row = first[key]
                first[key] = StatedQuantity(row.quantity, row.provision, standing, row.also + (p.cite,))
    return list(first.values())


def _reading_key(ws: Workspace, p: Provision) -> int:
    node = ws.node(_node_id(p))
    return node.order if node else 0


def _page(ws: Workspace, p: Provision) -> int | None:
    node = ws.node(_node_id(p))
    return node.page if node else None


def _events(provisions: list[Provision], standing: Standing) -> list[DatedEvent]:
    """The dates of the provisions; a date in a definition delimits a term and is left out."""
    base = base_date(standing.doc)
    found, seen = [], set()
    for p in provisions:
        if in_definition_wording(p):
            continue
        for when, kind, phrase in dates_of(p, base):
            if once(seen, when, p, phrase):
                found.append(DatedEvent(when, kind, phrase, p, standing))
    return sorted(found, key=lambda e: e.date)


def _diverse_pairs(pairs: tuple[Correspondence, ...], limit: int) -> list[Correspondence]:
    """The strongest pair of each pair of documents first, then the next strongest overall."""
    chosen, combos = [], set()
    for pair in pairs:
        combo = frozenset((pair.source.doc, pair.target.doc))
        if combo not in combos:
            combos.add(combo)
            chosen.append(pair)
    chosen = chosen[:limit]
    for pair in pairs:
        if len(chosen) >= limit:
            break
        if pair not in chosen:
            chosen.append(pair)
    return sorted(chosen, key=lambda p: -p.confidence)


def _comparable_quantities(rows: list[StatedQuantity], limit: int) -> list[StatedQuantity]:
    """Kinds stated by more than one document first (those are the comparisons), then by value;
    rows of one kind stay together."""
    docs_by_kind: dict[str, set[str]] = {}
    for row in rows:
        docs_by_kind.setdefault(row.quantity.kind, set()).add(row.standing.doc)
    ordered = sorted(rows, key=lambda r: (-len(docs_by_kind[r.quantity.kind]), r.quantity.kind, r.quantity.unit,
                                          r.quantity.value, r.standing.doc))
    return ordered[:limit]
