"""The cross-jurisdiction graph holds every node and edge kind and writes GraphML and GEXF that parse."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from policylens.graph import build_graph, write_graph


@pytest.fixture(scope="module")
def graph(corpus_workspace):
    from policylens.workspace import Workspace
    with Workspace(corpus_workspace) as ws:
        return build_graph(ws, top_links=2, cache=False)


def test_node_and_edge_kinds(graph):
    nodes = Counter(kind for _, kind in graph.nodes(data="kind"))
    edges = Counter(kind for _, _, kind in graph.edges(data="kind"))
    assert nodes["jurisdiction"] == 4 and nodes["document"] == 4
    assert nodes["provision"] > 1000 and nodes["quantity"] > 50
    assert {"contains", "states", "corresponds_to"} <= set(edges)
    if nodes["theme"]:   # present once extraction assigns themes and roles
        assert {"about", "imposes_on"} <= set(edges)


def test_documents_carry_their_status(graph):
    assert graph.nodes["doc:us-ca-sb1047"]["status"] == "vetoed"
    assert graph.nodes["doc:us-eo-14110"]["status_label"] == "Revoked"
    assert graph.has_edge("jurisdiction:US-CA", "doc:us-ca-sb1047")


def test_every_provision_hangs_from_its_document(graph):
    for node, kind in graph.nodes(data="kind"):
        if kind == "provision":
            parents = [u for u, _, d in graph.in_edges(node, data="kind") if d == "contains"]
            assert len(parents) == 1, node


def test_correspondences_are_scored_and_explained(graph):
    found = [(u, v, d) for u, v, d in graph.edges(data=True) if d["kind"] == "corresponds_to"]
    assert found
    for u, v, data in found:
        assert graph.nodes[u]["doc"] != graph.nodes[v]["doc"]
        assert data["score"] > 0 and data["why"]


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_parse(graph, tmp_path, fmt, read):
    path = tmp_path / f"graph.{fmt}"
    write_graph(graph, path, fmt)
    back = read(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_uses_edges_are_the_definitions_the_inspector_shows(graph, corpus_workspace):
    """A list item uses the terms of its stem ("A developer … shall do all of the following:"),
    in the graph as in the inspector."""
    from policylens.definitions import terms_used
    from policylens.workspace import Workspace
    sb_items = [n for n, d in graph.nodes(data=True)
                if d.get("kind") == "provision" and d["doc"] == "us-ca-sb1047" and d["cite"].startswith("§ 22603(a)(")]
    assert len(sb_items) > 5
    with Workspace(corpus_workspace) as ws:
        for unit in sb_items:
            in_graph = {graph.nodes[t]["label"].casefold() for _, t, kind in graph.out_edges(unit, data="kind")
                        if kind == "uses"}
            assert in_graph == {term.casefold() for term, _ in terms_used(ws, unit.split("#")[0])}, unit
            if graph.nodes[unit]["cite"].count("(") == 2:   # § 22603(a)(n): "A developer … shall:"
                assert "developer" in in_graph, unit
