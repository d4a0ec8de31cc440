"""The search palette (Ctrl+K): type a citation, a document or words, jump to the provision.

Citations ("Art. 9(2)", "§ 22603") are matched exactly through ``Workspace.find_cite``; words go to
the workspace's full-text index (``Workspace.search``).  Results show the document's status.
"""

from __future__ import annotations

from policylens_ui import theme
from policylens_ui.context import AppContext
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
)

from policylens.facts import document_status_label

TargetRole = Qt.ItemDataRole.UserRole + 1   # ("provision" | "document", id)
SEARCH_DELAY_MS = 120
RESULT_LIMIT = 40


class SearchPalette(QDialog):
    provisionActivated = Signal(str)
    documentActivated = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.scope_doc: str | None = None
        self.setWindowTitle("Search")
        self.resize(760, 480)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Citation (Art. 9(2)), document name, or words…")
        self.scope = QCheckBox()
        self.scope.toggled.connect(self._search)
        self.results_model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setModel(self.results_model)
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.hint = QLabel("↑↓ to choose, Enter to open, Esc to close")
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.scope)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._search)
        self.query.textChanged.connect(lambda: self._debounce.start())
        self.query.returnPressed.connect(self.open_current)
        self.results.activated.connect(lambda _: self.open_current())
        self.query.installEventFilter(self)

    def start(self, scope_doc: str | None = None) -> None:
        """Show the palette, searching everything or (checked) only ``scope_doc``."""
        self.scope_doc = scope_doc
        doc = self.ctx.document(scope_doc) if scope_doc else None
        self.scope.setVisible(doc is not None)
        self.scope.blockSignals(True)
        self.scope.setChecked(doc is not None)
        self.scope.blockSignals(False)
        if doc:
            self.scope.setText(f"Only in {doc.short_name}")
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()
        self._search()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentIndex().row()
            row = row + (1 if event.key() == Qt.Key.Key_Down else -1)
            row = max(0, min(self.results_model.rowCount() - 1, row))
            self.results.setCurrentIndex(self.results_model.index(row, 0))
            return True
        return super().eventFilter(watched, event)

    def _search(self) -> None:
        self._debounce.stop()
        text = self.query.text().strip()
        self.results_model.clear()
        if not text:
            return
        doc_id = self.scope_doc if self.scope.isChecked() else None
        seen, said = set(), set()
        for doc in self.ctx.documents():
            if not doc_id and text.lower() in f"{doc.short_name} {doc.title} {doc.id}".lower():
                self._add(f"{doc.short_name} — {document_status_label(doc.id, doc.status)}\n{doc.title}",
                          ("document", doc.id), doc.status)
        found = [(node, node.heading or node.text) for node in self.ctx.ws.find_cite(text, doc_id)[:RESULT_LIMIT]]
        found += self.ctx.ws.search(text, doc_id=doc_id, limit=RESULT_LIMIT)
        for node, snippet in found:
            snippet = " ".join(snippet.split())
            # a paragraph and its first sentence share a citation and an opening: list it once
            if node.id not in seen and (node.doc, node.cite, snippet) not in said:
                seen.add(node.id)
                said.add((node.doc, node.cite, snippet))
                self._add_node(node, snippet)
        if self.results_model.rowCount():
            self.results.setCurrentIndex(self.results_model.index(0, 0))
        else:
            item = QStandardItem(f"No provision matches “{text}”.")
            item.setEnabled(False)
            self.results_model.appendRow(item)

    def _add_node(self, node, snippet: str) -> None:
        doc = self.ctx.document(node.doc)
        status = doc.status if doc else "unknown"
        name = doc.short_name if doc else node.doc
        self._add(f"{name} [{document_status_label(node.doc, status)}] · {node.cite or node.label}\n{snippet}",
                  ("provision", node.id), status)

    def _add(self, text: str, target: tuple[str, str], status: str) -> None:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(target, TargetRole)
        item.setToolTip(text)
        if theme.is_alarming(status):
            item.setForeground(theme.alarm_text_colour())
        self.results_model.appendRow(item)

    def open_current(self) -> None:
        if self._debounce.isActive():
            self._search()
        target = self.results.currentIndex().data(TargetRole)
        if not target:
            return
        kind, target_id = target
        self.hide()
        if kind == "document":
            self.documentActivated.emit(target_id)
        else:
            self.provisionActivated.emit(target_id)
