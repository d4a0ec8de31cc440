"""The records PolicyLens passes between ingestion, extraction, the workspace and exports.

A document is parsed into a tree of ``Node`` objects.  Containers (chapters, articles, sections,
parts) hold children; leaves are provision units as ``shared/docs/obligations.md`` defines them:
one sentence or one enumerated item.  Ids are built from the citation path, never from positions
in a file, so that re-ingesting a document (or a new version of it) gives unchanged clauses the
same id and annotations stay attached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What a document id may look like: it appears in provision ids, file names and shared
# annotation files (as urn:policylens:doc:<id>).
DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class Node:
    """One element of a document's provision tree."""

    id: str                 # stable: "<doc>/<path>", e.g. "eu-ai-act-2024-1689/art-9/2/b"
    doc: str                # document id (catalogue id or user document id)
    kind: str               # recital, chapter, section, article, paragraph, point, annex, part, sentence, ...
    label: str = ""         # the enumerator as printed: "9", "2", "(b)", "C-5)"
    cite: str = ""          # human citation: "Art. 9(2)(b)", "Sec. 4.2(a)(i)(B)", "§ 22603(a)(1)"
    section: str = ""       # top-level unit: "Article 9", "Sec. 4.2", "§ 22603", "Part 3", "Recital 26"
    heading: str = ""       # title printed with the element, if any
    text: str = ""          # the element's own text, without its children and without its stem
    stem: str = ""          # for list items: the text that introduces the list they belong to
    page: int | None = None  # 1-based page of the original where the text starts (PDF sources)
    parent: str | None = None
    is_unit: bool = False   # a provision unit (a leaf that carries at most one deontic statement)
    notes: list[str] = field(default_factory=list)  # footnotes attached to the element
    order: int = 0          # reading order within the document


@dataclass
class Document:
    """A document in the workspace: a catalogued instrument or a user-added file."""

    id: str
    title: str
    short_name: str
    jurisdiction: str
    status: str             # a key of catalogue.STATUS_LABELS: in_force, vetoed, revoked, … or unknown
    source_path: str        # the file that was ingested
    source_format: str      # pdf | html | md | txt
    sha256: str
    profile: str            # structure profile used: eu, eo, sb1047, meti, generic
    catalogued: bool        # True when the file's checksum or structure matched a catalogue entry
    checksum_matched: bool  # True when the sha256 is one the catalogue knows
    ingested_at: str = ""   # ISO timestamp
    alternatives: list[dict] = field(default_factory=list)  # other files of the same instrument
    kind: str = ""          # a key of catalogue.KIND_LABELS (statute, guidance, …), or empty when not known
    date: str = ""          # ISO date of the instrument (signed, adopted, issued), or empty
