"""The obligations table: every provision unit of the workspace as a row, filtered and sorted.

The model is a thin view over the export records (``policylens.export.provision_records``), so the
table shows exactly what an export would write.  Filtering runs in one Python pass over
pre-lowered search text and stores a verdict per record; ``filterAcceptsRow`` only looks it up, and
sorting is one Python sort in the model, which keeps both fast over the whole corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policylens_ui import theme
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from policylens.amendments import in_force
from policylens.facts import document_status_label
from policylens.labels import role_label, theme_label

ProvisionIdRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("Document", "Status", "Citation", "Modality", "Actor", "Text", "Role", "Themes", "Deadline")
(DOC_COLUMN, STATUS_COLUMN, CITE_COLUMN, MODALITY_COLUMN, ACTOR_COLUMN, TEXT_COLUMN, ROLE_COLUMN, THEMES_COLUMN,
 DEADLINE_COLUMN) = range(len(COLUMNS))


def natural_key(value) -> tuple:
    """Sorts "Art. 9" before "Art. 10" and ignores case."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", str(value or "").lower()))


class ObligationsModel(QAbstractTableModel):
    """Provision records as table rows; the records are never copied into widgets."""

    def __init__(self, records: list[dict] | None = None, short_names: dict[str, str] | None = None,
                 parent=None):
        super().__init__(parent)
        self._records: list[dict] = []
        self._short_names: dict[str, str] = {}
        self.set_records(records or [], short_names or {})

    def set_records(self, records: list[dict], short_names: dict[str, str]) -> None:
        self.beginResetModel()
        self._records = records
        self._short_names = short_names
        self.endResetModel()

    def records(self) -> list[dict]:
        return self._records

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows in one Python sort (a proxy comparing through ``data`` is 100× slower)."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        keys = [natural_key(self._display(r, column, sort=True)) for r in self._records]
        ordering = sorted(range(len(self._records)), key=keys.__getitem__,
                          reverse=order == Qt.SortOrder.DescendingOrder)
        new_row = {old: new for new, old in enumerate(ordering)}
        self._records = [self._records[i] for i in ordering]
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(new_row[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._records)):
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == STATUS_COLUMN and theme.is_alarming(record["doc_status"]):
                return theme.status_colours(record["doc_status"])[0]
            if column == MODALITY_COLUMN:
                return theme.modality_background(record["modality"])
        alarming = column == STATUS_COLUMN and theme.is_alarming(record["doc_status"])
        if role == Qt.ItemDataRole.ForegroundRole and alarming:
            return theme.status_colours(record["doc_status"])[1]
        if role == Qt.ItemDataRole.FontRole and alarming:
            return theme.bold_font()
        if role == ProvisionIdRole:
            return record["id"]
        if role == RecordRole:
            return record
        return None

    def _display(self, record: dict, column: int, sort: bool = False):
        if column == DOC_COLUMN:
            return self._short_names.get(record["doc"], record["doc"])
        if column == STATUS_COLUMN:
            return document_status_label(record["doc"], record["doc_status"])
        if column == CITE_COLUMN:
            return record["cite"]
        if column == MODALITY_COLUMN:
            return theme.MODALITY_LABELS.get(record["modality"], record["modality"])
        if column == ACTOR_COLUMN:
            return record["actor_text"]
        if column == TEXT_COLUMN:
            return record["text"] if sort else " ".join(record["text"].split())
        if column == ROLE_COLUMN:
            return role_label(record["actor_role"])
        if column == THEMES_COLUMN:
            return ", ".join(theme_label(t) for t in record["themes"])
        if column == DEADLINE_COLUMN:
            when, change = in_force(record["id"], record["deadline_date"])   # a date a later act moved
            if sort:  # dated deadlines first, in date order, then the undated ones
                return when or ("~" + record["deadline_text"] if record["deadline_text"] else "")
            return f"{when} (was {change.original})" if change else when or record["deadline_text"]
        return None

    def _tooltip(self, record: dict, column: int) -> str | None:
        if column == TEXT_COLUMN:
            return (record["stem"] + " … " if record["stem"] else "") + record["text"]
        if column == DEADLINE_COLUMN and record["deadline_text"]:
            _, change = in_force(record["id"], record["deadline_date"])
            return f"{record['deadline_text']} — {change.citation()}" if change else record["deadline_text"]
        if column == ACTOR_COLUMN and record["actor_text"] and not record["actor_explicit"]:
            return f"{record['actor_text']} (inherited, not named in the provision)"
        if column in (DOC_COLUMN, STATUS_COLUMN):
            name = self._short_names.get(record['doc'], record['doc'])
            return f"{name}: {document_status_label(record['doc'], record['doc_status'])}"
        return None


def _is_tagged(provision_id: str, tagged: frozenset[str]) -> bool:
    """True when the provision, or a provision containing it, is among ``tagged`` node ids."""
    node_id = provision_id.split("#", 1)[0]
    while node_id:
        if node_id in tagged:
            return True
        node_id = node_id.rpartition("/")[0]
    return False


@dataclass
class ObligationFilter:
    """What the user narrowed the table to; empty values mean "any"."""

    doc: str = ""
    modality: str = ""
    role: str = ""
    theme: str = ""
    deadline: str = ""       # "", "any" (has one), "dated", "none"
    text: str = ""
    tag: str = ""
    tagged: frozenset[str] = frozenset()   # provisions annotated with ``tag`` (their parts match too)
    words: list[str] = field(default_factory=list, repr=False)


class ObligationsProxy(QSortFilterProxyModel):
    """Filtering of ``ObligationsModel``; sorting is delegated to the model (see ``sort``).

    Verdicts are kept per record object, not per row, so they stay right when the model reorders
    its rows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filter = ObligationFilter()
        self._haystacks: dict[int, str] = {}
        self._accepted: set[int] = set()

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._reindex)
        self._reindex()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def _reindex(self) -> None:
        self._haystacks = {
            id(r): " ".join((r["text"], r["cite"], r["actor_text"], r["heading"], r["stem"], r["condition"],
                             r["deadline_text"])).lower()
            for r in self.sourceModel().records()}
        self._compute()

    def set_filter(self, **changes) -> None:
        """Change some criteria (doc, modality, role, theme, deadline, text, tag with tagged) and refilter."""
        for name, value in changes.items():
            setattr(self.filter, name, value if name == "tagged" else value or "")
        self.filter.words = self.filter.text.lower().split()
        self.beginFilterChange()
        self._compute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _compute(self) -> None:
        f = self.filter
        accepted = set()
        for record in self.sourceModel().records():
            key = id(record)
            if ((not f.doc or record["doc"] == f.doc)
                    and (not f.modality or record["modality"] == f.modality)
                    and (not f.role or record["actor_role"] == f.role)
                    and (not f.theme or f.theme in record["themes"])
                    and (not f.deadline
                         or (f.deadline == "any" and bool(record["deadline_text"] or record["deadline_date"]))
                         or (f.deadline == "dated" and bool(record["deadline_date"]))
                         or (f.deadline == "none" and not (record["deadline_text"] or record["deadline_date"])))
                    and (not f.tag or _is_tagged(record["id"], f.tagged))
                    and all(w in self._haystacks[key] for w in f.words)):
                accepted.add(key)
        self._accepted = accepted

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        records = self.sourceModel().records()
        return source_row < len(records) and id(records[source_row]) in self._accepted
