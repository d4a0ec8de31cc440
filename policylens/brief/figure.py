"""The deadline timeline: one lane per instrument, a mark per date, labels that never overlap.

Labels are laid out greedily in rows above each lane: a label goes into the lowest row where it
clears the previous label by a gap, and the lane grows to hold as many rows as it needs.  Dates
of one instrument that fall on the same day share one label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors

from policylens.brief.content import DatedEvent
from policylens.brief.fonts import fonts, plain_width
from policylens.brief.style import STATUS_COLOURS, ink

LABEL_SIZE = 6.5
ROW = 9.0
GAP = 4.0
LANE_PAD = 10.0
NAME_WIDTH = 96.0
AXIS_HEIGHT = 22.0
CITES_PER_LABEL = 2
# A figure compares instruments over time: it needs at least this many instruments and dates,
# otherwise the dates read better as a line of text than as marks on a mostly empty chart.
INFORMATIVE_LANES, INFORMATIVE_DATES = 2, 3


@dataclass
class Mark:
    x: float
    text: str
    kind: str
    row: int = 0
    left: float = 0.0
    width: float = 0.0


def _label_y(base: float, mark: Mark) -> float:
    return base + 6 + mark.row * ROW


def informative(events: list[DatedEvent]) -> bool:
    """Whether a figure of ``events`` carries more than a sentence would."""
    return (len({e.standing.doc for e in events}) >= INFORMATIVE_LANES
            and len({e.date for e in events}) >= INFORMATIVE_DATES)


def timeline_drawing(events: list[DatedEvent], width: float) -> Drawing | None:
    """The figure for ``events`` (None when there are none)."""
    if not events:
        return None
    days = [date.fromisoformat(e.date).toordinal() for e in events]
    first, last = min(days), max(days)
    first_year, last_year = date.fromordinal(first).year, date.fromordinal(last).year + 1
    start, end = date(first_year, 1, 1).toordinal(), date(last_year, 1, 1).toordinal()
    left, right = NAME_WIDTH + 6, width - 4

    def x_of(iso: str) -> float:
        return left + (right - left) * (date.fromisoformat(iso).toordinal() - start) / (end - start)

    lanes: dict[str, list[DatedEvent]] = {}
    for e in events:
        lanes.setdefault(e.standing.doc, []).append(e)
    laid = [(group[0].standing, label_layout(group, x_of, left, right)) for group in lanes.values()]
    heights = [LANE_PAD * 2 + ROW * (1 + max(m.row for m in marks)) for _, marks in laid]
    drawing = Drawing(width, sum(heights) + AXIS_HEIGHT, initialFontName=fonts().body)
    top = drawing.height
    f = fonts()
    for (standing, marks), height in zip(laid, heights):
        base = top - height + LANE_PAD
        colour = STATUS_COLOURS.get(standing.status, STATUS_COLOURS["unknown"])
        drawing.add(String(0, base + 2, standing.short_name, fontName=f.bold, fontSize=7.5, fillColor=ink))
        drawing.add(String(0, base - 7, standing.status_label, fontName=f.body, fontSize=6.5, fillColor=colour))
        drawing.add(Line(left, base, right, base, strokeColor=colour, strokeWidth=1.2,
                         strokeDashArray=None if standing.binding else [3, 2]))
        for mark in marks:
            drawing.add(Line(mark.x, base, mark.x, _label_y(base, mark) - 1,
                             strokeColor=colors.Color(0.6, 0.6, 0.6), strokeWidth=0.4))
        for mark in marks:
            filled = mark.kind == "deadline"
            drawing.add(Circle(mark.x, base, 2.4, fillColor=colour if filled else colors.white,
                               strokeColor=colour, strokeWidth=1))
        for mark in marks:
            y = _label_y(base, mark)
            drawing.add(Rect(mark.left - 1, y - 2, mark.width + 2, ROW - 1, fillColor=colors.white, strokeColor=None))
            drawing.add(String(mark.left, y, mark.text, fontName=f.body, fontSize=LABEL_SIZE, fillColor=ink))
        top -= height
    _axis(drawing, first_year, last_year, x_of, left, right, f.body)
    return drawing


def label_layout(group: list[DatedEvent], x_of, left: float, right: float) -> list[Mark]:
    """One mark per day of one lane, its label placed in the lowest row where it clears the others."""
    by_day: dict[str, list[DatedEvent]] = {}
    for e in group:
        by_day.setdefault(e.date, []).append(e)
    marks = []
    for day, same in sorted(by_day.items()):
        cites = list(dict.fromkeys(e.provision.cite for e in same))
        shown = ", ".join(cites[:CITES_PER_LABEL]) + (f" +{len(cites) - CITES_PER_LABEL}" if len(cites) > CITES_PER_LABEL else "")
        kind = "deadline" if any(e.kind == "deadline" for e in same) else "applies_from"
        marks.append(Mark(x_of(day), f"{day} {shown}", kind))
    row_ends: list[float] = []
    for mark in marks:
        width = mark.width = plain_width(mark.text, LABEL_SIZE)
        mark.left = min(max(mark.x - 1, left), right - width)
        for row, row_end in enumerate(row_ends):
            if mark.left >= row_end + GAP:
                mark.row = row
                row_ends[row] = mark.left + width
                break
        else:
            mark.row = len(row_ends)
            row_ends.append(mark.left + width)
    return marks


def _axis(drawing: Drawing, first_year: int, last_year: int, x_of, left: float, right: float, font: str) -> None:
    y = AXIS_HEIGHT - 6
    drawing.add(Line(left, y, right, y, strokeColor=ink, strokeWidth=0.6))
    step = max(1, (last_year - first_year) // 8)
    for year in range(first_year, last_year + 1, step):
        x = x_of(f"{year}-01-01")
        drawing.add(Line(x, y, x, y - 3, strokeColor=ink, strokeWidth=0.6))
        drawing.add(String(x, y - 11, str(year), fontName=font, fontSize=7, fillColor=ink, textAnchor="middle"))
