"""The main window: welcome screen for an empty workspace, else library | views | inspector.

The right-hand column holds the inspector above the annotations panel.  The central tabs are the
reader, the obligations table and the analysis views listed in ``ANALYSIS_VIEWS``.  Each analysis
view is a QWidget built as ``View(ctx)`` that emits ``provisionActivated(str)``; it is built when
its tab is first shown, and a view whose module is not installed is simply not listed.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from policylens_ui import theme
from policylens_ui.context import AppContext, node_id_of
from policylens_ui.ingest_actions import IngestActions, readable_files
from policylens_ui.views.about import about_box
from policylens_ui.views.annotations_panel import AnnotationsPanel
from policylens_ui.views.inspector import InspectorView
from policylens_ui.views.library import LibraryView
from policylens_ui.views.obligations import ObligationsView
from policylens_ui.views.pdf_page import PdfPageDialog
from policylens_ui.views.reader import ReaderView
from policylens_ui.views.search_palette import SearchPalette
from policylens_ui.views.task_panel import TaskPanel
from policylens_ui.views.welcome import WelcomeView, ask_files, ask_folder
from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from policylens.annotations import exchange

# (tab title, module, class): analysis views that plug in as tabs, each View(ctx: AppContext)
# emitting provisionActivated(str).  Missing modules are skipped.
ANALYSIS_VIEWS = [
    ("Compare", "policylens_ui.views.compare", "CompareView"),
    ("Graph", "policylens_ui.views.graph_view", "GraphView"),
    ("Timeline", "policylens_ui.views.timeline", "TimelineView"),
]
DEFAULT_SIZE = (1440, 900)
ANNOTATION_FILTER = "Web Annotation files (*.jsonld *.json)"
WELCOME_PAGE, WORKSPACE_PAGE = 0, 1


class LazyView(QWidget):
    """A tab that builds its analysis view the first time it is shown: those views import numpy
    and networkx, which would otherwise double the start-up time."""

    created = Signal(QWidget)

    def __init__(self, module_name: str, class_name: str, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.module_name, self.class_name, self.ctx = module_name, class_name, ctx
        self.view: QWidget | None = None
        self.setLayout(QVBoxLayout())
        self.layout().setContentsMargins(0, 0, 0, 0)

    def ensure_created(self) -> QWidget:
        if self.view is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                module = importlib.import_module(self.module_name)
                self.view = getattr(module, self.class_name)(self.ctx)
            finally:
                QApplication.restoreOverrideCursor()
            self.layout().addWidget(self.view)
            self.created.emit(self.view)
        return self.view

    def showEvent(self, event) -> None:
        self.ensure_created()
        super().showEvent(event)


def load_analysis_views(ctx: AppContext) -> list[tuple[str, LazyView]]:
    """A lazily built tab for each analysis view whose module is installed."""
    return [(title, LazyView(module_name, class_name, ctx)) for title, module_name, class_name in ANALYSIS_VIEWS
            if importlib.util.find_spec(module_name) is not None]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        ctx.setParent(self)  # the window owns the context: views never outlive what they read
        self.setWindowTitle(f"PolicyLens — {ctx.workspace_path.name}")
        self.setAcceptDrops(True)
        self.actions_ = IngestActions(ctx, self)

        self.welcome = WelcomeView(ctx.tasks)
        self.library = LibraryView(ctx)
        self.reader = ReaderView(ctx)
        self.obligations = ObligationsView(ctx)
        self.inspector = InspectorView(ctx)
        self.annotations_panel = AnnotationsPanel(ctx)
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.addWidget(self.inspector)
        self.side.addWidget(self.annotations_panel)
        self.side.setSizes([520, 380])
        self.last_message: QMessageBox | None = None   # the latest report shown without blocking
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.reader, "Reader")
        self.tabs.addTab(self.obligations, "Obligations")
        self.analysis_views = load_analysis_views(ctx)
        for title, view in self.analysis_views:
            self.tabs.addTab(view, title)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 780, 360])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)
        self.setCentralWidget(self.pages)
        self.palette_dialog = SearchPalette(ctx, self)

        self.task_panel = TaskPanel(ctx.tasks)
        self.statusBar().addPermanentWidget(self.task_panel)
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)

        self._connect()
        self._build_menus()
        self._restore_settings()
        self._update_page()
        if ctx.ws.backup_warning:
            self.statusBar().showMessage(f"Backup not made: {ctx.ws.backup_warning}")

    # -- wiring -------------------------------------------------------------------------------
    def _connect(self) -> None:
        ctx = self.ctx
        self.welcome.importFolderRequested.connect(self.actions_.import_folder)
        self.welcome.addFilesRequested.connect(self.actions_.add_files)
        self.welcome.downloadRequested.connect(self.actions_.confirm_download)
        for view in [self.library, self.reader, self.obligations, self.inspector, self.annotations_panel,
                     self.palette_dialog]:
            view.provisionActivated.connect(ctx.open_provision)
        for _, lazy in self.analysis_views:
            lazy.created.connect(lambda view: view.provisionActivated.connect(ctx.open_provision))
        self.library.documentActivated.connect(ctx.open_document)
        self.obligations.provisionSelected.connect(self.inspector.show_provision)
        self.palette_dialog.documentActivated.connect(ctx.open_document)
        self.reader.pageRequested.connect(self.show_original_page)
        ctx.provisionRequested.connect(self.show_provision)
        ctx.documentRequested.connect(self.show_document)
        ctx.workspaceChanged.connect(self._update_page)
        ctx.recentChanged.connect(self._fill_recent)
        ctx.annotations.failed.connect(lambda message: QMessageBox.warning(self, "Annotations", message))
        self.tabs.currentChanged.connect(self._tab_changed)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&Import folder of official texts…", self._choose_folder, QKeySequence.StandardKey.Open)
        self._action(file_menu, "&Add file…", self._choose_files, QKeySequence("Ctrl+Shift+O"))
        self._action(file_menu, "&Download official texts…", self.actions_.confirm_download)
        file_menu.addSeparator()
        self._action(file_menu, "&Export shown provisions as CSV…", self._export_csv, QKeySequence("Ctrl+E"))
        self._action(file_menu, "&Briefing PDF…", self._open_brief, QKeySequence("Ctrl+B"))
        file_menu.addSeparator()
        self._action(file_menu, "Export a&nnotations…", self.export_annotations)
        self._action(file_menu, "I&mport annotations…", self.import_annotations)
        file_menu.addSeparator()
        self.recent_menu = file_menu.addMenu("&Recent documents")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        stack = self.ctx.annotations.stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence.StandardKey.Undo])
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.annotate_action = self._action(edit_menu, "&Annotate selection…", self.annotate)
        self.annotate_action.setShortcuts([QKeySequence("Ctrl+M"), QKeySequence("Ctrl+Shift+A")])
        self._action(edit_menu, "&Edit annotation…", self.annotations_panel.edit_selected)
        self._action(edit_menu, "&Delete annotation", self.annotations_panel.delete_selected)

        view_menu = bar.addMenu("&View")
        for n, title in enumerate(["Reader", "Obligations"] + [t for t, _ in self.analysis_views]):
            self._action(view_menu, title, lambda n=n: self.tabs.setCurrentIndex(n), QKeySequence(f"Ctrl+{n + 1}"))
        view_menu.addSeparator()
        self.dark_action = self._action(view_menu, "&Dark palette", self._toggle_dark)
        self.dark_action.setCheckable(True)

        go_menu = bar.addMenu("&Go")
        self._action(go_menu, "&Search everything…", lambda: self.palette_dialog.start(), QKeySequence("Ctrl+K"))
        self._action(go_menu, "&Find…", self.find, QKeySequence.StandardKey.Find)
        self._action(go_menu, "&Library filter", self._focus_library, QKeySequence("Ctrl+L"))
        go_menu.addSeparator()
        for title, keys, slot in self.reader.shortcuts():
            self._action(go_menu, title, slot, keys)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About PolicyLens", self.show_about)
        self._fill_recent()

    def _action(self, menu, title: str, slot, keys=None) -> QAction:
        action = QAction(title, self)
        if keys is not None:
            action.setShortcut(keys)
        action.triggered.connect(lambda checked=False: slot())
        menu.addAction(action)
        return action

    # -- pages and navigation -----------------------------------------------------------------
    def _update_page(self) -> None:
        documents = self.ctx.documents()
        self.pages.setCurrentIndex(WORKSPACE_PAGE if documents else WELCOME_PAGE)
        count = len(documents)
        self.summary_label.setText(f"{count} document{'s' if count != 1 else ''}" if documents else "")
        if documents and self.tabs.currentWidget() is self.obligations:
            self.obligations.ensure_loaded()
        if documents and self.reader.current_document() is None:
            recent = self.ctx.recent_documents()
            self.reader.show_document(recent[0] if recent else documents[0].id)

    def show_provision(self, provision_id: str) -> None:
        self.tabs.setCurrentWidget(self.reader)
        self.reader.show_provision(provision_id)
        self.inspector.show_provision(provision_id)
        self.annotations_panel.select_on(node_id_of(provision_id))
        if self.reader.current_document():
            self.library.select_document(self.reader.current_document())

    def show_document(self, doc_id: str) -> None:
        self.tabs.setCurrentWidget(self.reader)
        self.reader.show_document(doc_id)
        self.library.select_document(doc_id)
        shown = self.inspector.provision_id and self.ctx.node(self.inspector.provision_id)
        if shown and shown.doc != doc_id:   # the inspector speaks of what the reader shows
            self.inspector.show_nothing()

    def find(self) -> None:
        if self.tabs.currentWidget() is self.obligations:
            self.obligations.focus_search()
        else:
            self.palette_dialog.start(self.reader.current_document())

    def _focus_library(self) -> None:
        self.library.filter_box.setFocus()
        self.library.filter_box.selectAll()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.obligations and self.ctx.documents():
            self.obligations.ensure_loaded()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for doc_id in self.ctx.recent_documents():
            doc = self.ctx.document(doc_id)
            action = self.recent_menu.addAction(theme.with_status(doc))
            action.triggered.connect(lambda checked=False, d=doc_id: self.ctx.open_document(d))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def show_original_page(self, node_id: str) -> None:
        node = self.ctx.node(node_id)
        doc = self.ctx.document(node.doc) if node else None
        if not node or not doc or not node.page:
            return
        try:
            dialog = PdfPageDialog(doc.source_path, node.page, f"{doc.short_name} {node.cite}", self, text=node.text)
        except OSError as exc:
            QMessageBox.warning(self, "Original page", f"The original cannot be shown: {exc}")
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # -- commands -----------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = ask_folder(self)
        if folder:
            self.actions_.import_folder(folder)

    def _choose_files(self) -> None:
        files = ask_files(self)
        if files:
            self.actions_.add_files(files)

    def _export_csv(self) -> None:
        self.tabs.setCurrentWidget(self.obligations)
        self.obligations.ensure_loaded()
        self.obligations.export_dialog()

    def annotate(self) -> None:
        """Annotate the reader's selected text or provision; from the obligations table, its current row."""
        if self.tabs.currentWidget() is self.obligations:
            records = self.obligations.selected_records()
            if records:
                self.reader.show_provision(records[0]["id"])
        self.reader.annotate()

    def _open_brief(self) -> None:
        from policylens_ui.views.brief_dialog import (
            BriefDialog,  # loads the PDF renderer: only when asked
        )

        dialog = BriefDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_about(self) -> QMessageBox:
        box = about_box(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        self.last_message = box
        return box

    def _show_report(self, title: str, text: str, details: list[str] = (),
                     icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
        """A report the user reads at leisure (not modal, so work can go on)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close, self)
        if details:
            box.setInformativeText("\n".join(details))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        self.last_message = box
        return box

    def export_annotations(self, path: Path | None = None):
        """Write every annotation to a JSON-LD file (asks where unless ``path`` is given); the task."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export annotations", "annotations.jsonld", ANNOTATION_FILTER)
            if not name:
                return None
            path = Path(name)
        task = self.ctx.run_task("Exporting annotations", lambda ws, progress, cancel: exchange.export_file(ws, path),
                                 changes_workspace=False)
        task.succeeded.connect(lambda count: self.statusBar().showMessage(
            f"Exported {count:,} annotation{'s' if count != 1 else ''} to {path}", 8000))
        task.failed.connect(lambda message: self._show_report("Export failed", message,
                                                              icon=QMessageBox.Icon.Warning))
        return task

    def import_annotations(self, path: Path | None = None):
        """Merge a colleague's JSON-LD file (asks which unless ``path`` is given); the task."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Import annotations", "", ANNOTATION_FILTER)
            if not name:
                return None
            path = Path(name)
        task = self.ctx.run_task("Importing annotations", lambda ws, progress, cancel: exchange.import_file(ws, path),
                                 changes_workspace=False)
        task.succeeded.connect(lambda report: self._imported(path, report))
        task.failed.connect(lambda message: self._show_report("Import failed", message,
                                                              icon=QMessageBox.Icon.Warning))
        return task

    def _imported(self, path: Path, report: exchange.MergeReport) -> None:
        self.ctx.annotations.forget_history()   # earlier undo steps may no longer apply
        summary, *details = report.lines()
        if report.conflicts:
            summary += (f"\n\n{len(report.conflicts)} annotation{'s were' if len(report.conflicts) != 1 else ' was'} "
                        "edited both here and in the file; the newer edit was kept:")
        self._show_report(f"Imported {path.name}", summary, details)

    def _toggle_dark(self) -> None:
        dark = self.dark_action.isChecked()
        self.ctx.settings.setValue("view/dark", dark)
        apply_palette(QApplication.instance(), dark)
        self.reader.reload()
        self.inspector.reload()

    # -- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if readable_files(paths):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if self.actions_.add_files(paths):
            event.acceptProposedAction()

    # -- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        settings = self.ctx.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(default_size(self))
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.tabs.setCurrentIndex(int(settings.value("window/tab", 0) or 0))
        self.dark_action.setChecked(settings.value("view/dark", False) in (True, "true"))

    def save_settings(self) -> None:
        settings = self.ctx.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        settings.sync()

    def closeEvent(self, event) -> None:
        running = [task.title for task in self.ctx.tasks.active if task.changes_workspace]
        if running:
            answer = QMessageBox.question(
                self, "Work in progress",
                f"{running[0]} is still running. Stop it and quit? What it has not finished is not kept.")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.save_settings()
        self.ctx.close()
        super().closeEvent(event)


def default_size(window: QWidget) -> QSize:
    """1440×900, or 90 % of a smaller screen."""
    screen = window.screen().availableGeometry() if window.screen() else None
    width, height = DEFAULT_SIZE
    if screen is not None:
        width, height = min(width, int(screen.width() * 0.9)), min(height, int(screen.height() * 0.9))
    return QSize(width, height)


def apply_palette(app: QApplication, dark: bool) -> None:
    """Switch between the platform's palette and PolicyLens's dark palette."""
    app.setPalette(theme.dark_palette() if dark else app.style().standardPalette())
