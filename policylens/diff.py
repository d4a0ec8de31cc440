"""What changed between two versions of a document, provision by provision.

Provisions are matched the way annotations are re-anchored: first by id (ids are built from the
citation path, so an unchanged clause keeps its id), then by text.  Each provision unit is

* ``unchanged`` — same citation, same words;
* ``reworded`` — same citation, words changed (the word-level changes are given);
* ``moved`` — same or nearly the same words under another citation (renumbered or moved);
* ``added`` / ``removed`` — in one version only.

Words are compared after the differences a publisher's formats make and a reader does not see
(Unicode compatibility forms, curly and straight quotes, dashes, soft hyphens, spacing), so that
the PDF and the HTML of one text differ in nothing.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from policylens.model import Node

STATUSES = ("unchanged", "reworded", "moved", "added", "removed")
REWORDED_AT_LEAST = 0.5   # word similarity under the same citation still counted as one clause reworded
MOVED_AT_LEAST = 0.85     # word similarity for a clause found under another citation
_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                       "‑": "-", "\u00ad": None, "\u200b": None})


@dataclass(frozen=True)
class Change:
    """One provision unit across the two versions."""

    status: str
    old: Node | None
    new: Node | None
    similarity: float = 1.0
    words: tuple[tuple[str, str], ...] = ()   # ("=", "+", "-", text) runs for reworded and moved units

    @property
    def section(self) -> str:
        return (self.new or self.old).section

    def marked(self) -> str:
        """The word-level changes inline: "[-removed-]{+added+}"."""
        out = []
        for op, text in self.words:
            out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
        return " ".join(out)


@dataclass
class VersionDiff:
    old_doc: str
    new_doc: str
    changes: list[Change] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(c.status for c in self.changes)
        return {status: counts[status] for status in STATUSES}

    def by_section(self) -> dict[str, dict[str, int]]:
        """Counts per top-level section (article), in document order."""
        out: dict[str, Counter] = {}
        for change in self.changes:
            out.setdefault(change.section, Counter())[change.status] += 1
        return {section: {s: counts[s] for s in STATUSES if counts[s]} for section, counts in out.items()}


def words_of(text: str) -> list[str]:
    return unicodedata.normalize("NFKC", text).translate(_FOLD).split()


def diff_nodes(old_doc: str, old: list[Node], new_doc: str, new: list[Node]) -> VersionDiff:
    """Match the provision units of two versions and say what happened to each."""
    old_units = {_path(n, old_doc): n for n in old if n.is_unit and n.text.strip()}
    new_units = {_path(n, new_doc): n for n in new if n.is_unit and n.text.strip()}
    words = {id(n): words_of(n.text) for n in (*old_units.values(), *new_units.values())}
    result: dict[str, Change] = {}     # by new path, or "-" + old path for removed units
    left_old, left_new = [], []
    for path, node in old_units.items():
        other = new_units.get(path)
        if other is None:
            left_old.append(node)
            continue
        a, b = words[id(node)], words[id(other)]
        if a == b:
            result[path] = Change("unchanged", node, other)
            continue
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= REWORDED_AT_LEAST:
            result[path] = Change("reworded", node, other, ratio, _runs(a, b))
        else:
            left_old.append(node)
            left_new.append(other)
    left_new += [n for p, n in new_units.items() if p not in old_units]
    for old_node, new_node, ratio in _moves(left_old, left_new, words):
        a, b = words[id(old_node)], words[id(new_node)]
        result[_path(new_node, new_doc)] = Change("moved", old_node, new_node, ratio, () if a == b else _runs(a, b))
    matched_old = {id(c.old) for c in result.values()}
    matched_new = {id(c.new) for c in result.values()}
    for path, node in new_units.items():
        if id(node) not in matched_new:
            result[path] = Change("added", None, node, 0.0)
    for path, node in old_units.items():
        if id(node) not in matched_old:
            result["-" + path] = Change("removed", node, None, 0.0)
    ordered = sorted(result.values(), key=lambda c: (c.new.order if c.new else _after(c.old, result), 0 if c.new else 1))
    return VersionDiff(old_doc, new_doc, ordered)


def _path(node: Node, doc_id: str) -> str:
    return node.id[len(doc_id) + 1:] if node.id.startswith(doc_id + "/") else node.id


def _after(old: Node, result: dict[str, Change]) -> float:
    """Where a removed unit goes: just after the new place of the old unit before it."""
    before = [c for c in result.values() if c.old is not None and c.new is not None and c.old.order < old.order]
    return max((c.new.order for c in before), default=-1) + 0.5


def _moves(old: list[Node], new: list[Node], words: dict) -> list[tuple[Node, Node, float]]:
    """Pairs of unmatched units with the same or nearly the same words, best first, each used once."""
    exact: dict[tuple, list[Node]] = {}
    for node in new:
        exact.setdefault(tuple(words[id(node)]), []).append(node)
    pairs, used = [], set()
    rest = []
    for node in old:
        same = [n for n in exact.get(tuple(words[id(node)]), []) if id(n) not in used]
        if same:
            used.add(id(same[0]))
            pairs.append((node, same[0], 1.0))
        else:
            rest.append(node)
    candidates = [n for n in new if id(n) not in used]
    vocab = {id(n): set(words[id(n)]) for n in candidates}
    scored = []
    for node in rest:
        mine = set(words[id(node)])
        for other in candidates:
            shared = len(mine & vocab[id(other)]) / max(1, len(mine | vocab[id(other)]))
            if shared >= MOVED_AT_LEAST - 0.2:   # a cheap bound before the exact ratio
                ratio = SequenceMatcher(None, words[id(node)], words[id(other)], autojunk=False).ratio()
                if ratio >= MOVED_AT_LEAST:
                    scored.append((ratio, node, other))
    taken_old = set()
    for ratio, node, other in sorted(scored, key=lambda t: -t[0]):
        if id(node) not in taken_old and id(other) not in used:
            taken_old.add(id(node))
            used.add(id(other))
            pairs.append((node, other, ratio))
    return pairs


def _runs(a: list[str], b: list[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)



def records(diff: VersionDiff) -> list[dict]:
    """One record per provision unit, for JSON and CSV (the fields of ``RECORD_FIELDS``)."""
    out = []
    for c in diff.changes:
        out.append({
            "status": c.status, "section": c.section,
            "old_id": c.old.id if c.old else "", "new_id": c.new.id if c.new else "",
            "old_cite": c.old.cite if c.old else "", "new_cite": c.new.cite if c.new else "",
            "similarity": round(c.similarity, 4),
            "old_text": c.old.text if c.old else "", "new_text": c.new.text if c.new else "",
            "changes": c.marked()})
    return out


RECORD_FIELDS = ("status", "section", "old_id", "new_id", "old_cite", "new_cite", "similarity", "old_text",
                 "new_text", "changes")


def write_csv(diff: VersionDiff, out) -> None:
    """The records as CSV rows on ``out`` (opened with ``newline=""``)."""
    writer = csv.DictWriter(out, fieldnames=RECORD_FIELDS)
    writer.writeheader()
    writer.writerows(records(diff))


PREVIOUS = "@previous"   # "ID@previous": the version of ID that the current one replaced


def compare_versions(ws, old: str, new: str) -> VersionDiff:
    """The diff of ``old`` against ``new``.  ``old`` is a document id, or ``ID@previous`` for
    the version of that document the current one replaced; ``new`` is a document id or a file of
    the same instrument (read as that instrument: a catalogued one with its profile and structure
    check, an analyst's document with the general reader).  KeyError for an unknown document or
    version; IngestError for a file that cannot be read as the instrument."""
    from pathlib import Path

    from policylens import catalogue
    from policylens.pipeline import prepare, sha256_of

    old_id = old[:-len(PREVIOUS)] if old.endswith(PREVIOUS) else old
    if ws.document(old_id) is None:
        raise KeyError(f"no document '{old_id}' in the workspace")
    if old.endswith(PREVIOUS):
        versions = ws.previous_versions(old_id)
        if not versions:
            raise KeyError(f"{old_id} has no previous version: it has not been replaced by a new one")
        old_nodes = ws.previous_nodes(old_id, versions[0]["sha256"])
    else:
        old_nodes = ws.nodes(old_id)
    if ws.document(new) is not None:
        result = diff_nodes(old_id, old_nodes, new, ws.nodes(new))
        result.old_doc = old
        return result
    path = Path(new)
    if not path.is_file():
        raise KeyError(f"'{new}' is neither a document in the workspace nor a file")
    instrument = catalogue.by_id(old_id)
    if instrument:
        sha = sha256_of(path)
        source = next((s for s in instrument.sources if s.sha256 == sha), None)
        prepared = prepare(path, instrument=instrument, source=source, sha256=sha)
    else:
        prepared = prepare(path, doc_id=old_id)
    result = diff_nodes(old_id, old_nodes, old_id, prepared.nodes)
    result.old_doc, result.new_doc = old, str(path)
    return result
