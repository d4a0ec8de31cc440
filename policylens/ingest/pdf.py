"""Read a PDF's text layer into clean body lines: furniture removed, footnotes set aside, words mended.

pypdf gives text in content-stream order plus, through its ``visitor_text`` hook, the position,
size and font of each run; its ``visitor_operand_before`` hook lets us correct the piece positions
it measures word gaps from.  From that we rebuild lines and then apply rules that hold for any
typeset document, not for one file:

* running headers and footers are the lines that recur, with their numbers masked, at the top or
  bottom of many pages; bare page numbers and the Official Journal masthead go too;
* footnotes are the lines in smaller type below the last line of body-size type on a page,
  split at their labels ("(1) OJ C 517 …", "3 Non-business users …");
* lines typeset as many pieces with stretched word spacing (``Tw``) are read with that spacing
  counted, so pypdf no longer breaks words at piece boundaries ("in vestigate");
* end-of-line hyphens are dropped when the document uses the unhyphenated form elsewhere
  ("develop-\\nment") and kept otherwise ("high-\\nrisk").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdf
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from policylens.budget import guard_page
from policylens.ingest.source import Footnote, IngestError, Line, SourceText

_EDGE_LINES = 6               # how many lines at the top and at the bottom of a page may be furniture
_REPEAT_SHARE = 0.4           # a furniture line recurs on at least this share of pages …
_REPEAT_MIN_PAGES = 3         # … and on at least this many pages, or on every page after the first
_FOOTNOTE_SIZE_RATIO = 0.97   # footnote type is smaller than this share of the body type size
_MIN_TEXT_CHARS_PER_PAGE = 5  # below this on average, the file has no usable text layer

# digits, and the letters OCR reads for digits beside them ("l39-06" for "139-06")
_MASKED_DIGITS = re.compile(r"[lIO]?\d[\dlIO]*")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-—–]?\s*(\d{1,4})\s*[-—–]?(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
OJ_MASTHEAD = re.compile(
    r"^(?:Official Journal(?: of the European Union)?|of the European Union|EN|[CL] series"
    r"|\d{4}/\d+\s+\d{1,2}\.\d{1,2}\.\d{4}|OJ [CL], \d{1,2}\.\d{1,2}\.\d{4}(?: EN)?"
    r"|ELI: \S+(?: \d+/\d+)?|ISSN \d{4}-\d{3}[\dX](?: \(electronic edition\))?)$"
)
_PAREN_LABEL = re.compile(r"^\((\d{1,3})\)\s*(.*)$")
_BARE_LABEL = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_WORD = re.compile(r"[^\W\d_]+")
_SYMBOL_FONT_BULLET = re.compile("[\uf000-\uf0ff\x7f\x95]")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[^\W\d_]) +([,;:.])(?=\s|$)")
_LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)-$")
_LEADING_LOWER_WORD = re.compile(r"^([a-z][^\W\d_]*)(\S*)\s*")


@dataclass
class _RawLine:
    """A line as laid out on the page, before furniture and footnotes are told apart."""

    text: str
    page: int
    x: float
    y: float
    size: float
    bold: bool


def read_pdf(path: Path, *, max_pages: int = 2000) -> SourceText:
    """The body text of a PDF as lines in reading order, with footnotes and metadata."""
    path = Path(path)
    reader = _open_reader(path)
    page_count = _page_count(reader, path)
    if page_count == 0:
        raise IngestError(path, "the PDF has no pages.")
    if page_count > max_pages:
        raise IngestError(path, f"the PDF has {page_count} pages, more than the limit of {max_pages}; "
                                "split it into smaller files.")
    pages = [_page_lines(reader, index, path) for index in range(page_count)]
    if sum(len(line.text.strip()) for page in pages for line in page) < _MIN_TEXT_CHARS_PER_PAGE * page_count:
        raise IngestError(path, "the PDF has no text layer (it looks scanned or made of images); "
                                "run it through OCR software first and add the OCR'd copy.")
    pages = _without_furniture(pages)
    body_size = _body_size(pages)
    body: list[_RawLine] = []
    note_lines: list[_RawLine] = []
    next_label = 1
    for page in pages:
        page_body, page_notes = _split_footnotes(page, body_size, next_label)
        body.extend(page_body)
        note_lines.extend(page_notes)
        for line in page_notes:
            label = _footnote_label(line.text)
            if label is not None and label[0] == str(next_label):
                next_label += 1
    lines = _join_hyphenated([_to_line(raw) for raw in body], _document_words(body + note_lines))
    footnotes = _footnotes([_to_line(raw) for raw in note_lines])
    return SourceText(path=path, format="pdf", lines=lines, footnotes=footnotes,
                      metadata=_metadata(reader, page_count))


def _open_reader(path: Path) -> pypdf.PdfReader:
    """Open the file, turning every way it can be unreadable into a reason the user can act on."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, "the file does not exist.") from None
    except OSError as exc:
        raise IngestError(path, f"the file cannot be read ({exc.strerror}).") from None
    if not data:
        raise IngestError(path, "the file is empty (0 bytes).")
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "the file is not a PDF (it does not start with a PDF header); "
                                "check that it was saved or downloaded as PDF.")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(path, "the PDF is incomplete (it is cut off before its end); "
                                "download or copy it again.")
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "the PDF is password-protected; save an unprotected copy and add that.")
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError(path, "the PDF is password-protected; save an unprotected copy and add that.") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(path, f"the PDF is damaged and cannot be read ({exc}).") from None
    return reader


