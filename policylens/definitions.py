"""Defined terms a provision relies on: which of its document's definitions apply to its words.

A definition is a provision whose extraction result names the term it ``defines`` ("provider",
"covered model").  A provision uses a term when the term occurs in its text (or in the words that
introduce its list) as whole words, case-insensitively, optionally in the plural.  The
definitions of a document are read once and cached until the document is stored again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from policylens.model import Node
from policylens.workspace import Workspace

CACHED_DOCUMENTS = 16

# (workspace file, doc id, checksum, ingestion time, pipeline version) -> [(term, defining node)],
# longest term first
_cache: dict[tuple, list[tuple[str, Node]]] = {}


def terms_used(ws: Workspace, node_id: str) -> list[tuple[str, Node]]:
    """(term, defining provision) for each term defined in the same document that the provision uses.

    A definition is not listed for itself; each term is listed once."""
    node = ws.node(node_id)
    if node is None:
        return []
    others = [(term, definer) for term, definer in definitions(ws, node.doc) if definer.id != node.id]
    used = set(uses(f"{node.stem} {node.text}", [term for term, _ in others]))
    found, seen = [], set()
    for term, definer in others:
        if term in used and term.casefold() not in seen:
            seen.add(term.casefold())
            found.append((term, definer))
    return found


def uses(text: str, terms: Sequence[str]) -> list[str]:
    """The ``terms`` that ``text`` uses: whole words, case-insensitively, optionally plural.
    (A substring test comes first: most terms are absent, and it costs far less than the
    pattern.  It folds case so that every letter the pattern takes for an ASCII one, "İ" or a
    long "ſ" included, still contains it.)"""
    folded = _fold(text)
    return [term for term, lowered in _lowered(tuple(terms))
            if (lowered is None or lowered in folded) and _pattern(term).search(text)]


@lru_cache(maxsize=64)
def _lowered(terms: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    """Each term with its lower case for the substring test (None for a term that is not ASCII,
    which only the pattern tests).  Cached: linking tests a document's terms on each of its
    provisions."""
    return tuple((term, term.lower() if term.isascii() else None) for term in terms)


def _fold(text: str) -> str:
    return text.lower().replace("\u0307", "").replace("\u0131", "i").replace("\u017f", "s")


def definitions(ws: Workspace, doc_id: str) -> list[tuple[str, Node]]:
    """Every (term, defining provision) of a document, longest term first (cached per document)."""
    doc = ws.document(doc_id)
    if doc is None:
        return []
    key = (str(ws.path), doc_id, doc.sha256, doc.ingested_at, ws.pipeline_version(doc_id))
    if key not in _cache:
        if len(_cache) >= CACHED_DOCUMENTS:
            _cache.pop(next(iter(_cache)))
        _cache[key] = _read_definitions(ws, doc_id)
    return _cache[key]


def _read_definitions(ws: Workspace, doc_id: str) -> list[tuple[str, Node]]:
    nodes = {n.id: n for n in ws.nodes(doc_id)}
    pairs = []
    for node_id, parts in ws.extractions(doc_id).items():
        term = next((p.get("defines") for p in parts if p.get("defines")), "")
        if term and node_id in nodes:
            pairs.append((term, nodes[node_id]))
    return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[1].order))


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(term) + r"s?(?!\w)", re.IGNORECASE)
