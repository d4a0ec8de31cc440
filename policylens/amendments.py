"""Application dates as amended: the date a rule applies from today, with the date it replaced
and the act that changed it.

An instrument's text keeps the dates it was adopted with (the EU AI Act still reads "from 2
August 2026"); a later act moves them (the Digital Omnibus on AI moves the Annex III high-risk
rules to 2 December 2027).  The catalogue records each moved date on the ``amends`` relation
between the two, by provision id: ``original`` → ``amended``, ``original_still_applies`` when
the amendment carves one part out of a date that otherwise stands, and no ``original`` when it
adds a date the text never had.  The timeline, compare view and briefings use the amended date,
show the original struck through and cite the act; "as originally adopted" shows the text alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from policylens import catalogue


@dataclass(frozen=True)
class DateChange:
    """One application date an act changed in another instrument."""

    provision: str         # provision id in the amended instrument ("eu-ai-act-2024-1689/art-113/c")
    original: str          # ISO date the text states, or "" when the act adds the date
    amended: str           # ISO date in force today
    kind: str              # applies_from | deadline (for added dates; else the original's kind)
    scope: str             # what the date governs, in words
    act: str               # catalogue id of the amending act
    adopted: str           # when and by whom the act was adopted, as the catalogue states it
    original_still_applies: bool = False

    @property
    def act_name(self) -> str:
        inst = catalogue.by_id(self.act)
        return inst.short_name if inst else self.act

    def citation(self) -> str:
        """"was 2026-08-02; Digital Omnibus on AI (adopted by …)"."""
        was = f"was {self.original}; " if self.original else "added by the "
        return f"{was}{self.act_name} ({self.adopted})" if self.adopted else f"{was}{self.act_name}"


@lru_cache(maxsize=1)
def changes() -> tuple[DateChange, ...]:
    """Every date change the catalogue records, from either end of the ``amends`` relation."""
    found = []
    for inst in catalogue.instruments():
        for entry in inst.relations:
            if entry["type"] == "amended_by":
                amended, act = inst.id, entry["target"]
            elif entry["type"] == "amends":
                amended, act = entry["target"], inst.id
            else:
                continue
            for change in entry.get("dates", ()):
                found.append(DateChange(
                    provision=f"{amended}/{change['provision']}", original=change.get("original", ""),
                    amended=change["amended"], kind=change.get("kind", ""), scope=change["scope"], act=act,
                    adopted=entry.get("note", ""),
                    original_still_applies=bool(change.get("original_still_applies"))))
    return tuple(found)


def apply(provision_id: str, found: list[tuple[str, str, str]], *, as_adopted: bool = False
          ) -> list[tuple[str, str, str, DateChange | None]]:
    """The dates a provision sets, (date, kind, phrase) as its text states them, brought up to
    date: each with the change that moved it (None when none did), plus the dates an act added."""
    mine = [c for c in changes() if c.provision == provision_id.split("#")[0]] if not as_adopted else []
    out: list[tuple[str, str, str, DateChange | None]] = []
    for when, kind, phrase in found:
        change = next((c for c in mine if c.original == when), None)
        if change is None or change.original_still_applies:
            out.append((when, kind, phrase, None))
        if change is not None:
            out.append((change.amended, kind, change.scope if change.original_still_applies else phrase, change))
    out += [(c.amended, c.kind, c.scope, c) for c in mine if not c.original]
    return out


def moved_dates(doc_id: str) -> list[DateChange]:
    """The dates later acts moved in ``doc_id`` (not those they added), for the line under an
    instrument's name in the compare view and on briefing covers."""
    return [c for c in changes() if c.provision.startswith(f"{doc_id}/") and c.original]


def in_force(provision_id: str, stated: str) -> tuple[str, DateChange | None]:
    """The date in force today for a date a provision's text states, and the change that moved it
    (None when none did or when the stated date still governs the rest of the provision)."""
    change = next((c for c in changes() if c.provision == provision_id.split("#")[0] and c.original == stated
                   and not c.original_still_applies), None)
    return (change.amended, change) if change else (stated, None)
