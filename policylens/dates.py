"""Calendar dates as legal texts write them ("2 August 2026", "January 1, 2026"), read to ISO dates.

Shared by the timeline (dates provisions set) and the reading of a document's own date when it
is added (``policylens.suggest``)."""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = "(?:" + "|".join(MONTHS) + ")"
CALENDAR_DATE = re.compile(
    r"(?P<day>\d{1,2})\s+(?P<month>" + _MONTH + r")\s+(?P<year>\d{4})|"
    r"(?P<month2>" + _MONTH + r")\s+(?P<day2>\d{1,2})\s*,\s*(?P<year2>\d{4})", re.I)


def iso_date(match: re.Match) -> date | None:
    """The date a CALENDAR_DATE match names; None for an impossible one ("31 June")."""
    day = int(match["day"] or match["day2"])
    month = MONTHS.index((match["month"] or match["month2"]).lower()) + 1
    try:
        return date(int(match["year"] or match["year2"]), month, day)
    except ValueError:
        return None
