"""Page-flow rules shared by the briefing's sections: what must not be split from what.

reportlab keeps a heading with the next flowable (``keepWithNext``), but a heading, its lead-in
and a long table form a chain the page cannot hold whole, and the table would then start on
the next page under nothing.  ``keep_with_start`` asks instead for room for the heading, its
lead-in and the table's first row, and lets the rest of the table run on.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Table

from policylens.brief.style import FRAME_HEIGHT, FRAME_WIDTH

# A theme opens a new page only when less than this much of the current one is left, so a
# theme ending high on a page is not followed by a mostly empty one.
THEME_START = FRAME_HEIGHT / 3


def keep_with_start(lead_in: list, table: Table) -> list:
    """``lead_in`` (headings, captions) and ``table``, starting on a new page unless the lead-in
    and the table's first row (with its header row) fit on this one."""
    need = 0.0
    for flowable in lead_in:
        need += flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    table.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    first_rows = 1 + (1 if table.repeatRows and len(table._rowHeights) > 1 else 0)
    need += sum(table._rowHeights[:first_rows])
    return [CondPageBreak(min(need, FRAME_HEIGHT)), *lead_in, table]
