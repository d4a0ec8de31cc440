"""Calendar dates as legal texts write them ("2 August 2026", "January 1, 2026", "6th April 2030",
"Jan. 1, 2026"), read to ISO dates.

Shared by the timeline (dates provisions set) and the reading of a document's own date when it
is added (``policylens.suggest``)."""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
# a month written out or abbreviated ("Jan.", "Sept.")
_MONTH = "(?:" + "|".join(MONTHS) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)"
_ORDINAL = r"(?:st|nd|rd|th)?"
# a day of the month, where OCR may read "1" as "l" ("December l, 2024")
_DAY = r"(?<![A-Za-z0-9])[\dl]{1,2}"
CALENDAR_DATE = re.compile(
    r"(?P<day>" + _DAY + r")" + _ORDINAL + r"\s+(?:of\s+)?(?P<month>" + _MONTH + r")\s+(?P<year>\d{4})|"
    r"(?P<month2>" + _MONTH + r")\s+(?P<day2>" + _DAY + r")" + _ORDINAL + r"\s*,\s*(?P<year2>\d{4})", re.I)


def iso_date(match: re.Match) -> date | None:
    """The date a CALENDAR_DATE match (or a pattern holding it) names; None for an impossible one
    ("31 June")."""
    day = int((match["day"] or match["day2"]).replace("l", "1"))
    written = (match["month"] or match["month2"]).lower()
    month = next(number for number, name in enumerate(MONTHS, 1) if name.startswith(written.rstrip(".")[:3]))
    try:
        return date(int(match["year"] or match["year2"]), month, day)
    except ValueError:
        return None
