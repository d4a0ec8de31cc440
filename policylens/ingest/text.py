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
_NEW_PARAGRAPH_INDENT = 2     # a line indented by this many characters starts a paragraph


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
    lines = [_paragraph_line(block, fmt) for block in _paragraphs(text, _hard_wrapped(text))]
    lines = [line for line in lines if line.text]
    if not lines:
        raise IngestError(path, "the file holds no text")
    return SourceText(path=path, format=fmt, lines=lines, metadata=metadata)


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
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u00a0")
        if not stripped:
            if current:
                blocks.append(current)
                current = []
            continue
        indent = len(_INDENT.match(raw).group())
        starts_block = (indent >= _NEW_PARAGRAPH_INDENT or _ATX_HEADING.match(stripped)
                        or _LIST_MARKER.match(stripped))
        if current and (starts_block or _ATX_HEADING.match(current[-1].strip())):
            blocks.append(current)
            current = []
        current.append(raw)
    if current:
        blocks.append(current)
    return blocks


def _paragraph_line(block: list[str], fmt: str) -> Line:
    """One paragraph as a Line: wrapping undone, spaces normalised, indentation kept in ``x``."""
    indent = float(len(_INDENT.match(block[0]).group().expandtabs(4)))
    text = _SPACES.sub(" ", " ".join(block)).strip()
    heading = _ATX_HEADING.match(text) if fmt == "md" else None
    if heading:
        level = len(heading.group(1))
        size = _BODY_SIZE + _HEADING_SIZE_STEP * (7 - level)
        return Line(text=heading.group(2), x=indent, size=size, bold=True)
    return Line(text=text, x=indent, size=_BODY_SIZE)
