"""Tables of contents, and lists of tables and figures: front matter, not provisions.

A document's contents list its headings (with their pages, in a PDF, often run into one
paragraph: "Executive Summary 1 Part 1: Foundational Information 4 1 Framing Risk 4 …"). Read as
text, they would be a run of empty sections before the real ones, or a paragraph that binds no
one; ``tables_of_contents`` finds them so that the reader sets them apart, as it does a cover.
"""

from __future__ import annotations

import re

from policylens.structure.layout import Block
from policylens.structure.numbering import ENDS_CLAUSE, read_label

_CONTENTS_TITLE = re.compile(r"^(?:table of contents|contents|list of (?:tables|figures|boxes|annexes))$", re.I)
_LISTED_CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Exhibit|Box|Chart)\s+\d+", re.I)
# an entry's page: "… 12", "…………… 4", ".....23", "… ii"
_PAGE_REFERENCE = re.compile(r"(?:\.{2,}|…+|\s)\s*(?:\d{1,3}|[ivxlc]{1,6})$")
_HEADING_WORDS = 12


def tables_of_contents(paragraphs: list[Block]) -> dict[int, list[int] | None]:
    """The paragraphs of each table of contents (or list of tables or figures): the title
    "Contents" maps to the entries after it, which map to None.  Entries are headings without a
    sentence, or titles with the page they start on ("1.2 Challenges 5"), as a PDF may run them into
    one paragraph; the table ends at the first sentence, or where a label or a line it listed comes
    again (the body's "PART 1" or "Foreword" after the contents' own)."""
    runs: dict[int, list[int] | None] = {}
    index = 0
    while index < len(paragraphs):
        if not _CONTENTS_TITLE.match(paragraphs[index].text):
            index += 1
            continue
        entries, names = [], set()
        following = index + 1
        while following < len(paragraphs) and _is_entry(paragraphs[following], paragraphs[following - 1].page):
            text = paragraphs[following].text
            label = read_label(text)
            name = label and (label.name if label.kind in ("heading", "code") else label.number or label.label)
            listed = " ".join(paragraphs[entry].text.lower() for entry in entries)
            if name and name in names or re.search(rf"(?<!\w){re.escape(text.lower())}(?!\w)", listed) \
                    or _CONTENTS_TITLE.match(text):
                break
            names.add(name)
            entries.append(following)
            following += 1
        if entries:
            runs[index] = entries
            runs.update((entry, None) for entry in entries)
        index = following
    return runs


def _is_entry(block: Block, previous_page: int | None) -> bool:
    """An entry names a page, or is a heading line on the page of the entry before it (a new
    page that opens with a heading without a page number is the body's)."""
    text, words = block.text, block.text.split()
    if _PAGE_REFERENCE.search(text):
        # one entry, or several run together (a page number every few words), or a figure's caption
        pages = sum(1 for word in words if word.isdigit())
        return len(words) <= 20 or pages * 6 >= len(words) or bool(_LISTED_CAPTION.match(text))
    return len(words) <= _HEADING_WORDS and not ENDS_CLAUSE.search(text) and block.page == previous_page
