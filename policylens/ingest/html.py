"""Read HTML and XHTML files (such as the EUR-Lex rendering of an act) into lines of body text.

Every block element (paragraph, list item, heading, division) becomes one line; a table row
becomes one line with its cells joined, which is how EUR-Lex prints enumerated points ("(a)" in
one cell, the text in the next).  A table nested inside a cell ends the row's line so that the
nested points get lines of their own.  Scripts, styles, navigation and the page head are skipped.

Headings get the hints a PDF reader would give (bold, larger size), from the element (h1–h6,
b/strong) or from a class name that marks a title ("oj-ti-art", "title").  Footnote call-outs
("(<sup>4</sup>)" linking to a note) are taken out of the running text, and the notes themselves
("oj-note" paragraphs) become footnotes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from policylens.ingest.source import Footnote, IngestError, Line, SourceText

_BODY_SIZE = 10.0
_HEADING_SIZES = {f"h{level}": _BODY_SIZE + 2.0 * (7 - level) for level in range(1, 7)}
_TITLE_SIZE = _BODY_SIZE + 2.0

_BLOCKS = frozenset({"p", "div", "li", "dt", "dd", "blockquote", "section", "article", "header",
                     "footer", "main", "aside", "pre", "address", "figcaption", "caption",
                     "ul", "ol", "dl", "hr", "br", "center", "form", "fieldset", "legend",
                     *_HEADING_SIZES})
_SKIPPED = frozenset({"script", "style", "nav", "head", "noscript", "template", "svg", "button",
                      "select", "iframe", "object"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr",
                   "source", "track", "param", "embed"})
_BOLD_TAGS = frozenset({"b", "strong"})
_TITLE_CLASS = re.compile(r"(?:^|[\s-])(?:ti|sti|title|heading)(?:$|[\s-])|-ti-|bold", re.I)
_NOTE_CLASS = re.compile(r"(?:^|\s)(?:oj-)?note(?:$|\s)", re.I)
_NOTE_LABEL = re.compile(r"^\(?([0-9*]{1,4})\)?\s+(.*)$", re.S)
_SPACES = re.compile(r"[\s\u00a0\u2002\u2003\u2009\u200b]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,;:.)])")   # left where a footnote call-out was taken out
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def read_html(path: Path) -> SourceText:
    """Read an HTML/XHTML file; raise IngestError when it is empty, unreadable or empty."""
    path = Path(path)
    text = _decode(path)
    reader = _BodyReader()
    reader.feed(text)
    reader.close()
    lines = reader.lines
    if not lines:
        raise IngestError(path, "the page holds no readable text")
    metadata = {"title": reader.title} if reader.title else {}
    return SourceText(path=path, format="html", lines=lines, footnotes=reader.footnotes,
                      metadata=metadata)


def _decode(path: Path) -> str:
    """The page's text in its declared character set (size and existence are checked by read_source)."""
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(path, "the file is empty")
    declared = _CHARSET.search(raw[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        return raw.decode("utf-8-sig" if encoding in ("utf-8", "utf8") else encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(path, f"the page is not readable as {encoding} text") from exc


class _BodyReader(HTMLParser):
    """Collects block text as lines while the document is parsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.footnotes: list[Footnote] = []
        self.title = ""
        self._open: list[tuple[str, bool, bool, bool]] = []   # (tag, title, note call-out, note body)
        self._skip_depth = 0
        self._in_title = False
        self._rows: list[bool] = []     # per open table: is a row open
        self._note_depth = 0            # > 0 inside a footnote body
        self._chunks: list[tuple[str, bool]] = []   # (text, bold)
        self._size = _BODY_SIZE

    def close(self) -> None:
        """The end of the file also ends a line: text in elements never closed is kept."""
        super().close()
        self._flush()

    # -- parser events -------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "title":
            self._in_title = True
        if tag == "body":   # the body begins where the head ends, whether or not </head> was written
            self._skip_depth = 0
        if tag in _SKIPPED:
            self._skip_depth += tag not in _VOID
            return
        if tag == "table":
            self._flush()
            self._rows.append(False)
        elif tag == "tr":
            self._flush()
            if self._rows:
                self._rows[-1] = True
        elif tag in ("td", "th"):
            self._chunks.append((" ", False))
        elif tag in _BLOCKS and not self._in_row():
            self._flush()
        elif tag in _BLOCKS:
            self._chunks.append((" ", False))
        if tag in _VOID:
            return
        css = attributes.get("class") or ""
        is_note = bool(_NOTE_CLASS.search(css)) and tag in ("p", "div", "li", "dd")
        callout = tag == "a" and (attributes.get("href") or "").startswith("#ntr")
        titled = tag in _HEADING_SIZES or tag in _BOLD_TAGS or bool(_TITLE_CLASS.search(css))
        if is_note:
            self._flush()
            self._note_depth += 1
        if tag in _HEADING_SIZES:
            self._size = _HEADING_SIZES[tag]
        elif titled and tag in _BLOCKS:
            self._size = _TITLE_SIZE
        self._open.append((tag, titled, callout, is_note))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _VOID:
            return
        while self._open:
            opened = self._open.pop()
            if opened[3]:
                self._flush_note()
                self._note_depth = max(0, self._note_depth - 1)
            if opened[0] == tag:
                break
        if tag == "table":
            self._flush()
            if self._rows:
                self._rows.pop()
        elif tag == "tr":
            self._flush()
            if self._rows:
                self._rows[-1] = False
        elif tag in _BLOCKS and not self._in_row():
            self._flush()

    def handle_data(self, data):
        if self._in_title:
            self.title = _SPACES.sub(" ", f"{self.title} {data}").strip()
            return
        if self._skip_depth or any(opened[2] for opened in self._open):
            return
        bold = any(opened[1] for opened in self._open)
        self._chunks.append((data, bold))

    # -- lines ---------------------------------------------------------------------------------
    def _in_row(self) -> bool:
        return bool(self._rows) and self._rows[-1]

    def _flush(self) -> None:
        if self._note_depth:
            return
        text, bold = self._collected()
        if text:
            self.lines.append(Line(text=text, size=self._size, bold=bold))
        self._size = _BODY_SIZE

    def _flush_note(self) -> None:
        text, _ = self._collected()
        if not text:
            return
        labelled = _NOTE_LABEL.match(text)
        if labelled:
            self.footnotes.append(Footnote(label=labelled.group(1), text=labelled.group(2).strip()))
        elif self.footnotes:
            self.footnotes[-1].text = f"{self.footnotes[-1].text} {text}"
        else:
            self.footnotes.append(Footnote(label="", text=text))

    def _collected(self) -> tuple[str, bool]:
        """The text gathered since the last line, and whether most of it was bold."""
        chunks, self._chunks = self._chunks, []
        text = _SPACES.sub(" ", "".join(part for part, _ in chunks)).strip()
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
        if not text:
            return "", False
        bold_chars = sum(len(part.strip()) for part, bold in chunks if bold)
        total_chars = sum(len(part.strip()) for part, _ in chunks) or 1
        return text, bold_chars / total_chars >= 0.8
