"""Structure profile for California SB-1047 (enrolled bill).

The enrolled bill is printed as a cover page, the Legislative Counsel's Digest, and the bill
sections ("SECTION 1.", "SEC. 2." …).  Three bill sections add codified text: Chapter 22.6 of the
Business and Professions Code (§§ 22602–22609) and Government Code §§ 11547.6 and 11547.6.1.
Codified sections are cited the way California lawyers cite them ("§ 22603(a)(1)(A)",
"Gov. Code § 11547.6(c)(1)(A)"), because those are the citations analysts look up.

Enumerators follow California drafting: subdivision (a), paragraph (1), subparagraph (A),
clause (i), subclause (I).  A label such as "(i)" can be a subdivision or a clause, and a line may
begin with a cross-reference that was wrapped ("subparagraph / (A) shall be operative"), so an
enumerator is accepted only where it continues or opens the running sequence.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from policylens.ingest.source import IngestError, Line, SourceText
from policylens.model import Node
from policylens.structure.layout import joined

# Running headers and footers of the enrolled print ("88", "— 5 — SB 1047", "SB 1047 — 3 —").
_FURNITURE = (
    re.compile(r"^\d{1,3}$"),
    re.compile(r"^—\s*\d+\s*—\s*SB\s*1047$"),
    re.compile(r"^SB\s*1047\s*—\s*\d+\s*—$"),
)
_ENACTING = re.compile(r"^The people of the State of California do enact as follows:?$", re.I)
_DIGEST_HEADING = re.compile(r"^legislative counsel[’']s digest$", re.I)
_BILL_SECTION = re.compile(r"^(SECTION|SEC\.)\s*(\d+)\.\s*(.*)$")
_CHAPTER = re.compile(r"^Chapter\s+(\d+(?:\.\d+)*)\.\s*(.*)$")
_CODE_SECTION = re.compile(r"^(\d{5}(?:\.\d+)*)\.\s+(.*)$")
_APPROVAL = re.compile(r"^Approved\b")
_ENUMERATOR = re.compile(r"^\(([a-z]{1,4}|[A-Z]{1,4}|\d{1,3})\)\s*")
_ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$")
# A line that ends with one of these words continues into a cross-reference, not a new item.
_REFERENCE_WORDS = {
    "subdivision", "subdivisions", "paragraph", "paragraphs", "subparagraph", "subparagraphs",
    "clause", "clauses", "subclause", "subclauses", "section", "sections",
}
_LEVEL_KINDS = ("subdivision", "paragraph", "subparagraph", "clause", "subclause")


def _is_furniture(text: str) -> bool:
    return any(p.match(text) for p in _FURNITURE)


def _roman_value(label: str) -> int:
    """Value of a lowercase roman numeral, 0 when the label is not one."""
    if not label or not _ROMAN.match(label):
        return 0
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(label):
        v = values[ch]
        total += -v if i + 1 < len(label) and values[label[i + 1]] > v else v
    return total


def _readings(label: str) -> list[tuple[int, int]]:
    """Every (level, ordinal) an enumerator label can stand for."""
    out = []
    if label.isdigit():
        out.append((1, int(label)))
    elif label.islower():
        if len(label) == 1:
            out.append((0, ord(label) - ord("a") + 1))
        if _roman_value(label):
            out.append((3, _roman_value(label)))
    elif label.isupper():
        if len(label) == 1:
            out.append((2, ord(label) - ord("A") + 1))
        if _roman_value(label.lower()):
            out.append((4, _roman_value(label.lower())))
    return out


@dataclass
class _Draft:
    """A node under construction: its lines are joined into text when the parse ends."""

    node: Node
    lines: list[Line] = field(default_factory=list)
    split_paragraphs: bool = False

    def add(self, line: Line, text: str | None = None) -> None:
        text = line.text if text is None else text
        if text.strip():
            self.lines.append(Line(text=text.strip(), page=line.page, x=line.x, size=line.size,
                                   bold=line.bold))
        if self.node.page is None:
            self.node.page = line.page

    def text(self) -> str:
        return joined(ln.text for ln in self.lines)


@dataclass
class _Level:
    level: int
    ordinal: int
    draft: _Draft


class _Parser:
    def __init__(self, source: SourceText, doc_id: str):
        self.doc = doc_id
        self.lines = [ln for ln in source.lines if ln.text.strip() and not _is_furniture(ln.text.strip())]
        self.drafts: list[_Draft] = []
        self.ids: set[str] = set()
        lengths = [len(ln.text.strip()) for ln in self.lines]
        self.typical_length = statistics.median(lengths) if lengths else 0
        positions = [round(ln.x) for ln in self.lines if ln.x]
        self.margin = statistics.mode(positions) if positions else 0  # left edge of running text

    # -- node creation -------------------------------------------------------------------
    def new(self, kind: str, key: str, *, label="", cite="", section="", heading="",
            parent: _Draft | None = None, page=None) -> _Draft:
        node_id = f"{self.doc}/{key}"
        base, n = node_id, 2
        while node_id in self.ids:  # a misprinted duplicate enumerator must not collide
            node_id = f"{base}~{n}"
            n += 1
        self.ids.add(node_id)
        node = Node(id=node_id, doc=self.doc, kind=kind, label=label, cite=cite, section=section,
                    heading=heading, page=page, parent=parent.node.id if parent else None)
        draft = _Draft(node)
        self.drafts.append(draft)
        return draft

    # -- front matter ----------------------------------------------------------------------
    def parse_front(self, lines: list[Line]) -> None:
        cover = self.new("digest", "cover", cite="Cover", section="Digest")
        title = digest = None
        for line in lines:
            text = line.text.strip()
            if line.page == lines[0].page and title is None:
                cover.add(line)
            elif _DIGEST_HEADING.match(text):
                digest = self.new("digest", "digest", cite="Digest", section="Digest",
                                  heading=text, page=line.page)
                digest.split_paragraphs = True
            elif digest is not None:
                digest.add(line)
            else:
                if title is None:
                    title = self.new("digest", "title", cite="Title", section="Digest")
                title.add(line)

    # -- body ---------------------------------------------------------------------------------
    def parse_body(self, lines: list[Line]) -> None:
        sec: _Draft | None = None
        container: _Draft | None = None   # where code sections go: the SEC or its chapter
        base: _Draft | None = None        # the bill or code section whose items are open
        current: _Draft | None = None     # where plain text goes
        stack: list[_Level] = []
        cite_base = key_base = ""
        closing: _Draft | None = None
        previous_text = ""

        for line in lines:
            text = line.text.strip()
            if closing is not None:
                closing.add(line)
                continue
            m = _BILL_SECTION.match(text)
            if m:
                number = m.group(2)
                cite_base, key_base = f"SEC. {number}", f"sec-{number}"
                sec = self.new("bill_section", key_base, label=f"{m.group(1)} {number}.",
                               cite=cite_base, section=cite_base, page=line.page)
                sec.split_paragraphs = True
                current = container = base = sec
                stack = []
                current = self.add_text(current, line, m.group(3), stack, base, cite_base, key_base)
                previous_text = text
                continue
            if sec is None:
                continue
            if _APPROVAL.match(text):
                closing = self.new("digest", "approval", cite="Approval", section="Digest",
                                   page=line.page)
                closing.add(line)
                continue
            lead = sec.text().replace(" ", "")
            adds_code = lead.endswith("toread:")
            m = _CHAPTER.match(text)
            if adds_code and m and container is sec:
                container = self.new("chapter", f"{sec.node.id.rsplit('/', 1)[1]}/ch-{m.group(1)}",
                                     label=m.group(1), cite=f"Chapter {m.group(1)}",
                                     section=sec.node.section, heading=m.group(2).strip(),
                                     parent=sec, page=line.page)
                current = container
                previous_text = text
                continue
            m = _CODE_SECTION.match(text)
            if adds_code and m:
                number = m.group(1)
                if "GovernmentCode" in lead:
                    key_base, cite_base = f"gov-{number}", f"Gov. Code § {number}"
                else:
                    key_base, cite_base = f"bpc-{number}", f"§ {number}"
                base = current = self.new("code_section", key_base, label=f"{number}.",
                                          cite=cite_base, section=cite_base, parent=container,
                                          page=line.page)
                stack = []
                current = self.add_text(current, line, m.group(2), stack, base, cite_base, key_base)
                previous_text = text
                continue
            if current is container and current.node.kind == "chapter":
                current.node.heading = joined([current.node.heading, text])
                previous_text = text
                continue
            current = self.add_text(current, line, text, stack, base, cite_base, key_base,
                                    start_of_item=self.item_may_start(line, previous_text))
            previous_text = text

    def add_text(self, current: _Draft, line: Line, text: str, stack: list[_Level], base: _Draft,
                 cite_base: str, key_base: str, start_of_item: bool = True) -> _Draft:
        """Peel enumerators off the start of `text`, opening items under `base` (the bill or code
        section), and give the rest to the innermost open element, which is returned."""
        rest = text.strip()
        while start_of_item:
            m = _ENUMERATOR.match(rest)
            if not m:
                break
            label = m.group(1)
            reading = _place(label, stack, current)
            if reading is None:
                break
            path = [lv.draft.node.label.strip("()") for lv in stack] + [label]
            current = self.new(_LEVEL_KINDS[reading[0]], key_base + "".join(f"/{p}" for p in path),
                               label=f"({label})", cite=cite_base + "".join(f"({p})" for p in path),
                               section=base.node.section,
                               parent=stack[-1].draft if stack else base, page=line.page)
            stack.append(_Level(reading[0], reading[1], current))
            rest = rest[m.end():]
        if rest:
            current.add(line, rest)
        elif current.node.page is None:
            current.node.page = line.page
        return current

    def item_may_start(self, line: Line, previous_text: str) -> bool:
        """Whether an enumerator at the start of `line` may open an item.

        Items begin on an indented line; a wrapped cross-reference ("… in subparagraph" /
        "(A) shall be operative") sits at the left margin.  Without positions, the line above
        ending in a reference word gives the wrapped reference away."""
        if self.margin and line.x and line.x <= self.margin + 4:
            return False
        if not re.search(r"[A-Za-z]$", previous_text):
            return True
        return re.findall(r"[A-Za-z]+", previous_text.lower())[-1] not in _REFERENCE_WORDS

    # -- output -------------------------------------------------------------------------------
    def nodes(self) -> list[Node]:
        parents = {d.node.parent for d in self.drafts}
        out: list[Node] = []
        for draft in self.drafts:
            node = draft.node
            out.append(node)
            if draft.split_paragraphs and node.id not in parents:
                for n, para in enumerate(self.paragraphs(draft.lines), 1):
                    cite = f"{node.cite}, para. {n}"
                    out.append(Node(id=f"{node.id}/p{n}", doc=self.doc, kind=node.kind
                                    if node.kind == "digest" else "paragraph",
                                    label=f"para. {n}", cite=cite, section=node.section,
                                    text=joined(ln.text for ln in para), page=para[0].page,
                                    parent=node.id))
            else:
                node.text = draft.text()
        for order, node in enumerate(out):
            node.order = order
        return out

    def paragraphs(self, lines: list[Line]) -> list[list[Line]]:
        """Group lines into paragraphs: an indented first line opens one when the reader
        measured positions; otherwise a colon, or a short line ending a sentence, closes one."""
        groups: list[list[Line]] = []
        left = {}
        for ln in lines:
            left[ln.page] = min(left.get(ln.page, ln.x), ln.x)
        for ln in lines:
            if not groups:
                groups.append([ln])
                continue
            prev = groups[-1][-1].text
            if any(x for x in left.values()):
                starts = ln.x > left[ln.page] + 4
            else:
                starts = prev.endswith(":") or (
                    prev.endswith(".") and len(prev) < 0.85 * self.typical_length)
            if starts:
                groups.append([ln])
            else:
                groups[-1].append(ln)
        return groups




def parse(source: SourceText, doc_id: str) -> list[Node]:
    """Parse the enrolled SB-1047 into digest, bill sections, code sections and their items."""
    parser = _Parser(source, doc_id)
    lines = parser.lines
    split = next((i for i, ln in enumerate(lines) if _ENACTING.match(ln.text.strip())), None)
    if split is None:
        raise IngestError(source.path, "this file does not read as the enrolled SB-1047: the "
                          "enacting clause (\"The people of the State of California do enact as "
                          "follows\") was not found")
    parser.parse_front(lines[:split])
    enacting = parser.new("digest", "enacting-clause", cite="Enacting clause", section="Digest")
    enacting.add(lines[split])
    parser.parse_body(lines[split + 1:])
    return parser.nodes()
def _place(label: str, stack: list[_Level], current: _Draft) -> tuple[int, int] | None:
    """Decide which level an enumerator belongs to and trim `stack` to its open ancestors.

    A label is read as the first item of a new, deeper level when the text before it is empty or
    ends with a colon (it introduces a list), otherwise as the next item of an open level.
    Returns (level, ordinal), or None when it fits neither: then it is a wrapped reference."""
    deepest = stack[-1].level if stack else -1
    tail = current.text()
    introduces_list = not tail or tail.endswith(":")
    opening = successor = None
    for level, ordinal in _readings(label):
        if ordinal == 1 and level > deepest and (opening is None or level < opening[0]):
            opening = (level, ordinal)
        for depth, open_level in enumerate(stack):
            if open_level.level == level and ordinal == open_level.ordinal + 1:
                successor = (level, ordinal, depth)
    if opening and (introduces_list or successor is None):
        return opening
    if successor:
        del stack[successor[2]:]
        return successor[0], successor[1]
    return None
