"""Today's instruments in the catalogue, relations between instruments, and the facts an analyst
records about their own documents."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from policylens import catalogue, relations
from policylens.cli import main
from policylens.facts import facts_of
from policylens.importer import add_file, import_folder
from policylens.ingest.source import IngestError
from policylens.relations import RelationError, relations_of
from policylens.workspace import MIGRATIONS, Workspace

WIDER = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-wider"
SB1047, EO, EU, TX = "us-ca-sb1047", "us-eo-14110", "eu-ai-act-2024-1689", "us-tx-hb149"


@pytest.fixture(scope="module")
def wider_dir() -> Path:
    if not (WIDER / "SOURCES.md").is_file():
        pytest.skip(f"the wider corpus is not in {WIDER}")
    return WIDER


@pytest.fixture(scope="module")
def wider_workspace(corpus_workspace, wider_dir, tmp_path_factory) -> Path:
    """The official corpus with ../shared/corpus-wider imported on top."""
    path = tmp_path_factory.mktemp("wider") / "wider.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{corpus_workspace}{suffix}").exists():
            shutil.copy(f"{corpus_workspace}{suffix}", f"{path}{suffix}")
    with Workspace(path) as ws:
        report = import_folder(ws, wider_dir)
    assert not report.failed, report.failed
    return path


def test_every_catalogue_entry_states_its_facts_in_the_known_vocabularies():
    ids = {i.id for i in catalogue.instruments()}
    assert {"us-ca-sb53", "us-tx-hb149", "us-omb-m-25-21", "us-nist-ai-rmf-1.0", "eu-gpai-cop-transparency",
            "eu-gpai-cop-copyright", "eu-gpai-cop-safety", "us-eo-14179", "jp-meti-ai-guidelines-v1.1"} <= ids
    for inst in catalogue.instruments():
        assert inst.status in catalogue.STATUS_LABELS and inst.kind in catalogue.KIND_LABELS, inst.id
        assert inst.status_note and inst.jurisdiction_name and inst.citation, inst.id
        assert all(date.fromisoformat(d) <= date(2026, 12, 6) for d in inst.dates.values()), inst.id
        assert not inst.landing_url or inst.landing_url.startswith("https://"), inst.id
        for entry in inst.relations:
            assert entry["type"] in relations.INVERSE and entry["target"] in ids, (inst.id, entry)
            assert date.fromisoformat(entry["date"])


def test_the_wider_corpus_files_are_catalogued_under_the_ids_of_their_sources_file(wider_dir):
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", (wider_dir / "SOURCES.md").read_text(), re.M)
    sums = dict(reversed(line.split()) for line in (wider_dir / "SHA256SUMS").read_text().splitlines() if line)
    assert len(rows) == 4
    for filename, doc_id in rows:
        inst, source = catalogue.by_sha256(sums[filename])
        assert (inst.id, source.filename) == (doc_id, filename)


def test_importing_the_wider_corpus_makes_catalogued_instruments_with_their_standing(wider_workspace):
    with Workspace(wider_workspace) as ws:
        docs = {d.id: d for d in ws.documents()}
        for doc_id in ("us-tx-hb149", "eu-gpai-cop-safety", "us-omb-m-25-21", "us-nist-ai-rmf-1.0"):
            assert docs[doc_id].catalogued and docs[doc_id].checksum_matched, doc_id
        assert docs[TX].jurisdiction == "US-TX" and docs[TX].kind == "statute"
        assert facts_of(docs[TX]).status == "in_force" and facts_of(docs[TX]).binding
        assert facts_of(docs["us-nist-ai-rmf-1.0"]).status_label == "Voluntary framework"
        assert not facts_of(docs["eu-gpai-cop-safety"]).binding
        cop = relations_of("eu-gpai-cop-safety", ws)
        assert [(r.type, r.other) for r in cop] == [("implements", EU)] and "Art. 55" in cop[0].note
        omb = {(r.type, r.other) for r in relations_of("us-omb-m-25-21", ws)}
        assert omb == {("supersedes", "us-omb-m-24-10"), ("implements", "us-eo-14179")}


def test_relations_read_from_both_ends():
    assert [(r.type, r.other) for r in relations_of(SB1047)] == [("succeeded_by", "us-ca-sb53")]
    assert [(r.type, r.other) for r in relations_of("us-ca-sb53")] == [("successor_of", SB1047)]
    eo = [(r.type, r.other, r.date) for r in relations_of(EO)]
    assert eo[:2] == [("revoked_by", "us-eo-14148", "2025-01-20"), ("succeeded_by", "us-eo-14179", "2025-01-23")]
    assert ("implemented_by", "us-omb-m-24-10", "2024-03-28") in eo
    eu = relations_of(EU)
    assert (eu[0].type, eu[0].other) == ("amended_by", "eu-digital-omnibus-ai")
    assert {r.other for r in eu if r.type == "implemented_by"} == {
        "eu-gpai-cop-transparency", "eu-gpai-cop-copyright", "eu-gpai-cop-safety"}
    assert [r.other for r in relations_of("jp-meti-ai-guidelines-v1.0")] == ["jp-meti-ai-guidelines-v1.1"]


def _user_copy(tmp_path: Path, corpus_dir: Path) -> Path:
    """A user's own edition of a real text: EO 14110 with a line of their own (a new checksum)."""
    path = tmp_path / "eo-draft.txt"
    path.write_text((corpus_dir / "us-eo-14110.txt").read_text() + "\nSec. 14. Added by the analyst.\n")
    return path


