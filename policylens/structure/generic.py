"""Parse a document of unknown drafting style into a sensible provision tree.

The fallback profile for user-added files.  It knows the signs most instruments share:

* headings — named ones ("Article 3", "CHAPTER II", "Section 2", "§ 22603", "Part 3", "Annex I"),
  numbered ones ("1. Scope", "2.1 Definitions") and lines set in bold or larger type (which is
  how Markdown "#" headings and HTML h1–h6 arrive from the readers);
* numbered paragraphs ("1. The provider shall …") and enumerated items ("(a)", "(i)", "(A)",
  "(1)") nested by their label style, and bullets.

Citations use the document's own labels: "Article 3(2)(b)", "§ 3(a)", "2.1(c)".  A node's
``section`` is the innermost heading it sits under.  Text before any heading, and every
paragraph of a document without headings, becomes "Para. 1", "Para. 2", … so that nothing is
dropped.  The parser never fails on odd input: anything it cannot place becomes a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from policylens.ingest.source import Line, SourceText
from policylens.model import Node
from policylens.structure.eo import label_readings
from policylens.structure.units import unique_id

_NAMED_HEADING = re.compile(
    r"^(?P<name>part|title|book|chapter|subchapter|section|sec\.|article|art\.|annex|appendix|"
    r"schedule|rule|§)\s*(?P<label>[0-9]+[A-Za-z]?(?:[.\-][0-9]+)*|[IVXLC]+|[A-Z])\b\.?\s*"
    r"(?P<title>.*)$", re.I)
_NUMBERED_HEADING = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-Z].{0,100})$")
_NUMBERED_PARAGRAPH = re.compile(r"^(?P<label>\d{1,3})\.\s+(?P<rest>\S.*)$", re.S)
_ENUMERATED = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2}|\d{1,3})\)\s*(?P<rest>.*)$", re.S)
_BULLET = re.compile(r"^[-•*–·▪●◦]\s+(?P<rest>\S.*)$", re.S)
_RANKS = {"part": 0, "book": 0, "title": 0, "annex": 1, "appendix": 1, "schedule": 1,
          "chapter": 1, "subchapter": 2, "section": 3, "sec.": 4, "article": 4, "art.": 4,
          "rule": 4, "§": 4}
_NUMBERED_RANK = 5            # "1. Scope" ranks below named headings; "1.1" one deeper
_UNLABELLED_RANK = 8          # bold body-size headings rank below all labelled ones
_MAX_HEADING_CHARS = 160
_SENTENCE_END = re.compile(r"[.;:,]$")


@dataclass
class _Heading:
    node: Node
    rank: float
    name: str                 # what citations start with: "Article 3", "§ 3", "2.1"


@dataclass
class _Scope:
    """The node that enumerated items are being placed under, with its open items."""

    node: Node
    cite: str
    section: str
    stack: list[tuple[Node, str, int]] = field(default_factory=list)   # (node, style, value)
    has_children: bool = False
    counters: Counter = field(default_factory=Counter)


def parse(source: SourceText, doc_id: str) -> list[Node]:
    """The document's provisions in reading order, parents before children."""
    body_size = _body_size(source.lines)
    nodes: list[Node] = []
    used_ids: set[str] = set()
    headings: list[_Heading] = []
    scope: _Scope | None = None
    paragraphs = 0
    titled_last = False        # the previous line was a labelled heading still waiting for a title
    lines = source.lines
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if titled_last and headings and _looks_like_heading(line, text, body_size) \
                and not _NAMED_HEADING.match(text):
            heading = headings[-1].node
            heading.heading = f"{heading.heading} {text}".strip()
            continue
        heading = _heading_of(line, text, body_size)
        titled_last = False
        if heading:
            rank, name, label, title, kind = heading
            while headings and headings[-1].rank >= rank:
                headings.pop()
            parent = headings[-1].node if headings else None
            node = Node(id=unique_id(f"{doc_id}/{_slug(name)}", used_ids, separator="-"), doc=doc_id,
                        kind=kind, label=label, cite=name, section=name, heading=title,
                        parent=parent.id if parent else None, page=line.page)
            nodes.append(node)
            headings.append(_Heading(node, rank, name))
            scope = _Scope(node, cite=name if label else "", section=name)
            titled_last = bool(label) and not title
            continue
        if not headings and not _item_match(text):
            paragraphs += 1
            name = f"Para. {paragraphs}"
            node = Node(id=unique_id(f"{doc_id}/para-{paragraphs}", used_ids, separator="-"), doc=doc_id,
                        kind="paragraph", label=str(paragraphs), cite=name, section=name,
                        text=text, page=line.page)
            nodes.append(node)
            scope = _Scope(node, cite=name, section=name)
            continue
        if scope is None:
            scope = _Scope(Node(id=doc_id, doc=doc_id, kind="document"), cite="", section="")
        placed = _place(scope, text, line, used_ids, lambda: _labels_after(lines, index))
        if placed:
            nodes.append(placed)
    return nodes


def _body_size(lines: list[Line]) -> float:
    """The type size most of the text is set in (0 when the reader knows no sizes)."""
    sizes = Counter()
    for line in lines:
        if line.size:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _looks_like_heading(line: Line, text: str, body_size: float) -> bool:
    if len(text) > _MAX_HEADING_CHARS or _item_match(text) or _BULLET.match(text):
        return False
    larger = bool(body_size and line.size and line.size > body_size + 0.5)
    return (line.bold or larger) and not text.endswith((";", ","))


