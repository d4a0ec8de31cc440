"""Side-by-side comparison of documents: how each handles a theme, which themes each covers, and
the thresholds each sets.  Every answer carries the verbatim provision texts with their citations
and the legal force of their document, so that a briefing never quotes a vetoed bill as law.

The functions return plain dataclasses (no Qt, no printing): the CLI formats them as text, the
GUI shows them in tables and the briefing PDF lays them out.

* ``compare_theme(ws, theme, docs=None) -> ThemeComparison``
* ``coverage_matrix(ws, docs=None) -> CoverageMatrix``
* ``thresholds(ws, docs=None, kinds=None) -> list[QuantityRow]``
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from policylens.facts import facts_of
from policylens.leads import Lead, rank_leads
from policylens.link_cache import links
from policylens.linking import Link, Provision, load_provisions
from policylens.model import Document
from policylens.workspace import Workspace

MODALITY_ORDER = ("obligation", "prohibition", "permission", "recommendation", "none")


@dataclass(frozen=True)
class Standing:
    """A document's legal force as analysts must always see it next to its text."""

    doc: str
    short_name: str
    jurisdiction: str
    status: str            # in_force | revoked | vetoed | non_binding | unknown
    status_label: str      # "In force", "Vetoed", "Non-binding (superseded)", …
    binding: bool


@dataclass(frozen=True)
class ProvisionGroup:
    """The provisions of one document on one theme that bind one role with one modality."""

    role: str
    modality: str
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class DocumentTheme:
    """How one document handles the theme: its standing, its provisions grouped, and the same
    provisions in the order an analyst would cite them (``policylens.leads``)."""

    standing: Standing
    groups: tuple[ProvisionGroup, ...]
    leads: tuple[Lead, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(g.provisions) for g in self.groups)


@dataclass(frozen=True)
class Correspondence:
    """Two provisions of different documents an analyst would put side by side, and why;
    ``confidence`` is the link's, as every view shows it (``Link.confidence``)."""

    source: Provision
    target: Provision
    confidence: float
    why: str


@dataclass(frozen=True)
class ThemeComparison:
    """The answer to "how does each document handle THEME?"."""

    theme: str
    documents: tuple[DocumentTheme, ...]
    pairs: tuple[Correspondence, ...]


@dataclass(frozen=True)
class CoverageMatrix:
    """Theme × document counts of provisions by modality (the table for page one)."""

    themes: tuple[str, ...]
    documents: tuple[Standing, ...]
    counts: dict = field(default_factory=dict)   # (theme, doc id) -> Counter of modality -> count

    def count(self, theme: str, doc: str, modality: str | None = None) -> int:
        cell = self.counts.get((theme, doc), Counter())
        return cell[modality] if modality else sum(cell.values())


@dataclass(frozen=True)
class QuantityRow:
    """One threshold or amount, with where it is written and the document's standing."""

    kind: str
    value: float
    unit: str
    label: str
    text: str              # the figure as written
    qualifier: str
    purpose: str
    provision: Provision
    standing: Standing


def standing(doc: Document) -> Standing:
    """The document's standing as ``facts.facts_of`` gives it everywhere (the briefing cover, the graph)."""
    facts = facts_of(doc)
    return Standing(doc=doc.id, short_name=doc.short_name, jurisdiction=doc.jurisdiction, status=facts.status,
                    status_label=facts.status_label, binding=facts.binding)


def select_documents(ws: Workspace, docs: list[str] | None) -> list[Document]:
    """The workspace's documents, or those named in ``docs`` (KeyError names any missing)."""
    found = [d for d in ws.documents() if not docs or d.id in docs]
    if docs:
        missing = set(docs) - {d.id for d in found}
        if missing:
            raise KeyError(f"not in the workspace: {', '.join(sorted(missing))}")
    return found


