"""The provision tree of an EU regulation as printed in the Official Journal (built for Regulation 2024/1689).

The PDF's lines are first grouped into typographic blocks (a gap larger than the line pitch, a
change between bold and regular type, or a page turn after a finished sentence starts a block).
Each block is then read by its first words:

* ``CHAPTER IV``, ``SECTION 2``, ``Article 9``, ``ANNEX III`` open containers; the bold blocks
  after them are their headings;
* ``(26)`` between "Whereas:" and "HAVE ADOPTED THIS REGULATION:" opens recital 26;
* ``2.``, ``(b)``, ``(iv)``, ``—`` open paragraphs, points, sub-points and indents.  An enumerator
  is accepted only where it continues the numbering of an open list or starts a new one, so a
  "(2)" or "Article 6(2)" that happens to begin a line inside a sentence is left as text;
* any other block is a subparagraph of the deepest open element it is indented under.

Recitals and articles must be numbered 1, 2, 3 … in order; a heading-like line that breaks the
sequence is text, not a new unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policylens.ingest.pdf import OJ_MASTHEAD
from policylens.ingest.source import Footnote, Line, SourceText
from policylens.model import Node
from policylens.structure.units import inserts_quotation, quotation_closed, split_sentences

_BLOCK_GAP = 1.4          # a vertical gap above this many type sizes separates blocks
_INDENT = 5.0             # points: text indented this much more than the label belongs to the item
_CENTRED_X = 120.0        # a block starting right of this (in a 595-pt page) is centred, i.e. a title

_CHAPTER = re.compile(r"^CHAPTER ([IVXLC]+)$")
_SECTION = re.compile(r"^SECTION (\d+)$")
_ARTICLE = re.compile(r"^Article (\d+)$")
_ANNEX = re.compile(r"^ANNEX ([IVXLC]+)$")
_ANNEX_SECTION = re.compile(r"^Section ([A-Z]|\d+)(?:\.\s+|\s+—\s+|$)(.*)$")
_RECITAL = re.compile(r"^\((\d{1,3})\)\s+(.*)$")
_PARAGRAPH = re.compile(r"^(\d{1,3})\.\s+(.*)$")
_DOTTED = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(.*)$")
_PAREN_ITEM = re.compile(r"^\(([a-z]{1,4}|\d{1,3})\)\s+(.*)$")
_INDENT_ITEM = re.compile(r"^[—–]\s+(.*)$")
_QUOTED_NOTE = re.compile(r"^(\(\*+\))\s+(.*)$")
_WHEREAS = re.compile(r"^Whereas\s*:$")
# EUR-Lex HTML prints the masthead as one line: "Official Journal of the European Union EN L series"
_HTML_MASTHEAD = re.compile(r"^Official Journal of the European Union\b")
_AUTHORITY = re.compile(r"^(?:THE EUROPEAN|THE COUNCIL|THE COMMISSION|Having regard)")
_ENACTING = re.compile(r"^HAVE ADOPTED THIS (?:REGULATION|DIRECTIVE|DECISION)\s*:$")
_CLOSING = re.compile(r"^(?:This (?:Regulation|Directive|Decision) shall be binding in its entirety|Done at )")
_NOTE_MARKER = re.compile(r"(?<![\w(])\((\d{1,3})\)")
_ROMAN = re.compile(r"^(?=[ivxl]+$)l?x{0,3}(?:ix|iv|v?i{0,3})$")

_RANKS = {"unit": 0, "num": 1, "dotted": 2, "alpha": 3, "pnum": 3, "roman": 4, "indent": 5}
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


@dataclass
class _Block:
    """Consecutive lines that print as one paragraph of type."""

    lines: list[Line]

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def text(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)


@dataclass
class _Frame:
    """An open element that later blocks can be children or subparagraphs of."""

    node: Node
    rank: float
    x: float
    child_type: str | None = None
    last_label: str = ""
    last_x: float = 0.0
    subparagraphs: int = 1
    indents: int = 0
    is_subparagraph: bool = False
    list_stem: str = ""     # the stem of the list hung here from one of its subparagraphs
    quoting: bool = False   # in the quotation of the text an amendment inserts


def parse(source: SourceText, doc_id: str) -> list[Node]:
    """The provisions of an OJ-printed EU act, parents before children, in reading order."""
    builder = _TreeBuilder(doc_id)
    blocks = _blocks(source.lines)
    for block, following in zip(blocks, blocks[1:] + [None]):
        builder.read(block, following)
    nodes = builder.nodes
    _attach_notes(nodes, builder.pages, source.footnotes)
    for order, node in enumerate(nodes):
        node.order = order
    return nodes


def _blocks(lines: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    for line in lines:
        if not line.text.strip():
            continue
        if blocks and not _starts_block(blocks[-1].lines[-1], line):
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block([line]))
    return blocks


def _starts_block(previous: Line, line: Line) -> bool:
    if line.page is None:
        return True     # HTML and text readers give one paragraph per line already
    if line.bold != previous.bold:
        return True
    if _CHAPTER.match(line.text) or _SECTION.match(line.text) or _ARTICLE.match(line.text) or _ANNEX.match(line.text):
        return True
    if line.page == previous.page:
        return previous.y - line.y > _BLOCK_GAP * max(line.size, previous.size)
    finished = previous.text.rstrip().endswith((".", ":", ";"))
    enumerated = any(pattern.match(line.text) for pattern in (_PARAGRAPH, _DOTTED, _PAREN_ITEM, _INDENT_ITEM))
    return enumerated or (finished and line.text[:1].isupper())


def _list_stem(text: str) -> str:
    """The sentence that introduces a list: the last one of the text before it, when that ends with
    ":" ("… The Board may in particular:" gives its items the "may", not the sentence before)."""
    if not text.rstrip().endswith(":"):
        return ""
    sentences = split_sentences(text)
    return sentences[-1] if sentences else ""


def _ordinal(number: int) -> str:
    return _ORDINALS[number - 1] if number <= len(_ORDINALS) else f"{number}th"


def _successor(label: str, kind: str) -> str:
    if kind in ("num", "pnum"):
        return str(int(label) + 1)
    if kind == "roman":
        return _int_to_roman(_roman_to_int(label) + 1)
    if kind == "alpha":
        return chr(ord(label[-1]) + 1) if len(label) == 1 else ""
    return label


def _roman_to_int(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for char, following in zip(text, text[1:] + " "):
        value = values[char]
        total += -value if following != " " and values[following] > value else value
    return total


def _int_to_roman(number: int) -> str:
    parts = [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in parts:
        while number >= value:
            out += letters
            number -= value
    return out


class _TreeBuilder:
    """Reads blocks in order and keeps track of where in the act they fall."""

    def __init__(self, doc_id: str):
        self.doc = doc_id
        self.nodes: list[Node] = []
        self.ids: set[str] = set()
        self.pages: dict[str, list[int]] = {}
        self.part = "preamble"
        self.preamble_root: Node | None = None
        self.closing_root: Node | None = None
        self.signatures: Node | None = None
        self.chapter: Node | None = None
        self.section: Node | None = None
        self.annex: Node | None = None
        self.stack: list[_Frame] = []
        self.heading_target: Node | None = None
        self.pending_annex_section: Node | None = None
        self.last_recital = 0
        self.last_article = 0
        self.recital: Node | None = None
        self.last_block: _Block | None = None
        self.next_block: _Block | None = None

    # -- node bookkeeping -------------------------------------------------------------------
    def _add(self, path: str, kind: str, block: _Block | None, *, label: str = "", cite: str = "",
             section: str = "", heading: str = "", text: str = "", parent: Node | None = None) -> Node:
        node = Node(id=f"{self.doc}/{path}", doc=self.doc, kind=kind, label=label, cite=cite,
                    section=section, heading=heading, text=text,
                    page=block.first.page if block else None, parent=parent.id if parent else None)
        self.nodes.append(node)
        self.ids.add(node.id)
        self.pages[node.id] = sorted({line.page for line in block.lines if line.page}) if block else []
        return node

    def _append_text(self, node: Node, block: _Block, text: str | None = None) -> None:
        addition = block.text if text is None else text
        node.text = f"{node.text} {addition}".strip() if node.text else addition
        self.pages.setdefault(node.id, []).extend(line.page for line in block.lines if line.page)

    def _path(self, node: Node) -> str:
        return node.id[len(self.doc) + 1:]

    # -- dispatch -----------------------------------------------------------------------------
    def read(self, block: _Block, following: _Block | None = None) -> None:
        self.next_block = following
        self._read(block)
        self.last_block = block

    def _read(self, block: _Block) -> None:
        first = block.first.text.strip()
        if self.heading_target is not None:
            target_untitled = not self.heading_target.heading
            # titles are bold or centred; in EUR-Lex HTML, whose labels are bold too, a bold
            # "Article 2" is the next label (in the PDF it ends a title: "… in accordance with Article 49")
            opens = block.first.page is None and any(p.match(first) for p in (_CHAPTER, _SECTION, _ARTICLE, _ANNEX))
            if not opens and (block.first.bold or (target_untitled and block.first.x > _CENTRED_X)):
                target = self.heading_target
                target.heading = f"{target.heading} {block.text}".strip()
                return
            self.heading_target = None
        if self.part == "preamble":
            self._read_preamble(block, first)
        elif self.part == "recitals":
            self._read_recital(block, first)
        elif self.part in ("enacting", "closing", "annexes") and self._opens_container(block, first):
            return
        elif self.part == "closing":
            self._add_closing(block)
        elif self.part == "enacting" and _CLOSING.match(first):
            self.part = "closing"
            self.stack = []
            self._add_closing(block)
        elif self.stack:
            self._read_body(block)
        else:
            self._add_preamble_block(block)

    def _read_preamble(self, block: _Block, first: str) -> None:
        if OJ_MASTHEAD.match(first) or _HTML_MASTHEAD.match(first):
            return      # the Official Journal's masthead, which the PDF reader drops as page furniture
        if self.preamble_root is None:
            self.preamble_root = self._add("preamble", "preamble", block, cite="Preamble", section="Preamble")
            if block.first.bold:
                self.preamble_root.heading = block.text
                self.heading_target = self.preamble_root
                return
        if not self.preamble_root.text and not _AUTHORITY.match(first) and not any(
                n.parent == self.preamble_root.id for n in self.nodes):
            # the act's title before its enacting authority (bold in the OJ PDF, plain in EUR-Lex HTML)
            self.preamble_root.heading = f"{self.preamble_root.heading} {block.text}".strip()
            return
        self._add_preamble_block(block)
        if _WHEREAS.match(first):
            self.part = "recitals"

    def _add_preamble_block(self, block: _Block) -> None:
        if self.preamble_root is None:
            self.preamble_root = self._add("preamble", "preamble", None, cite="Preamble", section="Preamble")
        count = sum(1 for node in self.nodes if node.parent == self.preamble_root.id) + 1
        self._add(f"preamble/{count}", "preamble", block, cite="Preamble", section="Preamble",
                  text=block.text, parent=self.preamble_root)

    def _read_recital(self, block: _Block, first: str) -> None:
        match = _RECITAL.match(block.text)
        if match and int(match.group(1)) == self.last_recital + 1:
            self.last_recital += 1
            number = self.last_recital
            self.recital = self._add(f"recital-{number}", "recital", block, label=f"({number})",
                                     cite=f"Recital {number}", section=f"Recital {number}", text=match.group(2))
        elif _ENACTING.match(first):
            # "HAVE ADOPTED THIS REGULATION:" follows the recitals: its own element, so that
            # reading order keeps it after them rather than inside the preamble before them
            self.part = "enacting"
            self._add("enacting", "preamble", block, cite="Enacting formula", section="Preamble", text=block.text)
        elif self.recital is not None:
            self._append_text(self.recital, block)
        else:
            self._add_preamble_block(block)

    def _opens_container(self, block: _Block, first: str) -> bool:
        """Chapters, sections, articles and annexes; False when the block is none of them."""
        # the OJ prints these labels in roman type; EUR-Lex HTML sets them as bold headings
        single = len(block.lines) == 1 and (not block.first.bold or block.first.page is None)
        chapter, section = _CHAPTER.match(first), _SECTION.match(first)
        article, annex = _ARTICLE.match(first), _ANNEX.match(first)
        if single and chapter and self.part == "enacting":
            numeral = chapter.group(1)
            self.chapter = self._add(f"chapter-{numeral.lower()}", "chapter", block, label=numeral,
                                     cite=f"Chapter {numeral}", section=f"Chapter {numeral}")
            self.section, self.stack, self.heading_target = None, [], self.chapter
            return True
        if single and section and self.part == "enacting" and self.chapter is not None:
            number = section.group(1)
            self.section = self._add(f"{self._path(self.chapter)}/section-{number}", "section", block,
                                     label=number, cite=f"{self.chapter.cite}, Section {number}",
                                     section=f"{self.chapter.section}, Section {number}", parent=self.chapter)
            self.stack, self.heading_target = [], self.section
            return True
        if single and article and self.part == "enacting" and int(article.group(1)) == self.last_article + 1:
            self.last_article += 1
            number = self.last_article
            node = self._add(f"art-{number}", "article", block, label=str(number), cite=f"Art. {number}",
                             section=f"Article {number}", parent=self.section or self.chapter)
            self.stack, self.heading_target = [_Frame(node, 0, block.first.x)], node
            return True
        if single and annex and self.part in ("closing", "annexes"):
            self.part = "annexes"
            numeral = annex.group(1)
            self.annex = self._add(f"annex-{numeral.lower()}", "annex", block, label=numeral,
                                   cite=f"Annex {numeral}", section=f"Annex {numeral}")
            self.stack, self.heading_target = [_Frame(self.annex, 0, block.first.x)], self.annex
            self.pending_annex_section = None
            return True
        if self.part == "annexes" and self.annex is not None:
            return self._opens_annex_section(block, first)
        return False

    def _opens_annex_section(self, block: _Block, first: str) -> bool:
        pending = self.pending_annex_section
        if pending is not None:
            self.pending_annex_section = None
            if (not pending.heading and len(block.lines) <= 2 and block.first.x > _CENTRED_X / 1.25
                    and self._enumerated(block) is None):
                pending.heading = block.text
                return True
        match = _ANNEX_SECTION.match(first)
        if not match or len(block.lines) > 2:
            return False
        label = match.group(1)
        node = self._add(f"{self._path(self.annex)}/section-{label.lower()}", "section", block, label=label,
                         cite=f"{self.annex.cite}, Section {label}", section=self.annex.section,
                         heading=" ".join([match.group(2)] + [line.text for line in block.lines[1:]]).strip(),
                         parent=self.annex)
        numbering = self.stack[0] if self.stack and self.stack[0].node.kind == "section" else None
        self.stack = [_Frame(node, 0, block.first.x)]
        if numbering is not None:  # numbered items run on from one annex section to the next
            self.stack[0].child_type, self.stack[0].last_label = numbering.child_type, numbering.last_label
        self.pending_annex_section = node
        return True

    def _add_closing(self, block: _Block) -> None:
        """The closing formula and "Done at …"; the signatures after it are kept as a heading, not text."""
        if self.signatures is not None:
            self.signatures.heading = f"{self.signatures.heading} {block.text}"
            self.pages[self.signatures.id].extend(line.page for line in block.lines if line.page)
            return
        if self.closing_root is not None and self.nodes[-1].text.startswith("Done at "):
            self.signatures = self._add("closing/signatures", "closing", block, cite="Closing", section="Closing",
                                        heading=block.text, parent=self.closing_root)
            return
        if self.closing_root is None:
            self.closing_root = self._add("closing", "closing", block, cite="Closing", section="Closing",
                                          text=block.text)
            return
        count = sum(1 for node in self.nodes if node.parent == self.closing_root.id) + 1
        self._add(f"closing/{count}", "closing", block, cite="Closing", section="Closing",
                  text=block.text, parent=self.closing_root)

    # -- inside an article or annex ---------------------------------------------------------------
    def _read_body(self, block: _Block) -> None:
        if self._attach_quoted_note(block):
            return
        item = self._enumerated(block)
        if item is None:
            self._add_unnumbered(block)
            return
        kind, label, text, parent_frame = item
        self._add_item(block, kind, label, text, parent_frame)

    def _enumerated(self, block: _Block) -> tuple[str, str, str, int] | None:
        """(kind, label, text, index of the parent frame) when the block opens an item that fits."""
        text = block.text
        candidates: list[tuple[str, str, str]] = []
        if match := _PARAGRAPH.match(text):
            candidates.append(("num", match.group(1), match.group(2)))
        elif match := _DOTTED.match(text):
            candidates.append(("dotted", match.group(1), match.group(2)))
        elif match := _PAREN_ITEM.match(text):
            label = match.group(1)
            if label.isdigit():
                candidates.append(("pnum", label, match.group(2)))
            else:
                if _ROMAN.match(label):
                    candidates.append(("roman", label, match.group(2)))
                if len(label) == 1:
                    candidates.append(("alpha", label, match.group(2)))
        elif match := _INDENT_ITEM.match(text):
            candidates.append(("indent", "—", match.group(1)))
        continuing = [(kind, label, body, index) for kind, label, body in candidates
                      if (index := self._continues(kind, label)) is not None]
        if len(continuing) > 1:
            # "(i)" after "(h)": a sub-point when indented under (h), else point (i)
            alpha = next(c for c in continuing if c[0] == "alpha")
            frame = self.stack[alpha[3]]
            roman = next(c for c in continuing if c[0] == "roman")
            return roman if block.first.x > frame.last_x + _INDENT else alpha
        if continuing and continuing[0][0] == "alpha" and continuing[0][1] == "i":
            # "(i)" after "(h)" opens sub-points when it is indented under (h)
            if block.first.x > self.stack[continuing[0][3]].last_x + _INDENT:
                continuing = []
        if continuing:
            return continuing[0]
        for kind, label, body in candidates:
            if label in ("1", "a", "i", "—") or kind == "dotted":
                return kind, label, body, self._parent_for_new_list(kind, block.first.x)
        return None

    def _continues(self, kind: str, label: str) -> int | None:
        for index in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[index]
            if frame.child_type == kind and _successor(frame.last_label, kind) == label:
                return index
            if frame.child_type == kind and kind == "indent":
                return index
        return None

    def _parent_for_new_list(self, kind: str, x: float) -> int:
        """The open element a new list belongs to: the deepest one of lower rank or indented under."""
        rank = _RANKS[kind]
        index = len(self.stack) - 1
        while index > 0 and self.stack[index].rank >= rank and x <= self.stack[index].x + _INDENT:
            index -= 1
        return index

    def _add_item(self, block: _Block, kind: str, label: str, text: str, parent_index: int) -> None:
        del self.stack[parent_index + 1:]
        frame = self.stack[parent_index]
        # the text that opens the list, also when its items hang on the paragraph ("Art. 9(5)(a)")
        stem = _list_stem(frame.node.text)
        if frame.is_subparagraph and parent_index > 0:
            container = self.stack[parent_index - 1]
            if f"{container.node.id}/{label}" not in self.ids:
                frame = container
                frame.list_stem = stem
                del self.stack[parent_index:]
        elif not stem and frame.child_type == kind:
            stem = frame.list_stem
        parent = frame.node
        if kind == "indent":
            frame.indents += 1
            path_label, cite = f"indent-{frame.indents}", f"{parent.cite}, {_ordinal(frame.indents)} indent"
        elif frame.is_subparagraph:
            path_label, cite = label, f"{parent.cite}, point ({label})"
        else:
            path_label = label
            cite = f"{parent.cite}({label})"
        printed = {"num": f"{label}.", "dotted": f"{label}.", "indent": "—"}.get(kind, f"({label})")
        node = self._add(f"{self._path(parent)}/{path_label}", {"num": "paragraph", "dotted": "paragraph",
                                                                 "indent": "indent"}.get(kind, "point"),
                         block, label=printed, cite=cite, section=parent.section, text=text, parent=parent)
        node.stem = stem
        if block.first.bold or self._is_numbered_title(block, kind, label, text):
            node.heading, node.text = node.text, ""  # "2. Overview" heads the item rather than saying something
        if kind in ("roman",) and parent.kind == "point":
            node.kind = "subpoint"
        frame.child_type, frame.last_label, frame.last_x = kind, label, block.first.x
        self.stack.append(_Frame(node, _RANKS[kind], block.first.x))

    def _attach_quoted_note(self, block: _Block) -> bool:
        """An amending article quotes the footnote of the text it inserts ("(*) Regulation (EU) 2024/1689 …").

        The Journal prints it in body type inside the quotation; it is a note of the provision whose
        text carries the same marker, so it is attached there instead of becoming a subparagraph."""
        match = _QUOTED_NOTE.match(block.text)
        if not match:
            return False
        container = self.stack[0].node.id if self.stack else ""
        for node in reversed(self.nodes):
            if match.group(1) in node.text:
                node.notes.append(match.group(2))
                self.pages.setdefault(node.id, []).extend(line.page for line in block.lines if line.page)
                return True
            if node.id == container:
                return False
        return False

    def _is_numbered_title(self, block: _Block, kind: str, label: str, text: str) -> bool:
        """A short one-line numbered item that titles what follows ("3. Quality management system").

        Told by layout, not wording: a single line that ends no clause (":", ";" or ","), followed
        by a block indented under its text or by its own first dotted sub-item ("3.1.")."""
        following = self.next_block
        if kind != "num" or len(block.lines) != 1 or following is None or len(text.split()) > 12:
            return False
        if text.rstrip().endswith((":", ";", ",")) or not text[:1].isupper():
            return False
        next_text = following.first.text.strip()
        if any(pattern.match(next_text) for pattern in (_CHAPTER, _SECTION, _ARTICLE, _ANNEX, _ANNEX_SECTION)):
            return False
        indented = block.first.x + _INDENT < following.first.x < _CENTRED_X
        return indented or next_text.startswith(f"{label}.1.")

    def _add_unnumbered(self, block: _Block) -> None:
        previous = self.last_block
        if (previous is not None and previous.lines[-1].page != block.first.page
                and not previous.text.rstrip().endswith((".", ":", ";"))):
            self._append_text(self.nodes[-1], block)  # a sentence running on over a page turn
            return
        x = block.first.x
        while len(self.stack) > 1 and self.stack[-1].rank >= 2 and x <= self.stack[-1].x + _INDENT:
            self.stack.pop()
        while len(self.stack) > 1 and self.stack[-1].is_subparagraph:
            self.stack.pop()
        frame = self.stack[-1]
        node = frame.node
        if not node.text and frame.child_type is None:
            self._append_text(node, block)
            return
        if frame.quoting or inserts_quotation(node.text, block.text):
            self._append_text(node, block)
            frame.quoting = not quotation_closed(block.text)
            return
        frame.subparagraphs += 1
        number = frame.subparagraphs
        sub = self._add(f"{self._path(node)}/sub{number}", "subparagraph", block, label="",
                        cite=f"{node.cite}, {_ordinal(number)} subparagraph", section=node.section,
                        text=block.text, parent=node)
        self.stack.append(_Frame(sub, frame.rank + 0.5, x, is_subparagraph=True))


def _attach_notes(nodes: list[Node], pages: dict[str, list[int]], footnotes: list[Footnote]) -> None:
    """Footnote bodies whose markers occur in a node's own text, on a page the node spans."""
    by_label: dict[str, list[Footnote]] = {}
    for note in footnotes:
        by_label.setdefault(note.label, []).append(note)
    for node in nodes:
        spanned = set(pages.get(node.id, []))
        for label in _NOTE_MARKER.findall(node.text):
            for note in by_label.get(label, []):
                if note.page in spanned and note.text not in node.notes:
                    node.notes.append(note.text)
