"""The page of the original PDF a provision was read from, rendered with pypdfium2 and opened
at the provision (``policylens.page_position``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
)

from policylens.page_position import position_on_page

RENDER_SCALE = 1.6
MARK_WIDTH = 6          # pixels of the bar in the margin beside the provision's first line
ABOVE = 80              # pixels of the page shown above the provision


def render_page(pdf_path: Path | str, page_number: int, scale: float = RENDER_SCALE) -> QImage:
    """Page ``page_number`` (1-based) as an image; raises OSError when the file cannot be read."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(pdf_path))
    except pypdfium2.PdfiumError as exc:
        raise OSError(f"{Path(pdf_path).name}: the PDF cannot be opened ({exc})") from exc
    try:
        if not 1 <= page_number <= len(pdf):
            raise OSError(f"{Path(pdf_path).name} has no page {page_number}")
        bitmap = pdf[page_number - 1].render(scale=scale, rev_byteorder=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
        return image.copy()  # detach from pdfium's buffer before the document closes
    finally:
        pdf.close()


class PdfPageDialog(QDialog):
    """A scrollable view of one page of the original, opened at the provision (``text``) with a
    bar in the margin beside its first line when its words are found on the page."""

    def __init__(self, pdf_path: Path | str, page_number: int, title: str, parent=None, *, text: str = ""):
        super().__init__(parent)
        self.setWindowTitle(f"{title} — page {page_number} of the original")
        self.resize(900, 1000)
        image = render_page(pdf_path, page_number)
        self.at = position_on_page(pdf_path, page_number, text) if text else None
        if self.at is not None:
            _mark(image, round(self.at * image.height()))
        self.page_label = QLabel()
        self.page_label.setPixmap(QPixmap.fromImage(image))
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.page_label)
        self.scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.at is not None:   # once laid out, when the scroll area knows the page's size
            QTimer.singleShot(0, self._scroll_to_provision)

    def _scroll_to_provision(self) -> None:
        bar = self.scroll.verticalScrollBar()
        bar.setValue(max(0, round(self.at * self.page_label.pixmap().height()) - ABOVE))


def _mark(image: QImage, y: int) -> None:
    painter = QPainter(image)
    painter.fillRect(0, max(0, y - 4), MARK_WIDTH, 40, QColor("#d4380d"))
    painter.end()
