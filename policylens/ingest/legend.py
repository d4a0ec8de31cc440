"""A bill's typographic legend: how its printed text marks what it adds and what it deletes
("EXPLANATION--Matter in italics (underscored) is new; matter in brackets [ ] is old law to be
omitted.", "Capital letters or bold & italic numbers indicate new material added to existing law;
dashes through words indicate deletions from existing law").

A legend is page furniture, never a provision, and it tells the reader how to read the brackets
of the text around it."""

from __future__ import annotations

import re

_LEGEND_WORDS = 40
_TYPOGRAPHY = re.compile(r"\b(?:italics?|underscor\w*|underlin\w*|brackets?|capital letters|bold|strik\w*|stricken|"
                         r"dashes through|struck)\b|\[\s*\]", re.I)
_ADDED = re.compile(r"\b(?:new|added|additions?|inserted)\b", re.I)
_DELETED = re.compile(r"\b(?:omitted|deleted|deletions?|struck|stricken|removed|repealed|old law)\b", re.I)
_BINDS = re.compile(r"\b(?:shall|must|may)\b", re.I)
_BRACKETS = re.compile(r"\bbrackets?\b|\[\s*\]", re.I)


def is_legend(text: str) -> bool:
    """Whether a short text explains how the bill's type marks new or deleted matter: it names a
    typeface or mark and what is new or deleted, and binds no one."""
    return (len(text.split()) <= _LEGEND_WORDS and bool(_TYPOGRAPHY.search(text))
            and bool(_ADDED.search(text) or _DELETED.search(text)) and not _BINDS.search(text))


def brackets_delete(text: str) -> bool:
    """Whether a short text says that matter in brackets is deleted ("Matter in brackets [ ] is
    old law to be omitted", "deleted language is in [brackets]")."""
    return len(text.split()) <= _LEGEND_WORDS and bool(_BRACKETS.search(text)) and bool(_DELETED.search(text))
