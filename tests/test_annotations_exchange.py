"""Sharing annotations as W3C Web Annotation JSON-LD: round trips, merges, and hostile files."""

from __future__ import annotations

import json
import shutil

import pytest

from policylens import annotations as notes
from policylens import catalogue
from policylens.annotations import ANCHORED, ORPHANED, exchange
from policylens.annotations.exchange import (
    AnnotationFileError,
    export_file,
    import_file,
)
from policylens.cli import main
from policylens.pipeline import prepare
from policylens.workspace import Workspace

EO = "us-eo-14110"


@pytest.fixture()
def eo_path(tmp_path, corpus_dir):
    path = tmp_path / "eo.sqlite"
    ready = prepare(corpus_dir / "us-eo-14110.md", instrument=catalogue.by_id(EO))
    with Workspace(path) as ws:
        ws.store_document(ready.doc, ready.nodes)
    return path


def _copy(source, target):
    shutil.copyfile(source, target)
    return target


def _annotate_some(ws, doc_id, step=37):
    """Whole-provision and passage annotations spread over a document."""
    made = []
    units = [n for n in ws.nodes(doc_id, units_only=True) if len(n.text.split()) > 6]
    for n, node in enumerate(units[::step]):
        if n % 2:
            words = node.text.split()
            made.append(notes.create(ws, node.id, quote=" ".join(words[2:5]), note=f"passage {n}\n- point",
                                     tags=[doc_id, "passage"], color="green"))
        else:
            made.append(notes.create(ws, node.id, note=f"whole {n}", tags=[doc_id], author="colleague"))
    return made


def test_round_trip_over_the_whole_corpus(corpus_workspace, tmp_path):
    mine = _copy(corpus_workspace, tmp_path / "mine.sqlite")
    theirs = _copy(corpus_workspace, tmp_path / "theirs.sqlite")
    with Workspace(mine) as ws:
        docs = [d.id for d in ws.documents()]
        assert len(docs) == 4
        for doc_id in docs:
            _annotate_some(ws, doc_id)
        container = next(n for n in ws.nodes(docs[0]) if not n.text)
        notes.create(ws, container.id, note="on a heading")
        original = notes.list_annotations(ws)
        assert export_file(ws, tmp_path / "shared.jsonld") == len(original)
    with Workspace(theirs) as ws:
        report = import_file(ws, tmp_path / "shared.jsonld")
        assert len(report.added) == len(original) and not report.orphaned and not report.conflicts
        assert notes.list_annotations(ws) == original
        again = import_file(ws, tmp_path / "shared.jsonld")
        assert len(again.unchanged) == len(original) and not again.added
        assert notes.list_annotations(ws) == original


def test_newer_edit_wins_and_conflicts_are_reported(eo_path, tmp_path):
    colleague = _copy(eo_path, tmp_path / "colleague.sqlite")
    with Workspace(eo_path) as ws:
        first, second = _annotate_some(ws, EO, step=101)[:2]
        export_file(ws, tmp_path / "mine.jsonld")
    with Workspace(colleague) as ws:
        import_file(ws, tmp_path / "mine.jsonld")
        notes.update(ws, first.id, note="their edit")
        notes.update(ws, second.id, note="their older edit")
        export_file(ws, tmp_path / "theirs.jsonld")
    with Workspace(eo_path) as ws:
        notes.update(ws, second.id, note="my newer edit")
        report = import_file(ws, tmp_path / "theirs.jsonld")
        assert report.updated == [first.id] and report.kept == [second.id]
        assert len(report.conflicts) == 2 and any("your newer edit" in c for c in report.conflicts)
        assert notes.get(ws, first.id).note == "their edit"
        assert notes.get(ws, second.id).note == "my newer edit"


def test_annotations_on_a_missing_document_wait_as_orphans(eo_path, tmp_path, corpus_dir):
    with Workspace(eo_path) as ws:
        made = _annotate_some(ws, EO, step=53)
        export_file(ws, tmp_path / "eo.jsonld")
    empty = tmp_path / "empty.sqlite"
    with Workspace(empty) as ws:
        report = import_file(ws, tmp_path / "eo.jsonld")
        assert sorted(report.orphaned) == sorted(a.id for a in made)
        assert all(a.state == ORPHANED for a in notes.list_annotations(ws))
        ready = prepare(corpus_dir / "us-eo-14110.md", instrument=catalogue.by_id(EO))
        ws.store_document(ready.doc, ready.nodes)
        notes.reanchor_document(ws, EO)
        assert notes.list_annotations(ws) == made
        assert all(a.state == ANCHORED for a in notes.list_annotations(ws))


def _valid(eo_path, tmp_path) -> dict:
    with Workspace(eo_path) as ws:
        _annotate_some(ws, EO, step=101)
        data = exchange.collection(ws)
    assert len(data["first"]["items"]) >= 2
    return data


def _item(data, n=0):
    return data["first"]["items"][n]


