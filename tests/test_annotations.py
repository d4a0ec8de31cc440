"""Annotations on the official texts: create, edit, delete, restore, filter; re-anchoring on a
changed version of a document; the ``annotations`` commands."""

from __future__ import annotations

import re
import sqlite3

import pytest

from policylens import annotations as notes
from policylens import catalogue
from policylens.annotations import ANCHORED, ORPHANED, AnnotationError
from policylens.cli import main
from policylens.pipeline import prepare
from policylens.workspace import Workspace

EO = "us-eo-14110"


@pytest.fixture()
def eo_path(tmp_path, corpus_dir):
    """A workspace holding the Executive Order as published (Markdown source)."""
    path = tmp_path / "w.sqlite"
    ready = prepare(corpus_dir / "us-eo-14110.md", instrument=catalogue.by_id(EO))
    with Workspace(path) as ws:
        ws.store_document(ready.doc, ready.nodes)
    return path


@pytest.fixture()
def ws(eo_path):
    with Workspace(eo_path) as opened:
        yield opened


def _units(ws, kind):
    return [n for n in ws.nodes(EO, units_only=True) if n.kind == kind and len(n.text) > 40]


def test_whole_provision_and_passage(ws):
    sentence = _units(ws, "sentence")[3]
    whole = notes.create(ws, sentence.id, note="Key *purpose*", tags=["purpose"])
    assert (whole.exact, whole.start, whole.end) == (sentence.text, 0, len(sentence.text))
    assert whole.cite == sentence.cite and whole.state == ANCHORED and whole.author
    word = sentence.text.split()[2]
    part = notes.create(ws, sentence.id, quote=word, color="blue")
    assert sentence.text[part.start:part.end] == word == part.exact
    assert part.prefix == sentence.text[:part.start][-32:] and part.color == "#64b5f6"
    with pytest.raises(AnnotationError, match="not in"):
        notes.create(ws, sentence.id, quote="words that are not in the order")
    with pytest.raises(AnnotationError, match="colour"):
        notes.create(ws, sentence.id, color="not-a-colour")
    with pytest.raises(AnnotationError, match="no provision"):
        notes.create(ws, f"{EO}/sec-99")


def test_annotations_outlive_the_connection(eo_path):
    with Workspace(eo_path) as ws:
        node = _units(ws, "paragraph")[0]
        made = notes.create(ws, node.id, note="persisted", tags=["a", "b"])
    with Workspace(eo_path) as ws:
        assert notes.get(ws, made.id) == made


def test_edit_moves_the_modification_time_forward(ws):
    node = _units(ws, "paragraph")[0]
    made = notes.create(ws, node.id, note="first", tags=["x"])
    edited = notes.update(ws, made.id, note="second", tags=["y", "Y", " z "])
    assert edited.note == "second" and edited.tags == ["y", "z"]
    assert edited.modified > made.modified and edited.created == made.created
    assert notes.update(ws, made.id, note="second") == edited  # no change, no new time
    with pytest.raises(AnnotationError):
        notes.update(ws, made.id, note="x" * 100_001)
    assert notes.get(ws, made.id) == edited


def test_delete_then_restore_gives_back_the_same_annotation(ws):
    node = _units(ws, "sentence")[0]
    made = notes.create(ws, node.id, note="undo me", tags=["t"])
    removed = notes.delete(ws, made.id)
    assert removed == made and notes.get(ws, made.id) is None
    notes.restore(ws, removed)
    assert notes.get(ws, made.id) == made
    with pytest.raises(AnnotationError):
        notes.delete(ws, "00000000-0000-0000-0000-000000000000")


def test_filters_and_tag_counts(ws):
    a, b, c = _units(ws, "sentence")[:3]
    first = notes.create(ws, a.id, tags=["Safety", "testing"])
    second = notes.create(ws, b.id, tags=["safety"])
    third = notes.create(ws, c.id, tags=["equity"])
    assert [x.id for x in notes.list_annotations(ws, tag="SAFETY")] == [first.id, second.id]
    assert [x.id for x in notes.list_annotations(ws, node=c.id)] == [third.id]
    assert len(notes.list_annotations(ws, doc=EO)) == 3 and notes.list_annotations(ws, doc="other") == []
    assert notes.list_annotations(ws, state=ORPHANED) == []
    assert notes.tags(ws) == {"equity": 1, "safety": 1, "Safety": 1, "testing": 1}
    with pytest.raises(AnnotationError, match="state"):
        notes.list_annotations(ws, state="lost")


def _edited_copy(source, tmp_path, ws):
    """The EO with one sentence reworded, one sentence deleted and one whole paragraph deleted.

    Returns (copy path, reworded sentence, node after the deleted sentence, deleted paragraph)."""
    text = source.read_text(encoding="utf-8")
    paragraphs = [n for n in ws.nodes(EO) if n.kind == "paragraph" and n.label]
    children = {p.id: [n for n in ws.nodes(EO) if n.parent == p.id and n.kind == "sentence"] for p in paragraphs}
    with_sentences = [p for p in paragraphs if len(children[p.id]) >= 4]
    reworded = next(s for p in with_sentences for s in children[p.id] if re.search(r"\bshall\b", s.text))
    others = [p for p in with_sentences if p.id != reworded.parent]
    dropped_sentence, follower = children[others[0].id][1:3]
    dropped = others[1]
    for node, replacement in ((dropped, ""), (dropped_sentence, "")):
        pattern = r"\s+".join(re.escape(w) for w in node.text.split())
        text, count = re.subn(pattern, replacement, text, count=1)
        assert count == 1, node.id
    pattern = r"\s+".join(re.escape(w) for w in reworded.text.split())
    text, count = re.subn(pattern, lambda m: re.sub(r"\bshall\b", "must", m.group(0)), text, count=1)
    assert count == 1
    copy = tmp_path / "us-eo-14110-edited.md"
    copy.write_text(text, encoding="utf-8")
    return copy, reworded, follower, dropped


