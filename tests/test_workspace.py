"""The workspace file: schema, transactions, search, and refusing files it cannot use."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest

from policylens.model import Document, Node
from policylens.workspace import MIGRATIONS, SCHEMA_VERSION, Workspace, WorkspaceError


@dataclass
class FakeExtraction:
    node_id: str
    part: int
    modality: str

    def to_dict(self):
        return {"modality": self.modality}


def _doc(doc_id="d1", sha="abc"):
    return Document(id=doc_id, title="Title", short_name="Short", jurisdiction="EU", status="in_force",
                    source_path="/x.pdf", source_format="pdf", sha256=sha, profile="generic",
                    catalogued=False, checksum_matched=False, ingested_at="2026-01-01T00:00:00+00:00")


def _nodes(doc_id="d1"):
    return [
        Node(id=f"{doc_id}/art-1", doc=doc_id, kind="article", cite="Art. 1", section="Article 1",
             heading="Subject matter", order=0),
        Node(id=f"{doc_id}/art-1/1", doc=doc_id, kind="paragraph", cite="Art. 1(1)", section="Article 1",
             text="Providers shall draw up technical documentation.", parent=f"{doc_id}/art-1",
             is_unit=True, page=3, order=1),
    ]


def test_new_workspace_is_current_and_in_wal_mode(tmp_path):
    with Workspace(tmp_path / "w.sqlite") as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_and_read_back(tmp_path):
    with Workspace(tmp_path / "w.sqlite") as ws:
        ws.store_document(_doc(), _nodes(), [FakeExtraction("d1/art-1/1", 0, "obligation")])
    with Workspace(tmp_path / "w.sqlite") as ws:
        assert [d.id for d in ws.documents()] == ["d1"]
        assert [n.cite for n in ws.nodes("d1", units_only=True)] == ["Art. 1(1)"]
        assert ws.node("d1/art-1/1").page == 3
        assert ws.extractions("d1") == {"d1/art-1/1": [{"modality": "obligation"}]}
        assert [n.id for n in ws.find_cite("art. 1(1)")] == ["d1/art-1/1"]


def test_replacing_a_document_leaves_no_stale_rows(tmp_path):
    with Workspace(tmp_path / "w.sqlite") as ws:
        ws.store_document(_doc(), _nodes())
        ws.store_document(_doc(sha="def"), _nodes()[:1])
        assert ws.document("d1").sha256 == "def"
        assert len(ws.nodes("d1")) == 1
        assert ws.search("documentation") == []


def test_failed_store_changes_nothing(tmp_path):
    with Workspace(tmp_path / "w.sqlite") as ws:
        ws.store_document(_doc(), _nodes())
        duplicate = _nodes() + _nodes()[1:]  # same id twice violates the primary key
        with pytest.raises(sqlite3.IntegrityError):
            ws.store_document(_doc(sha="new"), duplicate)
        assert ws.document("d1").sha256 == "abc"
        assert len(ws.nodes("d1")) == 2


def test_changes_made_together_land_together(tmp_path):
    """A transaction inside another is part of it: what the inner one changed is undone when
    the outer one fails, and an inner failure the caller handles undoes the inner part only."""
    with Workspace(tmp_path / "w.sqlite") as ws:
        ws.store_document(_doc(), _nodes())
        with pytest.raises(RuntimeError):
            with ws.transaction():
                ws.store_document(_doc(sha="new"), _nodes()[:1])
                raise RuntimeError("the second change failed")
        assert ws.document("d1").sha256 == "abc" and len(ws.nodes("d1")) == 2
        with ws.transaction():
            ws.store_document(_doc(sha="new"), _nodes()[:1])
            with pytest.raises(sqlite3.IntegrityError):
                ws.store_document(_doc(sha="bad"), _nodes() + _nodes()[1:])
        assert ws.document("d1").sha256 == "new" and len(ws.nodes("d1")) == 1
        assert not ws.db.in_transaction


def test_the_real_error_surfaces_when_sqlite_ended_the_transaction(tmp_path):
    """Some errors (a full disk, an I/O error) make SQLite roll the whole transaction back
    itself; the caller then sees that error, not a failure to roll back a second time."""
    with Workspace(tmp_path / "w.sqlite") as ws:
        ws.store_document(_doc(), _nodes())
        with pytest.raises(RuntimeError, match="disk I/O"):
            with ws.transaction():
                with ws.transaction():
                    ws.store_document(_doc(sha="new"), _nodes()[:1])
                    ws.db.execute("ROLLBACK")   # what SQLite does on such an error
                    raise RuntimeError("disk I/O error")
        assert ws.document("d1").sha256 == "abc" and not ws.db.in_transaction


def test_search_is_stemmed_and_safe_for_any_input(tmp_path):
    with Workspace(tmp_path / "w.sqlite") as ws:
        ws.store_document(_doc(), _nodes())
        assert [n.id for n, _ in ws.search("document")] == ["d1/art-1/1"]
        for hostile in ('"', "AND OR NOT", "draw*)", "NEAR(", "'; DROP TABLE nodes; --"):
            ws.search(hostile)
        assert len(ws.nodes("d1")) == 2


def test_a_file_that_is_not_a_workspace_is_refused(tmp_path):
    bad = tmp_path / "w.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(WorkspaceError, match="w.sqlite"):
        Workspace(bad)


def test_a_version_5_workspace_keeps_its_annotations_and_drops_only_its_link_cache(tmp_path):
    # Version 6 caches links per pair of documents; the whole-corpus link sets of version 5 are
    # derived data and go, the analyst's annotations stay.
    path = tmp_path / "w.sqlite"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 5")
    db.execute("INSERT INTO annotations (id, doc, doc_sha256, node_id, note, created, modified) "
               "VALUES ('a1', 'd1', 'abc', 'd1/art-1/1', 'check this', '2026-01-01', '2026-01-01')")
    db.execute("INSERT INTO link_sets (key, linker_version) VALUES ('k', '6')")
    db.execute("INSERT INTO links (key, source, target, source_doc, target_doc, score, rank) "
               "VALUES ('k', 'd1/art-1/1', 'd2/sec-1', 'd1', 'd2', 0.5, 1)")
    db.commit()
    db.close()
    with Workspace(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        tables = {row[0] for row in ws.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "link_pairs" in tables and not {"links", "link_sets"} & tables
        assert ws.db.execute("SELECT note FROM annotations WHERE id = 'a1'").fetchone()[0] == "check this"


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "w.sqlite"
    Workspace(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(WorkspaceError, match="newer PolicyLens"):
        Workspace(path)
