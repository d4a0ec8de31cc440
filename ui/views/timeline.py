"""Timeline: deadlines and application dates on a time axis, one lane per document.

The dates come from ``policylens.timeline.timeline`` (which turns EO 14110's "within 90 days of
the date of this order" into a calendar date), computed in a background task.  Events of one
document on one day are stacked in its lane; hovering a marker shows the clause, clicking it opens
the clause in the reader.  Zoom with the wheel or +/- changes the scale of the time axis only, so
markers and labels keep their size; a red line marks today.  A date a later act moved is drawn
at its new place, with the original date struck through at a hollow mark joined to it; "As
originally adopted" shows the dates the texts state.
"""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import date, timedelta

from policylens_ui import theme
from policylens_ui.context import AppContext
from policylens_ui.views.analysis_view import AnalysisView, tool_button
from policylens_ui.views.canvas import ClickableCanvas, free_spot
from policylens_ui.views.choices import filter_combo, refill
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
)

from policylens.labels import role_label
from policylens.timeline import TimelineEvent, timeline

AXIS_HEIGHT = 44.0
LANE_LABEL_WIDTH = 190.0
MARKER = 11.0           # marker size and stacking step
MAX_STACK = 24          # marker rows per lane; beyond, crowded days are nudged to the right
LANE_PAD = 14.0
MARGIN_DAYS = 45
KIND_COLOURS = {"deadline": QColor("#2b6cd4"), "applies_from": QColor("#2f9a48")}
KIND_LABELS = {"deadline": "Deadline", "applies_from": "Applies from"}
TODAY_COLOUR = QColor("#d9302c")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def event_tooltip(event: TimelineEvent) -> str:
    p, s = event.provision, event.standing
    text = p.text if len(p.text) <= 600 else p.text[:600] + "…"
    change = event.change
    was = f"<s>{html.escape(change.original)}</s> " if change and change.original else ""
    moved = (f"<br><i>{'Moved' if change.original else 'Added'} by {html.escape(change.act_name)} "
             f"({html.escape(change.adopted)})</i>" if change else "")
    return (f"{was}<b>{html.escape(event.date)}</b> — {KIND_LABELS.get(event.kind, event.kind)}{moved}<br>"
            f"<b>{html.escape(s.short_name)} {html.escape(p.cite)}</b> ({html.escape(s.status_label)})<br>"
            f"<i>{html.escape(event.phrase)}</i><p>{html.escape(text)}</p><i>Click to read in context</i>")


class EventMarker(QGraphicsItem):
    """A dot (deadline) or diamond (application date) for one dated provision."""

    def __init__(self, event: TimelineEvent, outline: QColor):
        super().__init__()
        self.event = event
        self.colour = KIND_COLOURS.get(event.kind, QColor("gray"))
        self.outline = outline
        self.setToolTip(event_tooltip(event))
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(2)

    def boundingRect(self) -> QRectF:
        half = MARKER / 2 + 1
        return QRectF(-half, -half, 2 * half, 2 * half)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.outline, 1))
        painter.setBrush(QBrush(self.colour))
        r = MARKER / 2 - 0.5
        if self.event.kind == "applies_from":
            painter.drawPolygon(QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)]))
        else:
            painter.drawEllipse(QPointF(0, 0), r - 0.5, r - 0.5)

    def hoverEnterEvent(self, event) -> None:
        self.setScale(1.6)
        self.setZValue(3)

    def hoverLeaveEvent(self, event) -> None:
        self.setScale(1.0)
        self.setZValue(2)


class LaneLabel(QGraphicsItem):
    """A lane's document name and status, kept at the left edge of the view while scrolling."""

    def __init__(self, title: str, status: str, status_label: str, height: float, background: QColor,
                 ink: QColor):
        super().__init__()
        self.title, self.status, self.status_label, self.height = title, status, status_label, height
        self.background, self.ink = background, ink
        self.setZValue(5)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, LANE_LABEL_WIDTH, self.height)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.fillRect(self.boundingRect(), self.background)
        painter.setPen(self.ink)
        painter.setFont(theme.bold_font())
        metrics = QFontMetricsF(painter.font())
        painter.drawText(QRectF(8, 6, LANE_LABEL_WIDTH - 12, metrics.height()), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, LANE_LABEL_WIDTH - 12))
        fill, text = theme.status_colours(self.status)
        badge = self.status_label.upper()
        width = metrics.horizontalAdvance(badge) + 10
        rect = QRectF(8, 8 + metrics.height(), width, metrics.height() + 2)
        painter.fillRect(rect, fill)
        painter.setPen(text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, badge)