def _heading_of(line: Line, text: str, body_size: float):
    """(rank, citation name, label, title, kind) when the line is a heading, else None."""
    named = _NAMED_HEADING.match(text)
    if named and len(text) <= _MAX_HEADING_CHARS:
        keyword = named.group("name")
        title = named.group("title").strip()
        # "Article 5 of Regulation …" in running text is not a heading: a heading's title is short
        # and does not read on as a sentence
        if not title or _looks_like_heading(line, text, body_size) or (
                len(title) < 100 and not _SENTENCE_END.search(title) and title[:1].isupper()):
            kind = {"§": "section", "sec.": "section", "art.": "article"}.get(keyword.lower(),
                                                                             keyword.lower())
            printed = keyword if keyword in ("§",) or keyword.endswith(".") else keyword.capitalize()
            name = f"{printed} {named.group('label')}"
            rank = _RANKS[keyword.lower()]
            return rank, name, named.group("label"), title, kind
    numbered = _NUMBERED_HEADING.match(text)
    if numbered and not _SENTENCE_END.search(text) and len(text) < 100:
        label = numbered.group("label")
        return _NUMBERED_RANK + label.count("."), label, label, numbered.group("title"), "section"
    if _looks_like_heading(line, text, body_size) and not _NUMBERED_PARAGRAPH.match(text):
        rank = _UNLABELLED_RANK
        if body_size and line.size > body_size:
            rank -= min(line.size - body_size, _UNLABELLED_RANK) / 2
        return rank, text[:80], "", text, "heading"
    return None


def _item_match(text: str):
    return _ENUMERATED.match(text) or _NUMBERED_PARAGRAPH.match(text) or _BULLET.match(text)


def _place(scope: _Scope, text: str, line: Line, used_ids: set[str], labels_after) -> Node | None:
    """A node for one body paragraph under ``scope``: an enumerated item at its level, or text."""
    enumerated = _ENUMERATED.match(text)
    numbered = _NUMBERED_PARAGRAPH.match(text)
    bullet = _BULLET.match(text)
    if enumerated:
        label, rest, readings = enumerated.group("label"), enumerated.group("rest"), None
    elif numbered:
        label, rest = numbered.group("label"), numbered.group("rest")
        readings = [("numbered", int(label))]
    elif bullet:
        scope.counters["bullet"] += 1
        label, rest = f"bullet {scope.counters['bullet']}", bullet.group("rest")
        readings = [("bullet", scope.counters["bullet"])]
    else:
        return _add_text(scope, text, line, used_ids)
    readings = readings or label_readings(label) or [("other", 0)]
    depth, style, value = _level(scope.stack, readings, labels_after)
    del scope.stack[depth:]
    parent = scope.stack[-1][0] if scope.stack else scope.node
    path = "".join(_cite_part(item.label) for item, _, _ in scope.stack) + _cite_part(label)
    node_id = unique_id(f"{parent.id}/{_slug(label)}", used_ids, separator="-")
    node = Node(id=node_id, doc=scope.node.doc, kind="bullet" if bullet else "point",
                label=label, cite=f"{scope.cite}{path}" if scope.cite else path.strip(", "),
                section=scope.section or path.strip(", "), text=rest.strip(),
                parent=None if parent.kind == "document" else parent.id, page=line.page)
    scope.stack.append((node, style, value))
    scope.has_children = True
    return node


def _cite_part(label: str) -> str:
    return f", {label}" if label.startswith("bullet") else f"({label})"


def _level(stack, readings, labels_after) -> tuple[int, str, int]:
    """Where an item goes: after the open item it continues, or nested as a new list.

    When a label fits both ("(i)" after "(h)": the next letter, or a new roman list), the next
    label that continues one of the readings decides ("(ii)" → roman, "(j)" → letter)."""
    options = []
    for style, value in readings:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][1] == style and stack[depth][2] == value - 1:
                options.append((depth, style, value))
                break
        if value == 1:
            options.append((len(stack), style, value))
    if len(options) > 1:
        successors = {(style, value + 1): (depth, style, value) for depth, style, value in options}
        for label in labels_after():
            for reading in label_readings(label):
                if reading in successors:
                    return successors[reading]
    if options:
        return max(options)
    style, value = readings[0]
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][1] == style:
            return depth, style, value
    return len(stack), style, value


def _labels_after(lines: list[Line], index: int, window: int = 60):
    """The enumerator labels of the lines after ``index``, up to the next named heading."""
    for line in lines[index + 1:index + 1 + window]:
        text = line.text.strip()
        if _NAMED_HEADING.match(text) and len(text) <= _MAX_HEADING_CHARS:
            return
        enumerated = _ENUMERATED.match(text)
        if enumerated:
            yield enumerated.group("label")


def _add_text(scope: _Scope, text: str, line: Line, used_ids: set[str]) -> Node | None:
    """Unnumbered text: the scope's own text until items begin, then a paragraph after them."""
    if not scope.has_children:
        scope.node.text = f"{scope.node.text} {text}".strip()
        return None
    scope.counters["text"] += 1
    owner = scope.stack[-2][0] if len(scope.stack) >= 2 else scope.node
    return Node(id=unique_id(f"{owner.id}/text-{scope.counters['text']}", used_ids, separator="-"),
                doc=owner.doc, kind="paragraph", cite=owner.cite or scope.cite,
                section=owner.section or scope.section, text=text,
                parent=None if owner.kind == "document" else owner.id, page=line.page)


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9.]+", "-", name.lower().replace("§", "s")).strip("-.")
    return slug[:60] or "x"