def compare_theme(ws: Workspace, theme: str, docs: list[str] | None = None, *,
                  provisions: list[Provision] | None = None,
                  found_links: list[Link] | None = None) -> ThemeComparison:
    """Per document, the operative provisions on ``theme`` grouped by role and modality and in
    citing order, and the corresponding pairs among them: each provision's best counterpart on
    the theme in each other document, once per pair, at least MIN_CONFIDENCE, strongest first.

    The pairs come from the links of the whole workspace (``link_cache.links``, cached), so a pair
    has the same confidence here as in the export and the inspector.  ``provisions`` (from
    ``load_provisions``) and ``found_links`` spare a caller comparing several themes from
    loading them once per theme."""
    documents = select_documents(ws, docs)
    ids = [d.id for d in documents]
    if provisions is None:
        provisions = load_provisions(ws, ids)
    if found_links is None:
        found_links = links(ws)
    on_theme = [p for p in provisions if theme in p.themes and p.doc in ids]
    pairs = _pairs(on_theme, found_links)
    names = {d.id: d.short_name for d in documents}
    abroad: dict[str, dict[str, float]] = {}     # provision -> other document -> best confidence
    for pair in pairs:
        for mine, other in ((pair.source, pair.target), (pair.target, pair.source)):
            best = abroad.setdefault(mine.id, {})
            best[names[other.doc]] = max(best.get(names[other.doc], 0.0), pair.confidence)
    sections = []
    for doc in documents:
        mine = [p for p in on_theme if p.doc == doc.id]
        keys = sorted({(v.role, v.modality) for v in mine}, key=_group_order)
        groups = tuple(ProvisionGroup(role, modality, tuple(v for v in mine if (v.role, v.modality) == (role, modality)))
                       for role, modality in keys)
        leads = rank_leads(mine, {k: sorted(v.items()) for k, v in abroad.items()})
        sections.append(DocumentTheme(standing(doc), groups, tuple(leads)))
    return ThemeComparison(theme, tuple(sections), tuple(pairs))


def _pairs(on_theme: list[Provision], found_links: list[Link]) -> list[Correspondence]:
    """Each provision's best counterpart on the theme in each other document, one entry per
    pair of provisions (its higher confidence), none below MIN_CONFIDENCE, strongest first."""
    by_id = {p.id: p for p in on_theme}
    best: dict[frozenset, Correspondence] = {}
    taken: set[tuple[str, str]] = set()
    for link in sorted(found_links, key=lambda l: (l.rank, -l.score)):
        if link.source not in by_id or link.target not in by_id or not link.is_counterpart:
            continue
        if (link.source, link.target_doc) in taken:
            continue
        taken.add((link.source, link.target_doc))
        key = frozenset((link.source, link.target))
        if key not in best or best[key].confidence < link.confidence:
            best[key] = Correspondence(by_id[link.source], by_id[link.target], link.confidence, link.why)
    return sorted(best.values(), key=lambda c: (-c.confidence, c.source.id, c.target.id))


def _group_order(key: tuple[str, str]) -> tuple:
    role, modality = key
    rank = MODALITY_ORDER.index(modality) if modality in MODALITY_ORDER else len(MODALITY_ORDER)
    return (role == "", role, rank)


def coverage_matrix(ws: Workspace, docs: list[str] | None = None) -> CoverageMatrix:
    """How many provisions of each document (explanatory text aside) fall under each theme, by
    modality: those that state no duty too."""
    documents = select_documents(ws, docs)
    counts: dict = {}
    for p in load_provisions(ws, [d.id for d in documents]):
        for theme in p.themes:
            counts.setdefault((theme, p.doc), Counter())[p.modality] += 1
    themes = tuple(sorted({t for t, _ in counts}))
    return CoverageMatrix(themes, tuple(standing(d) for d in documents), counts)


def thresholds(ws: Workspace, docs: list[str] | None = None, kinds: list[str] | None = None) -> list[QuantityRow]:
    """Every quantity stated in an operative provision, grouped by kind and unit, smallest first,
    so that "whose compute threshold is lower?" is read off one table.  A figure is listed once
    per provision, though a sentence that binds two actors is two provision units."""
    documents = {d.id: standing(d) for d in select_documents(ws, docs)}
    rows, seen = [], set()
    for p in load_provisions(ws, list(documents)):
        for q in p.quantities:
            key = (p.doc, p.cite, q.kind, q.value, q.qualifier)
            if kinds and q.kind not in kinds or key in seen:
                continue
            seen.add(key)
            rows.append(QuantityRow(kind=q.kind, value=q.value, unit=q.unit, label=q.label, text=q.text,
                                    qualifier=q.qualifier, purpose=q.purpose, provision=p,
                                    standing=documents[p.doc]))
    rows.sort(key=lambda r: (r.kind, r.unit, r.value, r.standing.doc, r.provision.cite))
    return rows