class TimelineCanvas(ClickableCanvas):
    """The drawing: wheel or +/- zooms the time axis, drag pans, a click opens a marker's clause."""

    markerClicked = Signal(str)
    zoomRequested = Signal(float, float)   # factor, scene x to keep under the cursor

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoomRequested.emit(1.25 ** steps, self.mapToScene(event.position().toPoint()).x())

    def keyPressEvent(self, event) -> None:
        centre = self.mapToScene(self.viewport().rect().center()).x()
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoomRequested.emit(1.25, centre)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoomRequested.emit(0.8, centre)
        else:
            super().keyPressEvent(event)

    def clicked_at(self, point: QPoint) -> None:
        marker = next((i for i in self.items(point) if isinstance(i, EventMarker)), None)
        if marker is not None:
            self.markerClicked.emit(marker.event.provision.id)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        left = self.mapToScene(0, 0).x()
        for item in self.scene().items():
            if isinstance(item, LaneLabel):
                item.setX(left)


class TimelineView(AnalysisView):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.events: list[TimelineEvent] = []
        self.px_per_day = 0.0        # 0: fit the whole range to the view
        self.markers: list[EventMarker] = []
        self._range: tuple[date, date] | None = None
        self._generation = 0

        self.doc_combo = filter_combo("Only this document's dates")
        self.as_adopted = QCheckBox("As originally adopted")
        self.as_adopted.setToolTip("Show the dates as the texts state them, before later acts amended them")
        self.role_combo = filter_combo("Only dates binding this kind of actor (application dates are kept)")
        legend = QLabel(" ".join(
            f"<span style='color:{KIND_COLOURS[k].name()}'>{'◆' if k == 'applies_from' else '●'}</span> "
            f"{KIND_LABELS[k]}&nbsp;&nbsp;" for k in KIND_COLOURS)
            + f"<span style='color:{TODAY_COLOUR.name()}'>┃</span> Today")
        bar = QHBoxLayout()
        bar.addWidget(self.doc_combo)
        bar.addWidget(self.role_combo)
        bar.addWidget(self.as_adopted)
        bar.addWidget(legend)
        bar.addStretch(1)
        for text, tip, factor in (("−", "Zoom out (-)", 0.8), ("+", "Zoom in (+)", 1.25)):
            bar.addWidget(tool_button(text, tip, lambda checked=False, f=factor: self.zoom(
                f, self.canvas.mapToScene(self.canvas.viewport().rect().center()).x())))
        bar.addWidget(tool_button("Fit", "Show the whole period", self.fit))
        self.canvas = TimelineCanvas()
        self.canvas.markerClicked.connect(self.provisionActivated)
        self.canvas.zoomRequested.connect(self.zoom)
        self._lay_out(bar, self.canvas)
        self.doc_combo.currentIndexChanged.connect(self.reload)
        self.role_combo.currentIndexChanged.connect(self.reload)
        self.as_adopted.toggled.connect(self.reload)

    # -- loading --------------------------------------------------------------------------------
    def forget(self) -> None:
        self._fill_documents()

    def _fill_documents(self) -> None:
        refill(self.doc_combo, "All documents",
               [(theme.with_status(doc), doc.id) for doc in self.ctx.documents()])

    def reload(self) -> None:
        """Ask the core for the dated provisions matching the filters (in the background)."""
        self._stale = False
        self._generation += 1
        generation = self._generation
        if self.doc_combo.count() == 0:
            self._fill_documents()
        if not self.ctx.documents():
            self.canvas.scene().clear()
            self.say("No documents in the workspace.")
            return
        doc, role = self.doc_combo.currentData(), self.role_combo.currentData()
        docs, roles = ([doc] if doc else None), ([role] if role else None)
        as_adopted = self.as_adopted.isChecked()
        self.say("Reading dates…")
        task = self.ctx.run_task("Reading deadlines and dates",
                                 lambda ws, progress, cancel: timeline(ws, docs, roles, as_adopted=as_adopted),
                                 changes_workspace=False)
        task.succeeded.connect(lambda events: self._events_ready(events, generation, unfiltered=not roles))
        task.failed.connect(self.say)

    def _events_ready(self, events: list[TimelineEvent], generation: int, unfiltered: bool) -> None:
        if generation != self._generation:
            return
        self.events = events
        if unfiltered and self.role_combo.count() <= 1:
            roles = sorted({e.provision.role for e in events if e.provision.role})
            refill(self.role_combo, "All roles", [(role_label(role), role) for role in roles])
        documents = len({e.provision.doc for e in events})
        if events:
            self.say(f"{len(events)} dated provisions in {documents} document{'s' if documents != 1 else ''}. "
                     "Hover a marker to read the clause; click to open it. Wheel or +/- to zoom, drag to pan.")
        else:
            self.say("No provision of the documents chosen sets a date.")
        self.px_per_day = 0.0
        self.draw()

    # -- drawing --------------------------------------------------------------------------------
    def date_range(self) -> tuple[date, date]:
        days = [date.fromisoformat(e.date) for e in self.events] + [date.today()] + \
            [date.fromisoformat(e.change.original) for e in self.events if e.change and e.change.original]
        return min(days) - timedelta(days=MARGIN_DAYS), max(days) + timedelta(days=MARGIN_DAYS)

    def x_of(self, day: date) -> float:
        return LANE_LABEL_WIDTH + (day - self._range[0]).days * self.px_per_day

    def draw(self) -> None:
        scene = self.canvas.scene()
        scene.clear()
        self.markers = []
        if not self.events:
            scene.addText("No dated provision matches the filters.")
            return
        self._range = start, end = self.date_range()
        if self.px_per_day <= 0:
            available = max(200.0, self.canvas.viewport().width() - LANE_LABEL_WIDTH - 30)
            self.px_per_day = available / (end - start).days
        palette = self.palette()
        ink, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        grid = QColor(ink)
        grid.setAlpha(40)
        width = self.x_of(end)

        lanes: dict[str, dict[str, list[TimelineEvent]]] = {}
        for event in self.events:
            lanes.setdefault(event.provision.doc, defaultdict(list))[event.date].append(event)
        standing = {e.provision.doc: e.standing for e in self.events}
        order = [d.id for d in self.ctx.documents() if d.id in lanes] + \
            [d for d in lanes if d not in {doc.id for doc in self.ctx.documents()}]
        y = AXIS_HEIGHT
        lane_rows = []
        placed = {doc: self._pack(lanes[doc]) for doc in order}
        for doc in order:
            tallest = max(row for (_, row), _ in placed[doc]) + 1
            height = max(56.0, tallest * MARKER + 2 * LANE_PAD)
            lane_rows.append((doc, y, height))
            y += height
        bottom = y
        self._draw_axis(scene, start, end, bottom, ink, grid)
        band = QColor(palette.color(QPalette.ColorRole.AlternateBase))
        for n, (doc, top, height) in enumerate(lane_rows):
            if n % 2:
                scene.addRect(QRectF(LANE_LABEL_WIDTH, top, width - LANE_LABEL_WIDTH, height),
                              QPen(Qt.PenStyle.NoPen), QBrush(band)).setZValue(-2)
            scene.addLine(LANE_LABEL_WIDTH, top + height, width, top + height, QPen(grid))
            lane_markers = []
            for (x, row), event in placed[doc]:
                marker = EventMarker(event, base)
                marker.setPos(x, top + LANE_PAD + MARKER / 2 + row * MARKER)
                scene.addItem(marker)
                lane_markers.append(marker)
            self.markers.extend(lane_markers)
            moved = [marker for marker in lane_markers if marker.event.change and marker.event.change.original]
            # the lane's label, the markers as painted (their bounding boxes reach a pixel further),
            # and the hollow marks with the dashed lines from them
            taken = [QRectF(0, top, LANE_LABEL_WIDTH, height)] + \
                [marker.sceneBoundingRect().adjusted(1, 1, -1, -1) for marker in lane_markers] + \
                [self._original_mark(marker).united(QRectF(marker.pos(), marker.pos())) for marker in moved]
            struck: set[str] = set()   # original dates already written in this lane
            for marker in moved:
                self._draw_original(scene, marker, taken, write_date=marker.event.change.original not in struck)
                struck.add(marker.event.change.original)
            s = standing[doc]
            label = LaneLabel(s.short_name, s.status, s.status_label, height, palette.color(QPalette.ColorRole.Window), ink)
            label.setPos(0, top)
            scene.addItem(label)
        today = self.x_of(date.today())
        pen = QPen(TODAY_COLOUR, 2, Qt.PenStyle.DashLine)
        scene.addLine(today, AXIS_HEIGHT - 8, today, bottom, pen).setZValue(4)
        marker_text = scene.addSimpleText(f"Today {date.today().isoformat()}")
        marker_text.setBrush(TODAY_COLOUR)
        marker_text.setFont(theme.bold_font())
        marker_text.setPos(today + 4, bottom + 4)
        scene.setSceneRect(QRectF(0, 0, width + 20, bottom + 40))
        self.canvas.scrollContentsBy(0, 0)

    def _draw_original(self, scene, marker: EventMarker, taken: list[QRectF], *, write_date: bool) -> None:
        """The date a moved event had: a hollow mark, a dashed line to where the event is now, and
        (``write_date``: once per date in a lane, where many clauses moved from one date) the date
        struck through, below the mark or, where that covers a marker or another date in ``taken``,
        above, left or right of it, else where it covers least (the place it takes is added to
        ``taken``)."""
        change = marker.event.change
        mark = self._original_mark(marker)
        x, y, r = mark.center().x(), mark.center().y(), mark.width() / 2
        pen = QPen(marker.colour, 1, Qt.PenStyle.DashLine)
        scene.addLine(x, y, marker.pos().x(), y, pen).setZValue(1)
        scene.addEllipse(mark, QPen(marker.colour, 1.2)).setZValue(1)
        if not write_date:
            return
        font = theme.body_font()
        font.setStrikeOut(True)
        font.setPointSizeF(font.pointSizeF() * 0.8)
        label = scene.addSimpleText(change.original, font)
        label.setBrush(theme.muted_text_colour())
        w, h = label.boundingRect().width(), label.boundingRect().height()
        spots = [QRectF(x - w / 2, y + r + 1, w, h), QRectF(x - w / 2, y - r - 1 - h, w, h),
                 QRectF(x - r - 3 - w, y - h / 2, w, h), QRectF(x + r + 3, y - h / 2, w, h),
                 QRectF(x - w, y + r + 1, w, h), QRectF(x, y + r + 1, w, h),
                 QRectF(x - w, y - r - 1 - h, w, h), QRectF(x, y - r - 1 - h, w, h)]
        spot = free_spot(spots, taken)
        label.setPos(spot.topLeft())
        label.setToolTip(f"Original date; {change.citation()}")
        taken.append(spot)

    def _original_mark(self, marker: EventMarker) -> QRectF:
        """Where the hollow mark of a moved event's original date sits, level with the event."""
        r = MARKER / 2 - 1
        x = self.x_of(date.fromisoformat(marker.event.change.original))
        return QRectF(x - r, marker.pos().y() - r, 2 * r, 2 * r)

    def _pack(self, by_day: dict[str, list[TimelineEvent]]) -> list[tuple[tuple[float, int], TimelineEvent]]:
        """(x, row) of each marker of a lane: in the first row free at its date; when all
        ``MAX_STACK`` rows are taken, in the row that frees up first, nudged right."""
        rows_end: list[float] = []
        out = []
        for day, group in sorted(by_day.items()):
            x = self.x_of(date.fromisoformat(day))
            for event in group:
                row = next((r for r, end in enumerate(rows_end) if end + MARKER <= x), None)
                if row is None and len(rows_end) < MAX_STACK:
                    rows_end.append(-MARKER)
                    row = len(rows_end) - 1
                if row is None:
                    row = min(range(len(rows_end)), key=lambda r: (rows_end[r], r))
                at = max(x, rows_end[row] + MARKER)
                rows_end[row] = at
                out.append(((at, row), event))
        return out

    def _draw_axis(self, scene, start: date, end: date, bottom: float, ink: QColor, grid: QColor) -> None:
        """Month, quarter or year ticks, whichever leaves room for their labels."""
        step = 1 if self.px_per_day * 30 >= 70 else 3 if self.px_per_day * 91 >= 70 else 12
        month = date(start.year, start.month, 1)
        font = theme.body_font()
        while month <= end:
            if (month.month - 1) % step == 0:
                x = self.x_of(month)
                if x >= LANE_LABEL_WIDTH:
                    scene.addLine(x, AXIS_HEIGHT - 10, x, bottom, QPen(grid))
                    label = str(month.year) if step == 12 else f"{MONTH_NAMES[month.month - 1]} {month.year}"
                    text = scene.addSimpleText(label)
                    text.setFont(font if month.month != 1 else theme.bold_font())
                    text.setBrush(ink)
                    text.setPos(x + 3, 8)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        scene.addLine(LANE_LABEL_WIDTH, AXIS_HEIGHT - 10, self.x_of(end), AXIS_HEIGHT - 10, QPen(ink))

    # -- zoom -----------------------------------------------------------------------------------
    def zoom(self, factor: float, scene_x: float) -> None:
        """Scale the time axis, keeping the date at ``scene_x`` where it was on screen."""
        if not self.events or self._range is None:
            return
        screen_x = self.canvas.mapFromScene(QPointF(scene_x, 0)).x()
        day = (scene_x - LANE_LABEL_WIDTH) / self.px_per_day
        self.px_per_day = min(60.0, max(0.05, self.px_per_day * factor))
        self.draw()
        new_x = LANE_LABEL_WIDTH + day * self.px_per_day
        bar = self.canvas.horizontalScrollBar()
        bar.setValue(round(new_x - screen_x))

    def fit(self) -> None:
        self.px_per_day = 0.0
        self.draw()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.events:
            self.draw()

    def events_of(self, doc_id: str) -> list[TimelineEvent]:
        return [e for e in self.events if e.provision.doc == doc_id]
