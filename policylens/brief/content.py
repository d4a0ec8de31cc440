"""What goes into a briefing, chosen from the comparison, before any layout.

Everything quoted comes from ``policylens.compare`` (provisions, pairs, standing), the
timeline's date reading and the analyst's annotations; this module only chooses and orders:
which clauses of a long list are quoted (duties first, annotated ones always, those with a
counterpart abroad before those without) and which pairs and figures make the cut.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from policylens import catalogue
from policylens.annotations import ANCHORED, Annotation, list_annotations
from policylens.brief.options import BriefOptions
from policylens.compare import Correspondence, Standing, ThemeComparison, compare_theme
from policylens.labels import role_label as _role_label
from policylens.labels import theme_label
from policylens.linking import Provision, load_provisions
from policylens.model import Document, Node
from policylens.quantities import Quantity
from policylens.tasks import CancelFn, ProgressFn, check
from policylens.timeline import dates_of
from policylens.workspace import Workspace

DUTIES = ("obligation", "prohibition")
# Order in which modalities are quoted: what binds, then what is urged, then what is allowed.
QUOTE_ORDER = {"obligation": 0, "prohibition": 0, "recommendation": 1, "permission": 2}


@dataclass(frozen=True)
class QuotedClause:
    provision: Provision
    page: int | None
    annotations: tuple[Annotation, ...] = ()


@dataclass(frozen=True)
class DatedEvent:
    date: str
    kind: str                 # deadline | applies_from
    phrase: str
    provision: Provision
    standing: Standing


@dataclass(frozen=True)
class StatedQuantity:
    quantity: Quantity
    provision: Provision
    standing: Standing


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
    themes = []
    for n, theme in enumerate(options.themes):
        check(cancel)
        progress(0.05 + 0.6 * n / len(options.themes), f"Comparing {theme_label(theme).lower()}")
        themes.append(_theme_brief(ws, compare_theme(ws, theme, docs, provisions=provisions), options, by_node))
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
    best_pair: dict[str, float] = {}
    for pair in comparison.pairs:
        for p in (pair.source, pair.target):
            best_pair[p.id] = max(best_pair.get(p.id, 0.0), pair.score)
    sections = []
    for section in comparison.documents:
        provisions = [p for g in section.groups for p in g.provisions]
        brief = DocumentBrief(section.standing, len(provisions))
        ranked = sorted(range(len(provisions)), key=lambda i: (
            not by_node.get(_node_id(provisions[i])),
            QUOTE_ORDER.get(provisions[i].modality, 3),
            -best_pair.get(provisions[i].id, 0.0), i))
        chosen = set(ranked[:options.clauses_per_document])
        chosen |= {i for i in ranked if by_node.get(_node_id(provisions[i]))}
        order = {p.id: n for n, p in enumerate(provisions)}
        quoted = sorted((provisions[i] for i in chosen),
                        key=lambda p: (QUOTE_ORDER.get(p.modality, 3), _reading_key(ws, p), order[p.id]))
        brief.quoted = [QuotedClause(p, _page(ws, p), tuple(by_node.get(_node_id(p), ()))) for p in quoted]
        brief.listed = [p for i, p in enumerate(provisions) if i not in chosen]
        brief.bound = _bound(provisions)
        brief.quantities = [StatedQuantity(q, p, section.standing) for p in provisions for q in p.quantities]
        brief.events = _events(provisions, section.standing)
        sections.append(brief)
    return ThemeBrief(
        theme=comparison.theme, documents=sections,
        pairs=_diverse_pairs(comparison.pairs, options.pairs_per_theme),
        quantities=_comparable_quantities([q for s in sections for q in s.quantities], options.quantities_per_theme),
        events=sorted((e for s in sections for e in s.events), key=lambda e: (e.date, e.standing.doc)))


def _reading_key(ws: Workspace, p: Provision) -> int:
    node = ws.node(_node_id(p))
    return node.order if node else 0


def _page(ws: Workspace, p: Provision) -> int | None:
    node = ws.node(_node_id(p))
    return node.page if node else None


def _bound(provisions: list[Provision]) -> list[tuple[str, int]]:
    """Roles the document's duties on the theme fall on; recommendations count for soft law that has
    no duties at all."""
    duties = [p for p in provisions if p.modality in DUTIES] or \
        [p for p in provisions if p.modality == "recommendation"]
    return Counter(p.role for p in duties if p.role).most_common()


def _events(provisions: list[Provision], standing: Standing) -> list[DatedEvent]:
    base = _deadline_base(standing.doc)
    found, seen = [], set()
    for p in provisions:
        for when, kind, phrase in dates_of(p, base):
            if (when, p.id) not in seen:
                seen.add((when, p.id))
                found.append(DatedEvent(when, kind, phrase, p, standing))
    return sorted(found, key=lambda e: e.date)


def _deadline_base(doc_id: str) -> date | None:
    instrument = catalogue.by_id(doc_id)
    if instrument and instrument.deadline_base:
        return datetime.strptime(instrument.deadline_base, "%Y-%m-%d").date()
    return None


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
    return sorted(chosen, key=lambda p: -p.score)


def _comparable_quantities(rows: list[StatedQuantity], limit: int) -> list[StatedQuantity]:
    """Kinds stated by more than one document first (those are the comparisons), smallest first."""
    docs_by_kind: dict[str, set[str]] = {}
    for row in rows:
        docs_by_kind.setdefault(row.quantity.kind, set()).add(row.standing.doc)
    unique, seen = [], set()
    for row in rows:
        key = (row.standing.doc, row.provision.cite, row.quantity.text)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    unique.sort(key=lambda r: (-len(docs_by_kind[r.quantity.kind]), r.quantity.kind, r.quantity.unit,
                               r.quantity.value, r.standing.doc))
    picked = []
    per_kind_doc: Counter = Counter()
    for row in unique:
        key = (row.quantity.kind, row.standing.doc)
        if per_kind_doc[key] < 2:
            per_kind_doc[key] += 1
            picked.append(row)
    return picked[:limit]
