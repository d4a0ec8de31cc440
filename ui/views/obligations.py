"""The obligations table with its filter bar, copy and CSV export of the selection."""

from __future__ import annotations

from pathlib import Path

from policylens_ui import theme
from policylens_ui.context import AppContext
from policylens_ui.models.obligations import (
    COLUMNS,
    ObligationsModel,
    ObligationsProxy,
    RecordRole,
)
from policylens_ui.views.choices import filter_combo, refill
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from policylens import annotations
from policylens.export import write_csv
from policylens.labels import role_label, theme_label
from policylens.output import open_output

DEADLINE_CHOICES = [("Any deadline", ""), ("Has a deadline", "any"), ("Has a dated deadline", "dated"),
                    ("No deadline", "none")]
FILTER_DELAY_MS = 120


# the table has six filter boxes in one row: each narrower than the analysis views' two
FILTER_WIDTH = 9


class ObligationsView(QWidget):
    provisionActivated = Signal(str)   # open it in the reader (double click, Enter)
    provisionSelected = Signal(str)    # the current row changed: show it in the inspector

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = ObligationsModel(parent=self)
        self.proxy = ObligationsProxy(self)
        self.proxy.setSourceModel(self.model)

        self.doc_combo = filter_combo("Only provisions of this document", FILTER_WIDTH)
        self.modality_combo = filter_combo("Only provisions with this modality", FILTER_WIDTH)
        self.role_combo = filter_combo("Only duties borne by this kind of actor", FILTER_WIDTH)
        self.theme_combo = filter_combo("Only provisions on this theme", FILTER_WIDTH)
        self.tag_combo = filter_combo("Only provisions carrying an annotation with this tag", FILTER_WIDTH)
        self.deadline_combo = filter_combo("Filter by time limit", FILTER_WIDTH)
        for label, value in DEADLINE_CHOICES:
            self.deadline_combo.addItem(label, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search text, citation, actor… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the selected rows as tab-separated text (Ctrl+C)")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save the selected rows (or all shown rows) as CSV")

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in zip(range(len(COLUMNS)), (80, 75, 115, 100, 150, 430, 120, 170)):
            self.table.setColumnWidth(column, width)

        filters = QHBoxLayout()   # the filters share the row: narrow enough to leave the library room
        for widget in (self.doc_combo, self.modality_combo, self.role_combo, self.theme_combo,
                       self.deadline_combo, self.tag_combo):
            filters.addWidget(widget, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda: self._debounce.start())
        for combo in (self.doc_combo, self.modality_combo, self.role_combo, self.theme_combo,
                      self.deadline_combo, self.tag_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(self._activate)
        self.table.activated.connect(self._activate)
        self.copy_button.clicked.connect(self.copy_selection)
        self.export_button.clicked.connect(self.export_dialog)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selection,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        ctx.workspaceChanged.connect(self.reload)
        ctx.annotations.changed.connect(self._annotations_changed)
        self._loaded = False

    # -- data ---------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        """Load the records the first time the table is shown (keeps start-up fast)."""
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        records = self.ctx.records()
        short_names = {d.id: f"{d.short_name}" for d in self.ctx.documents()}
        self.model.set_records(records, short_names)
        self._fill_choices(records)
        self.apply_filters()

    def _fill_choices(self, records: list[dict]) -> None:
        docs = self.ctx.documents()
        refill(self.doc_combo, "All documents",
             [(theme.with_status(d), d.id) for d in docs])
        modalities = list(theme.MODALITIES) + ["none"]
        refill(self.modality_combo, "All modalities", [(theme.MODALITY_LABELS[m], m) for m in modalities])
        roles = sorted({r["actor_role"] for r in records if r["actor_role"]})
        refill(self.role_combo, "All roles", [(role_label(r), r) for r in roles])
        themes = sorted({t for r in records for t in r["themes"]})
        refill(self.theme_combo, "All themes", [(theme_label(t), t) for t in themes])
        self._fill_tags()

    def _fill_tags(self) -> None:
        refill(self.tag_combo, "Any annotation tag",
               [(f"#{tag} ({count})", tag) for tag, count in annotations.tags(self.ctx.ws).items()])

    def _annotations_changed(self) -> None:
        if self._loaded:
            self._fill_tags()
            self.apply_filters()

    def apply_filters(self) -> None:
        tag = self.tag_combo.currentData() or ""
        tagged = frozenset()
        if tag:
            tagged = frozenset(a.node_id for a in annotations.list_annotations(self.ctx.ws, tag=tag,
                                                                              state=annotations.ANCHORED))
        self.proxy.set_filter(doc=self.doc_combo.currentData(), modality=self.modality_combo.currentData(),
                              role=self.role_combo.currentData(), theme=self.theme_combo.currentData(),
                              deadline=self.deadline_combo.currentData(), text=self.search.text(),
                              tag=tag, tagged=tagged)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.proxy.rowCount():,} of {self.model.rowCount():,} provisions")

    # -- selection, copy, export -------------------------------------------------------------
    def selected_records(self, all_if_none: bool = False) -> list[dict]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and all_if_none:
            rows = range(self.proxy.rowCount())
        return [self.proxy.index(row, 0).data(RecordRole) for row in rows]

    def copy_selection(self) -> None:
        records = self.selected_records()
        if not records:
            return
        lines = ["\t".join(COLUMNS)]
        for row in sorted({i.row() for i in self.table.selectionModel().selectedRows()}):
            lines.append("\t".join(str(self.proxy.index(row, c).data() or "").replace("\t", " ")
                                   for c in range(len(COLUMNS))))
        QGuiApplication.clipboard().setText("\n".join(lines))

    def export_csv(self, path: Path, records: list[dict]) -> int:
        with open_output(path, encoding="utf-8", newline="") as out:
            return write_csv(records, out)

    def export_dialog(self) -> None:
        records = self.selected_records(all_if_none=True)
        if not records:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export provisions as CSV", "provisions.csv",
                                              "CSV files (*.csv)")
        if not name:
            return
        try:
            count = self.export_csv(Path(name), records)
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"The file could not be written: {exc}")
            return
        self.window().statusBar().showMessage(f"Exported {count:,} provisions to {name}", 8000)

    def _activate(self, index) -> None:
        record = index.data(RecordRole)
        if record:
            self.provisionActivated.emit(record["id"])

    def _current_changed(self, current, _previous) -> None:
        record = current.data(RecordRole) if current.isValid() else None
        if record:
            self.provisionSelected.emit(record["id"])

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
