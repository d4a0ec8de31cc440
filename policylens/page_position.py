"""Where on a page of the original PDF a provision starts, so that "Original page" opens at it
rather than at the top of the page.

The provision's opening words are searched for in the page's text layer (pdfium's search folds
case and treats a line break as a space); the first words are tried in shorter runs when a
hyphenated or reflowed line breaks the longer one.
"""

from __future__ import annotations

from pathlib import Path

# Runs of opening words tried in turn: long enough to be unique on a page, short enough to
# survive a line break the text layer renders differently.
OPENING_WORDS = (10, 6, 4)


def position_on_page(pdf_path: Path | str, page_number: int, text: str) -> float | None:
    """How far down page ``page_number`` (1-based) ``text`` starts, from 0.0 (top) to 1.0
    (bottom); None when its opening words are not on that page or the file cannot be read."""
    import pypdfium2

    words = text.split()
    if not words:
        return None
    try:
        pdf = pypdfium2.PdfDocument(str(pdf_path))
    except pypdfium2.PdfiumError:
        return None
    try:
        if not 1 <= page_number <= len(pdf):
            return None
        page = pdf[page_number - 1]
        textpage = page.get_textpage()
        for count in OPENING_WORDS:
            found = textpage.search(" ".join(words[:count]), match_case=False).get_next()
            if found:
                top = textpage.get_charbox(found[0])[3]
                return min(1.0, max(0.0, 1.0 - top / page.get_height()))
        return None
    finally:
        pdf.close()
