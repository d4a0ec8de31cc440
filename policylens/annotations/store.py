"""Creating, editing, deleting and finding annotations in a workspace, and re-anchoring them.

Every change is one transaction of its own, so a change either happened completely or not at
all, whatever happens to the process.  Deleting is only ever what the analyst asked for: a
re-ingested or replaced document orphans the annotations it no longer holds, it never drops them.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field

from policylens.annotations.anchoring import Tree, place, selector
from policylens.annotations.record import (
    ANCHORED,
    DEFAULT_COLOR,
    ORPHANED,
    STATES,
    Annotation,
    AnnotationError,
    clean_author,
    clean_color,
    clean_note,
    clean_tags,
    default_author,
    later_than,
    new_id,
    now,
)
from policylens.model import Node
from policylens.workspace import Workspace

_COLUMNS = ("id", "doc", "doc_sha256", "node_id", "cite", "exact", "prefix", "suffix", "start", "end",
            "note", "tags", "color", "author", "created", "modified", "state")
INSERT_SQL = (f"INSERT INTO annotations ({', '.join(_COLUMNS)}) "
           f"VALUES ({', '.join(':' + c for c in _COLUMNS)})")
REPLACE_SQL = INSERT_SQL.replace("INSERT", "INSERT OR REPLACE", 1)


@dataclass
class ReanchorReport:
    """What re-anchoring did to a document's annotations."""

    kept: list[str] = field(default_factory=list)       # ids still where they were
    moved: list[str] = field(default_factory=list)      # ids found again elsewhere or in changed text
    orphaned: list[str] = field(default_factory=list)   # ids whose text is no longer in the document


def create(ws: Workspace, node_id: str, *, note: str = "", tags=(), quote: str | None = None,
           start: int | None = None, end: int | None = None, color: str | None = None,
           author: str | None = None) -> Annotation:
    """Annotate a provision: all of it, the first occurrence of ``quote``, or ``text[start:end]``."""
    node = ws.node(node_id)
    if node is None:
        raise AnnotationError(f"there is no provision '{node_id}' in the workspace")
    begin, finish = _range(node, quote, start, end)
    doc = ws.document(node.doc)
    stamp = now()
    ann = Annotation(
        id=new_id(), doc=node.doc, node_id=node.id, doc_sha256=doc.sha256 if doc else "", cite=node.cite,
        note=clean_note(note), tags=clean_tags(tags), color=clean_color(color) if color else DEFAULT_COLOR,
        author=clean_author(author or default_author()), created=stamp, modified=stamp,
        **selector(node.text, begin, finish))
    with ws.transaction() as db:
        db.execute(INSERT_SQL, to_row(ann))
    return ann


def update(ws: Workspace, ann_id: str, *, note: str | None = None, tags=None,
           color: str | None = None) -> Annotation:
    """Change the note, the tags or the colour; the modification time moves forward."""
    with ws.transaction() as db:
        current = _get(db, ann_id)
        if current is None:
            raise AnnotationError(f"there is no annotation {ann_id}")
        changed = current.edited(
            note=current.note if note is None else clean_note(note),
            tags=current.tags if tags is None else clean_tags(tags),
            color=current.color if color is None else clean_color(color))
        if changed == current:
            return current
        changed.modified = later_than(current.modified)
        db.execute(REPLACE_SQL, to_row(changed))
    return changed


def delete(ws: Workspace, ann_id: str) -> Annotation:
    """Remove an annotation and return it, so that it can be restored (undo)."""
    with ws.transaction() as db:
        current = _get(db, ann_id)
        if current is None:
            raise AnnotationError(f"there is no annotation {ann_id}")
        db.execute("DELETE FROM annotations WHERE id = ?", (ann_id,))
    return current


def restore(ws: Workspace, ann: Annotation) -> Annotation:
    """Put back a deleted (or earlier) annotation exactly: same id, same times (redo/undo)."""
    if ann.state not in STATES:
        raise AnnotationError(f"unknown annotation state '{ann.state}'")
    with ws.transaction() as db:
        db.execute(REPLACE_SQL, to_row(ann))
    return ann


def get(ws: Workspace, ann_id: str) -> Annotation | None:
    return _get(ws.db, ann_id)


