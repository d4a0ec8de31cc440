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

    progress(0.1, "linking provisions across jurisdictions")
    found = linking.counterparts(linking.links(ws))
    progress(1.0, "links ready")
    return dict(found)


def counterparts(ctx, provision_id: str) -> list[tuple[Node, float, str]] | None:
    """(counterpart, confidence, why) best first, none below the confidence every view requires;
    None while links are not computed."""
    from policylens.linking import MIN_CONFIDENCE

    grouped = ctx.links
    if grouped is None:
        return None
    out = []
    for link in grouped.get(provision_id, []):
        target = ctx.node(link.target)
        if target is not None and link.rank <= 2 and link.confidence >= MIN_CONFIDENCE:
            out.append((target, link.confidence, link.why))
    return sorted(out, key=lambda item: -item[1])
