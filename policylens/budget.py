"""What reading one file may cost, and the check that holds a PDF page to it.

Reading runs in worker processes (``policylens.workers``) that are given ``MEMORY_BYTES`` of
address space and stopped after ``DOCUMENT_SECONDS``.  Inside a PDF, pypdf's text extraction
takes time that grows with the square of the text lines on a page (10,000 lines 0.6 s, 80,000
lines 8 s on two cores), so a one-page file of 900,000 tiny lines would read for hours: each page
is first counted and then watched (``guard_page``).  The densest page of the official texts
(the EU AI Act's Official Journal PDF) has 1,294.
Every limit is far above what any regulation needs; a file over one is refused with the page and
the reason, and nothing of it is stored.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from policylens.ingest.source import IngestError

MAX_PAGE_LINES = 20_000           # text-positioning operators on one PDF page
PAGE_SECONDS = 30.0               # reading one PDF page
DOCUMENT_SECONDS = 600.0          # reading and parsing one file, all pages together
MEMORY_BYTES = 4 * 2**30          # address space of the process reading one file

# The operators that start a new text line: Td, TD, T*, Tm, ' and " (PDF 32000-1, 9.4.2-9.4.3).
_LINE_OPERATOR = re.compile(rb"(?<![\w*'\"])(?:T[dDm*]|'|\")(?=[\s\[\]()<>/%]|$)")


def guard_page(page, number: int, path: Path, visitor: Callable) -> Callable:
    """``visitor`` (a pypdf ``visitor_operand_before``) wrapped so that reading page ``number``
    stops with IngestError when the page has more than ``MAX_PAGE_LINES`` lines or takes longer
    than ``PAGE_SECONDS``.  The lines are counted in the page's content before pypdf starts."""
    lines = count_lines(page)
    if lines > MAX_PAGE_LINES:
        raise IngestError(path, f"page {number} holds {lines:,} text lines; PolicyLens reads pages of up to "
                                f"{MAX_PAGE_LINES:,} lines, so the file was not added")
    deadline = time.monotonic() + PAGE_SECONDS

    def watched(operator: bytes, operands: list, cm: list, tm: list) -> None:
        if time.monotonic() > deadline:
            raise IngestError(path, f"page {number} took longer than {PAGE_SECONDS:.0f} s to read (it is "
                                    "unusually complex), so the file was not added")
        visitor(operator, operands, cm, tm)

    return watched


def count_lines(page) -> int:
    """The text-positioning operators in a pypdf page's content streams (0 when it has none)."""
    contents = page.get_contents()
    if contents is None:
        return 0
    return len(_LINE_OPERATOR.findall(contents.get_data()))
