"""Annotations as list rows: note, tags, citation, author and time of the last edit.

The model shows a list it is given (``set_annotations``); the panel reads the list from the core.
Orphaned annotations show their quote, since the provision they were on is gone.
"""

from __future__ import annotations

from policylens_ui.views.annotation_editor import colour_swatch
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from policylens.annotations import ORPHANED, Annotation
from policylens.labels import clipped

AnnotationRole = Qt.ItemDataRole.UserRole + 1
NOTE_SHOWN = 160
QUOTE_SHOWN = 120


def describe(ann: Annotation, doc_name: str) -> str:
    """Three lines: where (and tags), the note (or quote), who and when."""
    where = f"{doc_name} {ann.cite or ann.node_id}".strip()
    if ann.tags:
        where += "   #" + "  #".join(ann.tags)
    lines = [where]
    if ann.state == ORPHANED and ann.exact:
        lines.append(f"“{clipped(ann.exact, QUOTE_SHOWN)}”")
    lines.append(clipped(ann.note, NOTE_SHOWN) if ann.note else "(no note)")
    lines.append(f"{ann.author} · {ann.modified[:16].replace('T', ' ')} UTC")
    return "\n".join(lines)


class AnnotationsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._annotations: list[Annotation] = []
        self._doc_names: dict[str, str] = {}

    def set_annotations(self, found: list[Annotation], doc_names: dict[str, str]) -> None:
        self.beginResetModel()
        self._annotations, self._doc_names = found, doc_names
        self.endResetModel()

    def annotations(self) -> list[Annotation]:
        return self._annotations

    def row_of(self, ann_id: str) -> int:
        return next((n for n, a in enumerate(self._annotations) if a.id == ann_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._annotations)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._annotations):
            return None
        ann = self._annotations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return describe(ann, self._doc_names.get(ann.doc, ann.doc))
        if role == Qt.ItemDataRole.DecorationRole:
            return colour_swatch(ann.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n\n".join(p for p in (f"“{ann.exact}”" if ann.exact else "", ann.note) if p)
        if role == AnnotationRole:
            return ann
        return None
