"""The page of the original PDF a provision was read from, rendered with pypdfium2."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
)

RENDER_SCALE = 1.6


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
    """A scrollable view of one page of the original."""

    def __init__(self, pdf_path: Path | str, page_number: int, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"{title} — page {page_number} of the original")
        self.resize(900, 1000)
        image = render_page(pdf_path, page_number)
        self.page_label = QLabel()
        self.page_label.setPixmap(QPixmap.fromImage(image))
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.page_label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
