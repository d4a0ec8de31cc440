"""The small editor for one annotation: its note, its tags (completed from those in use), its colour."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from policylens.annotations.record import DEFAULT_COLOR, PALETTE
from policylens.labels import clipped

QUOTE_SHOWN = 300


@dataclass
class AnnotationInput:
    """What the analyst typed."""

    note: str
    tags: list[str]
    color: str


def split_tags(text: str) -> list[str]:
    """Tags as typed: separated by commas."""
    return [t.strip() for t in text.split(",") if t.strip()]


def colour_swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the tags before it."""

    def __init__(self, known_tags: list[str], parent=None):
        super().__init__(QStringListModel(known_tags), parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def pathFromIndex(self, index) -> str:
        typed = self.widget().text()
        before = typed.rsplit(",", 1)[0] + ", " if "," in typed else ""
        return before + index.data()

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]


class AnnotationEditor(QDialog):
    """Asks for a note, tags and a colour; ``value()`` holds them once accepted."""

    def __init__(self, where: str, quote: str, known_tags: list[str], initial: AnnotationInput | None = None,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Annotation — {where}")
        self.setMinimumWidth(460)
        initial = initial or AnnotationInput("", [], DEFAULT_COLOR)
        quote_label = QLabel(_quoted(quote) if quote else "(the whole provision)")
        quote_label.setWordWrap(True)
        quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        quote_label.setStyleSheet(f"QLabel {{ border: none; border-left: 4px solid {initial.color}; "
                                  "padding-left: 6px; }")
        self.note = QPlainTextEdit(initial.note)
        self.note.setPlaceholderText("Your note (plain text; *emphasis* and - lists are kept as typed)")
        self.note.setTabChangesFocus(True)
        self.tags = QLineEdit(", ".join(initial.tags))
        self.tags.setPlaceholderText("Tags, separated by commas")
        self.tags.setCompleter(TagCompleter(known_tags, self.tags))
        self.colour = QComboBox()
        for name, value in PALETTE.items():
            self.colour.addItem(colour_swatch(value), name, value)
        if self.colour.findData(initial.color) < 0:
            self.colour.addItem(colour_swatch(initial.color), initial.color, initial.color)
        self.colour.setCurrentIndex(self.colour.findData(initial.color))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        provision = QLabel(f"<b>{html.escape(where)}</b>")
        provision.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("Provision", provision)
        form.addRow("Quote", quote_label)
        form.addRow("Note", self.note)
        form.addRow("Tags", self.tags)
        form.addRow("Colour", self.colour)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.note.setFocus()

    def value(self) -> AnnotationInput:
        return AnnotationInput(self.note.toPlainText(), split_tags(self.tags.text()), self.colour.currentData())


def _quoted(text: str) -> str:
    return f"“{clipped(text, QUOTE_SHOWN)}”"
