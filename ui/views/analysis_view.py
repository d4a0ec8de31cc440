"""What the analysis views (compare, graph, timeline) share: they compute from the whole workspace
in the background, so they load the first time they are shown and again when the workspace has
changed, never while hidden."""

from __future__ import annotations

from policylens_ui.context import AppContext
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class AnalysisView(QWidget):
    provisionActivated = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.workspaceChanged.connect(self._workspace_changed)

    def reload(self) -> None:
        """Start loading the view's data; subclasses compute through ``ctx.run_task``."""
        raise NotImplementedError

    def forget(self) -> None:
        """Drop what was derived from the workspace before it changed (nothing by default)."""

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _workspace_changed(self) -> None:
        self._stale = True
        self.forget()
        if self.isVisible():
            self.reload()

    def say(self, text: str, *, links: bool = False) -> None:
        """Show ``text`` in the status line: plain text (a document's name may hold "<" or "&"), or,
        with ``links``, rich text whose links the view acts on."""
        self.status.setTextFormat(Qt.TextFormat.RichText if links else Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            if links else Qt.TextInteractionFlag.NoTextInteraction)
        self.status.setText(text)

    def _lay_out(self, bar: QHBoxLayout, canvas: QWidget) -> None:
        """The canvas views' layout: their tool bar, the canvas, and a status line below it
        (``self.status``, written with ``say``)."""
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(canvas, 1)
        layout.addWidget(self.status)


def tool_button(text: str, tip: str, slot) -> QToolButton:
    """A tool bar button as wide as its text ("+", "Fit"), not a dialog button's 80 pixels."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.clicked.connect(slot)
    return button
