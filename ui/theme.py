"""Colours, fonts and palettes: one place that decides how modality and legal status look.

Modality and status colours come in a light and a dark variant, chosen from the application
palette, so highlighted text stays readable whichever palette the desktop uses.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

from policylens.facts import document_status_label

MODALITIES = ("obligation", "prohibition", "permission", "recommendation")
MODALITY_LABELS = {
    "obligation": "Obligation", "prohibition": "Prohibition", "permission": "Permission",
    "recommendation": "Recommendation", "none": "No duty",
}

# (light background tint, dark background tint, strong accent) per modality
_MODALITY_COLOURS = {
    "obligation": ("#dbe8ff", "#1d3557", "#2b6cd4"),
    "prohibition": ("#ffdcdc", "#5a1d24", "#c62f3b"),
    "permission": ("#dcf5df", "#1f4a2a", "#2f9a48"),
    "recommendation": ("#fff0c7", "#554214", "#c08a00"),
}

# (background, foreground) per status; revoked and vetoed are loud on purpose
_STATUS_COLOURS = {
    "in_force": ("#2f9a48", "#ffffff"),
    "revoked": ("#b3261e", "#ffffff"),
    "vetoed": ("#b3261e", "#ffffff"),
    "superseded": ("#a35200", "#ffffff"),
    "non_binding": ("#5b6b7f", "#ffffff"),
    "enacted": ("#2b6cd4", "#ffffff"),
    "adopted": ("#2b6cd4", "#ffffff"),
    "proposed": ("#6d5bb0", "#ffffff"),
    "draft": ("#6d5bb0", "#ffffff"),
    "unknown": ("#8a8a8a", "#ffffff"),
}

# Fonts tried in order for body text; IPAexGothic covers Japanese glyphs the others lack.
BODY_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "IPAexGothic"]
JAPANESE_FAMILIES = ["IPAexGothic", "Noto Sans CJK JP", "Yu Gothic", "Hiragino Sans"]


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def modality_background(modality: str) -> QColor | None:
    colours = _MODALITY_COLOURS.get(modality)
    if not colours:
        return None
    return QColor(colours[1] if is_dark() else colours[0])


def modality_accent(modality: str) -> QColor | None:
    colours = _MODALITY_COLOURS.get(modality)
    return QColor(colours[2]) if colours else None


def status_colours(status: str) -> tuple[QColor, QColor]:
    background, foreground = _STATUS_COLOURS.get(status, _STATUS_COLOURS["unknown"])
    return QColor(background), QColor(foreground)


def with_status(doc) -> str:
    """A document as a filter box or a menu offers it: "EU AI Act (In force)"."""
    return f"{doc.short_name} ({document_status_label(doc.id, doc.status)})"


def status_badge_html(status: str, doc_id: str) -> str:
    """A coloured badge for rich-text labels and browsers."""
    background, foreground = status_colours(status)
    return (f'<span style="background-color:{background.name()}; color:{foreground.name()}; '
            f'font-weight:bold;">&nbsp;{document_status_label(doc_id, status).upper()}&nbsp;</span>')


def is_alarming(status: str) -> bool:
    """Statuses a reader must never miss: the text has no legal force."""
    return status in ("revoked", "vetoed")


def muted_text_colour() -> QColor:
    """Secondary text (margin citations, page markers) that stays legible on either palette."""
    return QColor("#9aa0a6") if is_dark() else QColor("#6b7079")


def alarm_text_colour() -> QColor:
    """Red text for revoked/vetoed documents, readable on light and dark backgrounds."""
    return QColor("#ff8a80") if is_dark() else QColor("#b3261e")


def body_font() -> QFont:
    """The application font with fallbacks that render Japanese text."""
    font = QFont(QGuiApplication.font())
    available = set(QFontDatabase.families())
    families = [f for f in BODY_FAMILIES + JAPANESE_FAMILIES if f in available]
    if families:
        font.setFamilies(families)
    return font


def bold_font() -> QFont:
    font = body_font()
    font.setBold(True)
    return font


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for long reading (used when the user picks it)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202327", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#17191c", QPalette.ColorRole.AlternateBase: "#23272b",
        QPalette.ColorRole.ToolTipBase: "#2b2f34", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2b2f34",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d6fb6", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.LinkVisited: "#c58af9",
        QPalette.ColorRole.PlaceholderText: "#8a8f96", QPalette.ColorRole.Mid: "#3a3f45",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7f86"))
    return palette
