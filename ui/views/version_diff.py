"""The version diff window: one document against another version of it (a document in the
workspace or a file), provision by provision, as ``policylens diff`` computes it.

A table lists every provision with its status, filtered by status; the selected one shows its
word-level changes, deleted words struck through in red and new ones underlined in green; the
counts per article sit above; the whole comparison exports to CSV.
"""

from __future__ import annotations

import html

from policylens_ui.context import AppContext
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
)

from policylens.diff import PREVIOUS, STATUSES, Change, VersionDiff, write_csv
from policylens.output import open_output

COLUMNS = ("Status", "Section", "Old citation", "New citation", "Text")
STATUS_COLOURS = {"reworded": "#c08a00", "moved": "#2b6cd4", "added": "#2f9a48", "removed": "#c62f3b"}


class ChangesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.changes: list[Change] = []

    def load(self, changes: list[Change]) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        change = self.changes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (change.status, change.section, change.old.cite if change.old else "",
                    change.new.cite if change.new else "", " ".join((change.new or change.old).text.split()))[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return change.status
        return None


class StatusFilter(QSortFilterProxyModel):
    """All provisions, the changed ones, or those of one status."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.wanted = "changed"

    def set_wanted(self, wanted: str) -> None:
        self.beginFilterChange()
        self.wanted = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent):
        status = self.sourceModel().index(row, 0, parent).data(Qt.ItemDataRole.UserRole)
        return self.wanted == "all" or status == self.wanted or self.wanted == "changed" and status != "unchanged"


def change_html(change: Change) -> str:
    """A provision's change for reading: citations, then its words with deletions and insertions marked."""
    where = " → ".join(dict.fromkeys(html.escape(n.cite) for n in (change.old, change.new) if n))
    if change.words:
        body = " ".join(html.escape(text) if op == "=" else
                        f"<span style='color:#c62f3b; text-decoration:line-through'>{html.escape(text)}</span>"
                        if op == "-" else f"<span style='color:#2f9a48; text-decoration:underline'>{html.escape(text)}</span>"
                        for op, text in change.words)
    else:
        body = html.escape((change.new or change.old).text)
    colour = STATUS_COLOURS.get(change.status, "gray")
    return f"<p><b style='color:{colour}'>{change.status.upper()}</b> <b>{where}</b></p><p>{body}</p>"


class VersionDiffDialog(QDialog):
    def __init__(self, ctx: AppContext, doc_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.doc_id = ctx, doc_id
        self.result: VersionDiff | None = None
        self.setWindowTitle(f"Compare versions — {ctx.document(doc_id).short_name}")
        self.resize(1100, 700)
        self.against = QComboBox()   # data: (new, old) as compare_with takes them
        for version in ctx.ws.previous_versions(doc_id)[:1]:
            self.against.addItem(f"Previous version (replaced {version['replaced_at'][:10]}) → this one",
                                 (doc_id, f"{doc_id}{PREVIOUS}"))
        for doc in ctx.documents():
            if doc.id != doc_id:
                self.against.addItem(doc.short_name, (doc.id, doc_id))
        compare, pick = QPushButton("Compare"), QPushButton("Another version from a file…")
        compare.clicked.connect(lambda: self.compare_with(*self.against.currentData()))
        pick.clicked.connect(self._pick_file)
        self.filter = QComboBox()
        self.filter.addItem("Changed provisions", "changed")
        self.filter.addItem("All provisions", "all")
        for status in STATUSES:
            self.filter.addItem(status.capitalize(), status)
        self.export = QPushButton("Export CSV…")
        self.export.setEnabled(False)
        self.export.clicked.connect(self._pick_export)
        self.summary = QLabel("Choose the other version.")
        self.summary.setWordWrap(True)
        self.model = ChangesModel(self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.detail = QTextBrowser()
        self.filter.currentIndexChanged.connect(lambda: self.proxy.set_wanted(self.filter.currentData()))
        self.table.selectionModel().currentRowChanged.connect(self._show)
        bar = QHBoxLayout()
        for widget in (QLabel("Against"), self.against, compare, pick, self.filter, self.export):
            bar.addWidget(widget)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def compare_with(self, new: str, old: str | None = None):
        """Compare ``old`` (default: this document) with ``new`` (a document id or a file), in
        the background; returns the task."""
        from policylens.diff import compare_versions

        self.summary.setText("Comparing…")
        task = self.ctx.run_task("Comparing versions", lambda ws, progress, cancel: compare_versions(
            ws, old or self.doc_id, new), changes_workspace=False)
        task.succeeded.connect(self._ready)
        task.failed.connect(self.summary.setText)
        return task

    def _ready(self, result: VersionDiff) -> None:
        self.result = result
        self.model.load(result.changes)
        counts = ", ".join(f"{n} {status}" for status, n in result.summary.items())
        changed = [f"{section}: " + ", ".join(f"{n} {s}" for s, n in c.items() if s != "unchanged")
                   for section, c in result.by_section().items() if set(c) != {"unchanged"}]
        self.summary.setText(f"{html.escape(result.old_doc)} → {html.escape(result.new_doc)}: <b>{html.escape(counts)}</b>" + (
            "<br>" + html.escape("; ".join(changed)) if changed else ""))
        self.export.setEnabled(True)

    def _show(self, current, previous=None) -> None:
        if current.isValid():
            change = self.model.changes[self.proxy.mapToSource(current).row()]
            self.detail.setHtml(change_html(change))

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Another version of this document", "",
                                              "Regulations (*.pdf *.html *.htm *.md *.txt)")
        if path:
            self.compare_with(path)

    def _pick_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the comparison", f"{self.doc_id}-diff.csv", "CSV (*.csv)")
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> None:
        with open_output(path, newline="", encoding="utf-8") as out:
            write_csv(self.result, out)
