"""From the lines a reader gives to the paragraphs a reader of the page sees.

Text, Markdown and HTML readers already give one paragraph per ``Line``.  A PDF gives printed
lines, and a paragraph has to be rebuilt from the page the way a person reads it:

* a paragraph ends where the vertical gap to the next line is clearly larger than the line
  spacing, where the next line starts further up the page (a new column or table cell), where
  the type changes between heading and body size, where a line that ended a sentence is
  followed by an indented first line, and where a line opens with a label (``(a)``, ``1.``,
  ``Sec. 3.``) right after a line that ended a clause;
* a paragraph runs on across a page break when the last line did not end a sentence or the
  next one starts in lower case;
* footnote bodies — the run of smaller type at the foot of a page that opens with a number —
  are set apart and kept as notes of the paragraph they annotate.

The rules read only the geometry and type every PDF carries, so they hold for any document.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from statistics import median

from policylens.ingest.source import Line, SourceText
from policylens.structure.numbering import read_label

_GAP_FACTOR = 1.3           # a gap this many times the usual line spacing ends a paragraph
_INDENT = 6.0               # points: a first line indented this much more opens a paragraph
_SIZE_STEP = 1.4            # points: a change of type size this large separates heading from body
_NOTE_SIZE_RATIO = 0.9      # footnotes are set smaller than this share of the body size
_TYPE_CHANGE = 0.8          # points: a change of size this large between full-size lines is a new style
_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Exhibit|Box)\s+\d+[.:]", re.I)
# a clause or sentence end, perhaps followed by a footnote reference ("…; and 6", "…;20")
_CLAUSE_END = re.compile(r"(?:[.;:!?][\"'”’)]*|[:,]?[—–]|\b(?:and|or|and/or))(?:\s?\d{1,3})?$")
_SENTENCE_END = re.compile(r"[.:!?][\"'”’)]*(?:\s?\d{1,3})?$")
_NOTE_LABEL = re.compile(r"^\d{1,3}\s+\S")
_ENOUGH_GAPS = 5              # lines running on within a sentence, to measure the line spacing by
_SAME_ROW = 3.0               # points: baselines this close are one row of print
_BULLET_GLYPHS = frozenset("•▪●◦■□➢►✓")   # not dashes: a wrapped line may begin with one


@dataclass
class Block:
    """One paragraph as printed: its text, where it starts and how it is set."""

    text: str
    page: int | None = None
    x: float = 0.0            # left edge of the first line
    body_x: float = 0.0       # left edge of the lines after the first (the hanging indent)
    size: float = 0.0
    bold: bool = False
    notes: list[str] = field(default_factory=list)
    lines: int = 1            # printed lines joined into it
    y: float = 0.0            # baseline of the first line


def blocks(source: SourceText) -> tuple[list[Block], float]:
    """The paragraphs of ``source`` in reading order, and the body type size (0 if unknown)."""
    body_size = _body_size(source.lines)
    if source.format != "pdf":
        return [Block(line.text.strip(), line.page, line.x, line.x, line.size, line.bold)
                for line in source.lines if line.text.strip()], body_size
    spacing = _line_spacing(source.lines, body_size)
    recurring = _recurring_labels(source.lines)
    result: list[Block] = []
    for page_lines in _pages([line for line in source.lines if line.text.strip() not in recurring]):
        body, notes = _split_notes(_bullets_joined(page_lines), body_size)
        previous: Line | None = None
        current: Block | None = None      # the paragraph ``previous`` went into
        for line in body:
            text = line.text.strip()
            if not text:
                continue
            if current is not None and not _starts_paragraph(previous, line, current, body_size, spacing):
                _extend(current, line)
            elif result and (host := _continued(result, line, body_size, previous is None)):
                _extend(host, line)
                current = host
            else:
                current = Block(text, line.page, line.x, line.x, line.size, line.bold, y=line.y)
                result.append(current)
            previous = line
        if notes and result:
            result[-1].notes.extend(notes)
    return result, body_size


def _pages(lines: list[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = []
    for line in lines:
        if not pages or pages[-1][0].page != line.page:
            pages.append([])
        pages[-1].append(line)
    return pages


def _body_size(lines: list[Line]) -> float:
    """The size most of the text is set in, counted on lines alone on their row: a table's cells,
    several to a row, are often set smaller than the body, and in a framework of tables they
    would otherwise outweigh it (a document set in columns throughout counts every line)."""
    rows = Counter((line.page, round(line.y)) for line in lines)
    alone = [line for line in lines if rows[(line.page, round(line.y))] == 1]
    sizes: Counter = Counter()
    for line in alone or lines:
        if line.size:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _line_spacing(lines: list[Line], body_size: float) -> float:
    """The usual distance between two lines of one body paragraph: measured where a sentence runs on
    from one line to the next, so that a document of short paragraphs, whose gaps between
    paragraphs outnumber those inside them, does not pass for one set wide."""
    pairs = [(a, b) for a, b in zip(lines, lines[1:])
             if a.page == b.page and abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6
             and 0 < a.y - b.y < 3 * max(body_size, 1)]
    running_on = [a.y - b.y for a, b in pairs if not _CLAUSE_END.search(a.text.rstrip())]
    gaps = running_on if len(running_on) >= _ENOUGH_GAPS else [a.y - b.y for a, b in pairs]
    return median(gaps) if gaps else 1.2 * max(body_size, 10.0)


def _split_notes(page: list[Line], body_size: float) -> tuple[list[Line], list[str]]:
    """(body lines, footnote texts) of one page: the trailing run of small type opened by a number."""
    if not body_size:
        return page, []
    small = body_size * _NOTE_SIZE_RATIO
    start = len(page)
    while start > 0 and page[start - 1].size and page[start - 1].size < small:
        start -= 1
    while start < len(page) and not _NOTE_LABEL.match(page[start].text.strip()):
        start += 1
    if start >= len(page):
        return page, []
    notes: list[str] = []
    for line in page[start:]:
        text = line.text.strip()
        if _NOTE_LABEL.match(text) or not notes:
            notes.append(text)
        else:
            notes[-1] = f"{notes[-1]} {text}"
    return page[:start], notes


def _is_heading_size(line: Line | Block, body_size: float) -> bool:
    return bool(body_size and line.size and line.size >= body_size + _SIZE_STEP)


def _bullets_joined(lines: list[Line]) -> list[Line]:
    """A bullet set apart from its item's text (a list's glyph drawn on its own, a little off the
    text's baseline) joined to the text it stands before on the same row."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous is not None and previous.text.strip() in _BULLET_GLYPHS and line.page == previous.page \
                and abs(previous.y - line.y) <= _SAME_ROW and line.x > previous.x:
            joined[-1] = replace(line, text=f"{previous.text.strip()} {line.text.strip()}", x=previous.x)
        else:
            joined.append(line)
    return joined


