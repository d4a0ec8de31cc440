"""Read Markdown and plain-text files into paragraphs of body text.

Both formats come hard-wrapped: one paragraph spans several lines, and a blank line (or a line
that starts indented) begins the next one.  Each ``Line`` we return is one logical paragraph with
its wrapping undone; ``Line.x`` keeps the indentation of its first line in characters, because
indentation is how web-converted orders show the depth of a list item.

Markdown gets its markup removed so that the words read as printed: YAML front matter (whose
title, date and source URL go into the metadata), empty ``<figure>`` blocks, ``*emphasis*``,
``<sup>26</sup>`` (kept visible as ``^26``, so "10<sup>26</sup>" reads "10^26"), HTML entities
and backslash escapes.  Markdown headings ("# Title") become bold lines with a larger size, the
same hints a PDF gives, so structure parsers need not know the format.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from policylens.ingest.legend import is_legend
from policylens.ingest.source import IngestError, Line, SourceText

_BODY_SIZE = 10.0             # the size given to ordinary paragraphs
_HEADING_SIZE_STEP = 2.0      # each Markdown heading level above body size: h1 = body + 12

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*)$")
_FIGURE = re.compile(r"<figure\b.*?</figure>", re.S | re.I)
_SUPERSCRIPT = re.compile(r"<sup>\s*([^<]*?)\s*</sup>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_INDENT = re.compile(r"^[ \t\u00a0\u2002\u2003\u2009]*")
_SPACES = re.compile(r"[\s\u00a0\u2002\u2003\u2009\u200b]+")
_WRAP_WIDTH = 120             # a hard-wrapped file has (almost) no line longer than this …
_UNWRAPPED_SHARE = 0.1        # … and one with this share of longer lines is not hard-wrapped,
_FINISHED_SHARE = 0.7         # nor one with this share of lines ending a sentence or clause
_LINE_END = re.compile(r"[.;:!?—][\"'”’)\]]*$")
_NEW_PARAGRAPH_INDENT = 2     # a line indented this many characters deeper than the one before starts a paragraph
# an enumerator opening a line: "(a) ", "(iv) ", "1. ", "A. "
_ENUMERATOR = re.compile(r"^(?:\([A-Za-z0-9]{1,5}\)|[0-9]{1,3}\.|[A-Za-z]\.|[ivxIVX]{1,5}\.)\s+")
_LINE_NUMBER = re.compile(r"^[ \t]{0,8}([0-9]{1,2}) (?=\s*\S)")
_NUMBERED_SHARE = 0.6         # of a file's lines numbered in the margin, counting up, to strip the numbers
_BROKEN_WORD = re.compile(r"([A-Za-z]{2,})-$")
_WORD = re.compile(r"[a-z]+", re.I)
# a section's label opening a line: "§ 1550.", "Sec. 2-101.", "Section 5.", "ARTICLE 45"
_HEADING_START = re.compile(r"^(?:§+|Sec\.|Section|SECTION|SEC\.|Article|ARTICLE|Art\.|Chapter|CHAPTER|Part|PART)\s*[0-9IVX]")
# an editor's note on a line of its own: "(Source: P.A. 103-736, eff. 1-1-25.)", "[Repealed]"
_NOTE_LINE = re.compile(r"^[(\[<][A-Z][^()\[\]<>]*[)\]>]\.?$")
# a line that ends a clause or closes a bracket
_CLOSED_LINE = re.compile(r"[.;:!?)\]][\"'”’]*$")
# a page's running head or foot in a text file: a page number alone ("- 2 -", "Page 2 of 5") or
# with the bill's name ("PAGE 3-SENATE BILL 25-118", "SB 25-118 | Page 3"), or set apart from it
# by a wide gap ("S. 7263--A                          2")
_PAGE = r"(?:Page|PAGE|p\.)\s*(?P<{}>\d{{1,3}})(?:\s*(?:of|/)\s*\d{{1,3}})?"
_PAGE_LINE = re.compile(rf"^(?:{_PAGE.format('page')}(?:\s*[-–—|:,]\s*\S.*)?|.*\S\s*[-–—|,]\s*{_PAGE.format('trailing')}"
                        r"|[-–—]\s*(?P<dashed>\d{1,3})\s*[-–—]|\S.*\S {3,}(?P<last>\d{1,3})|(?P<first>\d{1,3}) {3,}\S.*\S)$")
_DIGITS = re.compile(r"\d+")
# a heading line in capitals: "ARTICLE 45", "ARTIFICIAL INTELLIGENCE CONSUMER PROTECTION ACT"
_WRAP_PERCENTILE = 0.9           # the wrap width: nine lines in ten are no wider (titles run on unwrapped)
_HEADING_SHARE_OF_WIDTH = 0.8    # a line in capitals shorter than this share of the wrap width is a heading
_CAPITALS_LINE = re.compile(r"^[A-Z0-9][A-Z0-9 ,.'’&—–\-]{2,90}$")


def read_text(path: Path) -> SourceText:
    """Read a .md or .txt file; raise IngestError when it is empty or not text (its size is
    checked before, by ``reader.read_source``)."""
    path = Path(path)
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    text = _decode(path)
    metadata: dict = {}
    if fmt == "md":
        text, metadata = _split_front_matter(text)
        text = _strip_markdown(text)
    text = _without_running_heads(_legends_first(_without_line_numbers(text)))
    words = set(_WORD.findall(text.lower()))
    lines = [_paragraph_line(block, fmt, words) for block in _paragraphs(text, _hard_wrapped(text))]
    lines = [line for line in lines if line.text]
    if not lines:
        raise IngestError(path, "the file holds no text")
    return SourceText(path=path, format=fmt, lines=lines, metadata=metadata)


def _without_line_numbers(text: str) -> str:
    """The text without the line numbers a legislature prints in its margin ("    1    Section 1.
    The general business law …", counting up from 1 on each page), the lines' own indentation
    kept; a text without such a margin is returned unchanged."""
    lines = text.split("\n")
    numbered = [(i, _LINE_NUMBER.match(line)) for i, line in enumerate(lines)]
    numbered = [(i, m) for i, m in numbered if m]
    filled = [line for line in lines if line.strip()]
    if len(numbered) < _NUMBERED_SHARE * max(len(filled), 1):
        return text
    counting = sum(1 for (_, a), (_, b) in zip(numbered, numbered[1:])
                   if int(b.group(1)) in (int(a.group(1)) + 1, 1))
    if counting < _NUMBERED_SHARE * len(numbered):
        return text
    for i, match in numbered:
        lines[i] = lines[i][match.end():]
    return "\n".join(lines)


def _without_running_heads(text: str) -> str:
    """The text without the running heads and page numbers a legislature's text file keeps from
    its printed pages: lines standing alone between blank lines, set like a page's head or foot,
    that recur on later pages with only their page number counting up.  A sentence the page
    break cut ("Such term" … "shall not include:") is joined again; a finished paragraph keeps the
    blank line that ends it."""
    lines = text.split("\n")
    alone = [i for i, line in enumerate(lines) if line.strip()
             and (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())]
    pages: dict[str, list[tuple[int, int]]] = {}
    for i in alone:
        stripped = lines[i].strip()
        page = _PAGE_LINE.match(stripped)
        if page:
            key = _DIGITS.sub("#", _SPACES.sub(" ", stripped))
            pages.setdefault(key, []).append((i, int(next(number for number in page.groups() if number))))
    furniture = set()
    for found in pages.values():
        if len(found) >= 2 and all(b == a + 1 for (_, a), (_, b) in zip(found, found[1:])):
            furniture.update(i for i, _ in found)
    if not furniture:
        return text
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in furniture:
            while kept and not kept[-1].strip():
                kept.pop()
            if kept and _LINE_END.search(kept[-1].strip()):
                kept.append("")
            continue
        if not line.strip() and kept and (i - 1) in furniture:
            continue
        kept.append(line)
    return "\n".join(kept)


def _legends_first(text: str) -> str:
    """The text with a bill's typographic legend, printed at the foot of its first page, moved
    before everything else (where a cover's furniture stands), so that a sentence the page
    break cut around it ("Such term" … legend … "shall not include:") runs on again."""
    blocks = re.split(r"\n[ \t]*\n", text)
    legends = [i for i, block in enumerate(blocks) if is_legend(" ".join(block.split()))]
    if not legends:
        return text
    kept: list[str] = []
    for i, block in enumerate(blocks):
        if i in legends:
            continue
        cut = i - 1 in legends and kept and not _LINE_END.search(kept[-1].rstrip()) and block.strip()[:1].islower()
        if cut:
            kept[-1] = f"{kept[-1]}\n{block}"
        else:
            kept.append(block)
    return "\n\n".join([blocks[i] for i in legends] + kept)


def _decode(path: Path) -> str:
    """The file's text as UTF-8, a byte-order mark tolerated (size and existence are checked by
    read_source)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(path, "the file is not UTF-8 text (save it as UTF-8 and add it again); "
                                f"the first unreadable byte is at position {exc.start}") from exc
    if "\x00" in text:
        raise IngestError(path, "the file is binary, not text")
    if not text.strip():
        raise IngestError(path, "the file is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str) -> tuple[str, dict]:
    """The text without its YAML front matter, and the title/date/source_url it gave."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    fields: dict[str, str] = {}
    key = None
    for raw in match.group(1).split("\n"):
        found = _FRONT_MATTER_KEY.match(raw)
        if found and not raw[:1].isspace():
            key = found.group(1)
            fields[key] = found.group(2)
        elif key:
            fields[key] += "\n" + raw
    metadata = {key: _yaml_scalar(value) for key, value in fields.items()
                if key in ("title", "date", "source_url")}
    return text[match.end():], metadata


def _yaml_scalar(value: str) -> str:
    """A front-matter value as plain text (quoted, folded and escaped forms are all undone)."""
    value = value.strip()
    if value[:1] == '"' and value[-1:] == '"':
        value = value[1:-1]
        value = re.sub(r"\\\n\s*(?:\\(?= ))?", "", value)   # escaped line break
        value = value.replace("\\_", " ").replace('\\"', '"').replace("\\\\", "\\")
    elif value[:1] == "'" and value[-1:] == "'":
        value = value[1:-1].replace("''", "'")
    return _SPACES.sub(" ", value).strip()


def _strip_markdown(text: str) -> str:
    """Markdown source with its inline markup removed and the words left as printed."""
    text = _FIGURE.sub("\n", text)
    text = _SUPERSCRIPT.sub(r"^\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return html.unescape(text)


def _hard_wrapped(text: str) -> bool:
    """Whether the file breaks its paragraphs into lines of a set width.  Files exported from
    legislative sites put one paragraph or subdivision on each line instead, however long: then
    every line is a paragraph of its own, with or without blank lines between them."""
    lines = [raw.strip() for raw in text.split("\n") if raw.strip()]
    if not lines:
        return True
    long_lines = sum(1 for line in lines if len(line) > _WRAP_WIDTH)
    # wrapped prose breaks lines mid-sentence; a file of whole subdivisions ends nearly every
    # line with a full stop, semicolon or colon (its headings excepted)
    finished = sum(1 for line in lines if _LINE_END.search(line))
    return long_lines < _UNWRAPPED_SHARE * len(lines) and finished < _FINISHED_SHARE * len(lines)


def _paragraphs(text: str, hard_wrapped: bool) -> list[list[str]]:
    """Groups of raw lines, one group per logical paragraph."""
    if not hard_wrapped:
        return [[raw] for raw in text.split("\n") if raw.strip(" \t\u00a0")]
    blocks: list[list[str]] = []
    current: list[str] = []
    lines = text.split("\n")
    # a heading in capitals stops short of the wrap width; a line of a paragraph printed in
    # capitals (as Colorado prints the law a bill adds) runs to it
    widths = sorted(len(raw.rstrip().expandtabs(4)) for raw in lines if raw.strip())
    heading_width = _HEADING_SHARE_OF_WIDTH * widths[int(_WRAP_PERCENTILE * (len(widths) - 1))] if widths else 0.0
    for raw in lines:
        stripped = raw.strip(" \t\u00a0")
        if not stripped:
            if current:
                blocks.append(current)
                current = []
            continue
        if current and _starts_paragraph(current, raw, stripped, heading_width):
            blocks.append(current)
            current = []
        current.append(raw)
    if current:
        blocks.append(current)
    return blocks


def _starts_paragraph(current: list[str], raw: str, stripped: str, heading_width: float) -> bool:
    """Whether a line of a hard-wrapped file begins a paragraph rather than continuing ``current``.

    Legislatures wrap their texts three ways: the first line indented and the rest flush left
    (an order), each item's first line indented deeper than its continuation lines (the Illinois
    General Assembly's hanging outdent), or each item indented by its depth with its wrapped
    lines under its text.  A paragraph begins at a heading or list marker, at a line after a
    heading in capitals, at an enumerator or a section's label after a finished clause or set
    where its block's first line is, at an editor's note, and after a finished clause at a line set
    deeper than the one before unless it hangs under an item's text; a sentence not yet ended runs
    on, however its lines are indented."""
    previous, first = current[-1], current[0]
    indent, previous_indent, first_indent = _indent(raw), _indent(previous), _indent(first)
    if _ATX_HEADING.match(stripped) or _LIST_MARKER.match(stripped) or _ATX_HEADING.match(previous.strip()):
        return True
    if _CAPITALS_LINE.match(previous.strip()) and len(current) == 1 and not previous.strip().endswith("-") \
            and len(previous.strip()) < heading_width:
        return True
    ended = bool(_LINE_END.search(previous.strip()))
    if _ENUMERATOR.match(stripped) or _HEADING_START.match(stripped):
        return ended or indent == first_indent or indent >= previous_indent + _NEW_PARAGRAPH_INDENT
    if len(current) == 1 and 0 < first_indent == indent and _CLOSED_LINE.search(previous.strip()):
        return True     # "    (775 ILCS 5/2-101)" then "    Sec. 2-101. Definitions. …": both set as first lines
    if _NOTE_LINE.match(stripped) and ended:
        return True     # "(Source: P.A. 103-736, eff. 1-1-25.)", "[This Article Newly Inserted …]": an editor's note
    if indent < previous_indent + _NEW_PARAGRAPH_INDENT or not ended:
        return False
    label = _ENUMERATOR.match(first.strip())
    hanging_at = first_indent + (label.end() if label else 0)
    return not (len(current) == 1 and label and abs(indent - hanging_at) <= 1)


def _indent(raw: str) -> int:
    return len(_INDENT.match(raw).group().expandtabs(4))


def _paragraph_line(block: list[str], fmt: str, words: set[str]) -> Line:
    """One paragraph as a Line: wrapping undone (a word broken at the line's end joined again,
    "ar-" / "tificial" → "artificial", while "high-" / "risk" stays "high-risk" unless the file
    writes it as one word), spaces normalised, indentation kept in ``x``."""
    indent = float(_indent(block[0]))
    joined = block[0].strip()
    for line in block[1:]:
        line = line.strip()
        broken = _BROKEN_WORD.search(joined)
        if broken and line[:1].islower():
            head, tail = broken.group(1), _WORD.match(line).group(0)
            joined = joined[:-1] + line if (head + tail).lower() in words else joined + line
        else:
            joined = f"{joined} {line}"
    text = _SPACES.sub(" ", joined).strip()
    heading = _ATX_HEADING.match(text) if fmt == "md" else None
    if heading:
        level = len(heading.group(1))
        size = _BODY_SIZE + _HEADING_SIZE_STEP * (7 - level)
        return Line(text=heading.group(2), x=indent, size=size, bold=True)
    return Line(text=text, x=indent, size=_BODY_SIZE)
