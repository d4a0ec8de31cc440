"""The page frame of a briefing: margins, footer with page number and version, and the outline.

Headings created with ``heading`` carry a bookmark; when reportlab lays one out, the template
records the page it landed on and adds it to the PDF outline at its level.
"""

from __future__ import annotations

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from policylens import __version__
from policylens.brief.fonts import covered, fonts, japanese_font, markup
from policylens.brief.style import FOOTER, FRAME_HEIGHT, FRAME_WIDTH, MARGIN, PAGE, muted, rule, styles


class Heading(Paragraph):
    """A heading that is also an outline entry (``level`` 0 for sections, 1 below); ``after`` is
    markup printed after the text but kept out of the outline (a status badge)."""

    def __init__(self, text: str, style: str, level: int, key: str, *, after: str = ""):
        super().__init__(markup(text) + after, styles()[style])
        self.outline_title = text
        self.outline_level = level
        self.outline_key = key


class BriefTemplate(BaseDocTemplate):
    def __init__(self, path: str, *, title: str, author: str, subject: str):
        super().__init__(path, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + FOOTER, title=title, author=author, subject=subject,
                         creator=f"PolicyLens {__version__}", producer=f"PolicyLens {__version__} (reportlab)",
                         initialFontName=fonts().body, initialFontSize=9)
        frame = Frame(MARGIN, MARGIN + FOOTER, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._footer)])
        self.brief_title = title
        self.pages = 0
        self.outline: list[str] = []

    def _footer(self, canvas, doc) -> None:
        self.pages = doc.page
        f = fonts()
        canvas.saveState()
        canvas.setStrokeColor(rule)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN - 2, PAGE[0] - MARGIN, MARGIN - 2)
        canvas.setFillColor(muted)
        title = self.brief_title if len(self.brief_title) <= 90 else self.brief_title[:89] + "…"
        canvas.setFont(f.body if covered(title) else japanese_font()[0], 7.5)
        canvas.drawString(MARGIN, MARGIN - 12, f"PolicyLens {__version__} · {title}")
        canvas.setFont(f.body, 7.5)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN - 12, f"Page {doc.page}")
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key,
                                      level=flowable.outline_level, closed=False)
            if flowable.outline_level == 0:
                self.outline.append(flowable.outline_title)

    def beforeDocument(self) -> None:
        self.canv.showOutline()
