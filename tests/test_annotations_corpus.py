"""Annotations across the whole official corpus survive its re-ingestion."""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from policylens import annotations as notes
from policylens import catalogue
from policylens.annotations import ANCHORED
from policylens.pipeline import prepare
from policylens.workspace import Workspace


def _reparse(doc_id: str, source_path: str):
    return prepare(Path(source_path), instrument=catalogue.by_id(doc_id))


def test_reingesting_the_corpus_keeps_every_annotation_anchored(corpus_workspace, tmp_path):
    path = tmp_path / "copy.sqlite"
    shutil.copyfile(corpus_workspace, path)
    with Workspace(path, backups=False) as ws:
        docs = ws.documents()
        for doc in docs:
            units = [n for n in ws.nodes(doc.id, units_only=True) if len(n.text.split()) > 5]
            for node in units[::11]:
                notes.create(ws, node.id, note=f"whole {node.cite}", tags=[doc.jurisdiction])
            for node in units[5::13]:
                notes.create(ws, node.id, quote=" ".join(node.text.split()[1:4]), tags=["passage"])
        before = notes.list_annotations(ws)
        assert {a.doc for a in before} == {d.id for d in docs}

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            fresh = list(pool.map(_reparse, [d.id for d in docs], [d.source_path for d in docs]))
        for ready in fresh:
            ws.store_document(ready.doc, ready.nodes)
            report = notes.reanchor_document(ws, ready.doc.id)
            assert not report.orphaned and not report.moved, ready.doc.id
        after = notes.list_annotations(ws)
    assert len(after) == len(before)
    assert all(a.state == ANCHORED for a in after)
    assert [(a.id, a.node_id, a.exact, a.start) for a in after] == \
        [(a.id, a.node_id, a.exact, a.start) for a in before]
