"""A title, jurisdiction and date read from the opening of a document the user adds, offered
as defaults the user can change (``policylens edit``, the document facts dialog).

Only the opening is read — where bills, orders and memoranda say what they are ("Senate Bill
No. 53", "M-25-21"), who issues them ("LEGISLATURE OF THE STATE OF TEXAS") and when ("April 3,
2025") — so that a date quoted in the body is never taken for the document's own; and, for a
date the opening does not give, the closing, where an order or act is signed and dated ("THE
WHITE HOUSE, / October 30, 2023."), never an effective, review or printing date there.  The
words are data (``policylens_corpus/document_facts.json``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from policylens import curated
from policylens.dates import CALENDAR_DATE, iso_date
from policylens.ingest.source import SourceText
from policylens.usertext import clean

OPENING_LINES = 40
CLOSING_LINES = 8
TITLE_CHARS = 160
DATE_LINE_CHARS = 40


@dataclass(frozen=True)
class Offered:
    """What the opening of a document says about it; empty strings where it says nothing."""

    title: str = ""
    jurisdiction: str = ""
    date: str = ""


@lru_cache(maxsize=1)
def _data() -> dict:
    data = curated.load("document_facts.json")
    return {
        "jurisdictions": [(code, re.compile(pattern, re.I)) for code, pattern in data["jurisdictions"]],
        "states": data["us_states"],
        "designation": re.compile(data["designations"], re.I),
    }


def offer(source: SourceText) -> Offered:
    lines = [" ".join(line.text.split()) for line in source.lines[:OPENING_LINES] if line.text.strip()]
    closing = [" ".join(line.text.split()) for line in
               islice((line for line in reversed(source.lines) if line.text.strip()), CLOSING_LINES)][::-1]
    title = _title(source, lines)
    return Offered(title, _jurisdiction("\n".join(lines)), _date([title] + lines) or _signed(closing))


def _title(source: SourceText, lines: list[str]) -> str:
    """The document's designation with its subject ("M-25-21: Accelerating …"), else the title the
    file itself records (PDF or HTML metadata), else the largest type on the first page (a cover)."""
    designation = next((m.group(0) for line in lines if (m := _data()["designation"].match(line))), "")
    subject = next((line.split(":", 1)[1].strip() for line in lines if line.upper().startswith("SUBJECT:")), "")
    if designation:
        return _cut(f"{designation}: {subject}" if subject else designation)
    recorded = clean(source.metadata.get("title") or "")
    if recorded:
        return _cut(recorded)
    first_page = [line for line in source.lines if line.page in (None, 1) and line.text.strip()]
    sizes = [line.size for line in first_page if line.size]
    if sizes and max(sizes) > min(sizes):
        run = []
        for line in first_page:
            if line.size == max(sizes):
                run.append(line.text.strip())
            elif run:
                break
        return _cut(" ".join(run))
    return ""


def _jurisdiction(opening: str) -> str:
    for code, pattern in _data()["jurisdictions"]:
        match = pattern.search(opening)
        if not match:
            continue
        if "state" in pattern.groupindex:
            words = match["state"].lower().split()
            state = _data()["states"].get(" ".join(words)) or _data()["states"].get(words[0])
            if state:
                return f"US-{state}"
            continue
        return code
    return ""


def _date(lines: list[str]) -> str:
    """A date in the title, or on a line of its own (a memo's "April 3, 2025"); a date inside a
    sentence of the opening is what the text talks about, not when it was made."""
    for line in lines:
        match = CALENDAR_DATE.search(line)
        if match and (line is lines[0] or len(line) <= DATE_LINE_CHARS):
            when = iso_date(match)
            if when:
                return when.isoformat()
    return ""


_SIGNED_ON = re.compile(r"(?:(?:dated|signed|approved|done at [^,]{1,40}),?\s*(?:on\s+|this\s+)?)?(?P<date>.+?)\.?", re.I)


def _signed(closing: list[str]) -> str:
    """The date an instrument is signed on, at its close: a line that is nothing but a date,
    after a finished sentence or a signing line in capitals ("THE WHITE HOUSE,"), or one that
    says it is dated, signed, approved or done ("Done at Brussels, 13 June 2024").  An effective,
    review or printing date, or a date that ends a wrapped sentence, is not the instrument's."""
    for before, line in reversed(list(zip(["", *closing], closing))):
        signed = _SIGNED_ON.fullmatch(line)
        date_only = signed and CALENDAR_DATE.fullmatch(signed["date"].strip())
        if not date_only:
            continue
        prefixed = signed["date"] != line.rstrip(".")
        if prefixed or not before or before.rstrip()[-1:] in ".!?" or before.upper() == before:
            when = iso_date(date_only)
            return when.isoformat() if when else ""
    return ""


def _cut(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
