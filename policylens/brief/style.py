"""The briefing's look: page geometry, type scale, colours of legal status and modality.

Status and modality are always printed as words; colour only repeats them, so a black-and-white
printout or a colour-blind reader loses nothing.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from policylens.brief.fonts import fonts

PAGE = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
FOOTER = 6
FRAME_HEIGHT = PAGE[1] - 2 * MARGIN - FOOTER

ink = colors.HexColor("#1f2328")
muted = colors.HexColor("#5b6470")
rule = colors.HexColor("#c9ced6")
accent = colors.HexColor("#1d3f6e")
link = colors.HexColor("#1a56a8")
note_panel = colors.HexColor("#fff6d6")

STATUS_COLOURS = {
    "in_force": colors.HexColor("#1b6e32"),
    "revoked": colors.HexColor("#b34700"),
    "vetoed": colors.HexColor("#b3141b"),
    "non_binding": colors.HexColor("#44546a"),
    "unknown": colors.HexColor("#6b6b6b"),
}
MODALITY_WORDS = {
    "obligation": "Obligation", "prohibition": "Prohibition", "permission": "Permission",
    "recommendation": "Recommendation", "none": "No duty",
}
MODALITY_COLOURS = {
    "obligation": colors.HexColor("#1d3f6e"), "prohibition": colors.HexColor("#b3141b"),
    "permission": colors.HexColor("#5a3d8a"), "recommendation": colors.HexColor("#1f6b5f"),
    "none": colors.HexColor("#6b6b6b"),
}


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles by name; left-aligned throughout (justified text copies with odd gaps)."""
    f = fonts()
    base = ParagraphStyle("body", fontName=f.body, fontSize=9, leading=12, textColor=ink, alignment=TA_LEFT)

    def derive(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "title": derive("title", fontName=f.bold, fontSize=22, leading=27, textColor=accent, spaceAfter=4),
        "subtitle": derive("subtitle", fontSize=12, leading=16, textColor=muted, spaceAfter=8),
        "meta": derive("meta", fontSize=9, leading=12, textColor=muted),
        "scope": derive("scope", fontSize=9.5, leading=13, spaceBefore=6, spaceAfter=8),
        "h1": derive("h1", fontName=f.bold, fontSize=15, leading=19, textColor=accent, spaceBefore=16,
                     spaceAfter=6, keepWithNext=True),
        "h2": derive("h2", fontName=f.bold, fontSize=11, leading=14, textColor=ink, spaceBefore=10,
                     spaceAfter=4, keepWithNext=True),
        "h3": derive("h3", fontName=f.bold, fontSize=9.5, leading=12, textColor=accent, spaceBefore=8,
                     spaceAfter=3, keepWithNext=True),
        "cell": derive("cell", fontSize=7.5, leading=9.5),
        "cell_bold": derive("cell_bold", fontName=f.bold, fontSize=7.5, leading=9.5),
        "cell_head": derive("cell_head", fontName=f.bold, fontSize=7.5, leading=9.5, textColor=colors.white),
        "badge": derive("badge", fontName=f.bold, fontSize=7.5, leading=9.5, textColor=colors.white),
        "clause": derive("clause", fontSize=8.5, leading=11),
        "cite": derive("cite", fontName=f.bold, fontSize=8, leading=10),
        "small": derive("small", fontSize=7.5, leading=9.5, textColor=muted),
        "note_block": derive("note_block", fontSize=7.5, leading=9.5, spaceAfter=5),
        "method": derive("method", spaceAfter=5),
        "caption": derive("caption", fontSize=7.5, leading=9.5, textColor=muted, spaceBefore=2, spaceAfter=6),
    }


def status_colour(status: str):
    return STATUS_COLOURS.get(status, STATUS_COLOURS["unknown"])


def table_style(commands: list) -> TableStyle:
    """A table style whose cells default to the embedded body font (reportlab's default is an
    unembedded Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts().body), *commands])
