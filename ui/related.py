"""Counterparts of a provision in other documents, as the inspector lists them.

They come from ``policylens.linking``, computed off the GUI thread (see ``AppContext.load_links``).
Definitions a provision relies on are core logic: ``policylens.definitions.terms_used``.
"""

from __future__ import annotations

from policylens.model import Node
from policylens.workspace import Workspace


def compute_links(ws: Workspace, progress, cancel) -> dict:
    """Run in a task: the counterparts of every provision, grouped by source provision id."""
    from policylens import link_cache, linking

    found = linking.counterparts(link_cache.links(ws, progress=progress, cancel=cancel))
    progress(1.0, "links ready")
    return dict(found)


def counterparts(ctx, provision_id: str) -> list[tuple[str, list[tuple[Node, float, str]]]] | None:
    """Per other document (by id, in the order of the links), the provision's counterparts there
    as (counterpart, confidence, why), as ``linking.shown_by_document`` chooses them: an empty
    list says it has no counterpart in that document.  None while links are not computed; an
    empty list for a provision that is not linked (a recital)."""
    from policylens.linking import shown_by_document

    if ctx.links is None:
        return None
    out = []
    for doc, shown in shown_by_document(ctx.links.get(provision_id, [])).items():
        targets = [(ctx.node(link.target), link) for link in shown]
        out.append((doc, [(node, link.confidence, link.why) for node, link in targets if node is not None]))
    return out
