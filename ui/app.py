"""Starting the desktop application: ``policylens`` with no command calls ``run``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from policylens_ui import theme
from policylens_ui.context import AppContext
from policylens_ui.main_window import MainWindow, apply_palette
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from policylens import __version__, backup
from policylens.workspace import CorruptWorkspace, WorkspaceError

ORGANISATION = APPLICATION = "PolicyLens"
APP_ID = "io.github.policylens.PolicyLens"  # the desktop file, icon and AppStream id


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with PolicyLens's name, fonts and palette (created once per process)."""
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # lets desktop shells match windows to the menu entry and icon
    shipped = resources.files("policylens_ui") / "resources" / f"{APP_ID}.svg"
    app.setWindowIcon(QIcon.fromTheme(APP_ID, QIcon(str(shipped))))
    app.setFont(theme.body_font())
    return app


def offer_restore(exc: CorruptWorkspace) -> bool:
    """Ask whether to put back the newest backup of a damaged workspace."""
    box = QMessageBox(QMessageBox.Icon.Critical, "PolicyLens", str(exc).split(" The newest backup")[0])
    box.setInformativeText(f"The newest backup is from {backup.taken_at(exc.backups[0]):%d %B %Y, %H:%M} UTC. "
                           "The damaged file is kept beside it.")
    restore = box.addButton("Restore from the latest backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is restore


def open_context(workspace: Path, settings: QSettings,
                 confirm_restore: Callable[[CorruptWorkspace], bool] = offer_restore) -> AppContext:
    """Open the workspace; a damaged one with a backup is restored and reopened if the user agrees.

    Raises WorkspaceError when the file cannot be used (or the user declines the restore)."""
    try:
        return AppContext(workspace, settings)
    except CorruptWorkspace as exc:
        if not exc.backups or not confirm_restore(exc):
            raise
        try:
            backup.restore(workspace)
        except backup.BackupError as failure:
            raise WorkspaceError(str(failure)) from failure
        return AppContext(workspace, settings)


def open_window(workspace: Path, settings: QSettings | None = None,
                confirm_restore: Callable[[CorruptWorkspace], bool] = offer_restore) -> MainWindow:
    """Open the workspace and build the main window (raises WorkspaceError for an unusable file)."""
    ctx = open_context(Path(workspace), settings or QSettings(ORGANISATION, APPLICATION), confirm_restore)
    apply_palette(QApplication.instance(), ctx.settings.value("view/dark", False) in (True, "true"))
    window = MainWindow(ctx)
    ctx.bring_up_to_date()
    return window


NO_DISPLAY = ("policylens: no graphical display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set).\n"
              "  Start PolicyLens from your desktop session, or over SSH with 'ssh -X'.\n"
              "  On a server, 'xvfb-run policylens' gives it a virtual display.\n"
              "  Every action also works without a display: see 'policylens --help'.")


def missing_display(environ=os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt would find no display: on Linux and the BSDs without an X11 or Wayland session
    and no platform chosen (QT_QPA_PLATFORM=offscreen, vnc …), it aborts with a message about
    'xcb' that does not say what to do."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run(workspace: Path) -> int:
    """Show the main window on ``workspace`` and run until it is closed; returns the exit code."""
    if missing_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    app = make_application()
    try:
        window = open_window(Path(workspace))
    except WorkspaceError as exc:
        QMessageBox.critical(None, "PolicyLens", str(exc))
        return 1
    window.show()
    return app.exec()
