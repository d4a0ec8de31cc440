"""What every view shares: the open workspace, the task runner, navigation and settings.

Views receive one ``AppContext``.  They read through it (documents, provision records, nodes —
cached until the workspace changes), ask it to navigate (``open_provision``) and run long work
through ``run_task``; when a task that wrote to the workspace finishes, ``workspaceChanged`` tells
every view to reload.  Annotations change through ``annotations`` (undoable, written at once),
whose ``changed`` signal views showing notes listen to.  A view that lets the user pick a provision emits its own
``provisionActivated(str)``; the main window forwards it to ``open_provision``.
"""

from __future__ import annotations

import os
from pathlib import Path

from policylens_ui.annotation_editing import AnnotationEditing
from policylens_ui.worker import Task, TaskRunner, WorkFn
from PySide6.QtCore import QObject, QSettings, Signal

from policylens.export import provision_records
from policylens.importer import extract_outdated, outdated_extractions
from policylens.model import Document, Node
from policylens.workspace import Workspace

RECENT_LIMIT = 8


def node_id_of(provision_id: str) -> str:
    """The node a provision unit id belongs to ("…/art-9/2#2" is the second unit of "…/art-9/2")."""
    return provision_id.split("#", 1)[0]


class AppContext(QObject):
    workspaceChanged = Signal()
    provisionRequested = Signal(str)   # a provision unit id or node id
    documentRequested = Signal(str)    # a document id
    recentChanged = Signal()
    linksChanged = Signal()

    def __init__(self, workspace_path: Path | str, settings: QSettings | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.workspace_path = Path(workspace_path)
        self.ws = Workspace(self.workspace_path)
        self.settings = settings or QSettings("PolicyLens", "PolicyLens")
        self.tasks = TaskRunner(self.workspace_path, self)
        self.annotations = AnnotationEditing(self.ws, self)   # every annotation change, with undo
        self._documents: list[Document] | None = None
        self._records: list[dict] | None = None
        self._records_by_id: dict[str, dict] | None = None
        self._nodes: dict[str, list[Node]] = {}
        self._extractions: dict[str, dict[str, list[dict]]] = {}
        self.cache: dict[str, dict] = {}   # derived lookups of other modules, dropped on refresh
        self.links: dict | None = None     # counterparts by provision id, once linking has run
        self.closed = False

    def close(self) -> None:
        """Stop background work and close the workspace; late task results are then ignored."""
        self.closed = True
        self.blockSignals(True)
        self.tasks.cancel_all()
        self.tasks.wait(10_000)
        self.ws.close()

    # -- reading ------------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        if self._documents is None:
            self._documents = self.ws.documents()
        return self._documents

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents() if d.id == doc_id), None)

    def nodes(self, doc_id: str) -> list[Node]:
        """A document's provision tree in reading order (cached)."""
        if doc_id not in self._nodes:
            self._nodes[doc_id] = self.ws.nodes(doc_id)
        return self._nodes[doc_id]

    def node(self, node_id: str) -> Node | None:
        return self.ws.node(node_id_of(node_id))

    def extractions(self, doc_id: str) -> dict[str, list[dict]]:
        """Extraction results of a document by node id, with their cues (cached)."""
        if doc_id not in self._extractions:
            self._extractions[doc_id] = self.ws.extractions(doc_id)
        return self._extractions[doc_id]

    def records(self) -> list[dict]:
        """Every provision unit of the workspace as an export record (cached)."""
        if self._records is None:
            self._records = list(provision_records(self.ws))
        return self._records

    def record(self, provision_id: str) -> dict | None:
        if self._records_by_id is None:
            self._records_by_id = {r["id"]: r for r in self.records()}
        return self._records_by_id.get(provision_id)

    def refresh(self) -> None:
        """Forget cached data and tell every view to reload."""
        if self.closed:
            return
        self._documents = None
        self._records = None
        self._records_by_id = None
        self._nodes.clear()
        self._extractions.clear()
        self.cache.clear()
        self.links = None
        self.workspaceChanged.emit()
        self.load_links()

    # -- navigation ---------------------------------------------------------------------------
    def open_provision(self, provision_id: str) -> None:
        node = self.node(provision_id)
        if node is None:
            return
        self._remember_recent(node.doc)
        self.provisionRequested.emit(provision_id)

    def open_document(self, doc_id: str) -> None:
        if self.document(doc_id) is None:
            return
        self._remember_recent(doc_id)
        self.documentRequested.emit(doc_id)

    def recent_documents(self) -> list[str]:
        stored = self.settings.value("recent/documents", []) or []
        if isinstance(stored, str):
            stored = [stored]
        known = {d.id for d in self.documents()}
        return [d for d in stored if d in known]

    def _remember_recent(self, doc_id: str) -> None:
        recent = [doc_id] + [d for d in self.recent_documents() if d != doc_id]
        self.settings.setValue("recent/documents", recent[:RECENT_LIMIT])
        self.recentChanged.emit()

    def bring_up_to_date(self) -> Task | None:
        """Extract again, off the GUI thread, the documents an older version's rules read (see
        ``importer.extract_outdated``), then link; with none, link at once."""
        outdated = outdated_extractions(self.ws)
        if not outdated or not os.access(self.workspace_path, os.W_OK):   # a read-only file is read as it is
            return self.load_links()
        documents = f"{len(outdated)} document{'s' if len(outdated) != 1 else ''}"
        return self.run_task(f"Reading {documents} with this version's rules",
                             lambda ws, progress, cancel: extract_outdated(ws, progress=progress, cancel=cancel))

    def load_links(self) -> Task | None:
        """Compute (or read from the workspace cache) the links between documents off the GUI
        thread.  Every two documents are linked, two of one jurisdiction too (the AI Act and a
        code of practice under it), as the graph and the 'counterparts' command link them."""
        if len(self.documents()) < 2:
            return None
        from policylens_ui.related import compute_links

        task = self.run_task("Linking provisions", compute_links, changes_workspace=False)
        task.succeeded.connect(self._links_ready)
        return task

    def _links_ready(self, grouped: dict) -> None:
        if self.closed:
            return
        self.links = grouped
        self.linksChanged.emit()

    # -- background work ----------------------------------------------------------------------
    def run_task(self, title: str, work: WorkFn, *, changes_workspace: bool = True) -> Task:
        """Run ``work(workspace, progress, cancel)`` off the GUI thread; reload views after it."""
        task = self.tasks.submit(title, work, changes_workspace)
        if changes_workspace:
            task.finished.connect(self.refresh)
        return task
