"""Comparisons quote verbatim provisions with citations and the documents' legal standing."""

from __future__ import annotations

import pytest

from policylens.compare import compare_theme, coverage_matrix, thresholds


def test_thresholds_put_compute_side_by_side_with_status(workspace):
    rows = thresholds(workspace, kinds=["training_compute"])
    by_doc = {(r.standing.doc, r.value) for r in rows}
    assert ("eu-ai-act-2024-1689", 1e25) in by_doc
    assert ("us-eo-14110", 1e26) in by_doc and ("us-eo-14110", 1e23) in by_doc
    assert ("us-ca-sb1047", 1e26) in by_doc
    assert [r.value for r in rows] == sorted(r.value for r in rows)
    for row in rows:
        assert row.text in row.provision.text   # the figure is quoted verbatim
        assert row.provision.cite
    statuses = {r.standing.doc: r.standing.status_label for r in rows}
    assert statuses["us-ca-sb1047"] == "Vetoed" and statuses["eu-ai-act-2024-1689"] == "In force"


def test_unknown_document_is_refused(workspace):
    with pytest.raises(KeyError):
        thresholds(workspace, docs=["no-such-document"])


def test_theme_comparison_quotes_provisions(workspace):
    comparison = compare_theme(workspace, "incident_reporting")
    assert [d.standing.doc for d in comparison.documents] == [d.id for d in workspace.documents()]
    statuses = {d.standing.doc: d.standing.status for d in comparison.documents}
    assert statuses["us-eo-14110"] == "revoked"
    provisions = [p for d in comparison.documents for g in d.groups for p in g.provisions]
    if not provisions:
        pytest.skip("the workspace has no themes (extraction not available)")
    texts = {n.id: n.text for n in workspace.nodes(units_only=True)}
    for p in provisions:
        assert "incident_reporting" in p.themes and p.cite
        assert p.text in texts.get(p.id.split("#")[0], "") or texts.get(p.id.split("#")[0], "") in p.text
    eu = next(d for d in comparison.documents if d.standing.doc == "eu-ai-act-2024-1689")
    assert any(p.cite.startswith("Art. 73") for g in eu.groups for p in g.provisions)
    for pair in comparison.pairs:
        assert pair.source.doc != pair.target.doc and pair.why


def test_coverage_matrix_counts_by_modality(workspace):
    matrix = coverage_matrix(workspace)
    assert [d.doc for d in matrix.documents] == [d.id for d in workspace.documents()]
    for theme in matrix.themes:
        for doc in matrix.documents:
            assert matrix.count(theme, doc.doc) == sum(
                matrix.count(theme, doc.doc, m) for m in ("obligation", "prohibition", "permission",
                                                          "recommendation", "none"))


def test_a_documents_standing_is_the_one_the_cover_and_the_graph_give(workspace):
    # An analyst's own statute in force binds, as the briefing cover says; a catalogued
    # instrument stands as the catalogue has it.
    from policylens.compare import standing
    from policylens.facts import facts_of
    from policylens.model import Document

    own = Document(id="own-act", title="An Act", short_name="Own Act", jurisdiction="US-XX", status="in_force",
                   source_path="act.txt", source_format="txt", sha256="0" * 64, profile="generic",
                   catalogued=False, checksum_matched=False, kind="statute")
    for doc in [own, *workspace.documents()]:
        facts, shown = facts_of(doc), standing(doc)
        assert (shown.status, shown.status_label, shown.binding) == (facts.status, facts.status_label, facts.binding)
    assert standing(own).binding
    assert not standing(next(d for d in workspace.documents() if d.id == "us-ca-sb1047")).binding
