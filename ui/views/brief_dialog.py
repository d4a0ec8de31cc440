"""The briefing dialog: the options of ``policylens brief`` and a picture of page one.

Building runs in a background task (``policylens.brief.build_brief``) with progress and cancel;
the preview is page one of the built PDF as the core renders it (``render_first_page_png``).
"Preview" builds into a temporary file, "Build" into the chosen one, after which the dialog offers
to open the PDF.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from policylens_ui import theme
from policylens_ui.context import AppContext
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
)

from policylens.annotations.store import tags as annotation_tags
from policylens.brief import BriefOptions, build_brief, render_first_page_png
from policylens.labels import theme_label, themes

PREVIEW_WIDTH = 420
DEFAULT_THEMES = ("incident_reporting",)


def _checklist(entries: list[tuple[str, str]], checked: set[str]) -> QListWidget:
    """A list of check boxes at least as wide as its longest label (with room for the scroll bar),
    so that no theme or document name is clipped."""
    widget = QListWidget()
    for label, value in entries:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    scroll_bar = widget.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    widget.setMinimumWidth(widget.sizeHintForColumn(0) + 2 * widget.frameWidth() + scroll_bar + 4)
    return widget


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(widget.item(n).data(Qt.ItemDataRole.UserRole) for n in range(widget.count())
                 if widget.item(n).checkState() == Qt.CheckState.Checked)


class BriefDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.task = None
        self.result = None
        self._preview_dir = tempfile.TemporaryDirectory(prefix="policylens-preview-")
        self.setWindowTitle("Briefing PDF")
        settings = ctx.settings

        self.themes = _checklist([(theme_label(t), t) for t in themes()],
                                 set(DEFAULT_THEMES))
        docs = ctx.documents()
        self.documents = _checklist([(theme.with_status(d), d.id) for d in docs],
                                    {d.id for d in docs})
        self.tags = _checklist([(f"{tag} ({count})", tag) for tag, count in annotation_tags(ctx.ws).items()], set())
        self.tags.setToolTip("Notes carrying these tags are printed beside their clauses")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Default: the themes and places compared")
        self.author_edit = QLineEdit(str(settings.value("brief/author", "") or ""))
        default_out = Path(str(settings.value("brief/output", "") or Path.home() / "policylens-briefing.pdf"))
        self.output_edit = QLineEdit(str(default_out))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose_output)

        self.preview = QLabel("Preview builds the briefing and shows page one here.")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setMinimumWidth(PREVIEW_WIDTH)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(PREVIEW_WIDTH + 30)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.preview_button = QPushButton("Preview")
        self.build_button = QPushButton("Build PDF")
        self.build_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.open_button = QPushButton("Open PDF")
        self.open_button.setEnabled(False)
        close = QPushButton("Close")
        self.preview_button.clicked.connect(lambda: self.start(preview=True))
        self.build_button.clicked.connect(lambda: self.start(preview=False))
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_pdf)
        close.clicked.connect(self.reject)
        self.themes.itemChanged.connect(self._update_buttons)
        self.documents.itemChanged.connect(self._update_buttons)

        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit, 1)
        output_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Author", self.author_edit)
        form.addRow("Save as", output_row)
        lists = QGridLayout()
        for column, (label, widget) in enumerate((("Themes", self.themes), ("Documents", self.documents),
                                                  ("Notes tagged", self.tags))):
            lists.addWidget(QLabel(f"<b>{label}</b>"), 0, column)
            lists.addWidget(widget, 1, column)
        for column, stretch in enumerate((2, 3, 2)):
            lists.setColumnStretch(column, stretch)
        if not self.tags.count():
            self.tags.addItem("(no tagged notes yet)")
            self.tags.setEnabled(False)
        left = QVBoxLayout()
        left.addLayout(lists, 1)
        left.addLayout(form)
        left.addWidget(self.progress)
        left.addWidget(self.message)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.build_button, self.cancel_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(scroll, 2)
        self.resize(1180, 720)
        self._update_buttons()

    # -- options --------------------------------------------------------------------------------
    def options(self) -> BriefOptions:
        docs = _checked(self.documents)
        return BriefOptions(themes=_checked(self.themes),
                            docs=None if len(docs) == self.documents.count() else docs,
                            tags=_checked(self.tags) if self.tags.isEnabled() else (),
                            title=self.title_edit.text().strip(), author=self.author_edit.text().strip())

    def _update_buttons(self) -> None:
        ready = bool(_checked(self.themes)) and bool(_checked(self.documents)) and self.task is None
        self.preview_button.setEnabled(ready)
        self.build_button.setEnabled(ready)
        if not _checked(self.themes):
            self.message.setText("Choose at least one theme.")
        elif not _checked(self.documents):
            self.message.setText("Choose at least one document.")
        elif self.task is None and self.message.text().startswith("Choose"):
            self.message.setText("")

    def _choose_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the briefing as", self.output_edit.text(), "PDF (*.pdf)")
        if path:
            self.output_edit.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    # -- building -------------------------------------------------------------------------------
    def start(self, preview: bool) -> None:
        """Build the briefing in the background (into a temporary file for a preview)."""
        if self.task is not None:
            return
        options = self.options()
        out = Path(self._preview_dir.name) / "preview.pdf" if preview else Path(self.output_edit.text()).expanduser()
        png = Path(self._preview_dir.name) / "page-1.png"
        if not preview:
            self.ctx.settings.setValue("brief/output", str(out))
            self.ctx.settings.setValue("brief/author", options.author)

        def work(ws, progress, cancel):
            result = build_brief(ws, options, out, progress=lambda f, m: progress(f * 0.95, m), cancel=cancel)
            progress(0.97, "Rendering page one")
            render_first_page_png(result.path, png, width_px=PREVIEW_WIDTH * 2)
            return result, png

        self.task = self.ctx.run_task("Building the briefing", work, changes_workspace=False)
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(lambda built: self._built(built, preview))
        self.task.failed.connect(lambda message: self.message.setText(f"The briefing was not made: {message}"))
        self.task.cancelled.connect(lambda: self.message.setText("Cancelled; nothing was written."))
        self.task.finished.connect(self._finished)
        self.cancel_button.setEnabled(True)
        self.open_button.setEnabled(False)
        self.progress.setValue(0)
        self._update_buttons()

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.message.setText(message)

    def _built(self, built, preview: bool) -> None:
        result, png = built
        pixmap = QPixmap(str(png))
        self.preview.setPixmap(pixmap.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation))
        self.progress.setValue(1000)
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}, {result.clauses_quoted} clauses quoted"
        if preview:
            self.message.setText(f"Preview of page one ({pages}). Build PDF to save it.")
        else:
            self.result = result
            self.open_button.setEnabled(True)
            self.message.setText(f"Saved {result.path} ({pages}).")

    def _finished(self) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self._update_buttons()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def open_pdf(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))

    def done(self, code: int) -> None:
        self.cancel()
        super().done(code)
