"""What every reader returns: the body text of a file as lines, with page furniture removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A file that cannot be ingested, with a message written for the person who chose it."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass
class Line:
    """One line of body text in reading order."""

    text: str
    page: int | None = None   # 1-based page number in the original (PDF), None otherwise
    x: float = 0.0            # left edge of the line in PDF user space (0 when unknown)
    y: float = 0.0            # baseline height of the line in PDF user space, from the page bottom (0 when unknown)
    size: float = 0.0         # dominant font size (0 when unknown)
    bold: bool = False        # dominant font is bold


@dataclass
class Footnote:
    """A footnote body taken out of the running text."""

    label: str                # the marker as printed, e.g. "1" for "(1)"
    text: str
    page: int | None = None


@dataclass
class SourceText:
    """The readable content of one file."""

    path: Path
    format: str                                   # pdf | html | md | txt
    lines: list[Line]
    footnotes: list[Footnote] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)  # title, author, page_count, ...
