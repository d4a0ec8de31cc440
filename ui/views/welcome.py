"""The first screen of an empty workspace: three ways to bring the official texts in."""

from __future__ import annotations

from pathlib import Path

from policylens_ui import theme
from policylens_ui.views.task_panel import TaskPanel
from policylens_ui.worker import TaskRunner
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from policylens.paths import bundled_texts_dir

FILE_FILTER = "Regulation texts (*.pdf *.html *.htm *.md *.txt);;All files (*)"


class WelcomeView(QWidget):
    importFolderRequested = Signal(Path)
    addFilesRequested = Signal(list)
    downloadRequested = Signal()

    def __init__(self, runner: TaskRunner, parent=None):
        super().__init__(parent)
        title = QLabel("<h1>PolicyLens</h1>")
        intro = QLabel(
            "Compare AI regulation across jurisdictions — the EU AI Act, US Executive Order 14110, "
            "California SB-1047 and Japan's AI Guidelines for Business — from their official texts, "
            "offline.")
        intro.setWordWrap(True)
        empty = QLabel("Your workspace is empty. Bring the official texts in:")
        self.bundled = bundled_texts_dir()
        self.bundled_button = QPushButton("Import the official texts included with this installation")
        self.bundled_button.setVisible(self.bundled is not None)
        self.import_button = QPushButton("Import a folder of official texts…")
        self.download_button = QPushButton("Download them from the publishers")
        self.add_button = QPushButton("Add a file…")
        for button in self._buttons():
            button.setMinimumHeight(38)
        hint = QLabel("You can also drop PDF, HTML, Markdown or text files anywhere in this window.")
        hint.setStyleSheet(f"color: {theme.muted_text_colour().name()}")
        hint.setWordWrap(True)
        self.tasks = TaskPanel(runner)

        column = QWidget()
        column.setFixedWidth(620)
        layout = QVBoxLayout(column)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(empty)
        layout.addSpacing(12)
        layout.addWidget(self.bundled_button)
        layout.addWidget(self.import_button)
        layout.addWidget(self.download_button)
        layout.addWidget(self.add_button)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addSpacing(12)
        layout.addWidget(self.tasks)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.bundled_button.clicked.connect(lambda: self.importFolderRequested.emit(self.bundled))
        self.import_button.clicked.connect(self._choose_folder)
        self.add_button.clicked.connect(self._choose_files)
        self.download_button.clicked.connect(self.downloadRequested)
        self.runner = runner
        runner.started.connect(self._update_buttons)
        runner.finished.connect(self._update_buttons)

    def _update_buttons(self, _task=None) -> None:
        """No second import while one runs."""
        busy = self.runner.changing_workspace()
        for button in self._buttons():
            button.setEnabled(not busy)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.bundled_button, self.import_button, self.download_button, self.add_button)

    def _choose_folder(self) -> None:
        folder = ask_folder(self)
        if folder:
            self.importFolderRequested.emit(folder)

    def _choose_files(self) -> None:
        files = ask_files(self)
        if files:
            self.addFilesRequested.emit(files)


def ask_folder(parent: QWidget) -> Path | None:
    """The folder of official texts the user picks, or None (the welcome page and the menu)."""
    folder = QFileDialog.getExistingDirectory(parent, "Folder with the official texts")
    return Path(folder) if folder else None


def ask_files(parent: QWidget) -> list[Path]:
    """The regulation files the user picks (none if cancelled)."""
    files, _ = QFileDialog.getOpenFileNames(parent, "Add regulation texts", "", FILE_FILTER)
    return [Path(f) for f in files]
