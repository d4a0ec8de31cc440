"""The provisions export: one record per provision unit, the format others check PolicyLens by.

Fields (documented in the README; keep them stable): id, doc, doc_status, section, cite, path,
heading, text, stem, page, notes, modality, actor_text, actor_explicit, actor_role, themes,
condition, deadline_text, deadline_date, refs, defines.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from policylens.model import Document, Node
from policylens.workspace import Workspace

EXTRACTED_FIELDS = ("modality", "actor_text", "actor_explicit", "actor_role", "themes", "condition",
                    "deadline_text", "deadline_date", "refs", "defines")
FIELDS = ("id", "doc", "doc_status", "section", "cite", "path", "heading", "text", "stem", "page",
          "notes") + EXTRACTED_FIELDS
EMPTY = {"modality": "none", "actor_text": "", "actor_explicit": False, "actor_role": "", "themes": [],
         "condition": "", "deadline_text": "", "deadline_date": "", "refs": [], "defines": ""}


def unit_id(node_id: str, part: int) -> str:
    """The id of the ``part``-th unit of a node (a sentence binding two actors gives two units)."""
    return node_id if part == 0 else f"{node_id}#{part + 1}"


def provision_records(ws: Workspace, doc_id: str | None = None) -> Iterator[dict]:
    """Every provision unit with its citation context and extraction fields, in reading order."""
    for doc in ws.documents():
        if not doc_id or doc.id == doc_id:
            yield from document_records(ws, doc, ws.nodes(doc.id))


def document_records(ws: Workspace, doc: Document, nodes: list[Node]) -> Iterator[dict]:
    """The provision records of one document, from its ``nodes`` (``ws.nodes``), which a caller
    that reads them anyway passes instead of having them read twice."""
    by_id = {n.id: n for n in nodes}
    extractions = ws.extractions(doc.id)
    for node in nodes:
        if not node.is_unit:
            continue
        base = {
            "doc": doc.id, "doc_status": doc.status, "section": node.section, "cite": node.cite,
            "path": _ancestor_cites(node, by_id), "heading": nearest_heading(node, by_id),
            "stem": node.stem, "page": node.page, "notes": node.notes,
        }
        for part, extraction in enumerate(extractions.get(node.id) or [{}]):
            record = {"id": unit_id(node.id, part), **base,
                      "text": extraction.get("text") or node.text}
            record.update({f: extraction.get(f, EMPTY[f]) for f in EXTRACTED_FIELDS})
            yield {f: record[f] for f in FIELDS}


def _ancestor_cites(node: Node, by_id: dict[str, Node]) -> list[str]:
    cites, parent = [], by_id.get(node.parent or "")
    while parent:
        if parent.cite and (not cites or cites[0] != parent.cite):
            cites.insert(0, parent.cite)
        parent = by_id.get(parent.parent or "")
    return cites


def nearest_heading(node: Node, by_id: dict[str, Node], skip_kinds: frozenset = frozenset()) -> str:
    """The nearest heading above a unit (an article's or section's title), passing over the
    headings of ``skip_kinds`` nodes."""
    current: Node | None = node
    while current:
        if current.heading and current.kind not in skip_kinds:
            return current.heading
        current = by_id.get(current.parent or "")
    return ""


def write_jsonl(records, out: io.TextIOBase) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records, out: io.TextIOBase) -> int:
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in record.items()})
        count += 1
    return count
