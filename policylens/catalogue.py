"""The catalogue of known instruments, shipped in ``policylens_corpus/catalogue.json``.

It says which files are official copies of which instrument (by sha256), where the publishers
serve them, which copy to prefer, the legal status analysts must always see, and the sections
that prove a file really holds that instrument when its checksum is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from policylens import curated

# The legal statuses a document can have, in the words analysts use (``unknown`` until someone says).
STATUS_LABELS = {
    "in_force": "In force",
    "enacted": "Enacted, not yet applicable",
    "adopted": "Adopted, awaiting publication",
    "proposed": "Proposed",
    "draft": "Draft",
    "vetoed": "Vetoed",
    "revoked": "Revoked",
    "superseded": "Superseded",
    "non_binding": "Non-binding",
    "unknown": "Status unknown",
}

# What kind of instrument a document is.
KIND_LABELS = {
    "statute": "Statute",
    "regulation": "Regulation",
    "executive_order": "Executive order",
    "code_of_practice": "Code of practice",
    "guidance": "Guidance",
    "framework": "Framework",
    "policy": "Policy",
}


@dataclass(frozen=True)
class Source:
    """One official file of an instrument."""

    format: str
    filename: str
    url: str
    sha256: str
    preferred: bool
    description: str = ""


@dataclass(frozen=True)
class Instrument:
    """A catalogued instrument and everything PolicyLens knows about it without its text."""

    id: str
    title: str
    short_name: str
    jurisdiction: str
    jurisdiction_name: str
    kind: str               # one of KIND_LABELS
    status: str
    status_label: str
    status_note: str
    binding: bool
    profile: str
    dates: dict
    citation: str
    landing_url: str
    expected_sections: tuple[str, ...]
    sources: tuple[Source, ...]
    deadline_base: str = ""
    relations: tuple[dict, ...] = ()   # as written in the catalogue; read them with policylens.relations
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def preferred_source(self) -> Source | None:
        """The file to ingest; None for an instrument the catalogue knows only by its facts."""
        return next((s for s in self.sources if s.preferred), self.sources[0] if self.sources else None)

    def source_rank(self, source: Source) -> int:
        """Lower is better: the preferred file first, then the others in catalogue order."""
        return 0 if source.preferred else 1 + self.sources.index(source)


def _instrument(entry: dict) -> Instrument:
    return Instrument(
        id=entry["id"], title=entry["title"], short_name=entry["short_name"],
        jurisdiction=entry["jurisdiction"], jurisdiction_name=entry["jurisdiction_name"],
        kind=entry["kind"], status=entry["status"],
        status_label=entry.get("status_label") or STATUS_LABELS[entry["status"]],
        status_note=entry.get("status_note", ""), binding=bool(entry.get("binding")),
        profile=entry["profile"], dates=dict(entry.get("dates", {})),
        citation=entry.get("citation", ""), landing_url=entry.get("landing_url", ""),
        expected_sections=tuple(entry.get("expected_sections", ())),
        sources=tuple(Source(**s) for s in entry["sources"]),
        deadline_base=entry.get("deadline_base", ""), relations=tuple(entry.get("relations", ())), raw=entry,
    )


@lru_cache(maxsize=1)
def instruments() -> tuple[Instrument, ...]:
    data = curated.load("catalogue.json")
    return tuple(_instrument(e) for e in data["instruments"])


def downloadable() -> tuple[Instrument, ...]:
    """The instruments ``corpus download`` fetches: a file at an official address, and sections
    to check a copy the publisher has regenerated against (a checksum alone cannot vouch for it)."""
    return tuple(i for i in instruments() if i.sources and i.expected_sections)


def recognised(title: str, jurisdiction: str) -> Instrument | None:
    """The instrument known only by its facts (no file the catalogue has a checksum for) whose
    designation opens ``title`` — "Senate Bill No. 53" in California — so that a file of it the
    user adds becomes that instrument."""
    for inst in instruments():
        mark = inst.raw.get("recognised_by")
        if mark and not inst.sources and re.match(re.escape(mark["designation"]) + r"(?!\w)", title) \
                and mark.get("jurisdiction", jurisdiction) == jurisdiction:
            return inst
    return None


def jurisdiction_name(code: str) -> str:
    """How a jurisdiction code reads ("US-CA" → "California (US)"): as the catalogue names it for
    its instruments, so that a user's document filed under a known code reads the same; else the
    code itself."""
    return next((i.jurisdiction_name for i in instruments() if i.jurisdiction == code), code)


def by_id(instrument_id: str) -> Instrument | None:
    return next((i for i in instruments() if i.id == instrument_id), None)


def by_sha256(sha256: str) -> tuple[Instrument, Source] | None:
    """The instrument and source a file with this checksum is a known official copy of."""
    for inst in instruments():
        for src in inst.sources:
            if src.sha256 == sha256:
                return inst, src
    return None


