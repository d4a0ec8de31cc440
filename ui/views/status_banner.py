"""A banner that states a document's legal status; revoked and vetoed texts cannot be missed."""

from __future__ import annotations

from html import escape

from policylens_ui import theme
from PySide6.QtWidgets import QLabel

from policylens import catalogue
from policylens.model import Document


def status_sentence(doc: Document) -> str:
    inst = catalogue.by_id(doc.id)
    note = inst.status_note if inst else ""
    if doc.status == "vetoed":
        lead = "Vetoed — this bill never became law."
    elif doc.status == "revoked":
        lead = "Revoked — this order no longer has effect."
    elif doc.status == "non_binding":
        lead = "Non-binding guidance."
    elif doc.status == "in_force":
        lead = "In force."
    else:
        lead = "Legal status unknown (a document you added)."
    return f"{lead} {note}".strip()


class StatusBanner(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMargin(6)
        self.hide()

    def show_document(self, doc: Document | None) -> None:
        if doc is None:
            self.hide()
            return
        background, foreground = theme.status_colours(doc.status)
        weight = "bold" if theme.is_alarming(doc.status) else "normal"
        self.setStyleSheet(f"QLabel {{ background: {background.name()}; color: {foreground.name()}; "
                           f"font-weight: {weight}; border-radius: 3px; }}")
        self.setText(f"<b>{escape(doc.short_name)} · {escape(theme.status_label(doc.status).upper())}</b>"
                     f" — {escape(status_sentence(doc))}")
        self.setToolTip(doc.title)
        self.show()
