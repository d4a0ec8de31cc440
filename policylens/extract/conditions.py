"""The trigger of a duty as written ("where the high-risk AI system …", "before beginning to …")."""

from __future__ import annotations

import re

from policylens.dates import CALENDAR_DATE
from policylens.extract.actor import split_commas

_LEADING = re.compile(
    r"^(?:where|if|when|whenever|in the case|in the event|unless|once|prior to|before|until|"
    r"during|upon|depending on|in deciding|in developing|in complying|in identifying|"
    r"when implementing|for the purposes? of|as soon as(?! (?:reasonably )?(?:practicable|possible))|after|"
    r"following|except)\b", re.IGNORECASE)
_INLINE = re.compile(   # not "even if", which concedes and triggers nothing
    r"(?<=[\s,])(?<!even )((?:only )?(?:where|if|when|unless|except where|except when|prior to|before|"
    r"upon request|on request|at the request|in any event, prior to|as necessary|"
    r"where necessary|where appropriate)\b[^,;:]*)", re.IGNORECASE)


# a clause cut at a comma before its object ("Before," / "or concurrently with,"), and the
# alternative that continues it
_AWAITS_OBJECT = re.compile(r"\b(?:before|prior to|after|upon|until|if|when|where|unless|with|following|during)\s*$", re.I)
_ALTERNATIVE = re.compile(r"\s*or\b(?!\s+(?:shall|must|may|will)\b)", re.I)
# "before January 1, 2026", "prior to 1 August 2026": a date, which a time limit gives
_DATED = re.compile(r"^(?:on or )?(?:before|prior to|until)\s+(?:the\s+)?(?:" + CALENDAR_DATE.pattern + ")", re.I)


def find_condition(text: str) -> str:
    """The first conditional clause of ``text``, or "".  "On or before January 1, 2026" or "before"
    a date sets a time limit, not a trigger."""
    segments = split_commas(text)[:-1]
    for at, seg in enumerate(segments):
        if _LEADING.match(seg) and not _DATED.match(seg):
            # "Before, or concurrently with, deploying …": commas inside the clause do not end it
            while at + 1 < len(segments) and (_AWAITS_OBJECT.search(seg) or _ALTERNATIVE.match(segments[at + 1])):
                at += 1
                seg = f"{seg}, {segments[at].strip()}"
            return seg.strip()
    for m in _INLINE.finditer(text):
        if not _DATED.match(m.group(1)) and not text[:m.start()].lower().endswith("on or "):
            return m.group(1).strip().rstrip(".")
    return ""
