"""A picture of a briefing's first page, for the dialog that lets the analyst check it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2


def render_first_page_png(pdf_path: Path | str, out_png: Path | str, *, width_px: int = 600) -> Path:
    """Render page one of ``pdf_path`` ``width_px`` pixels wide into ``out_png``."""
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = pdf[0]
        scale = width_px / page.get_width()
        image = page.render(scale=scale).to_pil()
        image.save(str(out_png), format="PNG")
        page.close()
    finally:
        pdf.close()
    return Path(out_png)
