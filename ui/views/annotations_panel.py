"""The annotations panel: every note in the workspace, filtered by tag, with edit and delete.

Annotations placed on a provision are listed first; orphaned ones (their text is no longer in the
document as stored) are listed apart with their quote — never hidden.  Clicking one opens its
provision.
"""

from __future__ import annotations

from policylens_ui.context import AppContext
from policylens_ui.models.annotations import AnnotationRole, AnnotationsModel
from policylens_ui.views.annotation_editor import AnnotationEditor, AnnotationInput
from policylens_ui.views.choices import refill
from PySide6.QtCore import QModelIndex, QSize, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from policylens import annotations
from policylens.annotations import ANCHORED, ORPHANED, Annotation, AnnotationError
from policylens.workspace import WorkspaceError


def _list_view(model: AnnotationsModel) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setWordWrap(True)
    view.setUniformItemSizes(False)
    view.setAlternatingRowColors(True)
    view.setIconSize(QSize(12, 12))
    view.setSpacing(1)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class AnnotationsPanel(QWidget):
    provisionActivated = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel("<b>Annotations</b>")
        self.tag_combo = QComboBox()
        self.tag_combo.setToolTip("Only annotations with this tag")
        self.placed = AnnotationsModel(self)
        self.orphaned = AnnotationsModel(self)
        self.placed_view = _list_view(self.placed)
        self.orphaned_view = _list_view(self.orphaned)
        self.orphaned_label = QLabel("<b>Orphaned</b> — their text is no longer in the document as stored; "
                                     "kept with their quote")
        self.orphaned_label.setWordWrap(True)
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.empty_label = QLabel("<i>Select text in the reader (or a provision) and press Ctrl+M to "
                                  "annotate it.</i>")
        self.empty_label.setWordWrap(True)
        self._active = self.placed_view   # the list whose current row Edit and Delete act on

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.tag_combo, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.placed_view, 3)
        layout.addWidget(self.orphaned_label)
        layout.addWidget(self.orphaned_view, 1)
        layout.addLayout(buttons)

        self.tag_combo.currentIndexChanged.connect(self.reload)
        for view in (self.placed_view, self.orphaned_view):
            view.clicked.connect(self._open)
            view.activated.connect(self._open)
            view.doubleClicked.connect(lambda _index: self.edit_selected())
            view.selectionModel().currentChanged.connect(lambda index, _prev, v=view: self._became_current(v, index))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        ctx.annotations.changed.connect(self.reload)
        ctx.workspaceChanged.connect(self.reload)
        self.reload()

    # -- contents -----------------------------------------------------------------------------
    def reload(self) -> None:
        self._fill_tags()
        tag = self.tag_combo.currentData() or None
        names = {d.id: d.short_name for d in self.ctx.documents()}
        selected = self.selected()
        self.placed.set_annotations(annotations.list_annotations(self.ctx.ws, tag=tag, state=ANCHORED), names)
        self.orphaned.set_annotations(annotations.list_annotations(self.ctx.ws, tag=tag, state=ORPHANED), names)
        has_orphans = self.orphaned.rowCount() > 0
        self.orphaned_label.setVisible(has_orphans)
        self.orphaned_view.setVisible(has_orphans)
        self.empty_label.setVisible(self.placed.rowCount() == 0 and not has_orphans)
        if selected:
            self.select(selected.id)
        self._update_buttons()

    def _fill_tags(self) -> None:
        refill(self.tag_combo, "All tags",
               [(f"{tag} ({count})", tag) for tag, count in annotations.tags(self.ctx.ws).items()])

    def set_tag(self, tag: str) -> None:
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(tag)))

    def select(self, ann_id: str) -> bool:
        """Make ``ann_id`` the current row of whichever list holds it."""
        for model, view in ((self.placed, self.placed_view), (self.orphaned, self.orphaned_view)):
            row = model.row_of(ann_id)
            if row >= 0:
                self._active = view
                view.setCurrentIndex(model.index(row))
                view.scrollTo(model.index(row))
                return True
        return False

    def select_on(self, node_id: str) -> bool:
        """Make the first annotation on the provision current; clear the selection when it has none
        (a note left selected would seem to belong to the provision shown)."""
        found = next((a for a in self.placed.annotations() if a.node_id == node_id), None)
        if found:
            return self.select(found.id)
        for view in (self.placed_view, self.orphaned_view):
            view.selectionModel().clearSelection()
            view.setCurrentIndex(QModelIndex())
        self._update_buttons()
        return False

    def selected(self) -> Annotation | None:
        index = self._active.currentIndex()
        return index.data(AnnotationRole) if index.isValid() else None

    def _became_current(self, view: QListView, index) -> None:
        if index.isValid():
            self._active = view
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _open(self, index) -> None:
        ann = index.data(AnnotationRole)
        if ann is not None and ann.state == ANCHORED:
            self.provisionActivated.emit(ann.node_id)

    # -- commands -----------------------------------------------------------------------------
    def edit_selected(self) -> None:
        ann = self.selected()
        if ann is None:
            return
        editor = AnnotationEditor(ann.cite or ann.node_id, ann.exact, list(annotations.tags(self.ctx.ws)),
                                  AnnotationInput(ann.note, ann.tags, ann.color), self)
        if editor.exec() == AnnotationEditor.DialogCode.Accepted:
            self.apply_edit(ann.id, editor.value())

    def apply_edit(self, ann_id: str, value: AnnotationInput) -> Annotation | None:
        try:
            return self.ctx.annotations.edit(ann_id, note=value.note, tags=value.tags, color=value.color)
        except (AnnotationError, WorkspaceError) as exc:
            QMessageBox.warning(self, "Annotation not saved", str(exc))
            return None

    def delete_selected(self) -> None:
        ann = self.selected()
        if ann is None:
            return
        try:
            self.ctx.annotations.delete(ann.id)
        except (AnnotationError, WorkspaceError) as exc:
            QMessageBox.warning(self, "Annotation not deleted", str(exc))
            return
        self.window().statusBar().showMessage("Annotation deleted — Ctrl+Z brings it back", 6000)
