"""Provisions related to one provision, as the inspector lists them: definitions it relies on and
counterparts in other jurisdictions.

Counterparts come from ``policylens.linking`` (computed off the GUI thread, see
``AppContext.load_links``).  Definitions come from the extractor's ``defines`` field: a term
defined in the same document that the provision's text uses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policylens.model import Node
from policylens.workspace import Workspace


def definitions_used(ctx, provision_id: str) -> list[tuple[str, Node]]:
    """(term, defining provision) for each term defined in the document that the text uses."""
    node = ctx.node(provision_id)
    if node is None:
        return []
    found, seen = [], set()
    text = f"{node.stem} {node.text}"
    for term, definer in _definitions(ctx, node.doc):
        if definer.id != node.id and term.lower() not in seen and _pattern(term).search(text):
            seen.add(term.lower())
            found.append((term, definer))
    return found


def _definitions(ctx, doc_id: str) -> list[tuple[str, Node]]:
    cache = ctx.cache.setdefault("definitions", {})
    if doc_id not in cache:
        nodes = {n.id: n for n in ctx.nodes(doc_id)}
        pairs = []
        for node_id, parts in ctx.extractions(doc_id).items():
            term = next((p.get("defines") for p in parts if p.get("defines")), "")
            if term and node_id in nodes:
                pairs.append((term, nodes[node_id]))
        cache[doc_id] = sorted(pairs, key=lambda pair: -len(pair[0]))
    return cache[doc_id]


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(term) + r"s?(?!\w)", re.IGNORECASE)


def compute_links(ws: Workspace, progress, cancel) -> dict:
    """Run in a task: the counterparts of every provision, grouped by source provision id."""
    from policylens import linking

    progress(0.1, "linking provisions across jurisdictions")
    found = linking.counterparts(linking.links(ws))
    progress(1.0, "links ready")
    return dict(found)


def counterparts(ctx, provision_id: str) -> list[tuple[Node, float, str]] | None:
    """(counterpart, score, why) best first; None while links are not computed."""
    grouped = ctx.links
    if grouped is None:
        return None
    out = []
    for link in grouped.get(provision_id, []):
        target = ctx.node(link.target)
        if target is not None and link.rank <= 2:
            out.append((target, link.score, link.why))
    return sorted(out, key=lambda item: -item[1])