def _page_count(reader: pypdf.PdfReader, path: Path) -> int:
    try:
        return len(reader.pages)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(path, f"the PDF is damaged and its pages cannot be read ({exc}).") from None


def _page_lines(reader: pypdf.PdfReader, index: int, path: Path) -> list[_RawLine]:
    """Lines of one page in content order, each with the position, size and font of its longest runs."""
    lines: list[_RawLine] = []
    runs: list[tuple[str, float, float, float, str]] = []

    def close_line() -> None:
        text = _with_exponents(runs)
        if text.strip():
            first = next(run for run in runs if run[0].strip())
            weights: Counter = Counter()
            fonts: Counter = Counter()
            for run_text, _, _, size, font in runs:
                weights[size] += len(run_text.strip())
                fonts[font] += len(run_text.strip())
            font = fonts.most_common(1)[0][0]
            lines.append(_RawLine(text=text, page=index + 1, x=first[1], y=first[2],
                                  size=weights.most_common(1)[0][0],
                                  bold=any(mark in font for mark in ("Bold", "Black", "Heavy", ",B"))))
        runs.clear()

    def visit(text, cm, tm, font_dict, font_size) -> None:
        pieces = text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                close_line()
            if piece:
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                size = round(abs(font_size * cm[3] * tm[3]) or abs(font_size * cm[0] * tm[0]), 1)
                font = str((font_dict or {}).get("/BaseFont", ""))
                runs.append((piece, x, y, size, font))

    page = reader.pages[index]
    try:
        page.extract_text(visitor_text=visit,
                          visitor_operand_before=guard_page(page, index + 1, path, _WordSpacing(page)))
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IngestError(path, f"page {index + 1} of the PDF is damaged and cannot be read ({exc}).") from None
    close_line()
    return lines


def _with_exponents(runs: list[tuple[str, float, float, float, str]]) -> str:
    """The line's text, with a raised small number after a number written as a power: the OJ sets
    "10<sup>25</sup>" as two runs, which would otherwise read as "1025"."""
    parts: list[str] = []
    base = None   # the last run with visible text
    for run in runs:
        text, _, y, size, _ = run
        if (base and text.strip().isdigit() and base[0].rstrip().endswith("10")
                and size < 0.75 * base[3] and y > base[2] + 0.15 * base[3]):
            parts.append("^" + text.strip())
            continue
        parts.append(text)
        if text.strip():
            base = run
    return "".join(parts)


