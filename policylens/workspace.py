"""The workspace: one SQLite file holding documents, their provision trees, extraction results,
graph edges and the analyst's annotations.

Sources are re-readable and extraction results are a cache keyed by the source checksum and the
extractor version, so everything but the annotations can be rebuilt.  The file runs in WAL mode
and every change is one transaction.  The schema is versioned with ``PRAGMA user_version`` and
upgraded by numbered migrations.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from policylens import backup
from policylens.citations import citation_forms
from policylens.model import Document, Node

MIGRATIONS: list[str] = [
    # 1: documents, provision trees, extraction results, edges, full-text search
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        short_name TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        status TEXT NOT NULL,
        source_path TEXT NOT NULL,
        source_format TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        profile TEXT NOT NULL,
        catalogued INTEGER NOT NULL,
        checksum_matched INTEGER NOT NULL,
        ingested_at TEXT NOT NULL,
        alternatives TEXT NOT NULL DEFAULT '[]',
        pipeline_version TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE nodes (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        parent TEXT,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        cite TEXT NOT NULL,
        section TEXT NOT NULL,
        heading TEXT NOT NULL,
        text TEXT NOT NULL,
        stem TEXT NOT NULL,
        page INTEGER,
        is_unit INTEGER NOT NULL,
        notes TEXT NOT NULL,
        ord INTEGER NOT NULL
    );
    CREATE INDEX nodes_doc_ord ON nodes(doc, ord);
    CREATE INDEX nodes_cite ON nodes(cite);
    CREATE TABLE extractions (
        node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        part INTEGER NOT NULL,
        doc TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (node_id, part)
    );
    CREATE INDEX extractions_doc ON extractions(doc);
    CREATE TABLE edges (
        src TEXT NOT NULL,
        dst TEXT NOT NULL,
        kind TEXT NOT NULL,
        doc TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX edges_src ON edges(src, kind);
    CREATE INDEX edges_dst ON edges(dst, kind);
    CREATE INDEX edges_doc ON edges(doc);
    CREATE VIRTUAL TABLE nodes_fts USING fts5(
        text, cite UNINDEXED, node_id UNINDEXED, doc UNINDEXED, tokenize = 'porter unicode61'
    );
    """,
    # 2: the analyst's annotations (W3C Web Annotation anchoring: provision id + quote + position).
    # Not tied to nodes by a foreign key: an annotation outlives the text it was made on.
    """
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        doc_sha256 TEXT NOT NULL,
        node_id TEXT NOT NULL,
        cite TEXT NOT NULL DEFAULT '',
        exact TEXT NOT NULL DEFAULT '',
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start INTEGER,
        end INTEGER,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        color TEXT NOT NULL DEFAULT '#ffd54f',
        author TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'anchored' CHECK (state IN ('anchored', 'orphaned'))
    );
    CREATE INDEX annotations_node ON annotations(node_id);
    CREATE INDEX annotations_doc ON annotations(doc);
    """,
    # 3: cross-document links, a cache keyed by the linked documents' checksums and extractor
    # versions (policylens.link_cache.pair_keys).
    """
    CREATE TABLE link_sets (
        key TEXT PRIMARY KEY,
        linker_version TEXT NOT NULL
    );
    CREATE TABLE links (
        key TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        source_doc TEXT NOT NULL,
        target_doc TEXT NOT NULL,
        score REAL NOT NULL,
        rank INTEGER NOT NULL,
        theme TEXT NOT NULL DEFAULT '',
        why TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX links_source ON links(source);
    CREATE INDEX links_target ON links(target);
    """,
    # 4: what the analyst says about their own documents: kind and date beside the status, and
    # relations to other instruments (``policylens.relations``).  Relations are the analyst's
    # words, not derived data: re-ingesting a document keeps them.
    """
    ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE documents ADD COLUMN date TEXT NOT NULL DEFAULT '';
    CREATE TABLE relations (
        source TEXT NOT NULL,
        type TEXT NOT NULL,
        target TEXT NOT NULL,
        date TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (source, type, target)
    );
    CREATE INDEX relations_target ON relations(target);
    """,
    # 5: the provision tree of each earlier version of a document, kept when a new version replaces
    # it, so that what changed can be shown (``policylens.diff``) after the old file is gone.
    """
    CREATE TABLE previous_versions (
        doc TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        source_path TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        nodes TEXT NOT NULL,
        PRIMARY KEY (doc, sha256)
    );
    """,
    # 6: links cached per pair of documents, keyed by the two documents' checksums and extractor
    # versions: the links between two documents depend on those two alone, so adding a document
    # links only its own pairs.  A pair's links are one JSON text in the linker's own format
    # (``link_cache.encoded``; fifteen documents have close to a million links, and a row
    # each took longer to write than to compute).  The whole-corpus
    # sets of version 3 are dropped: they are derived data.
    """
    DROP TABLE links;
    DROP TABLE link_sets;
    CREATE TABLE link_pairs (
        key TEXT PRIMARY KEY,
        doc_a TEXT NOT NULL,
        doc_b TEXT NOT NULL,
        linker_version TEXT NOT NULL,
        links TEXT NOT NULL
    );
    CREATE UNIQUE INDEX link_pairs_docs ON link_pairs(doc_a, doc_b);
    """,
    # 7: each document's analysis for linking, by its stamp (``policylens.analysed_documents``), so
    # that linking a new document in a later session does not analyse all the others again.
    """
    CREATE TABLE link_documents (
        stamp TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        analysis BLOB NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
# How long a writer waits for another process (an import, a second window) to finish its
# transaction before it gives up with WorkspaceBusy.  Storing the largest document takes ~2 s.
BUSY_TIMEOUT_S = 30.0


class WorkspaceError(Exception):
    """A workspace file that cannot be used, with a message for the user."""


class WorkspaceBusy(WorkspaceError):
    """Another process held the workspace for writing longer than ``BUSY_TIMEOUT_S``."""

    def __init__(self, path: Path):
        super().__init__(f"{path}: the workspace is busy: another PolicyLens is writing to it; try again "
                         "when it has finished (nothing was changed)")


class WorkspaceFull(WorkspaceError):
    """The disk (or the file system's limit) left no room to write; the change was rolled back."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: the workspace could not be written ({reason}); nothing of this change "
                         "was stored and the workspace holds what it held before; free some disk space and "
                         "try again")