def test_analyst_relations_are_recorded_read_from_both_ends_and_survive_a_new_version(
        workspace_copy, corpus_dir, tmp_path):
    with Workspace(workspace_copy()) as ws:
        draft = _user_copy(tmp_path, corpus_dir)
        doc_id = add_file(ws, draft, status="draft", kind="executive_order", date="2026-11-30").imported[0]
        relations.record(ws, doc_id, "successor_of", EO, date="2026-11-30", note="redrafted")
        relations.record(ws, EU, "implemented_by", doc_id)
        mine = {(r.type, r.other, r.user) for r in relations_of(doc_id, ws)}
        assert mine == {("successor_of", EO, True), ("implements", EU, True)}
        assert ("succeeded_by", doc_id, True) in {(r.type, r.other, r.user) for r in relations_of(EO, ws)}
        draft.write_text(draft.read_text() + "Sec. 15. A second addition.\n")   # a new version
        assert add_file(ws, draft).imported == [doc_id]
        assert len(relations_of(doc_id, ws)) == 2
        assert relations.forget(ws, EO, "succeeded_by", doc_id)
        assert [r.other for r in relations_of(doc_id, ws)] == [EU]
        with pytest.raises(RelationError, match="come with the catalogue"):
            relations.record(ws, EO, "revoked_by", SB1047)
        with pytest.raises(RelationError, match="neither in the workspace"):
            relations.record(ws, doc_id, "amends", "no-such-act")
        with pytest.raises(RelationError, match="unknown relation"):
            relations.record(ws, doc_id, "replaces", EO)
        ws.remove_document(doc_id)
        assert ws.relations() == []


def test_facts_given_on_add_are_stored_checked_and_editable(workspace_copy, corpus_dir, tmp_path, capsys):
    path = workspace_copy()
    with Workspace(path) as ws:
        draft = _user_copy(tmp_path, corpus_dir)
        with pytest.raises(IngestError, match="unknown status 'law'"):
            add_file(ws, draft, status="law")
        with pytest.raises(IngestError, match="not a date"):
            add_file(ws, draft, date="30/11/2026")
        doc_id = add_file(ws, draft, status="in_force", kind="executive_order", date="2026-11-30").imported[0]
        doc = ws.document(doc_id)
        assert (doc.status, doc.kind, doc.date) == ("in_force", "executive_order", "2026-11-30")
        assert facts_of(doc).binding and facts_of(doc).status_label == "In force"
    assert main(["--workspace", str(path), "edit", doc_id, "--status", "superseded", "--kind", "guidance"]) == 0
    assert "Superseded\tGuidance\t2026-11-30" in capsys.readouterr().out
    assert main(["--workspace", str(path), "edit", EO, "--status", "in_force"]) == 2
    assert "catalogued instrument" in capsys.readouterr().err
    assert main(["--workspace", str(path), "relations", "add", doc_id, "revokes", EO, "--date", "2026-12-01"]) == 0
    assert main(["--workspace", str(path), "relations", "list", EO]) == 0
    out = capsys.readouterr().out
    assert "Revoked by\tEO 14148" in out and f"Revoked by\t{doc.short_name} ({doc_id}; Superseded) 2026-12-01" in out


def test_title_jurisdiction_and_date_are_offered_from_the_document(workspace_copy, wider_dir, tmp_path):
    statute = tmp_path / "tx-statute.txt"
    statute.write_text((wider_dir / "us-tx-hb149-enrolled.txt").read_text() + "\nSECTION 99. Added.\n")
    memo = tmp_path / "memo.pdf"
    shutil.copy(wider_dir / "OMB-M-25-21-AI-Governance-Apr-2025.pdf", memo)
    with memo.open("ab") as fh:
        fh.write(b"\n%% a copy of one's own\n")
    with Workspace(workspace_copy()) as ws:
        report = add_file(ws, statute, status="enacted")
        doc = ws.document(report.imported[0])
        assert (doc.title, doc.jurisdiction, doc.status, doc.date) == ("H.B. No. 149", "US-TX", "enacted", "")
        assert report.offered == [(doc.id, {"title": "H.B. No. 149", "jurisdiction": "US-TX"})]
        report = add_file(ws, memo, title="OMB memo", jurisdiction="US-federal")
        doc = ws.document(report.imported[0])
        assert (doc.title, doc.jurisdiction, doc.date) == ("OMB memo", "US-federal", "2025-04-03")
        assert report.offered == [(doc.id, {"date": "2025-04-03"})]


