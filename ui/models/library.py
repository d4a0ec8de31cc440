"""The library tree: jurisdictions → documents (with their legal status) → the document's relations
to other instruments (what amends, replaced or implements it), then its structural divisions.

Only divisions a reader navigates by (chapters, sections, articles, annexes, parts, code
sections…) appear; paragraphs and points are read in the reader.  A proxy with recursive
filtering keeps the ancestors of every match visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policylens_ui import theme
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt

from policylens import catalogue
from policylens.citations import citation_forms, titled
from policylens.facts import document_status_label, facts_of
from policylens.model import Document, Node
from policylens.relations import name_of as relation_name

NAVIGABLE_KINDS = {"chapter", "section", "subsection", "article", "annex", "part", "preamble",
                   "bill_section", "code_section", "principle", "heading", "front", "preface",
                   "closing"}

ItemIdRole = Qt.ItemDataRole.UserRole + 1     # document id or node id
ItemKindRole = Qt.ItemDataRole.UserRole + 2   # "jurisdiction" | "document" | "relation" | "node"
StatusRole = Qt.ItemDataRole.UserRole + 3


@dataclass(eq=False)
class LibraryItem:
    kind: str
    item_id: str
    label: str
    status: str = ""
    tooltip: str = ""
    parent: LibraryItem | None = None
    children: list[LibraryItem] = field(default_factory=list)

    def add(self, child: LibraryItem) -> LibraryItem:
        child.parent = self
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def node_label(node: Node) -> str:
    return titled(node.cite, node.heading) or node.label or node.kind


class LibraryModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.root = LibraryItem("root", "", "")

    def load(self, documents: list[Document], nodes_of, relations_of=lambda doc_id: []) -> None:
        """Rebuild from the workspace; ``nodes_of(doc_id)`` gives a document's nodes in order and
        ``relations_of(doc_id)`` its ``policylens.relations.Relation`` list."""
        self.beginResetModel()
        self.root = LibraryItem("root", "", "")
        by_jurisdiction: dict[str, LibraryItem] = {}
        for doc in documents:
            group = by_jurisdiction.get(doc.jurisdiction)
            if group is None:
                group = self.root.add(LibraryItem("jurisdiction", doc.jurisdiction,
                                                  catalogue.jurisdiction_name(doc.jurisdiction)))
                by_jurisdiction[doc.jurisdiction] = group
            facts = facts_of(doc)
            tip = (doc.title, ", ".join(x for x in (facts.kind_label, facts.date) if x),
                   f"{facts.status_label}. {facts.status_note}".strip())
            doc_item = group.add(LibraryItem("document", doc.id, doc.short_name, doc.status,
                                             "\n".join(line for line in tip if line)))
            present = {d.id: d for d in documents}
            for relation in relations_of(doc.id):
                self._add_relation(doc_item, relation, present.get(relation.other))
            self._add_nodes(doc_item, nodes_of(doc.id), doc.status)
        self.endResetModel()

    @staticmethod
    def _add_relation(doc_item: LibraryItem, relation, other: Document | None) -> None:
        """A relation under its document: the other instrument's name and standing, to open it
        when it is in the workspace."""
        name = other.short_name if other else relation_name(relation.other)
        where = "" if other else " (not in the workspace)"
        status = other.status if other else ""
        tip = "; ".join(x for x in (relation.date, relation.note) if x)
        doc_item.add(LibraryItem("relation", relation.other, f"{relation.label}: {name}{where}", status,
                                 tip or relation.label))

    @staticmethod
    def _add_nodes(doc_item: LibraryItem, nodes: list[Node], status: str) -> None:
        items: dict[str, LibraryItem] = {}
        parent_of = {n.id: n.parent for n in nodes}
        for node in nodes:
            if node.kind not in NAVIGABLE_KINDS or node.is_unit and not node.heading:
                continue
            parent = doc_item
            ancestor = node.parent
            while ancestor and ancestor not in items:
                ancestor = parent_of.get(ancestor)
            if ancestor:
                parent = items[ancestor]
            items[node.id] = parent.add(LibraryItem("node", node.id, node_label(node), status,
                                                    " ".join(node.heading.split()) or node.cite))

    # -- model contract ----------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        if column != 0 or row < 0:
            return QModelIndex()
        parent_item = parent.internalPointer() if parent.isValid() else self.root
        if row >= len(parent_item.children):
            return QModelIndex()
        return self.createIndex(row, 0, parent_item.children[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        item: LibraryItem = index.internalPointer()
        parent = item.parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent=QModelIndex()):
        if parent.column() > 0:
            return 0
        item = parent.internalPointer() if parent.isValid() else self.root
        return len(item.children)

    def columnCount(self, parent=QModelIndex()):
        return 1

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item: LibraryItem = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            if item.kind == "document":
                return f"{item.label}  [{document_status_label(item.item_id, item.status)}]"
            if item.kind == "relation":
                return f"↳ {item.label}"
            return item.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip or None
        if role == Qt.ItemDataRole.ForegroundRole and item.kind == "document" and theme.is_alarming(item.status):
            return theme.alarm_text_colour()
        if role == Qt.ItemDataRole.ForegroundRole and item.kind == "relation" and not item.status:
            return theme.muted_text_colour()
        if role == Qt.ItemDataRole.FontRole and item.kind in ("jurisdiction", "document"):
            return theme.bold_font()
        if role == ItemIdRole:
            return item.item_id
        if role == ItemKindRole:
            return item.kind
        if role == StatusRole:
            return item.status
        return None


class LibraryFilter(QSortFilterProxyModel):
    """Case-insensitive filter that keeps the path to every match; a citation matches however it
    is spelled ("Article 73" finds "Art. 73", ``policylens.citations``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setAutoAcceptChildRows(True)
        self.forms: tuple[str, ...] = ()

    def setFilterFixedString(self, pattern: str) -> None:
        self.forms = citation_forms(pattern) if pattern.strip() else ()
        super().setFilterFixedString(pattern)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        if not self.forms:
            return super().filterAcceptsRow(row, parent)
        label = (self.sourceModel().index(row, 0, parent).data() or "").lower()
        return any(form in label for form in self.forms)
