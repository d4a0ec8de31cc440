"""What an analyst must know about a document before quoting it: its legal status, the kind of
instrument, its date and whether it binds anyone.

For a catalogued instrument the catalogue says so; for a document the analyst added, what they
recorded (``policylens add --status --kind --date`` or the document facts dialog).  Every view
that shows a document's standing asks here, so that a briefing, the library and the status
banner never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from policylens import catalogue
from policylens.model import Document

# Kinds of instrument that bind when in force; guidance, frameworks and codes bind nobody by
# themselves (a catalogue entry says otherwise where it is so, as for OMB memoranda).
BINDING_KINDS = {"statute", "regulation", "executive_order"}

# The catalogue date that stands for an instrument, first found wins.
DATE_KEYS = ("adopted", "signed", "issued", "enrolled", "published", "proposed")


class FactError(ValueError):
    """A status, kind or date that is not one PolicyLens knows, with the choices in the message."""


@dataclass(frozen=True)
class Facts:
    status: str
    status_label: str
    status_note: str
    kind: str
    kind_label: str
    date: str
    binding: bool


def facts_of(doc: Document) -> Facts:
    """The standing of ``doc``: from the catalogue for a catalogued instrument, else as recorded."""
    inst = catalogue.by_id(doc.id)
    if inst:
        when = next((inst.dates[k] for k in DATE_KEYS if k in inst.dates), "")
        return Facts(inst.status, inst.status_label, inst.status_note, inst.kind,
                     catalogue.KIND_LABELS.get(inst.kind, ""), when, inst.binding)
    return Facts(doc.status, status_label(doc.status), "", doc.kind, catalogue.KIND_LABELS.get(doc.kind, ""),
                 doc.date, doc.status == "in_force" and doc.kind in BINDING_KINDS)


def document_status_label(doc_id: str, status: str) -> str:
    """How a document's status reads: the catalogue's own words for a catalogued instrument
    ("Voluntary code", "Non-binding (superseded)"), else those of the status recorded for it."""
    inst = catalogue.by_id(doc_id)
    return inst.status_label if inst else status_label(status)


def status_label(status: str) -> str:
    return catalogue.STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def check(*, status: str | None = None, kind: str | None = None, date: str | None = None) -> None:
    """Raise FactError unless each given value is allowed (an empty kind or date clears it)."""
    if status is not None and status not in catalogue.STATUS_LABELS:
        raise FactError(f"unknown status '{status}'; choose one of {', '.join(catalogue.STATUS_LABELS)}")
    if kind and kind not in catalogue.KIND_LABELS:
        raise FactError(f"unknown kind '{kind}'; choose one of {', '.join(catalogue.KIND_LABELS)}")
    if date:
        try:
            Date.fromisoformat(date)
        except ValueError:
            raise FactError(f"'{date}' is not a date; write it as YYYY-MM-DD") from None