def test_a_new_version_reanchors_unchanged_clauses_and_orphans_the_rest(ws, corpus_dir, tmp_path):
    copy, reworded, follower, dropped = _edited_copy(corpus_dir / "us-eo-14110.md", tmp_path, ws)
    untouched = [n for n in _units(ws, "sentence") if n.parent not in (follower.parent, dropped.id)][:20]
    kept = [notes.create(ws, n.id, note=f"on {n.cite}", tags=["kept"]) for n in untouched]
    passage = notes.create(ws, untouched[5].id, quote=" ".join(untouched[5].text.split()[1:4]), tags=["passage"])
    on_reworded = notes.create(ws, reworded.id, note="reworded")
    on_follower = notes.create(ws, follower.id, note="moves up")
    on_dropped = notes.create(ws, dropped.id, note="gone in the new version", tags=["dropped"])
    before = {a.id: a for a in notes.list_annotations(ws)}

    new = prepare(copy, instrument=catalogue.by_id(EO))
    ws.store_document(new.doc, new.nodes)
    report = notes.reanchor_document(ws, EO)

    after = {a.id: a for a in notes.list_annotations(ws)}
    assert after.keys() == before.keys()  # none lost
    for ann in kept + [passage]:
        assert after[ann.id].state == ANCHORED and after[ann.id].node_id == ann.node_id
        assert after[ann.id].exact == ann.exact and after[ann.id].doc_sha256 == new.doc.sha256
    changed = after[on_reworded.id]
    assert changed.state == ANCHORED and changed.node_id == reworded.id
    assert "must" in changed.exact and changed.exact == ws.node(reworded.id).text
    moved = after[on_follower.id]
    assert moved.state == ANCHORED and moved.node_id != follower.id and moved.exact == follower.text
    assert ws.node(moved.node_id).text == follower.text
    gone = after[on_dropped.id]
    assert gone.state == ORPHANED and gone.exact == dropped.text and gone.note == "gone in the new version"
    assert set(report.orphaned) == {on_dropped.id}
    assert {on_reworded.id, on_follower.id} <= set(report.moved)

    # the published version comes back: the orphan attaches to its paragraph again
    original = prepare(corpus_dir / "us-eo-14110.md", instrument=catalogue.by_id(EO))
    ws.store_document(original.doc, original.nodes)
    notes.reanchor_document(ws, EO)
    back = notes.get(ws, on_dropped.id)
    assert back.state == ANCHORED and back.node_id == dropped.id


def test_removing_a_document_orphans_its_annotations(ws):
    made = notes.create(ws, _units(ws, "sentence")[0].id, note="keep me")
    ws.remove_document(EO)
    notes.reanchor_document(ws, EO)
    assert notes.get(ws, made.id).state == ORPHANED and notes.get(ws, made.id).note == "keep me"


def test_schema_refuses_an_unknown_state(ws):
    made = notes.create(ws, _units(ws, "sentence")[0].id)
    with pytest.raises(sqlite3.IntegrityError):
        ws.db.execute("UPDATE annotations SET state = 'lost' WHERE id = ?", (made.id,))


def test_command_line_add_list_edit_remove(eo_path, capsys):
    base = ["--workspace", str(eo_path), "annotations"]
    with Workspace(eo_path) as ws:
        node = next(n for n in _units(ws, "paragraph") if len(ws.find_cite(n.cite, EO)) == 1)
    quote = " ".join(node.text.split()[:3])
    assert main(base + ["add", node.cite, "--doc", EO, "--note", "check this", "--tag", "review",
                        "--quote", quote, "--author", "analyst"]) == 0
    ann_id = capsys.readouterr().out.split("\t")[0]
    assert main(base + ["list", "--tag", "review"]) == 0
    listed = capsys.readouterr().out
    assert ann_id[:8] in listed and quote in listed and "check this" in listed
    assert main(base + ["edit", ann_id[:8], "--note", "checked", "--tag", "done"]) == 0
    with Workspace(eo_path) as ws:
        ann = notes.get(ws, ann_id)
        assert (ann.note, ann.tags, ann.author) == ("checked", ["done"], "analyst")
    assert main(base + ["list", "--orphaned"]) == 0
    assert "no annotations" in capsys.readouterr().out
    assert main(base + ["add", "Sec. 999", "--doc", EO, "--note", "x"]) == 2
    assert "no provision" in capsys.readouterr().err
    assert main(base + ["remove", ann_id]) == 0
    with Workspace(eo_path) as ws:
        assert notes.list_annotations(ws) == []