def test_an_order_without_a_dated_opening_offers_the_date_it_is_signed(workspace_copy, corpus_dir, tmp_path):
    order = tmp_path / "order.txt"
    order.write_text((corpus_dir / "us-eo-14110.txt").read_text() + "\n", encoding="utf-8")
    with Workspace(workspace_copy()) as ws:
        report = add_file(ws, order)
        assert ws.document(report.imported[0]).date == "2023-10-30"   # "THE WHITE HOUSE, / October 30, 2023."


@pytest.mark.parametrize("closing, offered", [
    ("THE WHITE HOUSE,\nOctober 30, 2023.", "2023-10-30"),
    ("Done at Brussels, 13 June 2024.", "2024-06-13"),
    ("This memorandum supersedes the memorandum dated\nMarch 3, 2019.", ""),   # the end of a sentence
    ("Effective date: January 1, 2026\nNext review date: December 31, 2026", ""),
    ("Accessed: June 5, 2024", ""),
])
def test_only_a_signing_date_at_the_close_is_offered(closing, offered, tmp_path):
    from policylens.ingest.text import read_text
    from policylens.suggest import offer

    path = tmp_path / "order.txt"
    body = "\n\n".join(f"Sec. {n}. Each agency shall report on item {n}." for n in range(1, 60))
    path.write_text(f"ORDER ON AGENCY REPORTS\n\n{body}\n\n{closing}\n", encoding="utf-8")
    assert offer(read_text(path)).date == offered


def test_a_workspace_of_schema_3_gains_document_facts_and_relations(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        db.executescript(script)
    db.execute("INSERT INTO documents VALUES ('user-a', 'A', 'A', 'Other', 'unknown', '/a.txt', 'txt', 'x', "
               "'generic', 0, 0, '2026-01-01T00:00:00', '[]', '')")
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()
    with Workspace(path, backups=False) as ws:
        assert ws.schema_version == len(MIGRATIONS) >= 4
        doc = ws.document("user-a")
        assert (doc.kind, doc.date) == ("", "")
        ws.put_relation("user-a", "implements", EU)
        assert ws.relations("user-a") == [("user-a", "implements", EU, "", "")]


def test_the_catalogue_listing_gives_kinds_and_relations(capsys):
    assert main(["corpus", "catalogue"]) == 0
    out = capsys.readouterr().out
    assert "us-ca-sb1047\tSB-1047\tUS-CA\tVetoed\tStatute\n" in out
    sb1047 = out[out.index("us-ca-sb1047\t"):out.index("jp-meti-ai-guidelines-v1.0\t")]
    assert "    Successor: SB 53 (2025-09-29)\n" in sb1047
    assert "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=202520260SB53" in out


def test_an_instrument_known_only_by_its_facts_is_recognised_by_the_designation_its_file_opens_with(
        wider_dir, tmp_path, monkeypatch):
    from dataclasses import replace

    from policylens.pipeline import prepare

    assert catalogue.recognised("Senate Bill No. 53", "US-CA").id == "us-ca-sb53"
    assert catalogue.recognised("Senate Bill No. 53", "US-TX") is None          # another state's bill 53
    assert catalogue.recognised("Senate Bill No. 530", "US-CA") is None
    assert catalogue.recognised("H.B. No. 149", "US-TX") is None                # known by its checksum instead
    # Texas HB 149 as if the catalogue knew it only by its facts: a copy of the real text becomes it
    texas = catalogue.by_id(TX)
    facts_only = replace(texas, sources=(), raw={**texas.raw, "recognised_by": {"designation": "H.B. No. 149",
                                                                             "jurisdiction": "US-TX"}})
    known = tuple(facts_only if i.id == TX else i for i in catalogue.instruments())
    monkeypatch.setattr(catalogue, "instruments", lambda: known)
    copy = tmp_path / "hb149.txt"
    copy.write_text((wider_dir / "us-tx-hb149-enrolled.txt").read_text() + "\nSECTION 99. A copy.\n")
    ready = prepare(copy, doc_id="user-hb149", recognise=True)
    assert (ready.doc.id, ready.doc.catalogued, ready.doc.checksum_matched) == (TX, True, False)
    assert ready.recognised_by == "H.B. No. 149" and ready.nodes[0].id.startswith(f"{TX}/")
    assert prepare(copy, doc_id="user-hb149").doc.id == "user-hb149"          # an id the user chose wins
