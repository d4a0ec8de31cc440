"""Bringing files into a workspace: a folder of official texts, or one user document.

One instrument is never stored twice: of several files of one instrument the catalogue's
preferred source is ingested and the others are recorded as alternative sources.  Re-importing
an unchanged file is a no-op.  Each document is stored, and its annotations re-anchored to the
new text, in one transaction, after its parse, structure check and extraction have all
succeeded, so a failure or a crash leaves nothing half-ingested.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from policylens import backup, catalogue, extract, facts, structure, usertext
from policylens.annotations import reanchor_document
from policylens.catalogue import Instrument, Source
from policylens.extract import extract_document
from policylens.extract.nlp import load_pipeline
from policylens.ingest.reader import file_format
from policylens.ingest.source import IngestError
from policylens.model import DOC_ID
from policylens.pipeline import Prepared, doc_info, sha256_of, user_doc_id
from policylens.tasks import CancelFn, ProgressFn, check, never_cancel, no_progress
from policylens.workers import prepare_all
from policylens.workspace import Workspace, WorkspaceError

# What a stored document was made by: reading and parsing, then extraction.  A document made by
# another version is re-ingested on the next import, so improvements reach existing workspaces.
PIPELINE_VERSION = f"{structure.VERSION}/{extract.VERSION}"

# Files that describe a folder rather than regulate anything.
FOLDER_DOCUMENTATION = {"readme", "sources", "changelog", "license", "licence", "notice", "sha256sums"}


@dataclass
class Job:
    """One file to ingest, and what it is."""

    path: Path
    sha256: str
    instrument: Instrument | None = None
    source: Source | None = None
    title: str | None = None
    jurisdiction: str | None = None
    doc_id: str | None = None
    alternatives: list[dict] = field(default_factory=list)  # other files of the same instrument
    status: str | None = None
    kind: str | None = None
    date: str | None = None
    recognise: bool = False   # may become the catalogued instrument its opening names


@dataclass
class ImportReport:
    """What an import did, file by file, in words an analyst can read."""

    imported: list[str] = field(default_factory=list)          # document ids stored
    unchanged: list[str] = field(default_factory=list)         # document ids already up to date
    alternatives: list[tuple[str, str]] = field(default_factory=list)  # (file name, document id)
    skipped: list[tuple[str, str]] = field(default_factory=list)       # (file name, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)        # (file name, reason)
    warnings: list[str] = field(default_factory=list)
    offered: list[tuple[str, dict]] = field(default_factory=list)     # (document id, facts read from it)

    def lines(self) -> list[str]:
        out = [f"imported {d}" for d in self.imported]
        out += [f"read from {d}: " + ", ".join(f"{k} '{v}'" for k, v in read.items())
                + f" (change with 'policylens edit {d}')" for d, read in self.offered]
        out += [f"unchanged {d}" for d in self.unchanged]
        out += [f"alternative source {f} recorded for {d}" for f, d in self.alternatives]
        out += [f"skipped {f}: {r}" for f, r in self.skipped]
        out += [f"warning: {w}" for w in self.warnings]
        out += [f"failed {f}: {r}" for f, r in self.failed]
        return out


def import_folder(ws: Workspace, folder: Path, *, progress: ProgressFn = no_progress,
                  cancel: CancelFn = never_cancel) -> ImportReport:
    """Ingest every readable file in ``folder`` (not recursive)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise IngestError(folder, "is not a folder")
    report = ImportReport()
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    candidates = []
    for path in files:
        if path.stem.lower() in FOLDER_DOCUMENTATION:
            report.skipped.append((path.name, "describes the folder, not a regulation"))
        elif file_format(path) is None:
            report.skipped.append((path.name, "not a PDF, HTML, Markdown or text file"))
        else:
            candidates.append(path)
    jobs = _choose_sources(ws, candidates, report)
    run_jobs(ws, jobs, report, progress=progress, cancel=cancel)
    return report


