"""Relations between instruments: which one amends, supersedes, revokes, succeeds or implements
which.

A relation is written once, in the direction it was stated — in the catalogue on either
instrument, or by the analyst for their own documents (kept in the workspace) — and read from
both ends: "SB 53 successor_of SB-1047" is also "SB-1047 succeeded_by SB 53".  An ``amends``
relation may carry the application dates it changes (``policylens.amendments`` reads them).
"""

from __future__ import annotations

from dataclasses import dataclass

from policylens import catalogue
from policylens.workspace import Workspace

# Each relation in the direction it is stored, and how it reads from the other end.
STORED = {
    "amends": "amended_by",
    "supersedes": "superseded_by",
    "revokes": "revoked_by",
    "successor_of": "succeeded_by",
    "implements": "implemented_by",
}
INVERSE = {**STORED, **{v: k for k, v in STORED.items()}}

LABELS = {
    "amends": "Amends", "amended_by": "Amended by",
    "supersedes": "Supersedes", "superseded_by": "Superseded by",
    "revokes": "Revokes", "revoked_by": "Revoked by",
    "successor_of": "Successor of", "succeeded_by": "Successor",
    "implements": "Implements", "implemented_by": "Implemented by",
}

# Relations that say a document has been replaced or changed: the status banner names them first.
SUPERSEDING = ("revoked_by", "succeeded_by", "superseded_by", "amended_by")


class RelationError(ValueError):
    """A relation the analyst asked for that cannot be recorded, with the reason."""


@dataclass(frozen=True)
class Relation:
    """A relation read from ``doc``'s end: ``doc`` ``type`` ``other`` (e.g. SB-1047 succeeded_by SB 53)."""

    doc: str
    type: str
    other: str
    date: str = ""
    note: str = ""
    user: bool = False       # recorded by the analyst rather than the catalogue

    @property
    def label(self) -> str:
        return LABELS[self.type]


def relations_of(doc_id: str, ws: Workspace | None = None) -> list[Relation]:
    """Every relation of ``doc_id``, from the catalogue and (with ``ws``) the analyst's, the
    replacing ones first."""
    found = []
    for inst in catalogue.instruments():
        for entry in inst.relations:
            found += _ends(inst.id, entry["type"], entry["target"], entry.get("date", ""),
                           entry.get("note", ""), doc_id, user=False)
    if ws is not None:
        for source, type_, target, date, note in ws.relations(doc_id):
            found += _ends(source, type_, target, date, note, doc_id, user=True)
    return sorted(found, key=lambda r: (r.type not in SUPERSEDING, SUPERSEDING.index(r.type)
                                        if r.type in SUPERSEDING else 0, r.date, r.other))


def _ends(source, type_, target, date, note, doc_id, *, user) -> list[Relation]:
    if source == doc_id:
        return [Relation(doc_id, type_, target, date, note, user)]
    if target == doc_id:
        return [Relation(doc_id, INVERSE[type_], source, date, note, user)]
    return []


def name_of(doc_id: str, ws: Workspace | None = None) -> str:
    """What to call another instrument: its short name in the workspace or the catalogue."""
    doc = ws.document(doc_id) if ws is not None else None
    if doc:
        return doc.short_name
    inst = catalogue.by_id(doc_id)
    return inst.short_name if inst else doc_id


def record(ws: Workspace, doc_id: str, type_: str, other: str, *, date: str = "", note: str = "") -> Relation:
    """Record that ``doc_id`` ``type_`` ``other`` (either direction of a relation may be given).

    One of the two must be a document the analyst added: the catalogue's relations are facts
    PolicyLens ships, not the analyst's to change."""
    from policylens.facts import check
    from policylens.usertext import problem

    if type_ not in INVERSE:
        raise RelationError(f"unknown relation '{type_}'; choose one of {', '.join(LABELS)}")
    for end in (doc_id, other):
        if ws.document(end) is None and catalogue.by_id(end) is None:
            raise RelationError(f"'{end}' is neither in the workspace nor in the catalogue")
    if doc_id == other:
        raise RelationError("a document cannot be related to itself")
    if catalogue.by_id(doc_id) and catalogue.by_id(other):
        raise RelationError("relations between two catalogued instruments come with the catalogue; "
                            "relate one of your own documents")
    check(date=date)
    trouble = problem(note)
    if trouble:
        raise RelationError(f"the note {trouble}")
    if type_ in STORED:
        ws.put_relation(doc_id, type_, other, date, note)
    else:
        ws.put_relation(other, INVERSE[type_], doc_id, date, note)
    return Relation(doc_id, type_, other, date, note, user=True)


def forget(ws: Workspace, doc_id: str, type_: str, other: str) -> bool:
    """Remove a relation the analyst recorded (given from either end); False when there was none."""
    if type_ not in INVERSE:
        raise RelationError(f"unknown relation '{type_}'; choose one of {', '.join(LABELS)}")
    return ws.delete_relation(doc_id, type_, other) or ws.delete_relation(other, INVERSE[type_], doc_id)


def headline(doc_id: str, status: str, ws: Workspace | None = None) -> str:
    """What replaced or changed a document, in one line for its status banner and briefing
    covers: "Enacted successor: SB 53", "Revoked by EO 14148 (2025-01-20); Successor: EO 14179"."""
    parts = []
    for r in relations_of(doc_id, ws):
        if r.type not in SUPERSEDING:
            continue
        label = "Enacted successor" if r.type == "succeeded_by" and status == "vetoed" else r.label
        when = f" ({r.date})" if r.date else ""
        parts.append(f"{label}: {name_of(r.other, ws)}{when}")
    return "; ".join(parts)
