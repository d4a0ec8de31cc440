"""Parse a US executive order (drafted like EO 14110) into its provision tree.

An order opens with a preamble ("By the authority vested in me …"), runs through numbered
sections ("Sec. 4.  Ensuring the Safety …"), some split into subsections ("4.1.  Developing …"),
and lettered paragraphs nested as (a) → (i) → (A) → (1); it ends with the President's signature.

Labels such as "(i)", "(v)" or "(x)" are both letters and roman numerals.  They are read the way
a reader does: as the next letter when the letter before it is open ("(h)" then "(i)"), as a new
roman list otherwise, and when both fit, by the indentation the source shows and then by what
comes next (a following "(ii)" means roman, a following "(j)" means letter).

Citations follow the Federal Register style: "Sec. 4.2(a)(i)(B)"; every node carries the section
or subsection it belongs to ("Sec. 4.2", or "Sec. 2" for a section without subsections).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policylens.ingest.source import SourceText
from policylens.model import Node
from policylens.structure.numbering import roman_value

_SECTION = re.compile(r"^(?:Sec\.|Section)\s*(\d+)\.\s*(?P<rest>.*)$", re.S)
_SUBSECTION = re.compile(r"^(\d+)\.(\d+)\.\s*(?P<rest>.*)$", re.S)
_HEADING = re.compile(r"^(?P<heading>[A-Z][^.]{0,200}?)\.(?=\s|\(|[A-Z]|$)\s*(?P<rest>.*)$", re.S)
_ENUMERATOR = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivxl]{1,6}|[A-Z]{1,2}|\d{1,3})\)\s*(?P<rest>.*)$",
                         re.S)
_SIGNATURE = re.compile(r"^[A-Z][A-Z .,'’-]+$")
_ROMAN = re.compile(r"^[ivx]+$")
_ITEM_KINDS = ("paragraph", "subparagraph", "clause", "subclause")


@dataclass
class _Block:
    """One paragraph of the source, classified."""

    kind: str                 # section | subsection | item | text | closing
    label: str = ""
    heading: str = ""
    text: str = ""
    indent: float = 0.0


@dataclass
class _OpenItem:
    """An enumerated item that later items may continue or nest under."""

    node: Node
    style: str
    value: int
    indent: float


@dataclass
class _Container:
    """The section or subsection being filled, with its open list items."""

    node: Node
    stack: list[_OpenItem] = field(default_factory=list)
    has_items: bool = False
    texts: int = 0


def parse(source: SourceText, doc_id: str) -> list[Node]:
    """The order's provisions in reading order, parents before children."""
    blocks = _classify(source)
    nodes: list[Node] = []
    sections: dict[str, Node] = {}
    preamble: Node | None = None
    closing: Node | None = None
    container: _Container | None = None
    for index, block in enumerate(blocks):
        if block.kind == "closing":
            if closing is None:
                closing = Node(id=f"{doc_id}/closing", doc=doc_id, kind="closing",
                               cite="Closing", section="Closing", text=block.text)
                nodes.append(closing)
            else:
                closing.text = f"{closing.text} {block.text}"
        elif block.kind == "section":
            node = Node(id=f"{doc_id}/sec-{block.label}", doc=doc_id, kind="section",
                        label=block.label, cite=f"Sec. {block.label}",
                        section=f"Sec. {block.label}", heading=block.heading)
            sections[block.label] = node
            nodes.append(node)
            container = _Container(node)
        elif block.kind == "subsection":
            parent = sections.get(block.label.split(".")[0])
            node = Node(id=f"{doc_id}/sec-{block.label}", doc=doc_id, kind="subsection",
                        label=block.label, cite=f"Sec. {block.label}",
                        section=f"Sec. {block.label}", heading=block.heading,
                        parent=parent.id if parent else None)
            nodes.append(node)
            container = _Container(node)
        elif container is None:
            if preamble is None:
                preamble = Node(id=f"{doc_id}/preamble", doc=doc_id, kind="preamble",
                                cite="Preamble", section="Preamble", text=block.text)
                nodes.append(preamble)
            else:
                preamble.text = f"{preamble.text} {block.text}"
        elif block.kind == "item":
            nodes.append(_place_item(container, block, blocks[index + 1:]))
        else:
            added = _add_text(container, block.text)
            if added:
                nodes.append(added)
    return nodes


def _classify(source: SourceText) -> list[_Block]:
    """The source's paragraphs as blocks, with headings and inline first items split off."""
    blocks: list[_Block] = []
    seen_section = False
    in_closing = False
    current_section = ""
    for line in source.lines:
        text = line.text.strip()
        if not text:
            continue
        if in_closing or (seen_section and _SIGNATURE.match(text) and len(text.split()) >= 2):
            in_closing = True
            blocks.append(_Block("closing", text=text, indent=line.x))
            continue
        section = _SECTION.match(text)
        subsection = _SUBSECTION.match(text)
        if section:
            seen_section = True
            current_section = section.group(1)
            blocks.extend(_headed("section", section.group(1), section.group("rest"), line.x))
        elif subsection and subsection.group(1) == current_section:
            label = f"{subsection.group(1)}.{subsection.group(2)}"
            blocks.extend(_headed("subsection", label, subsection.group("rest"), line.x))
        else:
            blocks.append(_item_or_text(text, line.x))
    return blocks