def _user_error(path: Path, exc: sqlite3.OperationalError) -> WorkspaceError | None:
    """The WorkspaceError a failed write stands for, or None for an error that is a bug."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return WorkspaceBusy(path)
    if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR"):
        return WorkspaceFull(path, str(exc))
    if name.startswith("SQLITE_READONLY"):
        return WorkspaceError(f"{path}: the workspace file is read-only ({exc}); nothing was changed")
    return None


class CorruptWorkspace(WorkspaceError):
    """A workspace file SQLite reports as damaged; ``backups`` (newest first) are the way back."""

    def __init__(self, path: Path, reason: str, backups: list[Path]):
        self.path = path
        self.reason = reason
        self.backups = backups
        offer = (f"The newest backup ({backups[0].name}) can be restored with 'policylens workspace restore'."
                 if backups else "There is no backup of it to restore.")
        super().__init__(f"{path}: the workspace file is damaged ({reason}). {offer}")


class Workspace:
    """An open workspace file.

    Opening checks the file (``PRAGMA quick_check``) and refuses a damaged one with
    ``CorruptWorkspace``; an existing file is backed up on open at most every ``backup.EVERY``."""

    def __init__(self, path: Path | str, *, backups: bool = True):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existed = self.path.is_file() and self.path.stat().st_size > 0
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                      timeout=BUSY_TIMEOUT_S)
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(f"{self.path}: not a usable PolicyLens workspace ({exc})") from exc
        try:
            self.db.row_factory = sqlite3.Row
            if existed:
                self._check()
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # Why the backup on open failed: the command line and the window say so, since the
            # user's rolling backups have stopped until it is mended.
            self.backup_warning = ""
            if existed and backups and backup.due(self.path):
                try:
                    backup.rotate(self.path, db=self.db)
                except (backup.BackupError, OSError) as exc:
                    self.backup_warning = f"{exc}; opened without a new backup"
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            known = _user_error(self.path, exc) if isinstance(exc, sqlite3.OperationalError) else None
            if known:   # busy or out of space is not damage: there is nothing to restore
                raise known from exc
            if existed:
                raise CorruptWorkspace(self.path, str(exc), backup.backups(self.path)) from exc
            raise WorkspaceError(f"{self.path}: not a usable PolicyLens workspace ({exc})") from exc
        except BaseException:
            self.db.close()
            raise

    def _check(self) -> None:
        found = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        if found != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(found[:3]))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                f"{self.path}: written by a newer PolicyLens (schema {version}, this version reads "
                f"up to {SCHEMA_VERSION}); update PolicyLens to open it")
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change: committed on success, rolled back on any exception.  Inside another
        transaction it is a savepoint of that one, so that several changes (storing a document
        and re-anchoring its annotations) can be made one.

        A busy workspace (``WorkspaceBusy``) or a full disk (``WorkspaceFull``) is reported as such
        once the change has been rolled back."""
        nested = self.db.in_transaction
        try:
            self.db.execute("SAVEPOINT nested" if nested else "BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:   # SQLite ends the whole transaction itself on some errors
                    self.db.execute("ROLLBACK TO nested" if nested else "ROLLBACK")
                    if nested:
                        self.db.execute("RELEASE nested")
                raise
            try:
                self.db.execute("RELEASE nested" if nested else "COMMIT")
            except sqlite3.OperationalError:
                if not nested and self.db.in_transaction:   # a failed COMMIT leaves it open
                    self.db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            known = _user_error(self.path, exc)
            if known is None:
                raise
            raise known from exc

    # -- documents --------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY jurisdiction, id").fetchall()
        return [_document(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _document(row) if row else None

    def document_by_sha256(self, sha256: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return _document(row) if row else None

    def pipeline_version(self, doc_id: str) -> str:
        row = self.db.execute("SELECT pipeline_version FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def store_document(self, doc: Document, nodes: list[Node], extractions: Iterable = (),
                       edges: Iterable[tuple[str, str, str, dict]] = (), pipeline_version: str = "") -> None:
        """Replace a document, its tree, extraction results and edges in one transaction; a
        different version it replaces is kept as a previous version."""
        with self.transaction() as db:
            _keep_previous_version(db, doc)
            _delete_document(db, doc.id)
            db.execute(
                "INSERT INTO documents VALUES (:id, :title, :short_name, :jurisdiction, :status, "
                ":source_path, :source_format, :sha256, :profile, :catalogued, :checksum_matched, "
                ":ingested_at, :alternatives, :pipeline_version, :kind, :date)",
                {**asdict(doc), "alternatives": json.dumps(doc.alternatives),
                 "catalogued": int(doc.catalogued), "checksum_matched": int(doc.checksum_matched),
                 "pipeline_version": pipeline_version})
            db.executemany(
                "INSERT INTO nodes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(n.id, n.doc, n.parent, n.kind, n.label, n.cite, n.section, n.heading, n.text, n.stem,
                  n.page, int(n.is_unit), json.dumps(n.notes), n.order) for n in nodes])
            db.executemany(
                "INSERT INTO nodes_fts (text, cite, node_id, doc) VALUES (?,?,?,?)",
                [(n.text, n.cite, n.id, n.doc) for n in nodes if n.text])
            db.executemany(
                "INSERT INTO extractions VALUES (?,?,?,?)",
                [(e.node_id, e.part, doc.id, json.dumps(e.to_dict())) for e in extractions])
            db.executemany(
                "INSERT INTO edges VALUES (?,?,?,?,?)",
                [(src, dst, kind, doc.id, json.dumps(data)) for src, dst, kind, data in edges])

    def store_extractions(self, doc_id: str, sha256: str, extractions: Iterable,
                          edges: Iterable[tuple[str, str, str, dict]], pipeline_version: str) -> bool:
        """Replace a document's extraction results and the edges drawn from them, its text, tree
        and facts untouched, if its text is still the one with ``sha256``: another process may
        have imported a new version meanwhile, which these results are not of.  Returns whether
        they were stored."""
        with self.transaction() as db:
            row = db.execute("SELECT sha256 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None or row[0] != sha256:
                return False
            db.execute("DELETE FROM extractions WHERE doc = ?", (doc_id,))
            db.execute("DELETE FROM edges WHERE doc = ?", (doc_id,))
            db.executemany(
                "INSERT INTO extractions VALUES (?,?,?,?)",
                [(e.node_id, e.part, doc_id, json.dumps(e.to_dict())) for e in extractions])
            db.executemany(
                "INSERT INTO edges VALUES (?,?,?,?,?)",
                [(src, dst, kind, doc_id, json.dumps(data)) for src, dst, kind, data in edges])
            db.execute("UPDATE documents SET pipeline_version = ? WHERE id = ?", (pipeline_version, doc_id))
        return True

    def update_alternatives(self, doc_id: str, alternatives: list[dict]) -> None:
        with self.transaction() as db:
            db.execute("UPDATE documents SET alternatives = ? WHERE id = ?", (json.dumps(alternatives), doc_id))

    def set_facts(self, doc_id: str, *, title: str | None = None, jurisdiction: str | None = None,
                  status: str | None = None, kind: str | None = None, date: str | None = None) -> None:
        """Change what a document is called, filed under, its status, kind or date (those given),
        keeping its text, extraction and annotations.  Values are checked by ``policylens.facts``."""
        with self.transaction() as db:
            if title is not None:
                db.execute("UPDATE documents SET title = ?, short_name = ? WHERE id = ?", (title, title, doc_id))
            for column, value in (("jurisdiction", jurisdiction), ("status", status), ("kind", kind),
                                  ("date", date)):
                if value is not None:
                    db.execute(f"UPDATE documents SET {column} = ? WHERE id = ?", (value, doc_id))

    def remove_document(self, doc_id: str) -> None:
        """Remove a document and everything derived from its text, its links and its analysis for
        linking included: nothing of a removed text stays in the file."""
        with self.transaction() as db:
            _delete_document(db, doc_id)
            db.execute("DELETE FROM relations WHERE source = ? OR target = ?", (doc_id, doc_id))
            db.execute("DELETE FROM previous_versions WHERE doc = ?", (doc_id,))
            db.execute("DELETE FROM link_pairs WHERE doc_a = ? OR doc_b = ?", (doc_id, doc_id))
            db.execute("DELETE FROM link_documents WHERE doc = ?", (doc_id,))

    def previous_versions(self, doc_id: str) -> list[dict]:
        """Earlier versions of a document, newest first: sha256, source_path, ingested_at, replaced_at."""
        rows = self.db.execute("SELECT sha256, source_path, ingested_at, replaced_at FROM previous_versions "
                               "WHERE doc = ? ORDER BY replaced_at DESC, rowid DESC", (doc_id,))
        return [dict(r) for r in rows]

    def previous_nodes(self, doc_id: str, sha256: str) -> list[Node]:
        row = self.db.execute("SELECT nodes FROM previous_versions WHERE doc = ? AND sha256 = ?",
                              (doc_id, sha256)).fetchone()
        return [Node(**n) for n in json.loads(row[0])] if row else []

    # -- relations the analyst records ---------------------------------------------------------
    def relations(self, doc_id: str | None = None) -> list[tuple[str, str, str, str, str]]:
        """(source, type, target, date, note) rows, all or those that involve ``doc_id``."""
        rows = self.db.execute(
            "SELECT source, type, target, date, note FROM relations WHERE ? IS NULL OR source = ? OR target = ? "
            "ORDER BY source, type, target", (doc_id, doc_id, doc_id))
        return [tuple(r) for r in rows]

    def put_relation(self, source: str, type_: str, target: str, date: str = "", note: str = "") -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO relations VALUES (?,?,?,?,?)", (source, type_, target, date, note))

    def delete_relation(self, source: str, type_: str, target: str) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM relations WHERE source = ? AND type = ? AND target = ?",
                              (source, type_, target)).rowcount > 0

    # -- provisions -------------------------------------------------------------------------
    def nodes(self, doc_id: str | None = None, *, units_only: bool = False) -> list[Node]:
        sql = "SELECT * FROM nodes"
        clauses, args = [], []
        if doc_id:
            clauses.append("doc = ?")
            args.append(doc_id)
        if units_only:
            clauses.append("is_unit = 1")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY doc, ord"
        return [_node(r) for r in self.db.execute(sql, args)]

    def node(self, node_id: str) -> Node | None:
        row = self.db.execute("SELECT * FROM nodes WHERE id = ?", (node_id,)).fetchone()
        return _node(row) if row else None

    def find_cite(self, cite: str, doc_id: str | None = None) -> list[Node]:
        """Nodes whose citation is ``cite`` however an analyst spells it ("Article 73", "Art 73"
        and "art. 73" find "Art. 73"; case and spacing do not matter), containers first."""
        keys = {_cite_key(form) for form in citation_forms(cite)}
        rows = self.db.execute(
            "SELECT * FROM nodes WHERE (? IS NULL OR doc = ?) ORDER BY doc, ord", (doc_id, doc_id))
        return [_node(r) for r in rows if _cite_key(r["cite"]) in keys]

    def search(self, query: str, *, doc_id: str | None = None, limit: int = 50) -> list[tuple[Node, str]]:
        """Full-text search over provision text (FTS5, porter stemming), best matches first."""
        match = _fts_query(query)
        if not match:
            return []
        rows = self.db.execute(
            "SELECT node_id, snippet(nodes_fts, 0, '[', ']', '…', 12) AS snip FROM nodes_fts "
            "WHERE nodes_fts MATCH ? AND (? IS NULL OR doc = ?) ORDER BY bm25(nodes_fts) LIMIT ?",
            (match, doc_id, doc_id, limit)).fetchall()
        found = []
        for row in rows:
            node = self.node(row["node_id"])
            if node:
                found.append((node, row["snip"]))
        return found

    def extractions(self, doc_id: str | None = None) -> dict[str, list[dict]]:
        """Extraction results by node id (each a list of parts in order), as stored dicts."""
        rows = self.db.execute(
            "SELECT node_id, part, data FROM extractions WHERE (? IS NULL OR doc = ?) ORDER BY node_id, part",
            (doc_id, doc_id))
        by_node: dict[str, list[dict]] = {}
        for row in rows:
            by_node.setdefault(row["node_id"], []).append(json.loads(row["data"]))
        return by_node

    def edges(self, kind: str | None = None, doc_id: str | None = None) -> list[tuple[str, str, str, dict]]:
        rows = self.db.execute(
            "SELECT src, dst, kind, data FROM edges WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR doc = ?)",
            (kind, kind, doc_id, doc_id))
        return [(r["src"], r["dst"], r["kind"], json.loads(r["data"])) for r in rows]


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _keep_previous_version(db: sqlite3.Connection, doc: Document) -> None:
    """Keep the provision tree of the stored version of ``doc`` when ``doc`` is another version."""
    row = db.execute("SELECT sha256, source_path, ingested_at FROM documents WHERE id = ?", (doc.id,)).fetchone()
    if row is None or row["sha256"] == doc.sha256:
        return
    nodes = [asdict(_node(r)) for r in db.execute("SELECT * FROM nodes WHERE doc = ? ORDER BY ord", (doc.id,))]
    db.execute("INSERT OR REPLACE INTO previous_versions VALUES (?,?,?,?,?,?)",
               (doc.id, row["sha256"], row["source_path"], row["ingested_at"], doc.ingested_at, json.dumps(nodes)))


def _delete_document(db: sqlite3.Connection, doc_id: str) -> None:
    db.execute("DELETE FROM nodes_fts WHERE doc = ?", (doc_id,))
    db.execute("DELETE FROM edges WHERE doc = ?", (doc_id,))
    db.execute("DELETE FROM extractions WHERE doc = ?", (doc_id,))
    db.execute("DELETE FROM nodes WHERE doc = ?", (doc_id,))
    db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"], title=row["title"], short_name=row["short_name"], jurisdiction=row["jurisdiction"],
        status=row["status"], source_path=row["source_path"], source_format=row["source_format"],
        sha256=row["sha256"], profile=row["profile"], catalogued=bool(row["catalogued"]),
        checksum_matched=bool(row["checksum_matched"]), ingested_at=row["ingested_at"],
        alternatives=json.loads(row["alternatives"]), kind=row["kind"], date=row["date"])


def _node(row: sqlite3.Row) -> Node:
    return Node(
        id=row["id"], doc=row["doc"], kind=row["kind"], label=row["label"], cite=row["cite"],
        section=row["section"], heading=row["heading"], text=row["text"], stem=row["stem"],
        page=row["page"], parent=row["parent"], is_unit=bool(row["is_unit"]),
        notes=json.loads(row["notes"]), order=row["ord"])


def _cite_key(cite: str) -> str:
    return "".join(ch for ch in cite.lower() if ch.isalnum() or ch in "()§.")


def _fts_query(query: str) -> str:
    """Quote each word so that user input never reaches FTS5's query syntax."""
    words = [w for w in query.replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in words)
