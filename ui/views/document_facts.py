"""The document facts dialog: title, jurisdiction, status, kind and date of a document the analyst
added, and its relations to other instruments — what ``policylens edit`` and ``policylens
relations`` do on the command line."""

from __future__ import annotations

from policylens_ui.context import AppContext
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from policylens import catalogue, relations
from policylens.facts import FactError, check
from policylens.importer import set_facts
from policylens.relations import LABELS, RelationError, name_of, relations_of
from policylens.usertext import problem


class DocumentFactsDialog(QDialog):
    def __init__(self, ctx: AppContext, doc_id: str, parent=None):
        super().__init__(parent)
        self.ctx, self.doc_id = ctx, doc_id
        doc = ctx.ws.document(doc_id)
        self.setWindowTitle(f"Document facts — {doc.short_name}")
        self.title = QLineEdit(doc.title)
        self.jurisdiction = QLineEdit(doc.jurisdiction)
        self.status = _combo(catalogue.STATUS_LABELS, doc.status)
        self.kind = _combo({"": "Not given", **catalogue.KIND_LABELS}, doc.kind)
        self.date = QLineEdit(doc.date)
        self.date.setPlaceholderText("YYYY-MM-DD")
        form = QFormLayout()
        for label, widget in (("Title", self.title), ("Jurisdiction", self.jurisdiction), ("Status", self.status),
                              ("Kind", self.kind), ("Date", self.date)):
            form.addRow(label, widget)

        self.relations = QListWidget()
        self.relation_type = _combo(LABELS, "implements")
        self.other = QComboBox()
        others = {d.id: d.short_name for d in ctx.documents() if d.id != doc_id}
        others.update({i.id: i.short_name for i in catalogue.instruments() if i.id not in others})
        for other_id, name in others.items():
            self.other.addItem(f"{name} ({other_id})", other_id)
        add, remove = QPushButton("Add relation"), QPushButton("Remove selected")
        add.clicked.connect(self.add_relation)
        remove.clicked.connect(self.remove_relation)
        row = QHBoxLayout()
        for widget in (self.relation_type, self.other, add):
            row.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.relations)
        layout.addLayout(row)
        layout.addWidget(remove)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._list_relations()

    def _list_relations(self) -> None:
        self.relations.clear()
        for r in relations_of(self.doc_id, self.ctx.ws):
            item = QListWidgetItem(f"{r.label}: {name_of(r.other, self.ctx.ws)}"
                                   + (f" ({r.date})" if r.date else "") + ("" if r.user else "  — catalogue"))
            item.setData(256, (r.type, r.other, r.user))
            self.relations.addItem(item)

    def add_relation(self) -> None:
        try:
            relations.record(self.ctx.ws, self.doc_id, self.relation_type.currentData(), self.other.currentData())
        except (RelationError, FactError) as exc:
            self.error.setText(str(exc))
        else:
            self.error.clear()
        self._list_relations()

    def remove_relation(self) -> None:
        item = self.relations.currentItem()
        if item is None:
            return
        type_, other, user = item.data(256)
        if user:
            relations.forget(self.ctx.ws, self.doc_id, type_, other)
        self._list_relations()

    def save(self) -> None:
        title, jurisdiction, date = (self.title.text().strip(), self.jurisdiction.text().strip(),
                                     self.date.text().strip())
        try:
            for name, value in (("title", title), ("jurisdiction", jurisdiction)):
                trouble = problem(value) or ("cannot be empty" if not value else "")
                if trouble:
                    raise FactError(f"The {name} {trouble}")
            check(status=self.status.currentData(), kind=self.kind.currentData(), date=date)
        except FactError as exc:
            self.error.setText(str(exc))
            return
        doc_id, facts = self.doc_id, dict(title=title, jurisdiction=jurisdiction, status=self.status.currentData(),
                                          kind=self.kind.currentData(), date=date)
        # a changed kind or date changes how its words bind, so set_facts reads them again
        self.ctx.run_task(f"Saving the facts of {title}",
                          lambda ws, progress, cancel: set_facts(ws, doc_id, progress=progress, cancel=cancel, **facts))
        self.accept()


def _combo(choices: dict[str, str], current: str) -> QComboBox:
    combo = QComboBox()
    for key, label in choices.items():
        combo.addItem(label, key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
