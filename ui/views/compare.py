"""Compare: the theme × document coverage matrix and, for the theme a cell names, the documents
side by side with their verbatim clauses, corresponding pairs on one row.

The matrix counts provisions (recitals and other explanatory text aside) by modality
(``policylens.compare.coverage_matrix``); each column header carries the document's legal force
so that a vetoed bill or a revoked order is never read as law.  Both the matrix and a theme's
comparison are computed by the core in a background task; the view only lays them out.
"""

from __future__ import annotations

import html

from policylens_ui import theme
from policylens_ui.context import AppContext
from policylens_ui.views.analysis_view import AnalysisView
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from policylens.amendments import in_force, moved_dates
from policylens.compare import (
    MODALITY_ORDER,
    ThemeComparison,
    compare_theme,
    coverage_matrix,
)
from policylens.labels import in_sentence, role_label, theme_label

CountsRole = Qt.ItemDataRole.UserRole + 1      # list of (modality, count) of a cell
ThemeRole = Qt.ItemDataRole.UserRole + 2
PROVISION_SCHEME = "provision:"
HEADER_PADDING = 24   # pixels around a column header's text
NOT_LAW = "NOT LAW"   # under the status of a revoked order or a vetoed bill


def actor_label(role: str) -> str:
    return role_label(role) if role else "no particular actor"


# What a matrix cell counts: every provision of the instrument on the theme, whether or not it
# states a duty (grey in the bar); explanatory text is not a provision.
MATRIX_INTRO = ("Provisions per theme and document, by modality (grey: no duty). "
                "Click a cell to read that theme side by side.")


class CountDelegate(QStyledItemDelegate):
    """A cell: the number of provisions and a bar split by modality, scaled to the largest cell."""

    BAR_HEIGHT = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        self.largest = 1

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        counts = index.data(CountsRole) or []
        total = sum(n for _, n in counts)
        if not total:
            return
        rect = option.rect.adjusted(8, 0, -8, -5)
        bar_width = max(3, round((rect.width() - 40) * total / self.largest))
        x, y = rect.left() + 40, rect.bottom() - self.BAR_HEIGHT - (rect.height() - self.BAR_HEIGHT) // 2 + 3
        painter.save()
        for modality, n in counts:
            width = round(bar_width * n / total)
            colour = theme.modality_accent(modality) or option.palette.color(QPalette.ColorRole.Mid)
            painter.fillRect(QRect(x, y, max(1, width), self.BAR_HEIGHT), colour)
            x += width
        painter.restore()

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 160), max(size.height(), 28))


def aligned_rows(comparison: ThemeComparison) -> tuple[list[tuple[dict, list[str]]], dict[str, list]]:
    """Lay out the core's corresponding pairs: rows of {doc id: provision} (with why each pair
    matches and its confidence), strongest first, each provision on at most one row; then, per
    document, the provisions that have no counterpart in this theme, in citing order."""
    rows: list[tuple[dict, list[str]]] = []
    row_of: dict[str, int] = {}
    for pair in comparison.pairs:
        first, second = pair.source, pair.target
        if first.id in row_of and second.id in row_of:
            continue
        if second.id in row_of:
            first, second = second, first
        if first.id in row_of:
            cells, whys = rows[row_of[first.id]]
            if second.doc not in cells:
                cells[second.doc] = second
                whys.append(_why(pair))
                row_of[second.id] = row_of[first.id]
            continue
        rows.append(({first.doc: first, second.doc: second}, [_why(pair)]))
        row_of[first.id] = row_of[second.id] = len(rows) - 1
    alone = {d.standing.doc: [lead.provision for lead in d.leads if lead.provision.id not in row_of]
             for d in comparison.documents}
    return rows, alone


def _why(pair) -> str:
    return f"{pair.why} (confidence {pair.confidence:.2f})"


