"""Importing the official corpus and user documents into a workspace."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from policylens.export import provision_records
from policylens.importer import add_file, import_folder
from policylens.ingest import reader
from policylens.ingest.source import IngestError
from policylens.workspace import Workspace

EU, EO, SB, METI = "eu-ai-act-2024-1689", "us-eo-14110", "us-ca-sb1047", "jp-meti-ai-guidelines-v1.0"


def _sections(ws, doc):
    return {r["section"] for r in provision_records(ws, doc)}


def test_the_four_instruments_are_imported_once_each(workspace):
    docs = {d.id: d for d in workspace.documents()}
    assert set(docs) == {EU, EO, SB, METI}
    assert docs[EU].source_format == "pdf" and docs[EO].source_format == "md"
    assert [a["format"] for a in docs[EU].alternatives] == ["html"]
    assert [a["format"] for a in docs[EO].alternatives] == ["txt"]
    assert all(d.checksum_matched and d.catalogued for d in docs.values())
    assert {d.status for d in docs.values()} == {"in_force", "revoked", "vetoed", "non_binding"}


def test_eu_sections_are_complete(workspace):
    sections = _sections(workspace, EU)
    assert {f"Article {n}" for n in range(1, 114)} <= sections
    roman = "I II III IV V VI VII VIII IX X XI XII XIII".split()
    assert {f"Annex {r}" for r in roman} <= sections
    assert {f"Recital {n}" for n in range(1, 181)} <= sections


def test_eo_sb1047_and_meti_sections_are_complete(workspace):
    eo = _sections(workspace, EO)
    assert {f"Sec. {n}" for n in (1, 2, 3, 6, 8, 9, 11, 12, 13)} <= eo
    assert {"Sec. 4.1", "Sec. 4.8", "Sec. 5.3", "Sec. 7.3", "Sec. 10.2"} <= eo
    sb = _sections(workspace, SB)
    expected = {f"§ {n}" for n in (22602, 22603, 22604, 22606, 22607, 22608, 22609)}
    assert expected | {"Gov. Code § 11547.6", "Gov. Code § 11547.6.1"} <= sb
    assert "§ 22605" not in sb
    assert {f"Part {n}" for n in range(1, 6)} <= _sections(workspace, METI)


def test_export_records_carry_citations_pages_and_status(workspace):
    records = list(provision_records(workspace, EU))
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    point = next(r for r in records if r["cite"] == "Art. 9(2)(b)")
    assert point["section"] == "Article 9" and point["doc_status"] == "in_force"
    assert "Art. 9" in point["path"] and "Art. 9(2)" in point["path"] and isinstance(point["page"], int)
    assert point["stem"].rstrip().endswith(":")


def test_reimporting_is_a_no_op(corpus_dir, tmp_path, corpus_workspace):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(corpus_workspace, copy)
    with Workspace(copy) as ws:
        before = ws.db.execute("SELECT count(*) FROM nodes").fetchone()[0]
        report = import_folder(ws, corpus_dir)
        assert sorted(report.unchanged) == sorted([EU, EO, SB, METI]) and not report.imported
        assert ("SOURCES.md", "describes the folder, not a regulation") in report.skipped
        assert ws.db.execute("SELECT count(*) FROM nodes").fetchone()[0] == before


def test_a_user_document_and_its_new_version(tmp_path):
    doc = tmp_path / "Model Law.txt"
    doc.write_text("Article 1\nProviders shall keep logs for six months.\n\n"
                   "Article 2\nDeployers must inform the persons concerned.\n", encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        report = add_file(ws, doc, jurisdiction="Testland")
        assert report.imported == ["user-model-law"]
        assert ws.document("user-model-law").jurisdiction == "Testland"
        assert add_file(ws, doc).unchanged == ["user-model-law"]
        assert add_file(ws, doc, title="Model Law", jurisdiction="Elsewhere").unchanged == ["user-model-law"]
        assert (ws.document("user-model-law").title, ws.document("user-model-law").jurisdiction) == \
            ("Model Law", "Elsewhere")
        doc.write_text(doc.read_text(encoding="utf-8") + "\nArticle 3\nImporters shall verify.\n",
                       encoding="utf-8")
        assert add_file(ws, doc).imported == ["user-model-law"]
        assert len(ws.documents()) == 1
        assert any("Importers shall verify" in n.text for n in ws.nodes("user-model-law"))


def test_a_new_version_and_its_annotations_change_together(tmp_path, monkeypatch):
    """Storing a new version and re-anchoring its annotations are one change: when re-anchoring
    fails, the previous version and every annotation on it are still there as they were."""
    from policylens import annotations as notes
    from policylens import importer
    doc = tmp_path / "Model Law.txt"
    doc.write_text("Article 1\nProviders shall keep logs for six months.\n", encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        add_file(ws, doc)
        (unit,) = ws.nodes("user-model-law", units_only=True)
        note = notes.create(ws, unit.id, quote="keep logs", note="retention")
        sha = ws.document("user-model-law").sha256
        doc.write_text("Article 1\nProviders shall keep logs for ten years.\n", encoding="utf-8")

        def failing(ws, doc_id):
            raise RuntimeError("disk full")
        monkeypatch.setattr(importer, "reanchor_document", failing)
        with pytest.raises(RuntimeError):
            add_file(ws, doc)
        assert ws.document("user-model-law").sha256 == sha
        assert "six months" in ws.nodes("user-model-law", units_only=True)[0].text
        assert notes.list_annotations(ws) == [note]


def _encrypted_pdf(path, source):
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    writer.append(PdfReader(source), pages=(0, 2))
    writer.encrypt("secret")
    with open(path, "wb") as fh:
        writer.write(fh)


def _image_only_pdf(path):
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()


@pytest.mark.parametrize("case, reason", [
    ("encrypted", r"password|encrypted"),
    ("corrupt", r"incomplete|damaged"),
    ("empty", r"empty"),
    ("image-only", r"no text|scanned|OCR"),
    ("huge", r"MB"),
    ("not-english", r"English"),
])
def test_bad_input_is_refused_with_the_reason_and_nothing_lands(case, reason, tmp_path, corpus_dir):
    path = tmp_path / f"{case}.pdf"
    if case == "encrypted":
        _encrypted_pdf(path, corpus_dir / "us-ca-sb1047-enrolled.pdf")
    elif case == "corrupt":
        data = (corpus_dir / "us-ca-sb1047-enrolled.pdf").read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "image-only":
        _image_only_pdf(path)
    elif case == "huge":   # a sparse file: larger than PolicyLens reads, without using the disk
        shutil.copy(corpus_dir / "us-ca-sb1047-enrolled.pdf", path)
        os.truncate(path, reader.MAX_BYTES["pdf"] + 1)
    else:
        path = tmp_path / "loi.txt"
        path.write_text("Le fournisseur d'un système d'intelligence artificielle à haut risque doit "
                        "établir une documentation technique avant la mise sur le marché du système. "
                        "Les autorités nationales peuvent demander des informations. " * 5, encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        with pytest.raises(IngestError) as err:
            add_file(ws, path)
        assert path.name in str(err.value)
        assert re.search(reason, err.value.reason, re.I), err.value.reason
        assert ws.documents() == [] and ws.nodes() == []




def test_cancelling_an_import_stores_nothing_half_done(corpus_dir, tmp_path):
    from policylens.tasks import Cancelled

    messages = []
    with Workspace(tmp_path / "w.sqlite") as ws:
        with pytest.raises(Cancelled):
            import_folder(ws, corpus_dir, progress=lambda f, m: messages.append(m),
                          cancel=lambda: any("extracting" in m for m in messages))
        stored = ws.documents()
        assert len(stored) < 4
        for doc in stored:  # whatever was finished before the cancel is complete
            assert ws.nodes(doc.id, units_only=True) and ws.extractions(doc.id)


@pytest.mark.parametrize("doc_id, reason", [
    ("eu-ai-act-2024-1689", "catalogued instrument"),
    ("My Doc", "cannot be a document id"),
])
def test_a_chosen_id_cannot_replace_an_instrument_or_break_sharing(doc_id, reason, tmp_path):
    doc = tmp_path / "rules.txt"
    doc.write_text("Article 1\nProviders shall keep logs for six months.\n", encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        with pytest.raises(IngestError, match=reason):
            add_file(ws, doc, doc_id=doc_id)
        assert ws.documents() == []


def test_different_files_with_the_same_name_do_not_replace_each_other(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "rules.txt", tmp_path / "b" / "rules.md"
    first.write_text("Article 1\nProviders shall keep logs for six months.\n", encoding="utf-8")
    second.write_text("Article 1\nDeployers must inform the persons concerned.\n", encoding="utf-8")
    with Workspace(tmp_path / "w.sqlite") as ws:
        assert add_file(ws, first).imported == ["user-rules"]
        assert add_file(ws, second).imported == ["user-rules-2"]
        assert sorted(d.id for d in ws.documents()) == ["user-rules", "user-rules-2"]


def test_an_upgrade_extracts_older_results_again_and_keeps_the_users_notes(workspace_copy):
    """Results an older version's extraction rules made are made again from the stored tree; a
    document an older reader parsed waits for its file, as its tree would change."""
    from policylens import extract, structure
    from policylens.annotations import create, list_annotations
    from policylens.importer import extract_outdated, outdated_extractions

    path = workspace_copy()
    with Workspace(path) as ws:
        sb = ws.find_cite("§ 22603(a)(1)", "us-ca-sb1047")[0]
        note = create(ws, sb.id, note="check the safeguards", tags=["ai-safety"])
        ws.db.execute("UPDATE extractions SET data = json_set(data, '$.modality', 'none') WHERE doc = 'us-ca-sb1047'")
        ws.db.execute("UPDATE documents SET pipeline_version = ? WHERE id = 'us-ca-sb1047'",
                      (f"{structure.VERSION}/0.older",))
        ws.db.execute("UPDATE documents SET pipeline_version = ? WHERE id = 'jp-meti-ai-guidelines-v1.0'",
                      ("0/0.older",))
        ws.db.commit()
        assert outdated_extractions(ws) == ["us-ca-sb1047"]
        assert extract_outdated(ws) == ["us-ca-sb1047"]
        assert ws.extractions("us-ca-sb1047")[sb.id][0]["modality"] == "obligation"
        assert ws.pipeline_version("us-ca-sb1047") == f"{structure.VERSION}/{extract.VERSION}"
        assert [a.id for a in list_annotations(ws, node=sb.id)] == [note.id]
        assert outdated_extractions(ws) == []


def test_results_for_a_text_another_process_replaced_meanwhile_are_not_stored(workspace_copy):
    path = workspace_copy()
    with Workspace(path) as ws:
        before, version = ws.extractions("us-ca-sb1047"), ws.pipeline_version("us-ca-sb1047")
        assert not ws.store_extractions("us-ca-sb1047", "0" * 64, [], [], "another version")
        assert ws.extractions("us-ca-sb1047") == before
        assert ws.pipeline_version("us-ca-sb1047") == version


def test_a_changed_kind_or_date_gives_a_document_new_links(workspace_copy):
    from policylens.link_cache import document_stamps

    path = workspace_copy()
    with Workspace(path) as ws:
        before = document_stamps(ws, ws.documents())
        ws.set_facts("us-ca-sb1047", kind="statute", date="2024-09-29")
        after = document_stamps(ws, ws.documents())
    assert before["us-ca-sb1047"] != after["us-ca-sb1047"]
    assert {d: s for d, s in before.items() if d != "us-ca-sb1047"} == \
        {d: s for d, s in after.items() if d != "us-ca-sb1047"}
