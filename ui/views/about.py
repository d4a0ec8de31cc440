"""Help → About: the version, the catalogued instruments with their legal status, the spaCy model.

The model is named from what is installed, without loading spaCy (which takes seconds)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from policylens import __version__, catalogue
from policylens.extract.nlp import MODEL_NAMES


def spacy_model() -> str:
    """The English spaCy model extraction uses (the first of ``MODEL_NAMES`` installed), with its version."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            try:
                return f"{name} {importlib.metadata.version(name)}"
            except importlib.metadata.PackageNotFoundError:
                return name
    return "none installed — obligation extraction is unavailable"


def about_html() -> str:
    rows = "".join(f"<tr><td><b>{escape(i.short_name)}</b></td><td>{escape(i.jurisdiction_name)}</td>"
                   f"<td>{escape(i.status_label)}</td></tr>" for i in catalogue.instruments())
    return (f"<h3>PolicyLens {escape(__version__)}</h3>"
            "<p>Compare AI regulation across jurisdictions, provision by provision, offline.</p>"
            f"<p><b>Catalogued instruments</b></p><table cellspacing='0' cellpadding='3'>{rows}</table>"
            f"<p><b>Language model for extraction:</b> spaCy {escape(spacy_model())}</p>")


def about_box(parent=None) -> QMessageBox:
    """The About box, not yet shown (callers ``show`` or ``exec`` it)."""
    box = QMessageBox(parent)
    box.setWindowTitle("About PolicyLens")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html())
    box.setMinimumWidth(520)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box
