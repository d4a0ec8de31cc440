"""Starting the desktop application: ``policylens`` with no command calls ``run``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from policylens import __version__
from policylens.workspace import WorkspaceError

from policylens_ui import theme
from policylens_ui.context import AppContext
from policylens_ui.main_window import MainWindow, apply_palette

ORGANISATION = APPLICATION = "PolicyLens"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with PolicyLens's name, fonts and palette (created once per process)."""
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setFont(theme.body_font())
    return app


def open_window(workspace: Path, settings: QSettings | None = None) -> MainWindow:
    """Open the workspace and build the main window (raises WorkspaceError for an unusable file)."""
    ctx = AppContext(workspace, settings or QSettings(ORGANISATION, APPLICATION))
    apply_palette(QApplication.instance(), ctx.settings.value("view/dark", False) in (True, "true"))
    window = MainWindow(ctx)
    ctx.load_links()
    return window


def run(workspace: Path) -> int:
    """Show the main window on ``workspace`` and run until it is closed; returns the exit code."""
    app = make_application()
    try:
        window = open_window(Path(workspace))
    except WorkspaceError as exc:
        QMessageBox.critical(None, "PolicyLens", str(exc))
        return 1
    window.show()
    return app.exec()
