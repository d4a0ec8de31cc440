"""Cross-document links on the real corpus: ranked per target document, explained, cached."""

from __future__ import annotations

import shutil

import pytest

from policylens.linking import link_provisions, links, load_provisions, terms


@pytest.fixture(scope="module")
def corpus_links(corpus_workspace):
    from policylens.workspace import Workspace
    with Workspace(corpus_workspace) as ws:
        provisions = load_provisions(ws)
        return provisions, link_provisions(provisions, top=5)


def test_synonyms_fold_instrument_vocabularies():
    assert terms("AI safety incident") == terms("serious incident")
    assert terms("AI developers") == terms("providers")


def test_every_link_crosses_documents_and_is_explained(corpus_links):
    provisions, found = corpus_links
    doc_of = {p.id: p.doc for p in provisions}
    assert found
    for link in found:
        assert doc_of[link.source] == link.source_doc != link.target_doc == doc_of[link.target]
        assert link.why and link.score > 0 and 1 <= link.rank <= 5


def test_ranks_are_ordered_by_score(corpus_links):
    _, found = corpus_links
    best = {}
    for link in found:
        best.setdefault((link.source, link.target_doc), []).append(link)
    for group in best.values():
        assert [l.rank for l in group] == list(range(1, len(group) + 1))
        assert [l.score for l in group] == sorted((l.score for l in group), reverse=True)


def test_links_are_symmetric(corpus_links):
    # Scores are symmetric, so most best links are returned in the other direction too.
    _, found = corpus_links
    pairs = {(l.source, l.target) for l in found}
    top1 = [(l.source, l.target) for l in found if l.rank == 1]
    returned = sum((t, s) in pairs for s, t in top1)
    assert returned / len(top1) > 0.3


def test_computing_cluster_definitions_match(corpus_links):
    provisions, found = corpus_links
    eo = next(p for p in provisions if p.doc == "us-eo-14110" and p.cite == "Sec. 4.2(b)(ii)")
    best = [l for l in found if l.source == eo.id and l.target_doc == "us-ca-sb1047" and l.rank == 1]
    target = next(p for p in provisions if p.id == best[0].target)
    assert target.cite.endswith("§ 22602(d)")
    assert "computing capacity" in best[0].why or "computing cluster" in best[0].why


def test_explanatory_text_is_not_linked(corpus_links):
    provisions, _ = corpus_links
    assert not any(p.cite.startswith("Recital") for p in provisions)


def test_cache_is_reused_until_a_document_changes(corpus_workspace, tmp_path):
    from policylens.workspace import Workspace
    copy = tmp_path / "ws.sqlite"
    shutil.copy(corpus_workspace, copy)
    with Workspace(copy) as ws:
        first = links(ws, top=2)
        assert ws.db.execute("SELECT COUNT(*) FROM links").fetchone()[0] >= len(first)
        assert links(ws, top=2) == first
        ws.remove_document("jp-meti-ai-guidelines-v1.0")
        assert all("jp-meti" not in l.target_doc for l in links(ws, top=2))