def lead_html(section) -> str:
    """The clause that leads the document on the theme, and why (``policylens.leads``)."""
    if not section.leads:
        return ""
    lead = section.leads[0]
    return (f"<br><span style='font-weight:normal'>Leads: <a href='{PROVISION_SCHEME}{html.escape(lead.provision.id)}'>"
            f"{html.escape(lead.provision.cite)}</a> — {html.escape(lead.reason)}</span>")


def highlighted_text(provision) -> str:
    """The verbatim text, escaped, with stated quantities and the deadline phrase marked."""
    text = provision.text
    spans = [(q.start, q.end) for q in provision.quantities if 0 <= q.start < q.end <= len(text)]
    if provision.deadline_text:
        at = text.find(provision.deadline_text)
        if at >= 0:
            spans.append((at, at + len(provision.deadline_text)))
    spans.sort()
    out, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(f"<b><u>{html.escape(text[start:end])}</u></b>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def provision_html(provision) -> str:
    background = theme.modality_background(provision.modality)
    chip_style = f"background-color:{background.name()};" if background else ""
    modality = theme.MODALITY_LABELS.get(provision.modality, provision.modality)
    callouts = []
    if provision.deadline_text or provision.deadline_date:
        when, change = in_force(provision.id, provision.deadline_date)
        was = f"<s>{change.original}</s> " if change else ""
        callouts.append(f"Deadline: {was}{html.escape(when or provision.deadline_text)}")
    for q in provision.quantities:
        callouts.append(f"{html.escape(q.kind.replace('_', ' ').capitalize())}: {html.escape(q.text)}")
    callout_html = "".join(f"<div style='font-weight:bold'>{c}</div>" for c in callouts)
    return (f"<p style='margin:0'><a href='{PROVISION_SCHEME}{html.escape(provision.id)}'><b>"
            f"{html.escape(provision.cite)}</b></a> "
            f"<span style='{chip_style}'>&nbsp;{html.escape(modality)} · {html.escape(actor_label(provision.role))}"
            f"&nbsp;</span></p>{callout_html}<p style='margin-top:2px'>{highlighted_text(provision)}</p>")


def moved_dates_html(doc_id: str) -> str:
    """The application dates a later act moved, the original struck through and the act cited."""
    moved = moved_dates(doc_id)
    if not moved:
        return ""
    lines = "".join(f"<br>{html.escape(c.scope)}: <s>{c.original}</s> <b>{c.amended}</b>" for c in moved)
    acts = ", ".join(dict.fromkeys(f"{c.act_name} ({c.adopted})" for c in moved))
    return (f"<div style='font-weight:normal; font-size:small'><b>Dates as amended</b> by "
            f"{html.escape(acts)}:{lines}</div>")


def comparison_html(comparison: ThemeComparison, focus_doc: str = "") -> str:
    """One column per document; corresponding pairs on a row; the unmatched clauses at the end."""
    documents = comparison.documents
    width = f"{100 // max(1, len(documents))}%"
    alarm = theme.alarm_text_colour().name()
    head = []
    for d in documents:
        s = d.standing
        warning = (f"<br><span style='color:{alarm}; font-weight:bold'>{html.escape(s.status_label)}: "
                   f"not law</span>" if theme.is_alarming(s.status) else "")
        mark = " ◀" if s.doc == focus_doc else ""
        head.append(f"<th width='{width}' align='left'>{html.escape(s.short_name)}{mark}<br>"
                    f"{theme.status_badge_html(s.status, s.doc)} <span style='font-weight:normal'>{d.count} "
                    f"provision{'s' if d.count != 1 else ''}</span>{warning}{moved_dates_html(s.doc)}"
                    f"{lead_html(d)}</th>")
    rows, alone = aligned_rows(comparison)
    body = []
    for cells, whys in rows:
        body.append(f"<tr><td colspan='{len(documents)}' style='color:gray'><i>Corresponding: "
                    f"{html.escape(whys[0])}</i></td></tr>")
        body.append("<tr>" + "".join(f"<td valign='top'>{provision_html(cells[d.standing.doc])}</td>"
                                     if d.standing.doc in cells else "<td></td>" for d in documents) + "</tr>")
    if any(alone.values()):
        body.append(f"<tr><td colspan='{len(documents)}'><h3>Without a counterpart in this theme</h3></td></tr>")
        body.append("<tr>" + "".join(
            "<td valign='top'>" + "<hr>".join(provision_html(p) for p in alone[d.standing.doc]) + "</td>"
            for d in documents) + "</tr>")
    if not rows and not any(alone.values()):
        body.append(f"<tr><td colspan='{len(documents)}'>No operative provision on this theme.</td></tr>")
    return (f"<h2>{html.escape(theme_label(comparison.theme))}</h2>"
            f"<p>{len(rows)} rows of corresponding clauses; quantities and deadlines are <b><u>marked</u></b>. "
            f"Click a citation to open it in the reader.</p>"
            f"<table width='100%' cellspacing='0' cellpadding='6' border='1' style='border-collapse:collapse'>"
            f"<tr>{''.join(head)}</tr>{''.join(body)}</table>")


class CompareView(AnalysisView):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.matrix = None
        self.comparisons: dict[str, ThemeComparison] = {}
        self.current_theme = ""
        self._focus_doc = ""
        self._generation = 0

        self.intro = QLabel(MATRIX_INTRO)
        self.intro.setWordWrap(True)
        legend = QHBoxLayout()
        legend.addWidget(self.intro, 1)
        for modality in MODALITY_ORDER:
            colour = theme.modality_accent(modality)
            swatch = QLabel(f"<span style='color:{colour.name() if colour else 'gray'}'>■</span> "
                            f"{theme.MODALITY_LABELS[modality]}")
            legend.addWidget(swatch)

        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.delegate = CountDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setCornerButtonEnabled(False)
        self.table.cellClicked.connect(self._cell_clicked)
        self.table.cellActivated.connect(self._cell_clicked)

        self.side_by_side = QTextBrowser()
        self.side_by_side.setOpenLinks(False)
        self.side_by_side.anchorClicked.connect(self._anchor_clicked)
        self.side_by_side.setPlaceholderText("Click a cell of the matrix to compare that theme across documents.")

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.side_by_side)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(legend)
        layout.addWidget(self.splitter, 1)

    # -- loading --------------------------------------------------------------------------------
    def forget(self) -> None:
        self.comparisons.clear()

    def reload(self) -> None:
        """Compute the coverage matrix in the background, then show it."""
        self._stale = False
        self._generation += 1
        generation = self._generation
        if not self.ctx.documents():
            self.table.clear()
            return
        self.intro.setText("Counting provisions per theme and document…")
        task = self.ctx.run_task("Counting provisions per theme",
                                 lambda ws, progress, cancel: coverage_matrix(ws), changes_workspace=False)
        task.succeeded.connect(lambda matrix: self._show_matrix(matrix, generation))
        task.failed.connect(self.intro.setText)

    def _show_matrix(self, matrix, generation: int) -> None:
        if generation != self._generation:
            return
        self.matrix = matrix
        self.intro.setText(MATRIX_INTRO)
        table = self.table
        table.clear()
        table.setRowCount(len(matrix.themes))
        table.setColumnCount(len(matrix.documents))
        # a status is never cut ("VETOED", "NOT LAW" must be read whole): each is set over as many
        # lines as the longest word of any needs, no column is narrower, and a name longer than
        # that ends in an ellipsis (the tooltip has it whole)
        metrics = QFontMetrics(theme.bold_font())
        width = max(metrics.horizontalAdvance(word)
                    for word in [NOT_LAW] + [w for d in matrix.documents for w in d.status_label.upper().split()])
        for column, standing in enumerate(matrix.documents):
            lines = _wrapped(standing.status_label.upper(), width, metrics)
            if theme.is_alarming(standing.status):
                lines.append(NOT_LAW)
            name = metrics.elidedText(standing.short_name, Qt.TextElideMode.ElideRight, width)
            header = QTableWidgetItem("\n".join([name] + lines))
            background, foreground = theme.status_colours(standing.status)
            header.setBackground(background)
            header.setForeground(foreground)
            header.setFont(theme.bold_font())
            header.setToolTip(f"{standing.short_name} ({standing.jurisdiction}): {standing.status_label}")
            table.setHorizontalHeaderItem(column, header)
        table.horizontalHeader().setMinimumSectionSize(width + HEADER_PADDING)
        self.delegate.largest = max([matrix.count(t, d.doc) for t in matrix.themes for d in matrix.documents] + [1])
        for row, theme_id in enumerate(matrix.themes):
            table.setVerticalHeaderItem(row, QTableWidgetItem(theme_label(theme_id)))
            for column, standing in enumerate(matrix.documents):
                counts = [(m, matrix.count(theme_id, standing.doc, m)) for m in MODALITY_ORDER]
                counts = [(m, n) for m, n in counts if n]
                total = sum(n for _, n in counts)
                item = QTableWidgetItem(str(total) if total else "–")
                item.setData(CountsRole, counts)
                item.setData(ThemeRole, theme_id)
                item.setToolTip(f"<b>{theme_label(theme_id)}</b> in {standing.short_name}<br>" + (
                    "<br>".join(f"{theme.MODALITY_LABELS[m]}: {n}" for m, n in counts) or "no provision"))
                table.setItem(row, column, item)
        table.resizeRowsToContents()

    # -- the side-by-side view ------------------------------------------------------------------
    def _cell_clicked(self, row: int, column: int) -> None:
        if self.matrix is None or not (0 <= row < len(self.matrix.themes)):
            return
        self.show_theme(self.matrix.themes[row], self.matrix.documents[column].doc)

    def show_theme(self, theme_id: str, focus_doc: str = "") -> None:
        """Show ``theme_id`` side by side (computed in the background the first time)."""
        self.current_theme, self._focus_doc = theme_id, focus_doc
        if theme_id in self.comparisons:
            self._render()
            return
        self.side_by_side.setHtml(f"<p>Comparing <b>{html.escape(theme_label(theme_id))}</b>…</p>")
        generation = self._generation
        task = self.ctx.run_task(f"Comparing {in_sentence(theme_label(theme_id))}",
                                 lambda ws, progress, cancel: compare_theme(ws, theme_id), changes_workspace=False)
        task.succeeded.connect(lambda comparison: self._comparison_ready(comparison, generation))
        task.failed.connect(lambda message: self.side_by_side.setPlainText(message))

    def _comparison_ready(self, comparison: ThemeComparison, generation: int) -> None:
        if generation != self._generation:
            return
        self.comparisons[comparison.theme] = comparison
        if comparison.theme == self.current_theme:
            self._render()

    def _render(self) -> None:
        comparison = self.comparisons[self.current_theme]
        self.side_by_side.setHtml(comparison_html(comparison, self._focus_doc))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.matrix is not None:
            self._show_matrix(self.matrix, self._generation)
            if self.current_theme in self.comparisons:
                self._render()

    def _anchor_clicked(self, url) -> None:
        target = url.toString()
        if target.startswith(PROVISION_SCHEME):
            self.provisionActivated.emit(target[len(PROVISION_SCHEME):])

    def shown_provisions(self) -> dict[str, list[str]]:
        """Provision ids of the shown theme per document (what the side-by-side view lists)."""
        comparison = self.comparisons.get(self.current_theme)
        if comparison is None:
            return {}
        return {d.standing.doc: [p.id for g in d.groups for p in g.provisions] for d in comparison.documents}


def _wrapped(status: str, width: int, metrics: QFontMetrics) -> list[str]:
    """``status`` in lines no wider than ``width`` (that of the longest word): "NON-BINDING
    (SUPERSEDED)" → "NON-BINDING", "(SUPERSEDED)"."""
    lines: list[str] = []
    for word in status.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
