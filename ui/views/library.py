"""The library pane: jurisdictions, documents with their status, and their divisions."""

from __future__ import annotations

from policylens_ui.context import AppContext
from policylens_ui.models.library import (
    ItemIdRole,
    ItemKindRole,
    LibraryFilter,
    LibraryModel,
)
from policylens_ui.views.document_facts import DocumentFactsDialog
from policylens_ui.views.version_diff import VersionDiffDialog
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QMenu, QTreeView, QVBoxLayout, QWidget

from policylens.relations import relations_of


class LibraryView(QWidget):
    provisionActivated = Signal(str)
    documentActivated = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter documents and sections…")
        self.filter_box.setClearButtonEnabled(True)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree, 1)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._apply_filter)
        self.filter_box.textChanged.connect(lambda: self._debounce.start())
        self.tree.activated.connect(self._activate)
        self.tree.clicked.connect(self._activate)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        ctx.workspaceChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.model.load(self.ctx.documents(), self.ctx.nodes, lambda doc_id: relations_of(doc_id, self.ctx.ws))
        self.tree.expandToDepth(0)

    def select_document(self, doc_id: str) -> None:
        """Mark the document the reader shows (unless one of its divisions is already selected)."""
        current = self.tree.currentIndex().data(ItemIdRole) or ""
        if current == doc_id or current.startswith(doc_id + "/"):
            return
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            for child in range(self.proxy.rowCount(group)):
                index = self.proxy.index(child, 0, group)
                if index.data(ItemIdRole) == doc_id:
                    self.tree.setCurrentIndex(index)
                    self.tree.scrollTo(index)
                    return

    def _apply_filter(self) -> None:
        text = self.filter_box.text().strip()
        self.proxy.setFilterFixedString(text)
        if text:
            self.tree.expandAll()
        else:
            self.tree.collapseAll()
            self.tree.expandToDepth(0)

    def _activate(self, index) -> None:
        kind, item_id = index.data(ItemKindRole), index.data(ItemIdRole)
        if kind == "document" or kind == "relation" and self.ctx.document(item_id):
            self.documentActivated.emit(item_id)
        elif kind == "node":
            self.provisionActivated.emit(item_id)

    def _menu(self, point) -> None:
        """A document: compare it with another version; one the analyst added: edit its facts."""
        index = self.tree.indexAt(point)
        doc = self.ctx.document(index.data(ItemIdRole) or "") if index.data(ItemKindRole) == "document" else None
        if doc is None:
            return
        menu = QMenu(self)
        menu.addAction("Compare versions…", lambda: self.compare_versions(doc.id))
        if not doc.catalogued:
            menu.addAction("Document facts and relations…", lambda: self.edit_facts(doc.id))
        menu.exec(self.tree.viewport().mapToGlobal(point))

    def compare_versions(self, doc_id: str) -> VersionDiffDialog:
        dialog = VersionDiffDialog(self.ctx, doc_id, self)
        dialog.open()
        return dialog

    def edit_facts(self, doc_id: str) -> DocumentFactsDialog:
        dialog = DocumentFactsDialog(self.ctx, doc_id, self)
        dialog.finished.connect(lambda result: self.ctx.refresh())
        dialog.open()
        return dialog