class _WordSpacing:
    """Lets pypdf see the real gaps between the pieces of a line set with word spacing (``Tw``).

    Justified lines are often typeset as many short pieces, each placed at its own position, with
    the word spacing stretched to fill the measure ("in" | "v" | "estig" | "ate").  pypdf measures
    the gap between two pieces as the distance moved minus the glyph widths it has drawn, and
    inserts a space when that gap exceeds half a space; it leaves word spacing out of the drawn
    width, so every piece that follows a stretched space looks detached ("in vestigate").

    Called by pypdf before each content-stream operator, this moves each piece that continues a
    line left by the word spacing drawn since the previous piece (and moves the next line back
    where it was), so pypdf's own rule applies to the gap actually printed.  Word spacing applies
    only to the single-byte space code of simple fonts, never to two-byte (Type0) fonts.
    """

    def __init__(self, page) -> None:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        self.two_byte_fonts = {str(name) for name, font in fonts.items()
                               if font.get_object().get("/Subtype") == "/Type0"}
        self.single_byte = True
        self.word_spacing = 0.0
        self.pending = 0.0  # word spacing drawn since the last positioning operator (text space units)
        self.shift = 0.0    # how far left of its true place the current line's pen now is

    def __call__(self, operator: bytes, operands: list, cm: list, tm: list) -> None:
        try:
            self._visit(operator, operands, tm)
        except (TypeError, ValueError, IndexError):
            self.pending = self.shift = 0.0  # an odd operator: leave pypdf's reading as it is

    def _visit(self, operator: bytes, operands: list, tm: list) -> None:
        if operator == b"Tf":
            self.single_byte = str(operands[0]) not in self.two_byte_fonts
        elif operator == b"Tw":
            self.word_spacing = float(operands[0])
        elif operator == b'"':
            self.word_spacing = float(operands[0])
            self.pending, self.shift = self._drawn(operands[2:]), 0.0
        elif operator == b"'":
            self.pending, self.shift = self._drawn(operands), 0.0
        elif operator in (b"Tj", b"TJ"):
            self.pending += self._drawn(operands[0] if operator == b"TJ" else operands[:1])
        elif operator in (b"Td", b"TD"):
            if float(operands[1]) == 0:
                self.shift += self.pending
                operands[0] = float(operands[0]) - self.pending
            else:
                operands[0] = float(operands[0]) + self.shift
                self.shift = 0.0
            self.pending = 0.0
        elif operator == b"Tm":
            if abs(float(operands[5]) - tm[5]) < 0.01 and abs(float(operands[0]) - tm[0]) < 0.001:
                self.shift += self.pending
                operands[4] = float(operands[4]) - self.shift * float(operands[0])
            else:
                self.shift = 0.0
            self.pending = 0.0
        elif operator in (b"BT", b"T*"):
            self.pending = self.shift = 0.0

    def _drawn(self, pieces) -> float:
        """The word spacing that showing these strings adds, in unscaled text space units."""
        if not self.word_spacing or not self.single_byte:
            return 0.0
        spaces = sum(bytes(piece).count(b" ") if isinstance(piece, bytes) else str(piece).count(" ")
                     for piece in pieces if isinstance(piece, (bytes, str)))
        return spaces * self.word_spacing


def _furniture_key(text: str) -> str:
    return _MASKED_DIGITS.sub("#", " ".join(text.split()))


def _edge_lines(page: list[_RawLine]) -> list[_RawLine]:
    """The lines nearest the top and the bottom edge, where running heads and folios sit."""
    by_height = sorted(page, key=lambda line: -line.y)
    if len(by_height) <= 2 * _EDGE_LINES:
        return by_height
    return by_height[:_EDGE_LINES] + by_height[-_EDGE_LINES:]


def _without_furniture(pages: list[list[_RawLine]]) -> list[list[_RawLine]]:
    """Drop running headers/footers, page numbers and journal mastheads."""
    seen_on_pages: Counter = Counter()
    for page in pages:
        seen_on_pages.update({_furniture_key(line.text) for line in _edge_lines(page)})
    threshold = max(2, min(_REPEAT_MIN_PAGES, len(pages) - 1), _REPEAT_SHARE * len(pages))
    repeated = {key for key, count in seen_on_pages.items() if count >= threshold}
    cleaned = []
    for number, page in enumerate(pages, start=1):
        furniture = {id(line) for line in _edge_lines(page) if _is_furniture(line, number, repeated)}
        cleaned.append([line for line in page if id(line) not in furniture])
    return cleaned


