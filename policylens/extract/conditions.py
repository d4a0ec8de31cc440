"""The trigger of a duty as written ("where the high-risk AI system …", "before beginning to …")."""

from __future__ import annotations

import re

from policylens.extract.actor import split_commas

_LEADING = re.compile(
    r"^(?:where|if|when|whenever|in the case|in the event|unless|once|prior to|before|until|"
    r"during|upon|depending on|in deciding|in developing|in complying|in identifying|"
    r"when implementing|for the purposes? of|as soon as(?! (?:reasonably )?(?:practicable|possible))|after|"
    r"following|except)\b", re.IGNORECASE)
_INLINE = re.compile(
    r"(?<=[\s,])((?:only )?(?:where|if|when|unless|except where|except when|prior to|before|"
    r"upon request|on request|at the request|in any event, prior to|as necessary|"
    r"where necessary|where appropriate)\b[^,;:]*)", re.IGNORECASE)


def find_condition(text: str) -> str:
    """The first conditional clause of ``text``, or ""."""
    for seg in split_commas(text)[:-1]:
        if _LEADING.match(seg):
            return seg.strip()
    m = _INLINE.search(text)
    return m.group(1).strip().rstrip(".") if m else ""
