"""One annotation as PolicyLens keeps it, and the rules its fields obey.

The anchoring fields follow the W3C Web Annotation model: the provision the annotation was made
on (``node_id``), a TextQuoteSelector (``exact`` with some ``prefix`` and ``suffix`` context) and a
TextPositionSelector (``start``/``end`` into the provision's text).  The quote is what lets an
annotation find its clause again after the document is re-ingested or replaced by a new version.
"""

from __future__ import annotations

import getpass
import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from policylens import usertext

ANCHORED = "anchored"
ORPHANED = "orphaned"    # its clause could not be found in the document as stored; kept with its quote
STATES = (ANCHORED, ORPHANED)

# Size limits: generous for real work, small enough that a hostile file cannot fill the disk.
MAX_NOTE = 100_000
MAX_QUOTE = 50_000       # a whole provision can be quoted
MAX_CONTEXT = 1_000      # prefix / suffix
MAX_TAG = 100
MAX_TAGS = 100
MAX_NAME = 200           # author
MAX_ID = 300             # document and provision ids

CONTEXT_CHARS = 32       # prefix/suffix kept around a quote, as annotation tools commonly do

PALETTE = {
    "yellow": "#ffd54f", "green": "#81c784", "blue": "#64b5f6",
    "pink": "#f48fb1", "orange": "#ffb74d", "purple": "#b39ddb",
}
DEFAULT_COLOR = PALETTE["yellow"]
_HEX_COLOR = re.compile(r"#[0-9a-f]{6}")


class AnnotationError(ValueError):
    """A value an annotation cannot hold, with a message for the person who typed it."""


@dataclass
class Annotation:
    """A note, tags and a colour on a provision or on a text range inside it."""

    id: str                  # UUID, stable across workspaces and exports
    doc: str                 # document id
    node_id: str             # the provision it is attached to (or was, when orphaned)
    doc_sha256: str = ""     # checksum of the document version the anchor was last verified on
    cite: str = ""           # the provision's citation, kept so an orphan still says where it was
    exact: str = ""          # the quoted text ('' for a provision without text of its own)
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    note: str = ""
    tags: list[str] = field(default_factory=list)
    color: str = DEFAULT_COLOR
    author: str = ""
    created: str = ""
    modified: str = ""
    state: str = ANCHORED

    def edited(self, **changes) -> Annotation:
        return replace(self, **changes)


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> str:
    return format_time(datetime.now(timezone.utc))


def format_time(moment: datetime) -> str:
    """Times are stored in one form (UTC, microseconds) so that they compare as text and as times."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    """An ISO 8601 time with a time zone; raises AnnotationError otherwise."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise AnnotationError(f"'{text[:40]}' is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise AnnotationError(f"'{text[:40]}' has no time zone")
    return moment


def later_than(previous: str) -> str:
    """Now, or just after ``previous`` when the clock says otherwise: an edit is always newer."""
    current = datetime.now(timezone.utc)
    if previous and current <= parse_time(previous):
        current = parse_time(previous) + timedelta(microseconds=1)
    return format_time(current)


def default_author() -> str:
    """The operating system's user name: who annotated, without asking."""
    try:
        return getpass.getuser()[:MAX_NAME]
    except (OSError, KeyError):
        return "unknown"


def clean_tags(tags) -> list[str]:
    """Tags stripped, inner spaces collapsed, duplicates (ignoring case) dropped, order kept."""
    cleaned, seen = [], set()
    for tag in tags:
        trouble = usertext.problem(str(tag))
        if trouble:
            raise AnnotationError(f"tag '{usertext.escaped(str(tag))[:30]}' {trouble}")
        tag = " ".join(str(tag).split())
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise AnnotationError(f"tag '{tag[:30]}…' is longer than {MAX_TAG} characters")
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise AnnotationError(f"an annotation can have at most {MAX_TAGS} tags")
    return cleaned


def clean_color(color: str) -> str:
    """A palette name (yellow, green, …) or a #rrggbb colour, stored as #rrggbb."""
    value = color.strip().lower()
    value = PALETTE.get(value, value)
    if not _HEX_COLOR.fullmatch(value):
        raise AnnotationError(f"colour '{color[:20]}' is neither #rrggbb nor one of {', '.join(PALETTE)}")
    return value


def clean_note(note: str) -> str:
    if len(note) > MAX_NOTE:
        raise AnnotationError(f"the note is longer than {MAX_NOTE} characters")
    trouble = usertext.problem(note, multiline=True)
    if trouble:
        raise AnnotationError(f"the note {trouble}; notes hold text, tabs and line breaks only")
    return note


def clean_author(author: str) -> str:
    """An author name: one line of at most ``MAX_NAME`` characters, without control characters."""
    author = author.strip()
    if len(author) > MAX_NAME:
        raise AnnotationError(f"the author name is longer than {MAX_NAME} characters")
    trouble = usertext.problem(author)
    if trouble:
        raise AnnotationError(f"the author name {trouble}")
    return author
