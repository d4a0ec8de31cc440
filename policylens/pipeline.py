"""From a file to a stored document: read, parse into provisions, check, extract, store.

Reading and parsing are pure functions of the file, so ``prepare`` runs in worker processes
(the PDFs are the slow part and the machine has more than one core); extraction runs in the
calling process, where the spaCy pipeline is loaded once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from policylens import catalogue, usertext
from policylens.catalogue import Instrument, Source
from policylens.ingest.reader import file_format, read_source
from policylens.ingest.source import IngestError, SourceText
from policylens.model import Document, Node
from policylens.structure import parse, sections
from policylens.suggest import offer


@dataclass
class Prepared:
    """A parsed document ready for extraction and storage, with the facts read from its text
    that the user did not give (to tell them what was assumed)."""

    doc: Document
    nodes: list[Node]
    offered: dict = field(default_factory=dict)
    recognised_by: str = ""   # the designation by which a file became a catalogued instrument


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def user_doc_id(path: Path, title: str | None = None) -> str:
    """A stable id for a user document, from its title or file name."""
    slug = re.sub(r"[^a-z0-9]+", "-", (title or path.stem).lower()).strip("-")
    return f"user-{slug or 'document'}"


def prepare(path: Path, *, instrument: Instrument | None = None, source: Source | None = None,
            sha256: str | None = None, doc_id: str | None = None, title: str | None = None,
            jurisdiction: str | None = None, status: str | None = None, kind: str | None = None,
            date: str | None = None, recognise: bool = False) -> Prepared:
    """Read and parse one file.  With ``instrument`` the catalogue's profile is used and the
    expected sections must be present (a file that lacks them is refused).  With ``recognise``,
    a file whose opening names an instrument the catalogue knows only by its facts ("Senate Bill
    No. 53") becomes that instrument.  A user document takes the title, jurisdiction and date
    the user gave, else those its opening states."""
    path = Path(path)
    sha256 = sha256 or sha256_of(path)
    text = _without_controls(read_source(path))
    read = offer(text) if not instrument else None
    recognised_by = ""
    if recognise and read and catalogue.recognised(read.title, read.jurisdiction):
        instrument, recognised_by = catalogue.recognised(read.title, read.jurisdiction), read.title
    if instrument:
        nodes = parse(text, instrument.id, instrument.profile)
        missing = [s for s in instrument.expected_sections if s not in sections(nodes)]
        if missing:
            raise IngestError(path, f"does not have the structure of {instrument.short_name}: "
                                    f"{', '.join(missing)} not found")
        doc = Document(
            id=instrument.id, title=instrument.title, short_name=instrument.short_name,
            jurisdiction=instrument.jurisdiction, status=instrument.status, source_path=str(path),
            source_format=file_format(path) or "", sha256=sha256, profile=instrument.profile,
            catalogued=True, checksum_matched=bool(source and source.sha256 == sha256),
            ingested_at=_now(), kind=instrument.kind)
        return Prepared(doc, nodes, recognised_by=recognised_by)
    doc_id = doc_id or user_doc_id(path, title)
    nodes = parse(text, doc_id, "generic")
    if not any(n.is_unit for n in nodes):
        raise IngestError(path, "no provisions could be found in the text")
    given = {"title": title, "jurisdiction": jurisdiction, "date": date}
    offered = {k: v for k, v in (("title", read.title), ("jurisdiction", read.jurisdiction),
                                 ("date", read.date)) if v and not given[k]}
    doc = Document(
        id=doc_id, title=title or read.title or path.stem,
        short_name=title or read.title or path.stem, jurisdiction=jurisdiction or read.jurisdiction or "Other",
        status=status or "unknown", source_path=str(path), source_format=file_format(path) or "",
        sha256=sha256, profile="generic", catalogued=False, checksum_matched=False, ingested_at=_now(),
        kind=kind or "", date=date or read.date)
    return Prepared(doc, nodes, offered)


def _without_controls(text: SourceText) -> SourceText:
    """The text with each control character a space (``policylens.usertext``): nothing the
    workspace stores from a document can then upset an export, an XML file or a terminal."""
    for item in (*text.lines, *text.footnotes):
        if usertext.CONTROL.search(item.text):
            item.text = usertext.CONTROL.sub(" ", item.text)
    return text


def doc_info(doc: Document) -> dict:
    """What the extractor needs to know about a document: the catalogue entry, or a minimal one."""
    inst = catalogue.by_id(doc.id) if doc.catalogued else None
    if inst:
        return dict(inst.raw)
    return {"id": doc.id, "profile": doc.profile, "status": doc.status,
            "dates": {"issued": doc.date} if doc.date else {},
            "kind": doc.kind, "title": doc.title}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
