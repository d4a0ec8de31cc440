"""Finding an annotation's text again in a provision tree that may have changed.

Follows the W3C Web Annotation selectors: a quote (exact text with prefix and suffix context)
and a position.  An annotation is looked for first in its own provision, then across the
provisions of its document; the best match above a threshold wins.  Nothing here writes: the
caller decides what to store, and an annotation that cannot be placed is orphaned, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from policylens.annotations.record import ANCHORED, CONTEXT_CHARS, ORPHANED, Annotation
from policylens.model import Node

# A changed quote still counts as found when this similar (difflib ratio, 0..1).
MATCH_THRESHOLD = 0.75
# Above this, a match in the annotation's own provision is taken without looking elsewhere.
SURE_MATCH = 0.95
# At most this many provisions (those sharing most words with the quote) are compared fuzzily.
FUZZY_CANDIDATES = 12
# A provision is searched only if it holds this share of the quote's distinct words.
WORD_OVERLAP = 0.6
_WORD = re.compile(r"\w+")


@dataclass
class Match:
    node: Node
    start: int
    end: int
    score: float


def selector(text: str, start: int, end: int) -> dict:
    """Quote and position fields for ``text[start:end]``."""
    return {"exact": text[start:end], "prefix": text[max(0, start - CONTEXT_CHARS):start],
            "suffix": text[end:end + CONTEXT_CHARS], "start": start, "end": end}


def holds(node: Node | None, ann: Annotation) -> bool:
    """True when ``node`` still has the annotation's quote at the recorded position."""
    if node is None:
        return False
    if not ann.exact:
        return True
    return ann.start is not None and node.text[ann.start:ann.end] == ann.exact


class Tree:
    """One document's provisions, indexed for placing many annotations."""

    def __init__(self, nodes: list[Node], sha256: str):
        self.sha256 = sha256
        self.by_id = {n.id: n for n in nodes}
        self.words = [(n, set(_WORD.findall(n.text.lower()))) for n in nodes if n.text]

    def candidates(self, exact: str) -> list[Node]:
        """Provisions worth a close look, most shared words first: those with most of the quote's words."""
        words = set(_WORD.findall(exact.lower()))
        needed = WORD_OVERLAP * len(words)
        shared = [(len(words & have), n) for n, have in self.words]
        return [n for count, n in sorted(shared, key=lambda item: -item[0]) if count >= needed]


def place(ann: Annotation, tree: Tree) -> Annotation:
    """The annotation anchored in ``tree``, or orphaned where it was.

    In order: still in place; verbatim in its own provision; nearly unchanged there; verbatim
    elsewhere in the document (the clause moved); the most similar passage, its own provision
    first, then the provisions that share most of its words."""
    own = tree.by_id.get(ann.node_id)
    if holds(own, ann):
        return ann.edited(state=ANCHORED, doc_sha256=tree.sha256, cite=own.cite)
    if not ann.exact:  # anchored by id alone, and the id is gone
        return ann.edited(state=ORPHANED)
    best = locate_in(own, ann, verbatim_only=True) if own else None
    if best is None and own is not None:
        best = locate_in(own, ann)
    candidates = tree.candidates(ann.exact) if best is None or best.score < SURE_MATCH else []
    if candidates:
        moved = [m for m in (locate_in(n, ann, verbatim_only=True, related=_shared_parent(n.id, ann.node_id))
                             for n in candidates if n is not own and ann.exact in n.text) if m]
        if moved:
            best = max(moved, key=lambda m: m.score)
    if best is None or best.score < MATCH_THRESHOLD:
        for node in candidates[:FUZZY_CANDIDATES]:
            if node is own:
                continue
            found = locate_in(node, ann, related=_shared_parent(node.id, ann.node_id))
            if found and (best is None or found.score > best.score):
                best = found
    if best is None or best.score < MATCH_THRESHOLD:
        return ann.edited(state=ORPHANED)
    return ann.edited(node_id=best.node.id, cite=best.node.cite, doc_sha256=tree.sha256, state=ANCHORED,
                      **selector(best.node.text, best.start, best.end))


def locate_in(node: Node, ann: Annotation, *, related: bool = False, verbatim_only: bool = False) -> Match | None:
    """The best place for the annotation's quote in one provision.

    Ties between equally good places go to the better matching context, then to the provision's
    siblings (``related``), then to the shortest provision, so a sentence wins over its paragraph."""
    span = locate(node.text, ann.exact, ann.prefix, ann.suffix, ann.start, verbatim_only=verbatim_only)
    if span is None:
        return None
    start, end, score = span
    context = _context_score(node.text, start, end, ann.prefix, ann.suffix)
    tie_break = 0.004 * context + 0.002 * related + 0.001 / (1 + len(node.text) / 1000)
    return Match(node, start, end, score + tie_break)


def locate(text: str, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None, *,
           verbatim_only: bool = False) -> tuple[int, int, float] | None:
    """Where ``exact`` is in ``text``: (start, end, similarity), verbatim first, else fuzzy."""
    if not exact or not text:
        return None
    starts = [m.start() for m in re.finditer(re.escape(exact), text)]
    if starts:
        start = max(starts, key=lambda s: (_context_score(text, s, s + len(exact), prefix, suffix),
                                           -abs(s - (hint or 0))))
        return start, start + len(exact), 1.0
    if verbatim_only:
        return None
    if len(text) < len(exact) and 2 * len(text) / (len(text) + len(exact)) < MATCH_THRESHOLD:
        return None  # too short to hold the quote even approximately
    return _fuzzy(text, exact)


def _fuzzy(text: str, exact: str) -> tuple[int, int, float] | None:
    """The window of ``text`` most like ``exact``, seeded by long common runs of characters."""
    if len(exact) >= 0.8 * len(text):  # the quote was (nearly) the whole provision
        return 0, len(text), SequenceMatcher(None, text, exact, autojunk=False).ratio()
    matcher = SequenceMatcher(None, text, exact, autojunk=False)
    blocks = sorted((b for b in matcher.get_matching_blocks() if b.size), key=lambda b: -b.size)[:5]
    slack = len(exact) // 4 + 8
    best = None
    tried = set()
    for block in blocks:
        aligned = block.a - block.b
        if aligned in tried:
            continue
        tried.add(aligned)
        lo = max(0, aligned - slack)
        hi = min(len(text), aligned + len(exact) + slack)
        window = SequenceMatcher(None, text[lo:hi], exact, autojunk=False)
        inner = [b for b in window.get_matching_blocks() if b.size >= 2]
        if not inner:
            continue
        start, end = _word_bounds(text, lo + inner[0].a, lo + inner[-1].a + inner[-1].size)
        score = SequenceMatcher(None, text[start:end], exact, autojunk=False).ratio()
        if best is None or score > best[2]:
            best = (start, end, score)
    return best


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so that it does not cut a word in two."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    score = SequenceMatcher(None, before, prefix).ratio() if prefix else 0.0
    return score + (SequenceMatcher(None, after, suffix).ratio() if suffix else 0.0)


def _shared_parent(node_id: str, old_id: str) -> bool:
    return node_id.rsplit("/", 1)[0] == old_id.rsplit("/", 1)[0]
