"""Time limits as written and, where they can be computed, as ISO dates.

"within 90 days of the date of this order" counts from the instrument's ``deadline_base``;
absolute dates ("by 2 August 2025", "On or before January 1, 2027") are read as written; the EU
AI Act's "date of entry into application" is the Art. 113 date of the provision's chapter.
Retention periods ("for 10 years") and recurrences ("annually") are not deadlines.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from policylens.dates import CALENDAR_DATE, iso_date
from policylens.extract.lexicon import lexicon
from policylens.quantities import word_number

_LEAD = (r"(?:at the latest by|no later than|not later than|by|before|on or before|beginning|"
         r"commencing|as from|as of|from|until|starting|on or after|on and after)")
_ABSOLUTE = re.compile(rf"\b({_LEAD}) (?:{CALENDAR_DATE.pattern})(?:,? and annually thereafter)?",
                       re.IGNORECASE)
# A period's count may be written in words ("twenty-four", "one hundred and eighty") and figures
# ("thirty (30)"), its unit in calendar or business days.
_COUNT = r"(\d+|[a-z]+(?:[ -][a-z]+){0,4}?)(?: \(\d+\))?"
_UNIT = r"((?:calendar |business |working )?(?:days?|weeks?|months?|years?|hours?))"
# "of the date" may reach us as "ofthe date" from a scan's text layer: the word after the
# preposition may follow it without a space.
_WITHIN = re.compile(
    rf"\b(?:at the latest )?(?:within|no later than|not later than)(?: a period of)? {_COUNT} {_UNIT}"
    r"(?: (?:of|after|from|following)(?: |(?=the\b|this\b))((?:[^,;.]|\.(?=\d))*))?", re.IGNORECASE)
# "at least 10 business days before the tool is first used": a time limit counted back from an event
_AHEAD = re.compile(rf"\b(?:at least|not less than|no less than|not fewer than|no fewer than) {_COUNT} {_UNIT} "
                    r"(?:before|prior to) [^,;.]*", re.IGNORECASE)
_FOLLOWING = re.compile(r"\bat the latest (\d+|[a-z]+) (days?|months?) (?:following|after) "
                        r"[^,;.]*", re.IGNORECASE)
_APPLICATION = re.compile(r"\b(?:at the latest )?by the date of (?:entry into )?application\b"
                          r"[^,;.]*", re.IGNORECASE)
_PERIOD = re.compile(r"\b(\d+|[a-z]+(?:-[a-z]+)?) (days?|weeks?|months?|years?)\b", re.IGNORECASE)
_PROMPT = re.compile(r"\b(without undue delay(?:,? (?:and )?at the latest within \d+ "
                     r"(?:hours|days))?|without delay|with immediate effect|immediately"
                     r"|as soon as (?:reasonably )?(?:practicable|possible))\b",
                     re.IGNORECASE)


def _add(base: date, n: int, unit: str) -> date | None:
    """``base`` plus ``n`` calendar days, weeks, months or years (a month or year later than
    31 January or 29 February is the last day of a shorter month); None for working or business
    days, which depend on a calendar of holidays."""
    unit = unit.lower().removeprefix("calendar ")
    if unit.startswith("day"):
        return base + timedelta(days=n)
    if unit.startswith("week"):
        return base + timedelta(weeks=n)
    if unit.startswith("month") or unit.startswith("year"):
        month = base.month - 1 + (n if unit.startswith("month") else 12 * n)
        year, month = base.year + month // 12, month % 12 + 1
        return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))
    return None


def period_end(base: date, period: str) -> date | None:
    """The date a period as written ("6 months", "twenty days") ends when it starts on ``base``,
    counted as ``find_deadline`` counts it; None when it names no whole days, weeks, months or
    years."""
    m = _PERIOD.search(period)
    n = word_number(m.group(1)) if m else None
    return _add(base, n, m.group(2)) if n is not None else None


def find_deadline(text: str, doc_info: dict, application_date: str = "") -> tuple[str, str, str]:
    """(deadline_text, iso_date or "", pattern name) for the first time limit in ``text``."""
    found = []
    for m in _ABSOLUTE.finditer(text):
        d = iso_date(m)
        found.append((m.start(), m.group(0), d.isoformat() if d else "", "absolute_date"))
    for m in _WITHIN.finditer(text):
        n = word_number(m.group(1))
        if n is None:
            continue
        iso, name = "", "within_period"
        anchor = (m.group(3) or "").strip()
        base = _instrument_base(anchor, doc_info)
        phrase = m.group(0).strip()
        if base and not m.group(2).lower().startswith("hour"):
            computed = _add(base, n, m.group(2))
            iso, name = (computed.isoformat() if computed else ""), "within_period_of_instrument"
            # "… of the date of this order and in consultation with …": the limit ends with the instrument
            phrase = phrase[:phrase.index(anchor) + _instrument_phrase_length(anchor)]
        found.append((m.start(), phrase, iso, name))
    for m in _FOLLOWING.finditer(text):
        found.append((m.start(), m.group(0).strip(), "", "period_following_event"))
    for m in _AHEAD.finditer(text):
        found.append((m.start(), m.group(0).strip(), "", "period_before_event"))
    for m in _APPLICATION.finditer(text):
        found.append((m.start(), m.group(0).strip(), application_date, "date_of_application"))
    for m in _PROMPT.finditer(text):
        found.append((m.start(), m.group(0), "", "promptly"))
    if not found:
        return "", "", ""
    # a dated limit wins over "without undue delay" that precedes it in the same clause
    found.sort(key=lambda f: (f[2] == "", f[0]))
    _, phrase, iso, name = found[0]
    if name == "date_of_application":
        prompt = _PROMPT.search(text)
        if prompt and prompt.start() < text.find(phrase):
            phrase = text[prompt.start():text.find(phrase) + len(phrase)]
    return phrase, iso, name


def _squeezed_instrument_phrases() -> list[str]:
    """The phrases naming the instrument's own date, without their spaces, which a scan's text
    layer may drop ("ofthe issuance of this memorandum")."""
    return ["".join(p.split()) for p in lexicon().instrument_date_phrases]


def _instrument_phrase_length(anchor: str) -> int:
    """How much of ``anchor`` names the instrument ("the date of this order" of "the date of this
    order and in consultation with …"), its spaces counted as written."""
    wanted = set(_squeezed_instrument_phrases())
    squeezed = ""
    for i, char in enumerate(anchor):
        if not char.isspace():
            squeezed += char.lower()
            if squeezed in wanted and (i + 1 == len(anchor) or not anchor[i + 1].isalnum()):
                return i + 1
    return len(anchor)


def _instrument_base(anchor: str, doc_info: dict) -> date | None:
    """The date a time limit counted from the instrument itself ("of the date of this order")
    starts on.  Phrases are compared without their spaces."""
    anchor = anchor.lower()
    joined = "".join(anchor.split())
    if not anchor or not any(joined.startswith(p) for p in _squeezed_instrument_phrases()):
        return None
    dates = doc_info.get("dates") or {}
    base = doc_info.get("deadline_base") or (
        dates.get("entered_into_force") if "entryintoforce" in joined else "") or \
        dates.get("signed") or dates.get("adopted") or dates.get("issued") or \
        dates.get("published") or ""
    try:
        return date.fromisoformat(base)
    except ValueError:
        return None


def eu_application_date(chapter: str, section: str, article: str) -> str:
    """The Art. 113 application date of a provision given its chapter/section/article numbers."""
    table = lexicon().eu_application_dates
    if article and article in table["by_article"]:
        return table["by_article"][article]
    if chapter and section and f"{chapter}/{section}" in table["by_section"]:
        return table["by_section"][f"{chapter}/{section}"]
    return table["by_chapter"].get(chapter, table["default"])


def add_period(phrase: str, start: str) -> str:
    """The ISO date a "within N days/months of <event>" limit gives when the event fell on
    ``start`` (an ISO date), or "" for hours or working days."""
    m = _WITHIN.search(phrase)
    n = word_number(m.group(1)) if m else None
    if n is None or m.group(2).lower().startswith("hour"):
        return ""
    computed = _add(date.fromisoformat(start), n, m.group(2))
    return computed.isoformat() if computed else ""

