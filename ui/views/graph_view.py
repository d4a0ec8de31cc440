"""Graph: documents, themes and roles of the cross-jurisdiction graph, drawn so it stays readable,
and the counterparts of chosen provisions in each other document.

The full graph (``policylens.graph.build_graph``) has thousands of provisions; drawing them all
gives an unreadable hairball.  This view draws the aggregate instead: documents (left), themes
(middle) and roles (right) in three columns, edges weighted by how many provisions connect them.
Clicking a document or a theme expands it into its most linked provisions (at most
``EXPANSION_CAP``, the two ends of its strongest corresponding pairs first, drawn joined by a
dashed line), placed in the gap next to it; clicking a provision opens it in the reader.
The layout is a fixed layered one (alphabetical themes, roles by weight), so the same workspace
always gives the same picture and labels never share a row.

The "Counterparts" mode draws provisions instead: the clauses of one document on a theme or in
one article (left), and their counterparts in each other document (a column each), joined by
edges labelled with the link's confidence and the act both require ("0.43 · report").  A clause
without a counterpart in a document has no edge there; the status line counts them.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from dataclasses import dataclass

from policylens_ui import theme
from policylens_ui.context import AppContext
from policylens_ui.views.analysis_view import AnalysisView, tool_button
from policylens_ui.views.canvas import ClickableCanvas, free_spot
from policylens_ui.views.choices import filter_combo, refill
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
)

from policylens.citations import article, unit_cite
from policylens.facts import document_status_label
from policylens.graph import build_graph
from policylens.labels import role_label, theme_label
from policylens.pair_features import frame

EXPANSION_CAP = 12
DOC_X, THEME_X, ROLE_X = 0.0, 470.0, 940.0
ROW_GAP = 46.0
PROVISION_GAP = 26.0
THEME_BORDER, ROLE_BORDER = QColor("#7a5cc4"), QColor("#1f8a8a")
DIMMED = 0.15
LABEL_LIMIT = 34
# The counterparts mode: at most this many source clauses, in columns this far apart; an edge
# arcs this much higher for each column it passes over.
COUNTERPART_CAP, COLUMN_GAP, ARC_RISE = 14, 240.0, 26.0
HEADER_LIMIT = 26   # characters of a document's name that fit its column
# Where along its edge a counterpart's label may sit, in order of preference: near the counterpart
# first, then back towards the clause, until it covers no box and no other label.
LABEL_SHARES = tuple(sorted((n / 50 for n in range(5, 48)), key=lambda share: abs(share - 0.82)))
MODES = (("Overview", "overview"), ("Counterparts", "counterparts"))


@dataclass(frozen=True)
class ProvisionFacts:
    id: str
    doc: str
    cite: str
    role: str
    modality: str
    themes: tuple[str, ...]
    links: int        # corresponding provisions in other documents
    text: str


@dataclass(frozen=True)
class GraphFacts:
    """What the view draws from the core graph, extracted off the GUI thread."""

    documents: tuple[tuple[str, str, str], ...]        # (doc id, label, status)
    provisions: dict                                    # id -> ProvisionFacts
    correspondences: tuple[tuple[str, str, float], ...]
    counterparts: dict    # provision id -> its best counterpart in each other document, as
                          # ((counterpart id, confidence, edge label, why), …), best first


def graph_facts(ws, progress, cancel) -> GraphFacts:
    """Run in a task: build the workspace graph and keep what the aggregate view needs."""
    progress(0.05, "building the graph")
    graph = build_graph(ws)
    progress(0.9, "summarising the graph")
    documents = tuple((node[4:], data["label"], data["status"]) for node, data in graph.nodes(data=True)
                      if data.get("kind") == "document")
    themes: dict[str, list[str]] = {}
    links: Counter = Counter()
    pairs = {}
    counterparts: dict[str, list] = {}
    for source, target, data in graph.edges(data=True):
        kind = data.get("kind")
        if kind == "about":
            themes.setdefault(source, []).append(target[len("theme:"):])
        elif kind == "corresponds_to":
            links[source] += 1
            links[target] += 1
            key = tuple(sorted((source, target)))
            if data.get("counterpart"):
                pairs[key] = max(pairs.get(key, 0.0), data["score"])
                if data.get("rank", 1) == 1:
                    counterparts.setdefault(source, []).append(
                        (target, data["score"], _edge_label(graph, source, target, data["score"]), data.get("why", "")))
    provisions = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "provision":
            provisions[node] = ProvisionFacts(node, data["doc"], data["cite"], data.get("role", ""),
                                              data.get("modality", "none"), tuple(sorted(themes.get(node, ()))),
                                              links[node], data.get("text", ""))
    correspondences = tuple((a, b, score) for (a, b), score in sorted(pairs.items()))
    progress(1.0, "graph ready")
    return GraphFacts(documents, provisions, correspondences,
                      {source: tuple(sorted(found, key=lambda c: -c[1])) for source, found in counterparts.items()})


def _edge_label(graph, source: str, target: str, score: float) -> str:
    """A counterpart edge's label: its confidence, and the act both provisions require when they
    require the same one ("0.43 · report")."""
    acts = {frame(graph.nodes[node].get("text", "")).verb for node in (source, target)}
    act = acts.pop() if len(acts) == 1 else ""
    return f"{score:.2f} · {act}" if act else f"{score:.2f}"


class NodeItem(QGraphicsItem):
    """A labelled box; ``key`` is "doc:…", "theme:…", "role:…" or a provision id."""

    def __init__(self, key: str, kind: str, label: str, fill: QColor, border: QColor, text: QColor,
                 font: QFont, tooltip: str, anchor: str = "centre"):
        super().__init__()
        self.key, self.kind, self.label = key, kind, label
        self.fill, self.border, self.text_colour, self.font = fill, border, text, font
        metrics = QFontMetricsF(font)
        lines = label.split("\n")
        width = max(metrics.horizontalAdvance(line) for line in lines) + 16
        height = metrics.height() * len(lines) + 8
        left = {"right": -width, "left": 0.0}.get(anchor, -width / 2)
        self.rect = QRectF(left, -height / 2, width, height)
        self.setToolTip(tooltip)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.border, 2))
        painter.setBrush(QBrush(self.fill))
        painter.drawRoundedRect(self.rect, 6, 6)
        painter.setPen(self.text_colour)
        painter.setFont(self.font)
        painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, self.label)

    def left_port(self) -> QPointF:
        return self.mapToScene(QPointF(self.rect.left(), 0))

    def right_port(self) -> QPointF:
        return self.mapToScene(QPointF(self.rect.right(), 0))

    def hoverEnterEvent(self, event) -> None:
        view = self.scene().views()[0] if self.scene() and self.scene().views() else None
        if isinstance(view, GraphCanvas):
            view.highlight(self.key)

    def hoverLeaveEvent(self, event) -> None:
        view = self.scene().views()[0] if self.scene() and self.scene().views() else None
        if isinstance(view, GraphCanvas):
            view.highlight(None)


class EdgeItem(QGraphicsPathItem):
    """A curve between two nodes; its hover area is a band around the stroke, not the hull.  A
    ``bend`` arcs it that far above the straight way, over the nodes between its ends."""

    def __init__(self, start: QPointF, end: QPointF, pen: QPen, ends: tuple[str, str], tooltip: str,
                 bend: float = 0.0):
        path = QPainterPath(start)
        middle = (start.x() + end.x()) / 2
        if bend:
            third = (end.x() - start.x()) / 3
            path.cubicTo(QPointF(start.x() + third, start.y() - bend), QPointF(end.x() - third, end.y() - bend), end)
        else:
            path.cubicTo(QPointF(middle, start.y()), QPointF(middle, end.y()), end)
        super().__init__(path)
        self.ends = ends
        self.setPen(pen)
        self.setToolTip(tooltip)
        self.setZValue(1)
        stroker = QPainterPathStroker()
        stroker.setWidth(max(6.0, pen.widthF()))
        self._shape = stroker.createStroke(path)

    def shape(self) -> QPainterPath:
        return self._shape


class GraphCanvas(ClickableCanvas):
    """Zoom with the wheel or +/-, pan by dragging, hover to light up neighbours, click to act."""

    nodeClicked = Signal(str)
    ZOOM_STEP = 1.2

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.neighbours: dict[str, set[str]] = {}
        self.auto_fit = True    # keep the whole graph in view until the user zooms

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.1 <= scale <= 6:
            self.auto_fit = False
            self.scale(factor, factor)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def fit(self) -> None:
        self.auto_fit = True
        rect = self.scene().itemsBoundingRect().adjusted(-30, -30, 30, 30)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.4:
            self.resetTransform()
            self.scale(1.4, 1.4)
            self.centerOn(rect.center())

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(self.ZOOM_STEP ** steps)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(self.ZOOM_STEP)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom(1 / self.ZOOM_STEP)
        elif event.key() == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def clicked_at(self, point: QPoint) -> None:
        node = self.node_at(point)
        if node is not None:
            self.nodeClicked.emit(node.key)

    def node_at(self, point) -> NodeItem | None:
        return next((item for item in self.items(point) if isinstance(item, NodeItem)), None)

    def highlight(self, key: str | None) -> None:
        """Dim everything but ``key``, its neighbours and the edges between them (None: undim)."""
        near = {key} | self.neighbours.get(key, set()) if key else set()
        for item in self.scene().items():
            if isinstance(item, NodeItem):
                item.setOpacity(1.0 if not key or item.key in near else DIMMED)
            elif isinstance(item, EdgeItem):
                item.setOpacity(1.0 if not key or key in item.ends else DIMMED)


class GraphView(AnalysisView):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.facts: GraphFacts | None = None
        self.expanded: list[str] = []
        self.node_items: dict[str, NodeItem] = {}
        self._generation = 0
        self.first_clause = 0   # the counterparts mode draws COUNTERPART_CAP clauses from this one

        self.mode_combo = filter_combo("Overview: documents, themes and roles; Counterparts: chosen "
                                       "provisions and their counterparts in each jurisdiction", 12)
        for label, mode in MODES:
            self.mode_combo.addItem(label, mode)
        # narrow enough, with the zoom buttons, that the library keeps its room beside the graph
        self.doc_combo = filter_combo("Only this document's provisions (in Counterparts: whose counterparts to show)", 12)
        self.theme_combo = filter_combo("Only this theme", 12)
        self.article_combo = filter_combo("Only this article or section of the document", 10)
        self.article_combo.setVisible(False)
        bar = QHBoxLayout()
        for combo in (self.mode_combo, self.doc_combo, self.theme_combo, self.article_combo):
            bar.addWidget(combo, 1)
        for text, tip, slot in (("−", "Zoom out (-)", lambda: self.canvas.zoom(1 / GraphCanvas.ZOOM_STEP)),
                                ("+", "Zoom in (+)", lambda: self.canvas.zoom(GraphCanvas.ZOOM_STEP)),
                                ("Fit", "Show the whole graph (0)", lambda: self.canvas.fit()),
                                ("Collapse", "Hide the expanded provisions", self.collapse_all)):
            bar.addWidget(tool_button(text, tip, slot))
        self.canvas = GraphCanvas()
        self.canvas.nodeClicked.connect(self.node_clicked)
        self._lay_out(bar, self.canvas)
        self.mode_combo.currentIndexChanged.connect(self._filters_changed)
        self.doc_combo.currentIndexChanged.connect(self._filters_changed)
        self.theme_combo.currentIndexChanged.connect(self._filters_changed)
        self.article_combo.currentIndexChanged.connect(self._filters_changed)
        self.status.linkActivated.connect(self.show_clauses_from)

    # -- loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        self.canvas.scene().clear()
        self.node_items.clear()
        if not self.ctx.documents():
            self.say("No documents in the workspace.")
            return
        self.say("Building the graph…")
        task = self.ctx.run_task("Building the graph", graph_facts, changes_workspace=False)
        task.succeeded.connect(lambda facts: self._facts_ready(facts, generation))
        task.failed.connect(self.say)

    def _facts_ready(self, facts: GraphFacts, generation: int) -> None:
        if generation != self._generation:
            return
        self.facts = facts
        self.expanded = []
        self.first_clause = 0
        for combo, everything, choices in (
                (self.doc_combo, "All documents", [(label, doc) for doc, label, _ in facts.documents]),
                (self.theme_combo, "All themes",
                 [(theme_label(t), t) for t in sorted({t for p in facts.provisions.values() for t in p.themes})])):
            refill(combo, everything, choices)
        self.draw()
        self.canvas.fit()

    def _filters_changed(self) -> None:
        self.expanded = []
        self.first_clause = 0
        counterparts = self.mode_combo.currentData() == "counterparts"
        self.article_combo.setVisible(counterparts)
        if counterparts and self.facts is not None:
            doc = self.source_document()
            if doc and not self.doc_combo.currentData():   # the mode starts from one document: say which
                self.doc_combo.blockSignals(True)
                self.doc_combo.setCurrentIndex(self.doc_combo.findData(doc))
                self.doc_combo.blockSignals(False)
            articles = dict.fromkeys(article(p.cite) for p in self.facts.provisions.values()
                                     if p.doc == doc and p.id in self.facts.counterparts)
            refill(self.article_combo, "All articles", [(_elide(a), a) for a in articles])
        self.draw()
        self.canvas.fit()

    # -- drawing --------------------------------------------------------------------------------
    def shown_provisions(self) -> list[ProvisionFacts]:
        doc, theme_id = self.doc_combo.currentData(), self.theme_combo.currentData()
        return [p for p in self.facts.provisions.values()
                if (not doc or p.doc == doc) and (not theme_id or theme_id in p.themes)]

    def draw(self) -> None:
        """Lay out the aggregate and the expanded provisions, or the chosen provisions and their
        counterparts; deterministic for one workspace."""
        if self.facts is None:
            return
        if self.mode_combo.currentData() == "counterparts":
            self.draw_counterparts()
            return
        scene = self.canvas.scene()
        scene.clear()
        self.node_items.clear()
        self.canvas.neighbours = {}
        theme_filter = self.theme_combo.currentData()
        provisions = self.shown_provisions()
        doc_theme, theme_role = Counter(), Counter()
        doc_count, theme_count, role_count = Counter(), Counter(), Counter()
        for p in provisions:
            themes = [t for t in p.themes if not theme_filter or t == theme_filter]
            doc_count[p.doc] += 1
            for t in themes:
                doc_theme[p.doc, t] += 1
                theme_count[t] += 1
                if p.role:
                    theme_role[t, p.role] += 1
            if p.role and themes:
                role_count[p.role] += 1
        labels = {doc: label for doc, label, _ in self.facts.documents}
        statuses = {doc: status for doc, _, status in self.facts.documents}
        docs = [doc for doc, _, _ in self.facts.documents if doc_count[doc]]
        themes = sorted(theme_count)
        roles = sorted(role_count, key=lambda r: (-role_count[r], r))
        height = max(len(themes), len(roles), 1) * ROW_GAP

        palette = self.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        font = theme.body_font()
        bold = theme.bold_font()
        for n, doc in enumerate(docs):
            fill, ink = theme.status_colours(statuses[doc])
            status = document_status_label(doc, statuses[doc]).upper()
            label = f"{labels[doc]} ({doc_count[doc]:,})\n{status}"
            self._node(f"doc:{doc}", "document", label, fill, fill.darker(130), ink, bold,
                       f"{labels[doc]}: {document_status_label(doc, statuses[doc])}; {doc_count[doc]:,} provisions. "
                       f"Click to show its most linked provisions.", DOC_X, _spread(n, len(docs), height), "right")
        for n, t in enumerate(themes):
            self._node(f"theme:{t}", "theme", f"{theme_label(t)} ({theme_count[t]})", base, THEME_BORDER, text, font,
                       f"{theme_label(t)}: {theme_count[t]} provisions. Click to show the most linked ones.",
                       THEME_X, _spread(n, len(themes), height))
        for n, role in enumerate(roles):
            self._node(f"role:{role}", "role", f"{_sentence_case(role_label(role))} ({role_count[role]})", base, ROLE_BORDER, text, font,
                       f"Duties on {role.replace('_', ' ')}: {role_count[role]} provisions", ROLE_X,
                       _spread(n, len(roles), height), "left")
        heaviest = max(list(doc_theme.values()) + list(theme_role.values()) + [1])
        for (doc, t), weight in doc_theme.items():
            self._edge(f"doc:{doc}", f"theme:{t}", weight, heaviest, text,
                       f"{labels[doc]} — {theme_label(t)}: {weight} provisions")
        for (t, role), weight in theme_role.items():
            self._edge(f"theme:{t}", f"role:{role}", weight, heaviest, text,
                       f"{theme_label(t)} — {role_label(role)}: {weight} provisions")
        self.expanded = [key for key in self.expanded if key in self.node_items]
        occupied: dict[float, float] = {}
        for key in self.expanded:
            self._expand(key, provisions, occupied, labels, text)
        self._draw_correspondences(text)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))
        shown = sum(1 for item in self.node_items.values() if item.kind == "provision")
        self.say(f"{len(provisions):,} provisions in {len(docs)} document{'s' if len(docs) != 1 else ''}, "
                 f"{len(themes)} themes, {len(roles)} roles" + (f"; {shown} provisions shown" if shown else
                                                                "; click a document or theme to show its provisions"))

    def source_document(self) -> str:
        """The document whose clauses the Counterparts mode starts from: the chosen one, else the
        first."""
        return self.doc_combo.currentData() or (self.facts.documents[0][0] if self.facts.documents else "")

    def draw_counterparts(self) -> None:
        """The chosen document's clauses on the theme or in the article that have counterparts
        (left, in citing order) and their best counterpart in each other document (a column per
        document), each placed level with the clauses it answers."""
        scene = self.canvas.scene()
        scene.clear()
        self.node_items.clear()
        self.canvas.neighbours = {}
        doc, theme_id, article_id = self.source_document(), self.theme_combo.currentData(), self.article_combo.currentData()
        labels = {d: label for d, label, _ in self.facts.documents}
        statuses = {d: status for d, _, status in self.facts.documents}
        mine = [p for p in self.facts.provisions.values()
                if p.doc == doc and (not theme_id or theme_id in p.themes) and (not article_id or article(p.cite) == article_id)]
        answered = [p for p in mine if p.id in self.facts.counterparts]
        # a page starts at a multiple of the cap, and is never past the last clause
        self.first_clause = min(self.first_clause, max(len(answered) - 1, 0)) // COUNTERPART_CAP * COUNTERPART_CAP
        chosen = answered[self.first_clause:self.first_clause + COUNTERPART_CAP]
        columns = [d for d, _, _ in self.facts.documents
                   if d != doc and any(self.facts.provisions[t].doc == d for p in chosen
                                       for t, *_ in self.facts.counterparts[p.id] if t in self.facts.provisions)]
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        bold = theme.bold_font()
        small = theme.body_font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        headings = -0.75 * ARC_RISE * max(len(columns) - 1, 0)   # above the highest arc (a cubic's rises 3/4 of its bend)
        for n, d in enumerate([doc] + columns):
            fill, ink = theme.status_colours(statuses[d])
            self._node(f"doc:{d}", "document", f"{_elide(labels[d], HEADER_LIMIT)}\n{document_status_label(d, statuses[d]).upper()}", fill,
                       fill.darker(130), ink, bold, f"{labels[d]}: {document_status_label(d, statuses[d])}", n * COLUMN_GAP, headings)
        for n, p in enumerate(chosen):
            cite = unit_cite(p.id, p.cite)
            self._provision_node(p, _elide(cite, 44), f"{labels[doc]} {cite}", "click to read", small, text,
                                 0.0, ROW_GAP * (n + 1.5), "left")
        wanted: dict[str, list[float]] = {}
        for p in chosen:
            for target, *_ in self.facts.counterparts[p.id]:
                if target in self.facts.provisions and self.facts.provisions[target].doc in columns:
                    wanted.setdefault(target, []).append(self.node_items[p.id].pos().y())
        for n, d in enumerate(columns, start=1):
            below = ROW_GAP * 1.5
            for target in sorted((t for t in wanted if self.facts.provisions[t].doc == d),
                                 key=lambda t: sum(wanted[t]) / len(wanted[t])):
                y = max(below, sum(wanted[target]) / len(wanted[target]))
                found = self.facts.provisions[target]
                cite = unit_cite(found.id, found.cite)
                self._provision_node(found, _elide(cite, 44), f"{labels[d]} {cite}", "click to read",
                                     small, text, n * COLUMN_GAP, y)
                below = y + PROVISION_GAP * 1.4
        accent = QColor(theme.modality_accent("obligation"))
        taken = [item.sceneBoundingRect() for item in self.node_items.values()]
        for p in chosen:
            for target, confidence, label, why in self.facts.counterparts[p.id]:
                if target in self.node_items:
                    pen = QPen(accent, 0.8 + 3.5 * confidence)
                    column = columns.index(self.facts.provisions[target].doc)
                    edge = self._edge(p.id, target, 1, 1, text, f"confidence {confidence:.2f}: {why}", pen=pen,
                                      bend=ARC_RISE * column)
                    taken.append(self._edge_label(edge, label, small, text, taken))
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))
        where = theme_label(theme_id) if theme_id else (article_id or "all themes")
        missing = sum(1 for p in chosen for d in columns
                      if not any(self.facts.provisions.get(t) and self.facts.provisions[t].doc == d
                                 for t, *_ in self.facts.counterparts[p.id]))
        shown = ""
        if len(answered) > len(chosen):
            last = self.first_clause + len(chosen)
            pages = [f'<a href="{start}">{label}</a>' for start, label, offered in (
                (max(self.first_clause - COUNTERPART_CAP, 0), "‹ previous", self.first_clause > 0),
                (last, "next ›", last < len(answered))) if offered]
            shown = f" (clauses {self.first_clause + 1}–{last} shown: {' · '.join(pages)})"
        self.say(
            f"{html.escape(labels.get(doc, doc))}, {html.escape(where)}: {len(answered)} of {len(mine)} clauses "
            f"have counterparts{shown} in {len(columns)} documents; {missing} clause–document pairs have none "
            "above the minimum confidence", links=True)

    def show_clauses_from(self, first: str) -> None:
        """Draw the counterparts of the next (or previous) clauses of the chosen ones."""
        self.first_clause = int(first)
        self.draw()
        self.canvas.fit()

    def _provision_node(self, p: ProvisionFacts, label: str, title: str, note: str, font: QFont, text: QColor,
                        x: float, y: float, anchor: str = "centre") -> None:
        """A provision's box, coloured by its modality; its tooltip shows ``title``, the text and ``note``."""
        fill = theme.modality_background(p.modality) or self.palette().color(QPalette.ColorRole.AlternateBase)
        border = theme.modality_accent(p.modality) or text
        snippet = p.text if len(p.text) < 400 else p.text[:400] + "…"
        self._node(p.id, "provision", label, fill, border, text, font,
                   f"<b>{html.escape(title)}</b> — {theme.MODALITY_LABELS.get(p.modality, '')}<br>"
                   f"{html.escape(snippet)}<br><i>{note}</i>",
                   x, y, anchor)

    def _edge_label(self, edge: EdgeItem, label: str, font: QFont, text: QColor, taken: list[QRectF]) -> QRectF:
        """An edge's label on a background that keeps it legible over other edges, and the scene
        rectangle it covers.  It sits close to the counterpart it points at (where edges from many
        clauses have spread apart again); where that place is ``taken`` by a box or another label,
        at the nearest free place along the edge or just above or below it, else where it covers
        least.  It is the edge's child, so that hovering a clause dims the labels of the edges it
        has not."""
        backdrop = QGraphicsRectItem(edge)
        item = QGraphicsSimpleTextItem(label, backdrop)
        item.setFont(font)
        item.setBrush(QBrush(text))
        box = item.boundingRect().adjusted(-2, 0, 2, 0)

        def placed(share: float, lift: float) -> QRectF:   # in scene coordinates, as ``taken`` is
            at = edge.mapToScene(edge.path().pointAtPercent(share))
            return box.translated(at.x() - box.center().x(), at.y() - box.center().y() + lift * box.height())

        spot = free_spot([placed(share, lift) for lift in (0, -0.6, 0.6) for share in LABEL_SHARES], taken)
        backdrop.setRect(edge.mapRectFromScene(spot))
        item.setPos(backdrop.rect().left() + 2, backdrop.rect().top())
        backdrop.setPen(QPen(Qt.PenStyle.NoPen))
        backdrop.setBrush(QBrush(self.palette().color(QPalette.ColorRole.Base)))
        return spot

    def _expand(self, key: str, provisions: list[ProvisionFacts], occupied: dict, labels: dict,
                text: QColor) -> None:
        """Place the most linked provisions of a document or theme in the gap next to it."""
        anchor = self.node_items[key]
        kind, value = key.split(":", 1)
        mine = [p for p in provisions if (p.doc == value if kind == "doc" else value in p.themes)]
        mine.sort(key=lambda p: (-p.links, p.doc, p.id))
        chosen = self._paired_first(mine)
        x = (DOC_X + THEME_X) / 2 if kind == "doc" else (THEME_X + ROLE_X) / 2
        top = anchor.pos().y() - (len(chosen) - 1) * PROVISION_GAP / 2
        top = max(top, occupied.get(x, -math.inf))
        font = theme.body_font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        for n, p in enumerate(chosen):
            if p.id in self.node_items:
                self._edge(key, p.id, 1, 1, text, "", width=1.0)
                continue
            cite = unit_cite(p.id, p.cite)
            label = _elide(cite if kind == "doc" else f"{labels.get(p.doc, p.doc)} {cite}")
            self._provision_node(p, label, f"{labels.get(p.doc, p.doc)} {cite}",
                                 f"{p.links} corresponding provisions; click to read", font, text, x, top + n * PROVISION_GAP)
            self._edge(key, p.id, 1, 1, text, "", width=1.0)
        occupied[x] = top + len(chosen) * PROVISION_GAP + ROW_GAP / 2

    def _paired_first(self, mine: list[ProvisionFacts]) -> list[ProvisionFacts]:
        """Up to EXPANSION_CAP provisions: both ends of the strongest corresponding pairs among
        them first (so that an expanded theme shows which clauses match across documents), then
        the most linked of the rest."""
        by_id = {p.id: p for p in mine}
        chosen: dict[str, ProvisionFacts] = {}
        for a, b, _ in sorted(self.facts.correspondences, key=lambda c: -c[2]):
            if a in by_id and b in by_id and len(chosen) + (a not in chosen) + (b not in chosen) <= EXPANSION_CAP:
                chosen.setdefault(a, by_id[a])
                chosen.setdefault(b, by_id[b])
        for p in mine:
            if len(chosen) >= EXPANSION_CAP:
                break
            chosen.setdefault(p.id, p)
        return sorted(chosen.values(), key=lambda p: (p.doc, p.id))

    def _draw_correspondences(self, text: QColor) -> None:
        colour = QColor(theme.modality_accent("obligation"))
        for a, b, score in self.facts.correspondences:
            if a in self.node_items and b in self.node_items and \
                    self.node_items[a].kind == self.node_items[b].kind == "provision":
                pen = QPen(colour, 1.5, Qt.PenStyle.DashLine)
                self._edge(a, b, 1, 1, text, f"corresponding provisions (confidence {score:.2f})", pen=pen)

    def _node(self, key, kind, label, fill, border, text, font, tooltip, x, y, anchor="centre") -> NodeItem:
        item = NodeItem(key, kind, label, fill, border, text, font, tooltip, anchor)
        item.setPos(x, y)
        self.canvas.scene().addItem(item)
        self.node_items[key] = item
        return item

    def _edge(self, a: str, b: str, weight: int, heaviest: int, text: QColor, tooltip: str, *,
              width: float | None = None, pen: QPen | None = None, bend: float = 0.0) -> EdgeItem:
        first, second = self.node_items[a], self.node_items[b]
        if first.pos().x() > second.pos().x():
            first, second = second, first
        start, end = first.right_port(), second.left_port()
        if pen is None:
            colour = QColor(text)
            colour.setAlpha(70)
            pen = QPen(colour, width if width is not None else 0.5 + 7 * math.sqrt(weight / heaviest))
        edge = EdgeItem(start, end, pen, (a, b), tooltip, bend)
        self.canvas.scene().addItem(edge)
        self.canvas.neighbours.setdefault(a, set()).add(b)
        self.canvas.neighbours.setdefault(b, set()).add(a)
        return edge

    # -- interaction ----------------------------------------------------------------------------
    def node_clicked(self, key: str) -> None:
        item = self.node_items.get(key)
        if item is None:
            return
        if item.kind == "provision":
            self.provisionActivated.emit(key)
        elif item.kind in ("document", "theme"):
            self.toggle(key)

    def toggle(self, key: str) -> None:
        """Show (or hide again) the most linked provisions of a document or theme node."""
        if key in self.expanded:
            self.expanded.remove(key)
        else:
            self.expanded.append(key)
        centre = self.canvas.mapToScene(self.canvas.viewport().rect().center())
        self.draw()
        if self.canvas.auto_fit:
            self.canvas.fit()
        else:
            self.canvas.centerOn(centre)

    def collapse_all(self) -> None:
        self.expanded = []
        self.draw()
        self.canvas.fit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.facts is not None:
            self.draw()


def _elide(label: str, limit: int = LABEL_LIMIT) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _sentence_case(label: str) -> str:
    """"Any AI actor" for "any AI actor": ``str.capitalize`` would lower the rest ("Any ai actor")."""
    return label[:1].upper() + label[1:]


def _spread(n: int, count: int, height: float) -> float:
    """The y of the n-th of ``count`` nodes spread evenly over ``height``."""
    return (n + 0.5) * height / max(count, 1)