def add_file(ws: Workspace, path: Path, *, title: str | None = None, jurisdiction: str | None = None,
             doc_id: str | None = None, status: str | None = None, kind: str | None = None,
             date: str | None = None, progress: ProgressFn = no_progress,
             cancel: CancelFn = never_cancel) -> ImportReport:
    """Ingest one file: a catalogued instrument if its checksum is known, else a user document
    with the facts given (status, kind, date; checked by ``policylens.facts``)."""
    path = Path(path)
    report = ImportReport()
    if file_format(path) is None:
        raise IngestError(path, f"unsupported file type '{path.suffix or 'none'}' "
                                "(PolicyLens reads PDF, HTML, Markdown and plain text)")
    if not path.exists():
        raise IngestError(path, "the file does not exist")
    if not path.is_file():
        raise IngestError(path, "is not a regular file (it is a folder, a device or a pipe, or a link to one); "
                                "PolicyLens reads PDF, HTML, Markdown and text files")
    if doc_id is not None:
        _check_user_doc_id(path, doc_id)
    for name, value in (("title", title), ("jurisdiction", jurisdiction)):
        trouble = usertext.problem(value or "")
        if trouble:
            raise IngestError(path, f"the {name} {trouble}")
    try:
        facts.check(status=status, kind=kind, date=date)
    except facts.FactError as exc:
        raise IngestError(path, str(exc)) from exc
    jobs = _choose_sources(ws, [path], report, title=title, jurisdiction=jurisdiction, doc_id=doc_id,
                           status=status, kind=kind, date=date)
    run_jobs(ws, jobs, report, progress=progress, cancel=cancel)
    if report.failed and not report.imported and not report.unchanged:
        raise IngestError(path, report.failed[0][1])
    return report


def _check_user_doc_id(path: Path, doc_id: str) -> None:
    """A chosen id must not take a catalogued instrument's place and must survive sharing."""
    if catalogue.by_id(doc_id):
        raise IngestError(path, f"'{doc_id}' is the id of a catalogued instrument; choose another --id")
    if not DOC_ID.fullmatch(doc_id):
        raise IngestError(path, f"'{doc_id}' cannot be a document id: use letters, digits, '.', '_' "
                                "and '-', starting with a letter or digit")


def _choose_sources(ws: Workspace, paths: Iterable[Path], report: ImportReport, **user) -> list[Job]:
    """Pick one file per instrument, record the others as alternatives, drop unchanged files."""
    best: dict[str, Job] = {}
    others: dict[str, list[Job]] = {}
    jobs: list[Job] = []
    for path in paths:
        sha = sha256_of(path)
        known = catalogue.by_sha256(sha)
        if known is None:
            doc_id = user.get("doc_id") or _free_user_id(ws, path, user_doc_id(path, user.get("title")),
                                                         {j.doc_id for j in jobs})
            recognised = ws.document_by_sha256(sha)
            if recognised and recognised.catalogued and ws.pipeline_version(recognised.id) == PIPELINE_VERSION:
                report.unchanged.append(recognised.id)   # recognised as that instrument when first added
                continue
            jobs.append(Job(path, sha, doc_id=doc_id, title=user.get("title"),
                            jurisdiction=user.get("jurisdiction"), status=user.get("status"),
                            kind=user.get("kind"), date=user.get("date"), recognise=not user.get("doc_id")))
            continue
        inst, src = known
        job = Job(path, sha, inst, src)
        current = best.get(inst.id)
        if current is None or inst.source_rank(src) < inst.source_rank(current.source):
            if current:
                others.setdefault(inst.id, []).append(current)
            best[inst.id] = job
        else:
            others.setdefault(inst.id, []).append(job)
    for inst_id, job in best.items():
        stored = ws.document(inst_id)
        alternatives = _alternatives(others.get(inst_id, []))
        if stored and stored.sha256 != job.sha256:
            stored_src = next((s for s in job.instrument.sources if s.sha256 == stored.sha256), None)
            if stored_src and job.instrument.source_rank(stored_src) < job.instrument.source_rank(job.source):
                # the workspace already holds a better copy: this file is an alternative
                alternatives.append(_alternative(job))
                job = None
        if job is None or (stored and stored.sha256 == job.sha256
                           and ws.pipeline_version(inst_id) == PIPELINE_VERSION):
            if stored:
                merged = _merge_alternatives(stored.alternatives, alternatives)
                if merged != stored.alternatives:
                    ws.update_alternatives(inst_id, merged)
                report.unchanged.append(inst_id)
            report.alternatives += [(Path(a["path"]).name, inst_id) for a in alternatives]
            continue
        job.alternatives = alternatives
        report.alternatives += [(Path(a["path"]).name, inst_id) for a in alternatives]
        jobs.append(job)
    fresh = []
    for job in jobs:
        if job.instrument is None:
            stored = ws.document(job.doc_id)
            if stored and stored.sha256 == job.sha256 and ws.pipeline_version(job.doc_id) == PIPELINE_VERSION:
                set_facts(ws, job.doc_id, title=job.title, jurisdiction=job.jurisdiction, status=job.status,
                          kind=job.kind, date=job.date)
                report.unchanged.append(job.doc_id)
                continue
        fresh.append(job)
    return fresh


