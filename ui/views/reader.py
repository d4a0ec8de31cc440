"""The reader: a document's provisions in reading order, coloured by what they oblige.

Each provision is one text block: its citation hangs in the left margin, its text is tinted with
its modality's colour, the phrase that decided the modality is emphasised, and the actor who bears
the duty is underlined.  Page numbers of the original appear where a new page starts.  Clicking a
block selects the provision (``provisionActivated``).

Annotations show as a coloured marker in the margin beside their provision and, when they quote
part of it, as a highlight of the quote in the annotation's colour.  Both are drawn over the text
(a painted marker, an extra selection), so a change of annotations never re-renders the document.
Selected text (or the current provision) is annotated with ``annotate``.
"""

from __future__ import annotations

import bisect
import re

from policylens_ui import theme
from policylens_ui.context import AppContext, node_id_of
from policylens_ui.views.annotation_editor import AnnotationEditor, AnnotationInput
from policylens_ui.views.status_banner import StatusBanner
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from policylens import annotations
from policylens.annotations import ANCHORED, Annotation, AnnotationError
from policylens.citations import titled
from policylens.model import Node
from policylens.workspace import WorkspaceError

MARGIN_PX = 150
HEADING_KINDS = {"chapter", "section", "subsection", "article", "annex", "part", "preamble", "bill_section",
                 "code_section", "principle", "heading", "front", "preface", "closing"}
NO_BLOCK = -1
MARKER_WIDTH_PX = 5
QUOTE_ALPHA = {False: 110, True: 70}   # by dark palette: a quote's tint must not hide the modality cue


def shown_positions(text: str) -> list[int]:
    """For each character of the text as the reader shows it (whitespace runs collapsed to one
    space), its position in the provision's stored text."""
    positions: list[int] = []
    for number, word in enumerate(re.finditer(r"\S+", text)):
        if number:
            positions.append(word.start() - 1)
        positions.extend(range(word.start(), word.end()))
    return positions


def to_shown(positions: list[int], start: int, end: int) -> tuple[int, int]:
    """A stored-text range as a range of the shown text."""
    return bisect.bisect_left(positions, start), bisect.bisect_left(positions, end)


def to_stored(positions: list[int], start: int, end: int) -> tuple[int, int]:
    """A shown-text range as a range of the stored text."""
    if not positions or start >= end:
        return 0, 0
    return positions[min(start, len(positions) - 1)], positions[min(end, len(positions)) - 1] + 1


def cue_phrase(cue) -> str:
    """The words the extractor matched, from a cue such as "shall: 'shall'" or {"span": …}."""
    if isinstance(cue, str):
        quoted = re.findall(r"'([^']+)'", cue)
        return quoted[-1] if quoted and not cue.startswith("inherited") else ""
    if isinstance(cue, dict):
        span = cue.get("span")
        return span if isinstance(span, str) else ""
    return ""


def clause_pieces(text: str, parts: list[dict]) -> list[tuple[str, dict]]:
    """``text`` cut where a later unit of the sentence states a clause of its own ("…, and the
    council shall elect …"), each piece with the unit it shows; else the whole text with the
    first unit."""
    starts = []
    for part in parts[1:]:
        clause = " ".join((part.get("text") or "").split())
        at = text.find(clause) if clause and clause != text else -1
        if at > 0:
            starts.append((at, part))
    pieces, position, current = [], 0, parts[0]
    for at, part in sorted(starts, key=lambda s: s[0]):
        pieces.append((text[position:at], current))
        position, current = at, part
    return pieces + [(text[position:], current)]