def _starts_paragraph(previous: Line, line: Line, block: Block, body_size: float,
                      spacing: float) -> bool:
    """Whether ``line`` opens a new paragraph rather than continuing the one ``previous`` is in."""
    gap = previous.y - line.y
    if gap < 0 or gap > _GAP_FACTOR * spacing + 0.5:
        return True     # further up the page (a new column or cell), or a blank line's gap
    if _is_heading_size(previous, body_size) != _is_heading_size(line, body_size):
        return True
    if _is_heading_size(line, body_size) and abs(line.size - previous.size) >= 1:
        return True
    if min(line.size, previous.size) >= _NOTE_SIZE_RATIO * body_size \
            and abs(line.size - previous.size) >= _TYPE_CHANGE:
        return True     # body text after a heading set one size larger
    if _CAPTION.match(block.text) and abs(line.size - block.size) < 0.3:
        return False    # a caption's second line, set like its first
    prev_text, text = previous.text.rstrip(), line.text.strip()
    if text[:1] in _BULLET_GLYPHS:
        return True     # a bullet opens an item even after a title without a full stop
    if _CLAUSE_END.search(prev_text) and read_label(text) is not None:
        return True     # after a clause's end, a label opens an item, "a)" and "i." as much as "(a)"
    if text[:1].islower():
        return False
    if block.lines == 1:
        # after a one-line paragraph, a hanging indent is a labelled item's second line
        continuation_x = None if read_label(block.text) is not None else previous.x
    else:
        continuation_x = block.body_x
    if continuation_x is not None and _SENTENCE_END.search(prev_text):
        if line.x > continuation_x + _INDENT:
            return True     # an indented first line after a finished sentence
        if line.x < continuation_x - _INDENT:
            return True     # back out to a lower indentation: the list item has ended
    return False


def _continued(result: list[Block], line: Line, body_size: float, page_start: bool) -> Block | None:
    """The unfinished paragraph a line continues though it does not follow it: at the top of a
    page the last paragraph of the previous page, and for a lower-case line the last paragraph
    in the same column (a table cell broken by a page, with the table's caption repeated) or
    the cell printed left of it on the same row."""
    if page_start and _runs_on(result[-1], line, body_size):
        return result[-1]
    if line.text.strip()[:1].islower():
        for block in reversed(result[-6:]):
            if abs(block.x - line.x) < 3 and _runs_on(block, line, body_size):
                return block
            if block.page == line.page and abs(block.y - line.y) < 1 and block.x < line.x:
                return block    # the next cell of a table row: a glossary term and its meaning
    return None


def _recurring_labels(lines: list[Line]) -> set[str]:
    """Short unpunctuated lines printed on many pages ("Continued on next page", a table's
    column heads): page furniture wherever on the page they stand.  A line in lower case
    continues the text of a narrow cell ("cybersecurity", "organization's") and is no label."""
    pages: dict[str, set] = {}
    for line in lines:
        text = line.text.strip()
        if text and len(text.split()) <= 6 and not re.search(r"[.;:,]$", text) and not text[:1].islower():
            pages.setdefault(text, set()).add(line.page)
    return {text for text, seen in pages.items() if len(seen) >= 3}


def _runs_on(block: Block, line: Line, body_size: float) -> bool:
    """Whether the first line of a page continues ``block`` from the previous page."""
    text = line.text.strip()
    if _is_heading_size(line, body_size) or _is_heading_size(block, body_size):
        return False
    if read_label(text) is not None:
        return False
    return text[:1].islower() or (not re.search(r"[.;:!?][\"'”’)]*$", block.text)
                                  and abs(line.size - block.size) < 0.5)


def _extend(block: Block, line: Line) -> None:
    """Add a printed line to its paragraph (the PDF reader has already mended broken words).  A
    glossary's bold term with its meaning beside it in regular type, on the same row, is no
    heading."""
    if block.lines == 1:
        block.body_x = line.x
    if block.page == line.page and abs(block.y - line.y) < 1 and not line.bold:
        block.bold = False
    block.lines += 1
    block.text = f"{block.text} {line.text.strip()}"


def joined(parts) -> str:
    """Lines or pieces of text as one line, single-spaced."""
    return re.sub(r"\s+", " ", " ".join(p.strip() for p in parts)).strip()