def _free_user_id(ws: Workspace, path: Path, wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``-3`` … when another file already holds that id.

    A stored document read from a file of the same name keeps its id: that file is a new
    version of it, and its annotations follow it."""
    candidate, number = wanted, 1
    while True:
        stored = ws.document(candidate)
        if candidate not in taken and (stored is None or Path(stored.source_path).name == path.name):
            return candidate
        number += 1
        candidate = f"{wanted}-{number}"


def _alternative(job: Job) -> dict:
    return {"path": str(job.path), "sha256": job.sha256, "format": job.source.format if job.source else ""}


def _alternatives(jobs: list[Job]) -> list[dict]:
    return [_alternative(j) for j in jobs]


def _merge_alternatives(old: list[dict], new: list[dict]) -> list[dict]:
    seen = {a["sha256"] for a in old}
    return old + [a for a in new if a["sha256"] not in seen]


def run_jobs(ws: Workspace, jobs: list[Job], report: ImportReport, *, progress: ProgressFn = no_progress,
             cancel: CancelFn = never_cancel) -> None:
    """Parse the files in worker processes and, as each is ready, extract and store it atomically.

    The largest files are submitted first, and the spaCy pipeline loads in this process while
    the workers read, so extraction of the small documents overlaps the parsing of the big one."""
    if not jobs:
        progress(1.0, "nothing to import")
        return
    if ws.documents():  # replacing documents re-anchors annotations: keep a copy to go back to
        try:
            backup.rotate(ws.path, db=ws.db)
        except backup.BackupError as exc:
            raise WorkspaceError(f"{exc}; nothing was imported, the workspace is as it was (a backup is "
                                 "taken before documents are replaced)") from exc
    progress(0.0, f"reading {len(jobs)} file(s)")
    for n, (job, prepared, error) in enumerate(_prepared(jobs, cancel)):
        if error:
            report.failed.append((job.path.name, error))
            continue
        share = 1 / len(jobs)
        _store(ws, job, prepared, report, cancel,
               lambda done, total: progress((n + done / max(total, 1)) * share,
                                            f"extracting obligations from {prepared.doc.short_name}"))
    progress(1.0, "import finished")


def set_facts(ws: Workspace, doc_id: str, *, progress: ProgressFn = no_progress,
              cancel: CancelFn = never_cancel, **facts) -> bool:
    """Change a document's facts (title, jurisdiction, status, kind, date: those given), and
    extract it again when its kind or date changed (see ``extract_again``).  Returns whether it
    was."""
    before = ws.document(doc_id)
    ws.set_facts(doc_id, **facts)
    after = ws.document(doc_id)
    if (before.kind, before.date) == (after.kind, after.date):
        return False
    extract_again(ws, doc_id, progress=progress, cancel=cancel)
    return True


def extract_again(ws: Workspace, doc_id: str, *, progress: ProgressFn = no_progress,
                  cancel: CancelFn = never_cancel) -> bool:
    """Extract a stored document again, its text, tree, facts and annotations kept.  A document's
    kind decides how its words bind and its date when "within 60 days of the issuance of this
    memorandum" falls, so both are read again when the analyst changes them.  Returns whether the
    results were stored: not when another process replaced the document's text meanwhile."""
    doc = ws.document(doc_id)
    progress(0.0, f"extracting obligations from {doc.short_name} again")
    extractions = extract_document(ws.nodes(doc_id), doc_info(doc), cancel=cancel,
                                   progress=lambda done, total: progress(done / max(total, 1), ""))
    edges = [(e.node_id, ref, "refers_to", {}) for e in extractions for ref in e.refs]
    return ws.store_extractions(doc_id, doc.sha256, extractions, edges, PIPELINE_VERSION)


def outdated_extractions(ws: Workspace) -> list[str]:
    """The stored documents whose obligations an older version's rules extracted from a tree this
    version's reader would parse the same way: they can be extracted again from the workspace
    alone.  (A document parsed by another reader waits for its file's next import.)"""
    found = []
    for doc in ws.documents():
        parsed_by, _, extracted_by = ws.pipeline_version(doc.id).partition("/")
        if parsed_by == structure.VERSION and extracted_by != extract.VERSION:
            found.append(doc.id)
    return found


def extract_outdated(ws: Workspace, *, progress: ProgressFn = no_progress,
                     cancel: CancelFn = never_cancel) -> list[str]:
    """Extract again every document ``outdated_extractions`` names, so that an upgrade's better
    reading reaches an existing workspace without importing anything; trees and annotations
    stay.  Returns the ids of those stored (not of one another process replaced meanwhile)."""
    outdated = outdated_extractions(ws)
    return [doc_id for done, doc_id in enumerate(outdated) if extract_again(
        ws, doc_id, cancel=cancel,
        progress=lambda fraction, message, done=done: progress((done + fraction) / len(outdated), message))]


def _store(ws: Workspace, job: Job, ready: Prepared, report: ImportReport, cancel: CancelFn,
           progress) -> None:
    """Extract obligations from a parsed document, store it, and re-anchor its annotations."""
    check(cancel)
    extractions = extract_document(ready.nodes, doc_info(ready.doc), cancel=cancel, progress=progress)
    if job.instrument is not None:
        ready.doc.alternatives = job.alternatives
        if not ready.doc.checksum_matched:
            report.warnings.append(
                f"{job.path.name} differs from the catalogued copy of {job.instrument.short_name} "
                f"(sha256 {job.sha256[:12]}…); its structure checks out, so it was imported")
    edges = [(e.node_id, ref, "refers_to", {}) for e in extractions for ref in e.refs]
    with ws.transaction():   # the new text and its annotations' places change together
        ws.store_document(ready.doc, ready.nodes, extractions, edges, PIPELINE_VERSION)
        placed = reanchor_document(ws, ready.doc.id)
    report.imported.append(ready.doc.id)
    if ready.recognised_by:
        report.warnings.append(
            f"{job.path.name} was recognised as {ready.doc.short_name} by its opening ('{ready.recognised_by}'); "
            "the catalogue has no checksum for this instrument's text, so check that the file is the official one")
    if ready.offered:
        report.offered.append((ready.doc.id, ready.offered))
    if placed.moved:
        report.warnings.append(
            f"{len(placed.moved)} annotation(s) on {ready.doc.short_name} were re-anchored to changed or moved "
            "text; check them (see 'policylens annotations list')")
    if placed.orphaned:
        report.warnings.append(
            f"{len(placed.orphaned)} annotation(s) on {ready.doc.short_name} no longer match its text; "
            "they are kept as orphans with their quotes (see 'policylens annotations list --orphaned')")


def _prepared(jobs: list[Job], cancel: CancelFn) -> Iterator[tuple[Job, Prepared | None, str]]:
    """Each job with its parsed document or the reason it was refused, in the order they finish.
    The files are read in worker processes (``policylens.workers``) while the spaCy pipeline
    loads here."""
    requests = [(j.path, dict(instrument=j.instrument, source=j.source, sha256=j.sha256, doc_id=j.doc_id,
                              title=j.title, jurisdiction=j.jurisdiction, status=j.status, kind=j.kind,
                              date=j.date, recognise=j.recognise)) for j in jobs]
    for index, prepared, error in prepare_all(requests, cancel, while_waiting=load_pipeline):
        yield jobs[index], prepared, error
