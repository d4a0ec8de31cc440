"""One rule for text that people type or files bring in: no control characters.

Control characters (C0 but tab and line breaks, DEL and C1) are what XML 1.0 cannot carry, what
turns a terminal listing into an escape sequence, and what an annotation file is refused for.  So
the same set is handled the same way everywhere:

- text a person types (notes, tags, author names, document titles and jurisdictions) and text
  read from an annotation file is *refused* with ``check`` when it holds one, so what can be
  entered can always be exported and imported again;
- text read from a document, where PolicyLens cannot ask, is *cleaned* (``clean``: each becomes
  a space) when it becomes a title, and *escaped* (``escaped``: shown as ``\\x1b``) whenever any
  text is written to a terminal or an XML file.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"[\n\r]")
# What XML 1.0 cannot hold at all, beyond the control characters: lone surrogates, U+FFFE/FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def problem(value: str, *, multiline: bool = False) -> str:
    """Why ``value`` cannot be accepted ('' when it can): a control character, or a line break
    in a one-line field."""
    found = CONTROL.search(value)
    if found:
        return f"contains a control character ({_escape(found)} at position {found.start() + 1})"
    if not multiline and LINE_BREAK.search(value):
        return "contains a line break"
    return ""


def clean(value: str) -> str:
    """Text from a document made fit for a one-line field: control characters and line breaks
    become spaces, runs of spaces one."""
    return " ".join(LINE_BREAK.sub(" ", CONTROL.sub(" ", value)).split())


def escaped(value: str) -> str:
    """``value`` with each control character (and what XML cannot hold) written visibly as
    ``\\xNN`` or ``\\uNNNN``, for terminals and XML; tab and line breaks are kept."""
    return _NOT_XML.sub(_escape, value)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
