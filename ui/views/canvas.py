"""What the pannable graph and timeline share: a graphics view that tells a click from a drag, and
where to put a label so that it covers nothing already drawn."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF
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


def free_spot(spots: list[QRectF], taken: list[QRectF]) -> QRectF:
    """The first of ``spots`` (in order of preference) that overlaps nothing ``taken``, else the
    one that overlaps least."""
    def covered(rect: QRectF) -> float:
        return sum(rect.intersected(other).width() * rect.intersected(other).height() for other in taken)

    return min(spots, key=covered)
