"""Counterparts of a provision in other jurisdictions, as the inspector lists them.

They come from ``policylens.linking``, computed off the GUI thread (see ``AppContext.load_links``).
Definitions a provision relies on are core logic: ``policylens.definitions.terms_used``.
"""

from __future__ import annotations

from policylens.model import Node
from policylens.workspace import Workspace


def compute_links(ws: Workspace, progress, cancel) -> dict:
    """Run in a task: the counterparts of every provision, grouped by source provision id."""
    from policylens import linking

    found = linking.counterparts(linking.links(ws, progress=progress, cancel=cancel))
    progress(1.0, "links ready")
    return dict(found)


def counterparts(ctx, provision_id: str) -> list[tuple[str, list[tuple[Node, float, str]]]] | None:
    """Per other document (by id, in the order of the links), the provision's counterparts there
    as (counterpart, confidence, why), best first, at most two and none below the confidence
    every view requires: an empty list says it has no counterpart in that document.  None while
    links are not computed; an empty list for a provision that is not linked (a recital)."""
    grouped = ctx.links
    if grouped is None:
        return None
    by_document: dict[str, list[tuple[Node, float, str]]] = {}
    for link in grouped.get(provision_id, []):
        shown = by_document.setdefault(link.target_doc, [])
        target = ctx.node(link.target)
        if target is not None and link.rank <= 2 and link.is_counterpart:
            shown.append((target, link.confidence, link.why))
    return [(doc, sorted(shown, key=lambda item: -item[1])) for doc, shown in by_document.items()]
