"""A banner that states a document's legal status; revoked and vetoed texts cannot be missed."""

from __future__ import annotations

from html import escape

from policylens_ui import theme
from PySide6.QtWidgets import QLabel

from policylens import relations
from policylens.facts import facts_of
from policylens.model import Document
from policylens.workspace import Workspace


LEADS = {
    "vetoed": "Vetoed — never became law.",
    "revoked": "Revoked — this order no longer has effect.",
    "superseded": "Superseded — replaced by a later instrument.",
    "non_binding": "Non-binding.",
    "in_force": "In force.",
    "enacted": "Enacted, not yet applicable.",
    "adopted": "Adopted, awaiting publication.",
    "proposed": "Proposed — not adopted.",
    "draft": "Draft — not adopted.",
}


def status_sentence(doc: Document, ws: Workspace | None = None) -> str:
    """The lead for the status, what replaced or changed the document, then the catalogue's note."""
    facts = facts_of(doc)
    lead = LEADS.get(facts.status, "Legal status unknown (a document you added).")
    replaced = relations.headline(doc.id, facts.status, ws)
    return " ".join(part for part in (lead, f"{replaced}." if replaced else "", facts.status_note) if part)


class StatusBanner(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMargin(6)
        self.hide()

    def show_document(self, doc: Document | None, ws: Workspace | None = None) -> None:
        if doc is None:
            self.hide()
            return
        background, foreground = theme.status_colours(doc.status)
        weight = "bold" if theme.is_alarming(doc.status) else "normal"
        self.setStyleSheet(f"QLabel {{ background: {background.name()}; color: {foreground.name()}; "
                           f"font-weight: {weight}; border-radius: 3px; }}")
        self.setText(f"<b>{escape(doc.short_name)} · {escape(facts_of(doc).status_label.upper())}</b>"
                     f" — {escape(status_sentence(doc, ws))}")
        self.setToolTip(doc.title)
        self.show()