def _is_furniture(line: _RawLine, page_number: int, repeated: set[str]) -> bool:
    text = " ".join(line.text.split())
    if _furniture_key(text) in repeated or OJ_MASTHEAD.match(text):
        return True
    folio = _PAGE_NUMBER.match(text)
    return bool(folio) and abs(int(folio.group(1)) - page_number) <= 5


def _body_size(pages: list[list[_RawLine]]) -> float:
    """The type size that carries most of the text."""
    weights: Counter = Counter()
    for page in pages:
        for line in page:
            weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _split_footnotes(page: list[_RawLine], body_size: float, next_label: int) -> tuple[list, list]:
    """(body lines, footnote lines) of a page.  Footnotes are the lines in smaller type at the foot
    of the page, from a line labelled with the next footnote number down, with no body-size text
    below them.  Numbering runs on through the document, which keeps small numbered lists in tables
    and figures in the body."""
    small = body_size * _FOOTNOTE_SIZE_RATIO
    lowest_body = min((line.y for line in page if line.size >= small), default=float("inf"))
    starts = [line.y for line in page
              if line.size < small and line.y < lowest_body
              and (label := _footnote_label(line.text)) is not None and label[0] == str(next_label)]
    if not starts:
        return page, []
    top = max(starts) + 0.5
    notes = sorted((line for line in page if line.size < small and line.y <= top), key=lambda line: -line.y)
    chosen = {id(line) for line in notes}
    return [line for line in page if id(line) not in chosen], notes


def _footnote_label(text: str) -> tuple[str, str] | None:
    text = " ".join(text.split())
    match = _PAREN_LABEL.match(text) or _BARE_LABEL.match(text)
    return (match.group(1), match.group(2)) if match else None


def _footnotes(lines: list[Line]) -> list[Footnote]:
    """Split footnote lines into notes at their labels; numbering runs on through the document."""
    notes: list[Footnote] = []
    for line in lines:
        label = _footnote_label(line.text)
        is_next = label is not None and (not notes or not notes[-1].label.isdigit()
                                         or int(label[0]) == int(notes[-1].label) + 1)
        if is_next:
            notes.append(Footnote(label=label[0], text=label[1], page=line.page))
        elif notes:
            notes[-1].text = _joined(notes[-1].text, line.text)
        else:
            notes.append(Footnote(label="", text=line.text, page=line.page))
    return notes


def _joined(first: str, second: str) -> str:
    hyphen = _LINE_END_HYPHEN.search(first)
    if hyphen and second[:1].islower():
        return first + second
    return f"{first} {second}"


def _to_line(raw: _RawLine) -> Line:
    text = " ".join(_SYMBOL_FONT_BULLET.sub("•", raw.text.replace("\xa0", " ")).split())
    return Line(text=_SPACE_BEFORE_PUNCT.sub(r"\1", text), page=raw.page, x=round(raw.x, 1),
                y=round(raw.y, 1), size=raw.size, bold=raw.bold)


def _document_words(lines: list[_RawLine]) -> set[str]:
    """Every word the document prints, lower-cased: tells a broken word from a hyphenated compound."""
    return {word.lower() for line in lines for word in _WORD.findall(line.text)}


def _join_hyphenated(lines: list[Line], words: set[str]) -> list[Line]:
    """Pull the word after an end-of-line hyphen up to its line, dropping the hyphen if it only broke the word."""
    for current, following in zip(lines, lines[1:]):
        hyphen = _LINE_END_HYPHEN.search(current.text)
        word = _LEADING_LOWER_WORD.match(following.text)
        if not hyphen or not word:
            continue
        joined = hyphen.group(1) + word.group(1)
        if joined.lower() in words:
            current.text = current.text[:-1] + word.group(1) + word.group(2)
        else:
            current.text = current.text + word.group(1) + word.group(2)
        following.text = following.text[word.end():]
    return [line for line in lines if line.text.strip()]


def _metadata(reader: pypdf.PdfReader, page_count: int) -> dict:
    info = reader.metadata or {}
    return {"title": str(info.get("/Title") or ""), "author": str(info.get("/Author") or ""),
            "page_count": page_count}
