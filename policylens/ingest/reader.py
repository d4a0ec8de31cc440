"""Choosing the reader for a file by its type."""

from __future__ import annotations

from pathlib import Path

from policylens.ingest.language import MESSAGE as NOT_ENGLISH
from policylens.ingest.language import looks_english
from policylens.ingest.source import IngestError, SourceText

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xhtml": "html",
           ".md": "md", ".markdown": "md", ".txt": "txt"}
# The largest file of each format PolicyLens reads: far above any real regulation (the EU AI Act's
# PDF is 2.6 MB), low enough that a wrong file is refused before it fills memory.
MAX_BYTES = {"pdf": 200 * 2**20, "html": 50 * 2**20, "md": 20 * 2**20, "txt": 20 * 2**20}


def file_format(path: Path) -> str | None:
    """The source format PolicyLens reads this file as, or None when it does not read it."""
    return FORMATS.get(path.suffix.lower())


def read_source(path: Path) -> SourceText:
    """Read any supported file into body lines; raise IngestError with the reason otherwise.

    Every format passes the same language check: the extraction rules are English, and a
    file in another language would give a tree of provisions with no obligations found."""
    path = Path(path)
    fmt = file_format(path)
    if fmt is None:
        raise IngestError(path, f"unsupported file type '{path.suffix or 'none'}' "
                                "(PolicyLens reads PDF, HTML, Markdown and plain text)")
    if not path.is_file():
        raise IngestError(path, "the file does not exist or is not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "the file is empty")
    if size > MAX_BYTES[fmt]:
        raise IngestError(path, f"the file is {size / 2**20:.0f} MB; PolicyLens reads {fmt.upper()} files "
                                f"up to {MAX_BYTES[fmt] // 2**20} MB")
    if fmt == "pdf":
        from policylens.ingest.pdf import read_pdf as read
    elif fmt == "html":
        from policylens.ingest.html import read_html as read
    else:
        from policylens.ingest.text import read_text as read
    source = read(path)
    if not looks_english(" ".join(line.text for line in source.lines[:2000])):
        raise IngestError(path, NOT_ENGLISH)
    return source