HOSTILE = {
    "wrong type": (lambda d: _item(d).update(created=20240101), "'created' must be text"),
    "huge note": (lambda d: _item(d)["body"][0].update(value="x" * 100_001), "the limit is 100000"),
    "huge quote": (lambda d: _item(d)["target"]["selector"]["refinedBy"][0].update(exact="x" * 50_001),
                   "the limit is 50000"),
    "unknown field": (lambda d: _item(d, 1).update(script="alert(1)"), "unknown field 'script'"),
    "unknown nested field": (lambda d: _item(d)["target"]["source"].update(path="/etc/passwd"),
                             "unknown field 'path'"),
    "too many items": (lambda d: d["first"].update(items=[{}] * 100_001), "at most 100000"),
    "bad id": (lambda d: _item(d).update(id="../../etc"), "urn:uuid:"),
    "repeated id": (lambda d: (d["first"]["items"].append(_item(d)), d.update(total=d["total"] + 1)),
                    "appears twice"),
    "two notes": (lambda d: _item(d)["body"].append(dict(_item(d)["body"][0])), "second one"),
    "foreign provision": (lambda d: _item(d)["target"]["selector"].update(value="eu-ai-act-2024-1689/art-5"),
                          "is not in document"),
    "position beyond quote": (lambda d: _item(d)["target"]["selector"]["refinedBy"][1].update(end=10**6),
                              "whole number"),
    "boolean position": (lambda d: _item(d)["target"]["selector"]["refinedBy"][1].update(start=True),
                         "whole number"),
    "time without zone": (lambda d: _item(d).update(modified="2024-01-01T10:00:00"), "no time zone"),
    "control characters": (lambda d: _item(d)["creator"].update(name="a\x1b[2Jb"), "contains a control character"),
    "wrong context": (lambda d: d.update({"@context": "http://example.org/evil"}), "@context"),
    "total mismatch": (lambda d: d.update(total=1), "'total' says 1"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_and_changes_nothing(eo_path, tmp_path, case):
    data = _valid(eo_path, tmp_path)
    spoil, reason = HOSTILE[case]
    spoil(data)
    bad = tmp_path / "bad.jsonld"
    bad.write_text(json.dumps(data), encoding="utf-8")
    _refused(eo_path, bad, reason)


RAW = {
    "broken JSON": (lambda text: text[: len(text) // 2], "not valid JSON"),
    "deep nesting": (lambda text: text.replace('"items": [', '"items": [' + "[" * 200_000, 1), "nested"),
    "duplicate key": (lambda text: text.replace('"type": "Annotation",', '"type": "Annotation", "type": "x",', 1),
                      "appears twice"),
    "NaN": (lambda text: text.replace('"startIndex": 0', '"startIndex": NaN', 1), "NaN"),
    "not UTF-8": (lambda text: text.replace("passage", "passage\udcff", 1), "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(RAW))
def test_a_malformed_file_is_refused_and_changes_nothing(eo_path, tmp_path, case):
    data = _valid(eo_path, tmp_path)
    spoil, reason = RAW[case]
    bad = tmp_path / "bad.jsonld"
    bad.write_bytes(spoil(json.dumps(data, indent=1)).encode("utf-8", "surrogateescape"))
    _refused(eo_path, bad, reason)


def test_an_oversized_file_is_refused_unread(eo_path, tmp_path, monkeypatch):
    data = _valid(eo_path, tmp_path)
    bad = tmp_path / "big.jsonld"
    bad.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(exchange, "MAX_FILE_BYTES", bad.stat().st_size - 1)
    _refused(eo_path, bad, "annotation files are at most")


def _refused(eo_path, bad, reason):
    """Import into a workspace that lacks the file's annotations: refused, and nothing written."""
    with Workspace(eo_path) as ws:
        for ann in notes.list_annotations(ws):
            notes.delete(ws, ann.id)
        with pytest.raises(AnnotationFileError) as refused:
            import_file(ws, bad)
        assert bad.name in str(refused.value) and reason in str(refused.value)
        assert notes.list_annotations(ws) == []
    code = main(["--workspace", str(eo_path), "annotations", "import", str(bad)])
    assert code == 2


def test_export_command_writes_a_web_annotation_collection(eo_path, tmp_path, capsys):
    with Workspace(eo_path) as ws:
        made = _annotate_some(ws, EO, step=101)
    assert main(["--workspace", str(eo_path), "annotations", "export"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert printed["type"] == "AnnotationCollection" and printed["total"] == len(made)
    target = printed["first"]["items"][0]["target"]
    with Workspace(eo_path) as ws:
        assert target["source"] == {"id": f"urn:policylens:doc:{EO}", "type": "Text",
                                    "sha256": ws.document(EO).sha256}
    out = tmp_path / "out.jsonld"
    assert main(["--workspace", str(eo_path), "annotations", "export", "-o", str(out)]) == 0
    assert len(exchange.read_file(out)) == len(made)
