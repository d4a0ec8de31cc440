"""How readers write citations that the texts abbreviate, and which article a citation is in.

The library lists "Art. 73 — Reporting of serious incidents" and "Sec. 4.2 — …"; an analyst
types "Article 73" or "Section 4.2".  ``citation_forms`` gives every spelling a filter should look
for, so that either finds the provision.  ``article`` gives the article or section a clause
citation belongs to, so that a counterpart reads "Art. 73 — best clause Art. 73(2)".  ``titled``
names a section by its citation and heading, each once; ``unit_cite`` tells the sentences of one
clause apart.
"""

from __future__ import annotations

import re

# A word that opens a citation, and the abbreviations the documents' citations use for it.
ABBREVIATIONS = {
    "article": ("art.",), "articles": ("art.",), "art": ("art.",),
    "section": ("sec.", "§"), "sections": ("sec.", "§"), "sec": ("sec.", "§"),
    "paragraph": ("para.",), "para": ("para.",),
}
OPENING = re.compile(r"(?P<word>[a-z]+)\.?\s+(?P<rest>\S.*)")


def citation_forms(query: str) -> tuple[str, ...]:
    """``query`` in lower case with single spaces, then each abbreviated spelling of it:
    "Article 73" → ("article 73", "art. 73"); "Section 22603" → (…, "sec. 22603", "§ 22603")."""
    text = " ".join(query.lower().split())
    forms = [text]
    match = OPENING.fullmatch(text)
    if match and match["word"] in ABBREVIATIONS:
        forms += [f"{abbreviation} {match['rest']}" for abbreviation in ABBREVIATIONS[match["word"]]]
    return tuple(dict.fromkeys(forms))


# Where a citation's subdivisions start: "(2)", ", first sentence", ", fn. 21", ", bullet 3".
SUBDIVISION = re.compile(r"\(|,")


def article(cite: str) -> str:
    """The article or section of a clause citation, in the document's own numbering:
    "Art. 73(2)" → "Art. 73", "Bus. & Prof. Code § 22603(g)" → "Bus. & Prof. Code § 22603",
    "Commitment 9, first paragraph" → "Commitment 9"; a citation without subdivisions is its own
    article ("MEASURE 2.11")."""
    return SUBDIVISION.split(cite, maxsplit=1)[0].strip() or cite


def in_article(cite: str) -> str:
    """What goes before a counterpart's clause to name its article first: "Art. 73 — best clause "
    for "Art. 73(2)", nothing for a citation that is its own article."""
    whole = article(cite)
    return "" if whole == cite else f"{whole} — best clause "


def titled(cite: str, heading: str) -> str:
    """A section's name as the library and the reader show it: "Art. 26 — Obligations of
    deployers of high-risk AI systems".  A heading without a number is cited by its own words
    (or their first 80 characters), so "OVERVIEW" is shown once, not as "OVERVIEW — OVERVIEW";
    and one cited after its section ("Part 2 B, Activities to be implemented …") by that cite."""
    heading = " ".join(heading.split())
    if not heading:
        return cite
    if not cite or heading.startswith(" ".join(cite.split())):
        return heading
    if " ".join(cite.split()).endswith(heading):
        return cite
    return f"{cite} — {heading}"


_LATER_SENTENCE = re.compile(r"/s(\d+)(?:#\d+)?$")


def unit_cite(unit_id: str, cite: str) -> str:
    """A unit's citation told apart from its clause's other sentences, which share it: the
    second sentence of Art. 73(7) is "Art. 73(7), sentence 2"; the first is the clause's cite."""
    match = _LATER_SENTENCE.search(unit_id)
    return f"{cite}, sentence {match[1]}" if match and match[1] != "1" else cite
