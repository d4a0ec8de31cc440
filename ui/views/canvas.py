"""A graphics view that tells a click from a drag, for the pannable graph and timeline."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QGraphicsView

CLICK_SLOP_PX = 4  # a press and release closer than this is a click; further apart, a pan


class ClickableCanvas(QGraphicsView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._press = None

    def clicked_at(self, point: QPoint) -> None:
        """A click (not the end of a drag) at ``point`` in view coordinates."""

    def mousePressEvent(self, event) -> None:
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if self._press is None or (event.position() - self._press).manhattanLength() > CLICK_SLOP_PX:
            return
        self._press = None
        self.clicked_at(event.position().toPoint())
