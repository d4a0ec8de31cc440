"""Dated events for the timeline view: deadlines ("within 90 days of the date of this order" →
2024-01-28) and dates from which rules apply (EU AI Act Art. 113 "shall apply from 2 August
2025", SB-1047 "Beginning January 1, 2026").

The extractor's ``deadline_date`` is used when it has one.  Otherwise the provision text is read
for a calendar date after an application or deadline phrase, or for a time limit counted from the
instrument's own date (the catalogue's ``deadline_base``), so that the timeline is complete even
for units whose deadline sits in a sub-clause.

Dates are those in force today: where a later act moved a date (``policylens.amendments``) the
event carries the new date and the change, unless the text "as originally adopted" is asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from policylens import catalogue
from policylens.amendments import DateChange, apply
from policylens.compare import Standing, select_documents, standing
from policylens.dates import CALENDAR_DATE, iso_date
from policylens.extract.deadlines import period_end
from policylens.leads import in_definition_wording
from policylens.linking import Provision, load_provisions
from policylens.quantities import find_quantities
from policylens.workspace import Workspace

APPLIES_FROM = re.compile(r"\b(?:shall apply|applies|apply|shall become operative|take effect) from\s+$|"
                          r"\b(?:beginning|commencing|on and after|on or after|effective)\s+(?:on\s+)?$", re.I)
DUE_BY = re.compile(r"\b(?:on or before|no later than|not later than|at the latest by|by)\s+$", re.I)
INSTRUMENT_DATE = re.compile(r"\s*(?:of|after|from|following)\s+the\s+(?:effective\s+)?date\s+of\s+this\s+"
                             r"(?:order|regulation|act)", re.I)


@dataclass(frozen=True)
class TimelineEvent:
    """A dated provision: ``kind`` is ``deadline`` (something is due) or ``applies_from``."""

    date: str              # ISO date
    kind: str
    phrase: str            # the words that give the date, as written
    provision: Provision
    standing: Standing
    change: DateChange | None = None   # the amendment that set this date, if one did


def timeline(ws: Workspace, docs: list[str] | None = None, roles: list[str] | None = None, *,
             as_adopted: bool = False) -> list[TimelineEvent]:
    """Every dated provision of ``docs`` in date order (definitions apart), with dates as amended
    (``as_adopted``: as the texts state them).  With ``roles``, only provisions binding those roles, plus
    application dates that bind no one in particular (they govern everyone)."""
    documents = {d.id: d for d in select_documents(ws, docs)}
    events, seen = [], set()
    for p in load_provisions(ws, list(documents)):
        if roles and p.role and p.role not in roles:
            continue
        if roles and not p.role and not _is_application_rule(p):
            continue
        if in_definition_wording(p):
            continue    # a definition's date ("trained before January 1, 2027") is no one's deadline
        for when, kind, phrase, change in dated(p, base_date(p.doc), as_adopted=as_adopted):
            if once(seen, when, p, phrase):
                events.append(TimelineEvent(when, kind, phrase, p, standing(documents[p.doc]), change))
    events.sort(key=lambda e: (e.date, e.provision.doc, e.provision.id))
    return events


def once(seen: set, when: str, p: Provision, phrase: str) -> bool:
    """Whether a date is new to ``seen`` (and note it): a clause's sentence that carries on the time
    limit of the sentence before it ("… within 45 days …. Its purpose shall be to:") is that
    date again, not a second event."""
    key = (when, p.doc, p.cite, phrase)
    if key in seen:
        return False
    seen.add(key)
    return True


def _is_application_rule(p: Provision) -> bool:
    return any(kind == "applies_from" for _, kind, _ in dates_of(p, None))


def base_date(doc_id: str) -> date | None:
    """The date a catalogued instrument's "within N days of the date of this order" counts from."""
    instrument = catalogue.by_id(doc_id)
    if instrument and instrument.deadline_base:
        return datetime.strptime(instrument.deadline_base, "%Y-%m-%d").date()
    return None


def dates_of(p: Provision, base: date | None) -> list[tuple[str, str, str]]:
    """(ISO date, kind, phrase) for each date a provision sets, as in force today."""
    return [(when, kind, phrase) for when, kind, phrase, _ in dated(p, base)]


def dated(p: Provision, base: date | None, *, as_adopted: bool = False
          ) -> list[tuple[str, str, str, DateChange | None]]:
    """Each date a provision sets with the amendment that moved or added it (``as_adopted``:
    the dates its text states, unamended)."""
    return apply(p.id, _stated(p, base), as_adopted=as_adopted)


def _stated(p: Provision, base: date | None) -> list[tuple[str, str, str]]:
    """(ISO date, kind, phrase) for each date a provision's text sets; the extractor's date first."""
    if p.deadline_date:
        # "from 2 August 2026" (Art. 113), "Beginning January 1, 2026": a date a rule applies from
        kind = "applies_from" if re.match(r"(?i)(?:beginning|commencing|on and after|from\b|.*apply from)",
                                          p.deadline_text) else "deadline"
        return [(p.deadline_date, kind, p.deadline_text)]
    found = []
    for match in CALENDAR_DATE.finditer(p.text):
        before = p.text[max(0, match.start() - 40):match.start()]
        kind = "applies_from" if APPLIES_FROM.search(before) else "deadline" if DUE_BY.search(before) else ""
        when = iso_date(match)
        if kind and when:
            found.append((when.isoformat(), kind, _phrase(p.text, match.start(), match.end())))
    if base:
        for q in find_quantities(p.text):
            if q.kind == "time_limit" and INSTRUMENT_DATE.match(p.text, q.end):
                end = INSTRUMENT_DATE.match(p.text, q.end).end()
                when = period_end(base, q.text)
                if when:
                    found.append((when.isoformat(), "deadline", p.text[max(0, q.start - len(q.qualifier) - 1):end].strip()))
    return found


def _phrase(text: str, start: int, end: int) -> str:
    """The words that lead up to a date, up to the clause boundary (at most eight words)."""
    head = re.split(r"[.;:,]\s", text[:start])[-1].split()
    return " ".join(head[-8:] + [text[start:end]])