def find_span(text: str, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` occurs in ``text`` (whole words, case-insensitive)."""
    phrase = phrase.strip()
    if not phrase:
        return None
    match = re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


class ModalityLegend(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chips: list[QLabel] = []
        for modality in theme.MODALITIES:
            chip = QLabel(theme.MODALITY_LABELS[modality])
            chip.setObjectName(f"legend-{modality}")
            self.chips.append(chip)
            layout.addWidget(chip)
        actor = QLabel("<u><b>actor</b></u> = who bears the duty")
        layout.addWidget(actor)
        layout.addStretch(1)
        self.restyle()

    def restyle(self) -> None:
        text = QApplication.palette().color(QPalette.ColorRole.WindowText).name()
        for chip, modality in zip(self.chips, theme.MODALITIES):
            chip.setStyleSheet(
                f"QLabel {{ background: {theme.modality_background(modality).name()}; color: {text}; "
                f"border-left: 4px solid {theme.modality_accent(modality).name()}; padding: 2px 6px; }}")


class ReaderText(QTextBrowser):
    """The text pane; maps clicks and keyboard moves to provisions."""

    provisionClicked = Signal(str)
    annotateRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.node_ids: list[str] = []   # block user state → node id
        self.markers: dict[int, list[str]] = {}   # block number → colours of its annotations

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self.markers:
            return
        painter = QPainter(self.viewport())
        layout = self.document().documentLayout()
        offset = self.verticalScrollBar().value()
        height = self.viewport().height()
        for number, colours in self.markers.items():
            rect = layout.blockBoundingRect(self.document().findBlockByNumber(number))
            top = rect.top() - offset
            if top > height or top + rect.height() < 0:
                continue
            share = rect.height() / len(colours)
            for n, colour in enumerate(colours):
                painter.fillRect(QRectF(2, top + n * share, MARKER_WIDTH_PX, share), QColor(colour))
        painter.end()

    def node_at(self, pos) -> str | None:
        state = self.cursorForPosition(pos).block().userState()
        return self.node_ids[state] if 0 <= state < len(self.node_ids) else None

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        action = menu.addAction("Annotate…" + ("" if self.textCursor().hasSelection() else " this provision"))
        action.setShortcut(QKeySequence("Ctrl+M"))
        if not self.textCursor().hasSelection():
            node_id = self.node_at(event.pos())
            if node_id:
                self.provisionClicked.emit(node_id)
        action.triggered.connect(self.annotateRequested.emit)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            node_id = self.node_at(event.position().toPoint())
            if node_id:
                self.provisionClicked.emit(node_id)


class ReaderView(QWidget):
    """Reads one document; other views navigate it with ``show_provision``."""

    provisionActivated = Signal(str)
    pageRequested = Signal(str)  # node id whose original page should be shown

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id: str | None = None
        self.current: str | None = None
        self._blocks: dict[str, int] = {}
        self._order: list[str] = []   # node ids of blocks that are provisions, in reading order
        self._text_starts: dict[str, int] = {}   # node id → where its text starts in the document
        self._positions: dict[str, list[int]] = {}   # node id → shown_positions of its text
        self._quote_selections: list[QTextEdit.ExtraSelection] = []
        self._current_selection: list[QTextEdit.ExtraSelection] = []
        self.shown_annotations: list[Annotation] = []

        self.banner = StatusBanner()
        self.legend = ModalityLegend()
        self.page_button = QPushButton("Original page")
        self.page_button.setToolTip("Show the page of the original PDF this provision was read from")
        self.page_button.setEnabled(False)
        self.page_button.clicked.connect(lambda: self.current and self.pageRequested.emit(self.current))
        self.text = ReaderText()
        self.text.setFont(theme.body_font())
        self.text.provisionClicked.connect(self._clicked)
        self.text.annotateRequested.connect(self.annotate)
        self.placeholder = QLabel("Choose a document in the library, or press Ctrl+K to search.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(self.legend, 1)
        top.addWidget(self.page_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.placeholder, 1)
        self.text.hide()
        ctx.workspaceChanged.connect(self.reload)
        ctx.annotations.changed.connect(self.show_annotations)

    # -- navigation ---------------------------------------------------------------------------
    def show_document(self, doc_id: str) -> None:
        if doc_id != self.doc_id:
            self._render(doc_id)
        self.text.verticalScrollBar().setValue(0)

    def show_provision(self, provision_id: str) -> None:
        node = self.ctx.node(provision_id)
        if node is None:
            return
        if node.doc != self.doc_id:
            self._render(node.doc)
        self._select(self._block_node(node), scroll=True)

    def next_provision(self, step: int = 1) -> None:
        if not self._order:
            return
        position = self._order.index(self.current) if self.current in self._order else -1
        target = self._order[max(0, min(len(self._order) - 1, position + step))]
        self._select(target, scroll=True)
        self.provisionActivated.emit(target)

    def reload(self) -> None:
        doc_id, current = self.doc_id, self.current
        self.doc_id = None
        if doc_id and self.ctx.document(doc_id):
            self._render(doc_id)
            if current:
                self._select(current, scroll=True)
        else:
            self._clear()

    def current_document(self) -> str | None:
        return self.doc_id

    # -- rendering ----------------------------------------------------------------------------
    def _clear(self) -> None:
        self.doc_id = self.current = None
        self.text.clear()
        self.text.markers = {}
        self.shown_annotations = []
        self.banner.show_document(None)
        self.text.hide()
        self.placeholder.show()

    def _render(self, doc_id: str) -> None:
        doc = self.ctx.document(doc_id)
        if doc is None:
            self._clear()
            return
        self.doc_id, self.current = doc_id, None
        self.banner.show_document(doc, self.ctx.ws)
        self.legend.restyle()
        nodes = self.ctx.nodes(doc_id)
        extractions = self.ctx.extractions(doc_id)
        document = QTextDocument(self.text)
        document.setDefaultFont(theme.body_font())
        document.setDocumentMargin(12)
        cursor = QTextCursor(document)
        self.text.node_ids = []
        self._blocks = {}
        self._order = []
        self._text_starts = {}
        self._positions = {}
        split_into_sentences = {n.parent for n in nodes if n.kind == "sentence"}
        page = None
        first = True
        for node in nodes:
            if node.page and (page is None or node.page > page) and doc.source_format == "pdf":
                page = node.page
                self._insert_page_marker(cursor, page, first)
                first = False
            if node.kind in HEADING_KINDS and (node.heading or not node.text):
                self._insert_heading(cursor, node, first)
                first = False
            if node.text and node.id not in split_into_sentences:
                self._insert_provision(cursor, node, extractions.get(node.id) or [{}], first)
                first = False
        self.text.setDocument(document)
        self._current_selection = []
        self.show_annotations()
        self.placeholder.hide()
        self.text.show()
        self.page_button.setEnabled(False)

    def _new_block(self, cursor: QTextCursor, fmt: QTextBlockFormat, first: bool) -> None:
        if first:
            cursor.setBlockFormat(fmt)
        else:
            cursor.insertBlock(fmt)

    def _register(self, cursor: QTextCursor, node_id: str) -> None:
        cursor.block().setUserState(len(self.text.node_ids))
        self.text.node_ids.append(node_id)
        self._blocks.setdefault(node_id, cursor.block().blockNumber())

    def _insert_page_marker(self, cursor: QTextCursor, page: int, first: bool) -> None:
        fmt = QTextBlockFormat()
        fmt.setAlignment(Qt.AlignmentFlag.AlignRight)
        fmt.setTopMargin(4)
        self._new_block(cursor, fmt, first)
        char = QTextCharFormat()
        char.setForeground(theme.muted_text_colour())
        char.setFontPointSize(max(7.0, self.text.font().pointSizeF() - 2))
        cursor.insertText(f"— page {page} —", char)

    def _insert_heading(self, cursor: QTextCursor, node: Node, first: bool) -> None:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(14)
        fmt.setBottomMargin(4)
        self._new_block(cursor, fmt, first)
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold)
        char.setFontPointSize(self.text.font().pointSizeF() + (3 if node.parent is None else 1))
        cursor.insertText(titled(node.cite, node.heading) or node.label, char)
        self._register(cursor, node.id)

    def _insert_provision(self, cursor: QTextCursor, node: Node, parts: list[dict], first: bool) -> None:
        fmt = QTextBlockFormat()
        fmt.setLeftMargin(MARGIN_PX)
        fmt.setTextIndent(-MARGIN_PX)
        fmt.setTabPositions([QTextOption.Tab(MARGIN_PX, QTextOption.TabType.LeftTab)])
        fmt.setBottomMargin(3)
        self._new_block(cursor, fmt, first)
        margin = QTextCharFormat()
        margin.setForeground(theme.muted_text_colour())
        cursor.insertText(margin_cite(node.cite) + "\t", margin)
        self._register(cursor, node.id)
        if node.is_unit:
            self._order.append(node.id)
        self._text_starts[node.id] = cursor.position()
        self._positions[node.id] = shown_positions(node.text)
        for piece, extraction in clause_pieces(" ".join(node.text.split()), parts):
            self._insert_marked_text(cursor, piece, extraction)

    def _insert_marked_text(self, cursor: QTextCursor, text: str, extraction: dict) -> None:
        modality = extraction.get("modality", "none")
        base = QTextCharFormat()
        background = theme.modality_background(modality)
        if background is not None:
            base.setBackground(background)
        marks: list[tuple[int, int, QTextCharFormat]] = []
        cues = extraction.get("cues") or {}
        span = find_span(text, cue_phrase(cues.get("modality")))
        if span and background is not None:
            strong = QTextCharFormat(base)
            strong.setFontWeight(QFont.Weight.Bold)
            strong.setForeground(theme.modality_accent(modality))
            marks.append((*span, strong))
        actor_words = cue_phrase(cues.get("actor")) or extraction.get("actor_text", "")
        actor = find_span(text, actor_words) if extraction.get("actor_explicit") else None
        if actor and not (span and actor[0] < span[1] and span[0] < actor[1]):
            underlined = QTextCharFormat(base)
            underlined.setFontUnderline(True)
            underlined.setFontWeight(QFont.Weight.DemiBold)
            marks.append((*actor, underlined))
        position = 0
        for start, end, fmt in sorted(marks, key=lambda m: m[0]):
            cursor.insertText(text[position:start], base)
            cursor.insertText(text[start:end], fmt)
            position = end
        cursor.insertText(text[position:], base)

    # -- selection ----------------------------------------------------------------------------
    def _block_node(self, node: Node) -> str:
        """The block that shows ``node``: its own, its first descendant's, or its nearest ancestor's."""
        if node.id in self._blocks:
            return node.id
        prefix = node.id + "/"
        descendant = next((n.id for n in self.ctx.nodes(node.doc) if n.id.startswith(prefix) and n.id in self._blocks),
                          None)
        if descendant:
            return descendant
        current: Node | None = node
        while current and current.id not in self._blocks:
            current = self.ctx.node(current.parent) if current.parent else None
        return current.id if current else node.id

    def _select(self, node_id: str, scroll: bool) -> None:
        number = self._blocks.get(node_id_of(node_id), NO_BLOCK)
        if number == NO_BLOCK:
            return
        self.current = node_id_of(node_id)
        block = self.text.document().findBlockByNumber(number)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = QTextCursor(block)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        highlight = QColor(QApplication.palette().color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(60)
        selection.format.setBackground(highlight)
        self._current_selection = [selection]
        self.text.setExtraSelections(self._current_selection + self._quote_selections)
        if scroll:
            cursor = QTextCursor(block)
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
            rect = self.text.cursorRect(cursor)
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 4)
        node = self.ctx.node(self.current)
        doc = self.ctx.document(self.doc_id) if self.doc_id else None
        self.page_button.setEnabled(bool(node and node.page and doc and doc.source_format == "pdf"))

    def _clicked(self, node_id: str) -> None:
        self._select(node_id, scroll=False)
        self.provisionActivated.emit(node_id)

    # -- annotations --------------------------------------------------------------------------
    def show_annotations(self) -> None:
        """Mark the document's annotations: a margin marker per provision, quotes highlighted."""
        if self.doc_id is None:
            return
        self.shown_annotations = annotations.list_annotations(self.ctx.ws, doc=self.doc_id, state=ANCHORED)
        markers: dict[int, list[str]] = {}
        self._quote_selections = []
        for ann in self.shown_annotations:
            node = self.ctx.node(ann.node_id)
            if node is None:
                continue
            number = self._blocks.get(self._block_node(node), NO_BLOCK)
            if number != NO_BLOCK:
                markers.setdefault(number, []).append(ann.color)
            quoted = self._quote_selection(ann)
            if quoted is not None:
                self._quote_selections.append(quoted)
        self.text.markers = markers
        self.text.setExtraSelections(self._current_selection + self._quote_selections)
        self.text.viewport().update()

    def _quote_selection(self, ann: Annotation) -> QTextEdit.ExtraSelection | None:
        """The annotation's quote highlighted in its colour, when it quotes part of a shown text (a
        note on a whole provision has its margin marker only: a tint over all of it would hide the
        modality colours)."""
        if ann.node_id not in self._text_starts or ann.start is None or ann.end is None or ann.start >= ann.end:
            return None
        positions = self._positions[ann.node_id]
        start, end = to_shown(positions, ann.start, ann.end)
        if start == 0 and end >= len(positions):
            return None
        base = self._text_starts[ann.node_id]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(base + start)
        cursor.setPosition(base + end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        colour = QColor(ann.color)
        colour.setAlpha(QUOTE_ALPHA[theme.is_dark()])
        selection.format.setBackground(colour)
        selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        selection.format.setUnderlineColor(QColor(ann.color).darker(150))
        return selection

    def annotation_target(self) -> tuple[str, int | None, int | None, str] | None:
        """What ``annotate`` would annotate: (node id, start, end, quote) of the selected text
        within one provision (clipped to the provision where the selection starts), else the
        current provision as a whole (start and end None)."""
        cursor = self.text.textCursor()
        if cursor.hasSelection():
            block = self.text.document().findBlock(cursor.selectionStart())
            state = block.userState()
            node_id = self.text.node_ids[state] if 0 <= state < len(self.text.node_ids) else None
            if node_id in self._text_starts:
                node = self.ctx.node(node_id)
                base = self._text_starts[node_id]
                block_end = block.position() + block.length() - 1
                start = max(cursor.selectionStart(), base) - base
                end = min(cursor.selectionEnd(), block_end) - base
                begin, finish = to_stored(self._positions[node_id], start, end)
                if finish > begin and node is not None:
                    return node_id, begin, finish, node.text[begin:finish]
        if self.current:
            return self.current, None, None, ""
        return None

    def annotate(self, value: AnnotationInput | None = None) -> Annotation | None:
        """Annotate the selected text or the current provision; ask for the note unless given."""
        target = self.annotation_target()
        if target is None:
            QMessageBox.information(self, "Annotate", "Select some text or a provision in the reader first.")
            return None
        node_id, start, end, quote = target
        node = self.ctx.node(node_id)
        if value is None:
            editor = AnnotationEditor(node.cite or node.label if node else node_id, quote,
                                      list(annotations.tags(self.ctx.ws)), parent=self)
            if editor.exec() != AnnotationEditor.DialogCode.Accepted:
                return None
            value = editor.value()
        try:
            return self.ctx.annotations.create(node_id, note=value.note, tags=value.tags, color=value.color,
                                               start=start, end=end)
        except (AnnotationError, WorkspaceError) as exc:
            QMessageBox.warning(self, "Annotation not saved", str(exc))
            return None

    def shortcuts(self) -> list[tuple[str, QKeySequence, object]]:
        """Keyboard actions the main window puts in its Go menu."""
        return [("Next provision", QKeySequence("Alt+Down"), lambda: self.next_provision(1)),
                ("Previous provision", QKeySequence("Alt+Up"), lambda: self.next_provision(-1))]


MARGIN_CHARS = 22


def margin_cite(cite: str) -> str:
    """A citation as the margin has room for it.  The heading above names the code a section
    belongs to and its keyword, so a long citation drops them ("Bus. & Prof. Code § 22757.12(a)"
    → "§ 22757.12(a)", "Section 3(a)(i)(E), fn. 20" → "3(a)(i)(E), fn. 20"); what is still too
    long loses its start, not the label that tells the provision apart."""
    if "§" in cite:
        cite = cite[cite.index("§"):]
    if len(cite) > MARGIN_CHARS:
        cite = re.sub(r"^[^\d§]*(?=\d)", "", cite)
    return cite if len(cite) <= MARGIN_CHARS else "…" + cite[-(MARGIN_CHARS - 1):]