def _headed(kind: str, label: str, rest: str, indent: float) -> list[_Block]:
    """A section or subsection block, followed by its first item or text when printed inline."""
    heading = _HEADING.match(rest)
    title, body = (heading.group("heading"), heading.group("rest")) if heading else ("", rest)
    blocks = [_Block(kind, label=label, heading=title.strip(), indent=indent)]
    if body.strip():
        blocks.append(_item_or_text(body.strip(), indent))
    return blocks


def _item_or_text(text: str, indent: float) -> _Block:
    enumerated = _ENUMERATOR.match(text)
    if enumerated:
        return _Block("item", label=enumerated.group("label"), text=enumerated.group("rest").strip(),
                      indent=indent)
    return _Block("text", text=text, indent=indent)


def label_readings(label: str) -> list[tuple[str, int]]:
    """Every (style, position) an enumerator can stand for: "i" is letter 9 or roman 1, "aa" is
    letter 27, "B" is capital 2, "12" is number 12."""
    readings = []
    if label.isdigit():
        readings.append(("digit", int(label)))
    elif label.islower():
        if len(label) == 1:
            readings.append(("lower", ord(label) - 96))
        elif len(label) == 2 and label[0] == label[1]:
            readings.append(("lower", 26 + ord(label[0]) - 96))
        if _ROMAN.match(label):
            readings.append(("roman", roman_value(label)))
    elif label.isupper():
        if len(label) == 1:
            readings.append(("upper", ord(label) - 64))
        elif label[0] == label[1]:
            readings.append(("upper", 26 + ord(label[0]) - 64))
    return readings


def _place_item(container: _Container, block: _Block, following: list[_Block]) -> Node:
    """Create the node for an enumerated item and put it at its level of the open lists."""
    stack = container.stack
    options = []   # (depth to keep, style, value): depth = how many open items stay its ancestors
    for style, value in label_readings(block.label):
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth].style == style and stack[depth].value == value - 1:
                options.append((depth, style, value))
                break
        if value == 1:
            options.append((len(stack), style, value))
    if not options:
        options = _fallback_options(stack, block.label)
    depth, style, value = _choose(options, stack, block, following)
    del stack[depth:]
    parent = stack[-1].node if stack else container.node
    labels = "".join(f"({item.node.label})" for item in stack) + f"({block.label})"
    path = "/".join(item.node.label for item in stack)
    base = container.node
    node = Node(id=f"{base.id}/{path + '/' if path else ''}{block.label}", doc=base.doc,
                kind=_ITEM_KINDS[min(depth, len(_ITEM_KINDS) - 1)], label=block.label,
                cite=f"{base.cite}{labels}", section=base.section, text=block.text,
                parent=parent.id)
    stack.append(_OpenItem(node, style, value, block.indent))
    container.has_items = True
    return node


def _fallback_options(stack: list[_OpenItem], label: str) -> list[tuple[int, str, int]]:
    """Where an out-of-sequence label goes: beside the deepest open item of its style, else nested."""
    readings = label_readings(label) or [("other", 0)]
    for style, value in readings:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth].style == style:
                return [(depth, style, value)]
    style, value = readings[-1]
    return [(len(stack), style, value)]


def _choose(options, stack, block, following):
    """Pick one reading when a label fits more than one place."""
    if len(options) == 1:
        return options[0]
    if block.indent > 0:
        by_indent = [o for o in options if _indent_agrees(o, stack, block.indent)]
        if len(by_indent) == 1:
            return by_indent[0]
    successor = _next_decides(options, following)
    if successor:
        return successor
    return max(options, key=lambda option: option[0])


def _indent_agrees(option, stack, indent: float) -> bool:
    depth = option[0]
    if depth < len(stack):
        return stack[depth].indent == indent
    return not stack or indent > stack[-1].indent


def _next_decides(options, following: list[_Block]):
    """The reading confirmed by the next label that continues one of the readings."""
    wanted = {}
    for option in options:
        _, style, value = option
        wanted[(style, value + 1)] = option
    for block in following:
        if block.kind in ("section", "subsection", "closing"):
            break
        if block.kind != "item":
            continue
        for reading in label_readings(block.label):
            if reading in wanted:
                return wanted[reading]
    return None


def _add_text(container: _Container, text: str) -> Node | None:
    """Attach an unnumbered paragraph: to the container's own text before any item, else as a
    paragraph of the item that holds the list it follows."""
    if not container.has_items:
        node = container.node
        node.text = f"{node.text} {text}".strip()
        return None
    stack = container.stack
    owner = stack[-2].node if len(stack) >= 2 else container.node
    container.texts += 1
    return Node(id=f"{owner.id}/text-{container.texts}", doc=owner.doc, kind="paragraph",
                cite=owner.cite, section=owner.section, text=text, parent=owner.id)
