"""Structure profile for the METI/MIC AI Guidelines for Business v1.0 (English translation).

The guidelines are a laid-out report, not a statute: Parts 1–5 after a Preface; Part 2 holds
sections A–E, with the ten Common Guiding Principles "1) Human-centric" … "10) Innovation" in C
and the Hiroshima items I)–XII) in D; Parts 3–5 list the matters for each actor as "D-2) i.",
"P-2) i.", "U-2) i." items under bold group lines ("When developing AI"), each with bullets.
Numbered sub-points "(1)" carry their title as a heading.

Nesting of bullets and the end of a list are read from the indentation the PDF reader measured,
because the printed bullets use the same glyph at every depth.  Every node's ``section`` is its
Part, which the citation of any point starts with ("Part 2 C-5)(1), bullet 1").
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from policylens.ingest.source import Footnote, IngestError, Line, SourceText
from policylens.model import Node
from policylens.structure.layout import joined

_DOT_LEADER = re.compile(r"\.{5,}")
_PREFACE = re.compile(r"^Preface$")
_PART = re.compile(r"^Part\s+(\d+)\s+([A-Z].*)$")
_SECTION = re.compile(r"^([A-E])\.\s+(\S.*)$")
_PRINCIPLE = re.compile(r"^(\d{1,2})\)\s+(\S.*)$")
_HIROSHIMA_ITEM = re.compile(r"^([IVX]+)\)\s+(\S.*)$")
_ROMAN_POINT = re.compile(r"^([IVX]+)\.\s+(\S.*)$")
_POINT = re.compile(r"^\((\d{1,2})\)\s+(\S.*)$")
_ACTOR_ITEM = re.compile(r"^([DPU])-\s?(\d{1,2})\s?\)\s*([ivx]+)\.\s*(.*)$")
_ACTOR_TERM = re.compile(r"^AI (?:developer|provider|business user)$")
_BULLET = re.compile(r"^[•●▪■◆◇◦○・\-–\uf000-\uf0ff]\s*(.*)$")
_CAPTION = re.compile(r"^(Figure|Table)\s+(\d+)\.?\s")
_FOOTNOTE_LINE = re.compile(r"^(\d{1,2})\s+(\S.*)$")
# A footnote marker printed after a word: "services19", "Transparency20", "principles10,16".
_MARKER = re.compile(r"(?<=[A-Za-z)”\"])(\d{1,2}(?:,\d{1,2})*)(?=[\s.,;:)]|$)")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


@dataclass
class _Block:
    """A node under construction and what the parser needs to know to place what follows it."""

    node: Node
    rank: int                     # 0 part, 1 section, 2 principle/group, 3 point/item, 4 paragraph, 5 bullet
    x: float = 0.0                # left edge of its marker line
    lines: list[Line] = field(default_factory=list)
    children: int = 0             # structural children opened so far
    bullets: int = 0              # bullets numbered so far
    paragraphs: int = 0           # paragraphs numbered so far (lead paragraphs included)
    first_child_x: float = 0.0    # left edge of its first child's marker line
    heading_open: bool = False    # the next line may continue a wrapped heading
    note_labels: list[str] = field(default_factory=list)  # footnote markers found in its text
    lines_of_marker: str = ""     # the printed line that opened it
    last_title_line: str = ""     # the last printed line of its title
    marker_bold: bool = False

    def add(self, line: Line, text: str | None = None) -> None:
        text = (line.text if text is None else text).strip()
        if text:
            self.lines.append(Line(text=text, page=line.page, x=line.x, size=line.size,
                                   bold=line.bold))


class _Parser:
    def __init__(self, source: SourceText, doc_id: str):
        self.doc = doc_id
        self.source = source
        self.lines = [ln for ln in source.lines if ln.text.strip()]
        sizes = [round(ln.size, 1) for ln in self.lines if ln.size]
        self.body_size = statistics.mode(sizes) if sizes else 0.0
        has_bold = any(ln.bold for ln in self.lines)
        self.fonts_known = bool(sizes) and has_bold
        positions = [round(ln.x, 1) for ln in self.lines if ln.x]
        self.margin = statistics.mode(positions) if positions else 0.0
        self.blocks: list[_Block] = []
        self.stack: list[_Block] = []
        self.footnotes: list[Footnote] = list(source.footnotes)
        self.ids: set[str] = set()
        self.part: _Block | None = None
        self.section_letter = ""
        self.figure: _Block | None = None

    # -- line classification -------------------------------------------------------------
    def is_heading_line(self, line: Line) -> bool:
        """A title line: bold and larger than running text, or (fonts unknown) short and open."""
        if self.fonts_known:
            return line.bold and line.size >= self.body_size * 1.1
        text = line.text.strip()
        return len(text) < 90 and not text.endswith((".", ",", ";"))

    def is_off_body(self, line: Line) -> bool:
        """Figure, table and footnote text is set in another size than the running text."""
        if not self.fonts_known or not line.size:
            return False
        return abs(line.size - self.body_size) > 0.3 and not (
            line.bold and line.size >= self.body_size * 1.1)

    # -- node creation ---------------------------------------------------------------------
    def open(self, kind: str, key: str, rank: int, line: Line, *, label="", cite="", heading="",
             parent: _Block | None = None, section: str | None = None) -> _Block:
        node_id = f"{self.doc}/{key}"
        base, n = node_id, 2
        while node_id in self.ids:
            node_id = f"{base}~{n}"
            n += 1
        self.ids.add(node_id)
        if section is None:
            section = self.part.node.section if self.part else ""
        node = Node(id=node_id, doc=self.doc, kind=kind, label=label, cite=cite, section=section,
                    heading=heading, page=line.page, parent=parent.node.id if parent else None)
        block = _Block(node=node, rank=rank, x=line.x, lines_of_marker=line.text.strip(),
                       last_title_line=line.text.strip(), marker_bold=line.bold)
        if parent is not None:
            parent.children += 1
            if parent.children == 1:
                parent.first_child_x = line.x
        self.blocks.append(block)
        return block

    def close_to(self, rank: int) -> _Block | None:
        """Pop open blocks until the innermost has a rank below `rank`; return it."""
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        return self.stack[-1] if self.stack else None

    def push(self, block: _Block) -> _Block:
        self.stack.append(block)
        self.figure = None
        return block

    # -- the parse -------------------------------------------------------------------------
    def run(self) -> list[Node]:
        start = next((i for i, ln in enumerate(self.lines)
                      if _PREFACE.match(ln.text.strip()) and self.is_heading_line(ln)), None)
        if start is None:
            raise IngestError(self.source.path, "this file does not read as the AI Guidelines for "
                              "Business: no \"Preface\" heading was found")
        self.front(self.lines[:start])
        preface = self.open("preface", "preface", 0, self.lines[start], cite="Preface",
                            heading="Preface", section="Preface")
        self.part = preface
        self.push(preface)
        previous: Line | None = None
        for index in range(start + 1, len(self.lines)):
            self.index = index
            self.take(self.lines[index], previous)
            previous = self.lines[index]
        self.attach_footnotes()
        return self.nodes()

    def front(self, lines: list[Line]) -> None:
        """Cover and contents: kept for reading, never operative."""
        if not lines:
            return
        cover = self.open("front", "cover", 0, lines[0], cite="Cover", section="Cover")
        contents = None
        for line in lines:
            if contents is None and line.text.strip() == "Contents":
                contents = self.open("front", "contents", 0, line, cite="Contents",
                                     heading="Contents", section="Contents")
                continue
            (contents or cover).add(line, _DOT_LEADER.sub(" ", line.text).rstrip(" .0123456789")
                                    if contents else None)

    def take(self, line: Line, previous: Line | None) -> None:
        text = line.text.strip()
        top = self.stack[-1]
        # a wrapped title continues on the next line in the same type
        if top.heading_open and previous is not None and line.bold and self.fonts_known \
                and abs(line.size - previous.size) < 0.2 and previous.bold \
                and not _BULLET.match(text):
            top.node.heading = joined([top.node.heading, text])
            return

        heading_like = self.is_heading_line(line)
        m = _PART.match(text)
        if m and heading_like and not _DOT_LEADER.search(text):
            self.close_to(0)
            number = m.group(1)
            self.part = self.open("part", f"part-{number}", 0, line, label=f"Part {number}",
                                  cite=f"Part {number}", heading=m.group(2).strip(),
                                  section=f"Part {number}")
            self.push(self.part).heading_open = True
            self.section_letter = ""
            return
        part_number = self.part.node.label if self.part else ""
        m = _SECTION.match(text)
        if part_number == "Part 2" and m and heading_like:
            parent = self.close_to(1)
            letter = m.group(1)
            self.section_letter = letter
            block = self.open("section", f"part-2/{letter.lower()}", 1, line, label=f"{letter}.",
                              cite=f"Part 2 {letter}", heading=m.group(2).strip(), parent=parent)
            self.push(block).heading_open = True
            return
        if self.is_off_body(line) or _CAPTION.match(text):
            self.take_off_body(line)
            return
        if self.figure is not None and line.x and line.x > self.margin + 100 and line.bold:
            self.figure.add(line)
            return

        m = _BULLET.match(text)
        content = m.group(1) if m else text
        item = _ACTOR_ITEM.match(content)
        if item and part_number in ("Part 3", "Part 4", "Part 5"):
            self.open_actor_item(line, item)
            return
        if m:
            self.take_bullet(line, content)
            return
        m = _PRINCIPLE.match(text)
        if self.section_letter == "C" and m and heading_like:
            block = self.open_numbered(line, "principle", f"C-{m.group(1)}",
                                       f"Part 2 C-{m.group(1)})", f"{m.group(1)})", "")
            block.node.heading = self.strip_markers(line, m.group(2))
            return
        m = _HIROSHIMA_ITEM.match(text)
        if self.section_letter == "D" and m:
            block = self.open_numbered(line, "item", f"d/{m.group(1).lower()}",
                                       f"Part 2 D {m.group(1)})", f"{m.group(1)})", "")
            block.add(line, m.group(2))
            return
        m = _ROMAN_POINT.match(text)
        if m and part_number in ("Part 3", "Part 4", "Part 5"):
            parent = self.close_to(3)
            label = f"{m.group(1)}."
            block = self.push(self.open("item", f"{parent.node.id.split('/', 1)[1]}/"
                                        f"{m.group(1).lower()}", 3, line, label=label,
                                        cite=f"{parent.node.cite} {label}", parent=parent))
            block.add(line, self.strip_markers(line, m.group(2)))
            return
        m = _POINT.match(text)
        if m and part_number == "Part 2":
            self.open_point(line, m.group(1), m.group(2))
            return
        if heading_like and self.fonts_known:
            parent = self.close_to(2)
            block = self.open("heading", f"{parent.node.id.split('/', 1)[1]}/h{parent.children + 1}",
                              2, line, cite=f"{parent.node.cite}, {text}", heading=text,
                              parent=parent)
            self.push(block).heading_open = True
            return
        self.take_prose(line)

    # -- structural elements -----------------------------------------------------------------
    def open_numbered(self, line: Line, kind: str, key: str, cite: str, label: str,
                      heading: str) -> _Block:
        """A principle of C or an item of D: a child of its section."""
        parent = self.close_to(2)
        block = self.open(kind, f"part-2/{key.lower()}", 2, line, label=label, cite=cite,
                          heading=heading, parent=parent)
        return self.push(block)

    def open_point(self, line: Line, number: str, title: str) -> None:
        """A numbered point "(1) Security measures …": its title is its heading."""
        parent = self.close_to(3)
        block = self.open("item", f"{parent.node.id.split('/', 1)[1]}/{number}", 3, line,
                          label=f"({number})", cite=f"{parent.node.cite}({number})",
                          parent=parent)
        self.push(block).heading_open = True
        block.node.heading = self.strip_markers(line, title)

    def open_actor_item(self, line: Line, m: re.Match) -> None:
        """"U-2) i. Proper use …": an actor's matter in Parts 3–5, under its group line."""
        parent = self.close_to(3)
        letter, number, roman, title = m.groups()
        label = f"{letter}-{number}) {roman}."
        block = self.open("item", f"{self.part.node.id.split('/', 1)[1]}/{letter.lower()}-{number}/"
                          f"{roman}", 3, line, label=label,
                          cite=f"{self.part.node.cite} {label}",
                          parent=parent)
        self.push(block).heading_open = True
        block.node.heading = self.strip_markers(line, title)

    def take_bullet(self, line: Line, content: str) -> None:
        next_is_item = False
        if self.index + 1 < len(self.lines):
            following_text = self.lines[self.index + 1].text.strip()
            following = _BULLET.match(following_text)
            next_is_item = bool(_ACTOR_ITEM.match(following.group(1) if following else following_text))
        if (self.fonts_known and line.bold) or next_is_item:
            self.open_group(line, content)
            return
        # siblings and deeper bullets close; a bullet further left than its list closes it too
        while self.stack and self.stack[-1].rank >= 5 and line.x <= self.stack[-1].x + 2:
            self.stack.pop()
        owner = self.stack[-1]
        owner.bullets += 1
        number = owner.bullets
        if owner.rank >= 5:
            cite, key = f"{owner.node.cite}.{number}", f"{owner.node.id.split('/', 1)[1]}/b{number}"
        else:
            cite, key = f"{owner.node.cite}, bullet {number}", \
                f"{owner.node.id.split('/', 1)[1]}/b{number}"
        block = self.push(self.open("bullet", key, 5, line, label="•", cite=cite, parent=owner))
        block.add(line, self.strip_markers(line, content))

    def open_group(self, line: Line, title: str) -> None:
        """A bold bullet: a term of Part 1, one of the three AI business actors the Preface
        defines ("AI developer: Business operators who develop AI systems …"), or a group line
        ("When developing AI") in Parts 3–5."""
        parent = self.close_to(2)
        part = self.part.node.cite
        definition = part == "Part 1" or (
            part == "Preface" and bool(_ACTOR_TERM.match(self.strip_markers(line, title))))
        key = f"{parent.node.id.split('/', 1)[1]}/{'def-' if definition else 'g-'}{_slug(title)}"
        block = self.push(self.open("definition" if definition else "heading", key, 2, line,
                                    parent=parent))
        block.node.heading = self.strip_markers(line, title)
        block.node.cite = f"{parent.node.cite}, {block.node.heading}"

    def take_off_body(self, line: Line) -> None:
        """Figure and table text, and footnotes the reader left in the page."""
        text = line.text.strip()
        m = _FOOTNOTE_LINE.match(text)
        if m and line.size and line.size <= self.body_size * 0.8 and line.x <= self.margin + 2:
            self.footnotes.append(Footnote(label=m.group(1), text=m.group(2), page=line.page))
            self.figure = None
            return
        last = self.footnotes[-1] if self.footnotes else None
        if last is not None and last.page == line.page and self.figure is None and not line.bold:
            last.text = joined([last.text, text])   # a footnote runs on to the foot of its page
            return
        caption = _CAPTION.match(text)
        if caption or self.figure is None:
            owner = self.stack[-1]
            if owner.node.kind == "definition" and not owner.lines and not owner.children and len(self.stack) > 1:
                owner = self.stack[-2]   # a figure drawn between a term and its meaning is not part of it
            key = f"{caption.group(1).lower()}-{caption.group(2)}" if caption else \
                f"{owner.node.id.split('/', 1)[1]}/figure-{owner.children + 1}"
            self.figure = self.open("figure", key, 6, line, cite=f"{owner.node.cite}, "
                                    f"{caption.group(0).strip() if caption else 'figure'}",
                                    heading=text if caption else "", parent=owner)
            if caption:
                return
        self.figure.add(line)

    def take_prose(self, line: Line) -> None:
        text = line.text.strip()
        top = self.stack[-1]
        indented = bool(self.margin and line.x)
        # a wrapped item title ("… privacy" / "violation") before the item's first content
        if top.heading_open and top.rank == 3 and not top.lines and not top.children \
                and self.title_wraps(top, line):
            top.node.heading = joined([top.node.heading, self.strip_markers(line, text)])
            top.last_title_line = text
            return
        top.heading_open = False
        # a bullet continues on lines indented past its glyph; a line further left ends the list
        while self.stack[-1].rank >= 5:
            bullet = self.stack[-1]
            if not indented or line.x > bullet.x + 2:
                bullet.add(line, self.strip_markers(line, text))
                return
            self.stack.pop()
        while indented and len(self.stack) > 1 and self.ends_left_of(self.stack[-1], line):
            self.stack.pop()
        owner = self.stack[-1]
        starts_paragraph = indented and line.x > self.paragraph_left(owner) + 5
        if owner.rank == 4 and not starts_paragraph:
            owner.add(line, self.strip_markers(line, text))
            return
        if owner.rank == 4:
            self.stack.pop()
            owner = self.stack[-1]
        if not owner.children and owner.node.kind != "heading":
            if starts_paragraph or not owner.lines:
                owner.paragraphs += 1
            owner.add(line, self.strip_markers(line, text))
            return
        self.open_paragraph(owner, line, text)

    def open_paragraph(self, owner: _Block, line: Line, text: str) -> None:
        """A paragraph after `owner`'s first children, or under a title without a number
        ("Activities to be implemented by each AI business actor"), which heads paragraphs but
        holds no text itself: those are numbered on in the section the title stands in."""
        counter = next(b for b in reversed(self.stack) if b.node.kind != "heading")
        counter.paragraphs += 1
        number = counter.paragraphs
        block = self.open("paragraph", f"{owner.node.id.split('/', 1)[1]}/p{number}", 4, line,
                          label=f"para. {number}", cite=f"{counter.node.cite}, para. {number}",
                          parent=owner)
        if owner.node.kind == "heading":
            block.lines_of_marker = owner.lines_of_marker   # under a bulleted title it ends as the title does
        self.push(block).add(line, self.strip_markers(line, text))

    def title_wraps(self, block: _Block, line: Line) -> bool:
        """Whether `line` carries on the title printed on the marker line above it: the title
        filled its line, does not end a sentence, and is set in the same weight."""
        title_line = block.last_title_line
        return (len(title_line) >= 70 and not title_line.endswith((".", ":"))
                and (not self.fonts_known or line.bold == block.marker_bold))

    def ends_left_of(self, block: _Block, line: Line) -> bool:
        """A point, item, term or group ends where the text returns left of its content."""
        if block.rank != 3 and not _BULLET.match(block.lines_of_marker):
            return False
        edges = [ln.x for ln in block.lines if ln.x] + [block.first_child_x] * bool(block.first_child_x)
        return bool(edges) and line.x < min(edges) - 2

    def paragraph_left(self, block: _Block) -> float:
        """The left edge of running lines inside `block` (first lines are indented past it)."""
        xs = [ln.x for ln in block.lines if ln.x]
        return min(xs) if xs else self.margin

    # -- footnotes ----------------------------------------------------------------------------
    def strip_markers(self, line: Line, text: str) -> str:
        """Remove footnote markers whose footnote is printed on the same page; remember them."""
        def replace(m: re.Match) -> str:
            labels = m.group(1).split(",")
            if any(self.footnote_on(label, line.page) for label in labels):
                self.stack[-1].note_labels.extend(labels)
                return ""
            return m.group(0)
        return _MARKER.sub(replace, text)

    def footnote_on(self, label: str, page: int | None) -> bool:
        known = any(f.label == label and f.page == page for f in self.footnotes)
        if known:
            return True
        # footnotes still in the page come after the text: look ahead on the same page
        return any(ln.page == page and ln.size and ln.size <= self.body_size * 0.8 and
                   ln.text.strip().startswith(f"{label} ") for ln in self.lines)

    def attach_footnotes(self) -> None:
        for block in self.blocks:
            for label in block.note_labels:
                note = next((f for f in self.footnotes if f.label == label and
                             f.page == block.node.page), None) or \
                    next((f for f in self.footnotes if f.label == label), None)
                if note and f"{label} {note.text}" not in block.node.notes:
                    block.node.notes.append(f"{label} {note.text}")

    # -- output ---------------------------------------------------------------------------------
    def nodes(self) -> list[Node]:
        out = []
        for order, block in enumerate(self.blocks):
            node = block.node
            node.text = joined(ln.text for ln in block.lines)
            if block.rank == 3 and node.heading.endswith((".", ":")):
                # a numbered sentence, not a title: "(1) Each AI business actor first conducts …"
                node.text, node.heading = joined([node.heading, node.text]), ""
            block.node.order = order
            out.append(block.node)
        return out


def parse(source: SourceText, doc_id: str) -> list[Node]:
    """Parse the AI Guidelines for Business into front matter, Preface, Parts and their points."""
    return _Parser(source, doc_id).run()