def resolve(ws: Workspace, id_or_prefix: str) -> Annotation:
    """The annotation with this id, or the only one whose id starts with it (at least 4 characters)."""
    found = get(ws, id_or_prefix)
    if found:
        return found
    if len(id_or_prefix) < 4:
        raise AnnotationError(f"'{id_or_prefix}' is too short to name an annotation (give 4 characters or more)")
    rows = ws.db.execute("SELECT * FROM annotations WHERE substr(id, 1, ?) = ? LIMIT 2",
                         (len(id_or_prefix), id_or_prefix.lower())).fetchall()
    if not rows:
        raise AnnotationError(f"there is no annotation {id_or_prefix}")
    if len(rows) > 1:
        raise AnnotationError(f"'{id_or_prefix}' starts several annotation ids; give more of it")
    return from_row(rows[0])


def list_annotations(ws: Workspace, *, doc: str | None = None, node: str | None = None,
                     tag: str | None = None, state: str | None = None) -> list[Annotation]:
    """Annotations in reading order of their documents, filtered by document, provision, tag, state."""
    if state is not None and state not in STATES:
        raise AnnotationError(f"unknown annotation state '{state}' (use {' or '.join(STATES)})")
    rows = ws.db.execute(
        "SELECT a.* FROM annotations a LEFT JOIN nodes n ON n.id = a.node_id AND a.state = 'anchored' "
        "WHERE (:doc IS NULL OR a.doc = :doc) AND (:node IS NULL OR a.node_id = :node) "
        "AND (:state IS NULL OR a.state = :state) "
        "AND (:tag IS NULL OR EXISTS (SELECT 1 FROM json_each(a.tags) t WHERE lower(t.value) = lower(:tag))) "
        "ORDER BY a.doc, n.ord IS NULL, n.ord, a.start, a.created",
        {"doc": doc, "node": node, "tag": tag, "state": state}).fetchall()
    return [from_row(r) for r in rows]


def tags(ws: Workspace) -> dict[str, int]:
    """Every tag in use and how many annotations carry it, most used first."""
    counts: Counter[str] = Counter()
    for (value,) in ws.db.execute("SELECT t.value FROM annotations a, json_each(a.tags) t"):
        counts[value] += 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


def reanchor_document(ws: Workspace, doc_id: str) -> ReanchorReport:
    """Attach the annotations of ``doc_id`` to the document as now stored.

    Call after storing a document (a re-ingestion or a new version) and after importing
    annotations.  Annotations still at their place are kept; the others are looked for by quote,
    first in their own provision, then across the document; those not found are orphaned.  When
    the document is not in the workspace, all its annotations are orphaned."""
    report = ReanchorReport()
    with ws.transaction() as db:
        anns = [from_row(r) for r in db.execute("SELECT * FROM annotations WHERE doc = ?", (doc_id,))]
        if not anns:
            return report
        doc = ws.document(doc_id)
        tree = Tree(ws.nodes(doc_id), doc.sha256) if doc else None
        for ann in anns:
            placed = place(ann, tree) if tree else ann.edited(state=ORPHANED)
            if placed.state == ORPHANED:
                report.orphaned.append(ann.id)
            elif ann.state == ANCHORED and _spot(placed) == _spot(ann):
                report.kept.append(ann.id)
            else:
                report.moved.append(ann.id)
            if placed != ann:
                db.execute(REPLACE_SQL, to_row(placed))
    return report


def _spot(ann: Annotation) -> tuple:
    return ann.node_id, ann.start, ann.end, ann.exact


def _range(node: Node, quote: str | None, start: int | None, end: int | None) -> tuple[int, int]:
    if quote:
        at = node.text.find(quote)
        if at < 0:
            raise AnnotationError(f"the text '{quote[:60]}' is not in {node.cite or node.id}")
        return at, at + len(quote)
    if start is None and end is None:
        return 0, len(node.text)
    start, end = start or 0, len(node.text) if end is None else end
    if not 0 <= start < end <= len(node.text):
        raise AnnotationError(f"characters {start}–{end} are outside {node.cite or node.id}")
    return start, end


def _get(db: sqlite3.Connection, ann_id: str) -> Annotation | None:
    row = db.execute("SELECT * FROM annotations WHERE id = ?", (ann_id,)).fetchone()
    return from_row(row) if row else None


def to_row(ann: Annotation) -> dict:
    return {**asdict(ann), "tags": json.dumps(ann.tags, ensure_ascii=False)}


def from_row(row: sqlite3.Row) -> Annotation:
    return Annotation(**{**{c: row[c] for c in _COLUMNS}, "tags": json.loads(row["tags"])})

