"""How readers write citations that the texts abbreviate.

The library lists "Art. 73 — Reporting of serious incidents" and "Sec. 4.2 — …"; an analyst
types "Article 73" or "Section 4.2".  ``citation_forms`` gives every spelling a filter should look
for, so that either finds the provision.
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
