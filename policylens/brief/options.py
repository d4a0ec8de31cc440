"""What an analyst chooses for a briefing, and what building it produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


class BriefError(ValueError):
    """A briefing that cannot be made as asked (unknown theme or document), said for the analyst."""


@dataclass(frozen=True)
class BriefOptions:
    """The briefing's content and title page.

    ``docs`` None means every document in the workspace; ``tags`` selects the annotations shown
    beside the clauses (none by default: notes are private until the analyst picks them)."""

    themes: tuple[str, ...]
    docs: tuple[str, ...] | None = None
    tags: tuple[str, ...] = ()
    title: str = ""
    author: str = ""
    date: str = field(default_factory=lambda: date.today().isoformat())
    clauses_per_document: int = 6     # quoted per instrument and theme; the rest are listed by citation
    pairs_per_theme: int = 6          # corresponding provisions shown per theme
    quantities_per_theme: int = 20


@dataclass(frozen=True)
class BriefResult:
    """The written briefing and what it holds, for the CLI's message and the GUI's dialog."""

    path: Path
    pages: int
    themes: tuple[str, ...]
    documents: tuple[str, ...]
    clauses_quoted: int
    clauses_listed: int               # on-theme provisions cited but not quoted
    annotations: int
    outline: tuple[str, ...]          # top-level bookmarks, in order
