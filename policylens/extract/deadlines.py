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

from policylens.extract.lexicon import lexicon

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                 "thirty": 30, "sixty": 60, "ninety": 90}
_MONTH = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_EU_DATE = rf"(\d{{1,2}}) ({_MONTH}) (\d{{4}})"
_US_DATE = rf"({_MONTH}) (\d{{1,2}}), (\d{{4}})"
_LEAD = (r"(?:at the latest by|no later than|not later than|by|before|on or before|beginning|"
         r"commencing|as from|from|until|starting|on or after)")
_ABSOLUTE = re.compile(rf"\b({_LEAD}) (?:{_EU_DATE}|{_US_DATE})(?:,? and annually thereafter)?",
                       re.IGNORECASE)
_WITHIN = re.compile(
    r"\b(?:at the latest )?within (\d+|[a-z]+) (days?|months?|years?|hours?|working days?)"
    r"(?: (?:of|after|from|following) ((?:[^,;.]|\.(?=\d))*))?", re.IGNORECASE)
_FOLLOWING = re.compile(r"\bat the latest (\d+|[a-z]+) (days?|months?) (?:following|after) "
                        r"[^,;.]*", re.IGNORECASE)
_APPLICATION = re.compile(r"\b(?:at the latest )?by the date of (?:entry into )?application\b"
                          r"[^,;.]*", re.IGNORECASE)
_PROMPT = re.compile(r"\b(without undue delay(?:,? (?:and )?at the latest within \d+ "
                     r"(?:hours|days))?|without delay|with immediate effect|immediately)\b",
                     re.IGNORECASE)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


def _add(base: date, n: int, unit: str) -> date | None:
    unit = unit.lower()
    if unit.startswith("day") and "working" not in unit:
        return base + timedelta(days=n)
    if unit.startswith("month"):
        month = base.month - 1 + n
        year, month = base.year + month // 12, month % 12 + 1
        return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))
    if unit.startswith("year"):
        return base.replace(year=base.year + n)
    return None


def find_deadline(text: str, doc_info: dict, application_date: str = "") -> tuple[str, str, str]:
    """(deadline_text, iso_date or "", pattern name) for the first time limit in ``text``."""
    found = []
    for m in _ABSOLUTE.finditer(text):
        if m.group(2):
            d = date(int(m.group(4)), _MONTHS[m.group(3).lower()], int(m.group(2)))
        else:
            d = date(int(m.group(7)), _MONTHS[m.group(5).lower()], int(m.group(6)))
        found.append((m.start(), m.group(0), d.isoformat(), "absolute_date"))
    for m in _WITHIN.finditer(text):
        n = _number(m.group(1))
        if n is None:
            continue
        iso, name = "", "within_period"
        anchor = (m.group(3) or "").strip()
        base = _instrument_base(anchor, doc_info)
        if base and not m.group(2).lower().startswith("hour"):
            computed = _add(base, n, m.group(2))
            iso, name = (computed.isoformat() if computed else ""), "within_period_of_instrument"
        found.append((m.start(), m.group(0).strip(), iso, name))
    for m in _FOLLOWING.finditer(text):
        found.append((m.start(), m.group(0).strip(), "", "period_following_event"))
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


def _instrument_base(anchor: str, doc_info: dict) -> date | None:
    anchor = anchor.lower()
    if not anchor or not any(anchor.startswith(p) for p in lexicon().instrument_date_phrases):
        return None
    dates = doc_info.get("dates") or {}
    base = doc_info.get("deadline_base") or (
        dates.get("entered_into_force") if "entry into force" in anchor else "") or \
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
    n = _number(m.group(1)) if m else None
    if n is None or m.group(2).lower().startswith("hour"):
        return ""
    computed = _add(date.fromisoformat(start), n, m.group(2))
    return computed.isoformat() if computed else ""

