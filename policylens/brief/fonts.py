"""Fonts the briefing embeds, and markup that sends each character to a font that has it.

A briefing must print the same on any machine and copy cleanly, so every font is a TrueType font
embedded (as a subset) in the PDF: DejaVu Sans when the system has it (it covers legal typography
such as §, ≥ and ↔), otherwise the Bitstream Vera fonts that ship with reportlab.  Japanese text
(an analyst's note, a Japanese source) is set in IPAex Gothic when installed; without it, in
reportlab's HeiseiKakuGo-W5, which viewers supply themselves (it cannot be embedded).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from policylens.usertext import CONTROL, LINE_BREAK

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
             Path.home() / ".fonts", Path("/Library/Fonts"), Path("C:/Windows/Fonts"))
LATIN_FAMILIES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
)
VERA = ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")
JAPANESE_FILES = ("ipaexg.ttf", "ipag.ttf", "fonts-japanese-gothic.ttf")
JAPANESE_CID = "HeiseiKakuGo-W5"

BODY, BOLD, ITALIC, BOLD_ITALIC, JAPANESE = ("Brief", "Brief-Bold", "Brief-Italic", "Brief-BoldItalic",
                                              "Brief-JP")


@dataclass(frozen=True)
class Fonts:
    """The registered Latin font names and the code points they have glyphs for."""

    body: str
    bold: str
    covered: frozenset


def _find(filename: str) -> Path | None:
    for folder in FONT_DIRS:
        if folder.is_dir():
            found = next(folder.rglob(filename), None)
            if found:
                return found
    return None


def _latin_files() -> tuple[Path, ...]:
    for family in LATIN_FAMILIES:
        paths = tuple(_find(name) for name in family)
        if all(paths):
            return paths
    bundled = Path(reportlab.__file__).parent / "fonts"
    return tuple(bundled / name for name in VERA)


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """Register the briefing fonts with reportlab once and say which they are."""
    regular, bold, italic, bold_italic = _latin_files()
    faces = {BODY: regular, BOLD: bold, ITALIC: italic, BOLD_ITALIC: bold_italic}
    for name, path in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(BODY, 0, 0, BODY)
    addMapping(BODY, 1, 0, BOLD)
    addMapping(BODY, 0, 1, ITALIC)
    addMapping(BODY, 1, 1, BOLD_ITALIC)
    covered = frozenset(pdfmetrics.getFont(BODY).face.charToGlyph)
    return Fonts(BODY, BOLD, covered)


@lru_cache(maxsize=1)
def japanese_font() -> tuple[str, bool]:
    """The font for text the Latin font lacks, and whether it is embedded; registered on first
    need, since most briefings have no Japanese and the font is large."""
    japanese_file = next(filter(None, (_find(n) for n in JAPANESE_FILES)), None)
    if japanese_file:
        pdfmetrics.registerFont(TTFont(JAPANESE, str(japanese_file)))
        return JAPANESE, True
    pdfmetrics.registerFont(UnicodeCIDFont(JAPANESE_CID))
    return JAPANESE_CID, False


def covered(text: str) -> bool:
    """Whether the Latin font can set all of ``text``."""
    have = fonts().covered
    return all(ord(ch) in have or ch.isspace() for ch in text)


def markup(text: str) -> str:
    """``text`` escaped for a reportlab Paragraph, runs the body font lacks set in the Japanese
    font, and tabs, line breaks and control characters turned into spaces (a tab would split words on
    copy)."""
    f = fonts()
    text = LINE_BREAK.sub(" ", CONTROL.sub(" ", text.replace("\t", " ")))
    out, run, run_is_foreign = [], [], False
    for ch in text:
        foreign = ord(ch) not in f.covered and not ch.isspace()
        if foreign != run_is_foreign and run:
            out.append(_run("".join(run), run_is_foreign))
            run = []
        run_is_foreign = foreign
        run.append(ch)
    if run:
        out.append(_run("".join(run), run_is_foreign))
    return "".join(out)


def _run(text: str, foreign: bool) -> str:
    return f'<font name="{japanese_font()[0]}">{escape(text)}</font>' if foreign else escape(text)


def plain_width(text: str, size: float, bold: bool = False) -> float:
    """Width of a label drawn with the body font (for figures, where there is no Paragraph)."""
    f = fonts()
    return pdfmetrics.stringWidth(text, f.bold if bold else f.body, size)
