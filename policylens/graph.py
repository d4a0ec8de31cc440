"""The cross-jurisdiction graph: one networkx ``MultiDiGraph`` over the whole workspace.

Node ``kind`` values and their ids:

==================  ======================================  ===========================================
kind                id                                      attributes
==================  ======================================  ===========================================
``jurisdiction``    ``jurisdiction:EU``                     label
``document``        ``doc:eu-ai-act-2024-1689``             label, title, status, status_label, binding
``container``       node id (``…/art-73``)                  doc, cite, label, heading
``provision``       provisions export id (``…/art-73/2``)   doc, cite, label, text, modality, role
``role``            ``role:model_developer``                label
``theme``           ``theme:incident_reporting``            label
``term``            ``term:<doc>:<term>``                   doc, label
``quantity``        ``quantity:<provision id>:<n>``         quantity_kind, value, unit, text, label
==================  ======================================  ===========================================

Edge ``kind`` values: ``contains`` (jurisdiction → document → tree → provision), ``imposes_on``
(provision → role), ``about`` (provision → theme), ``refers_to`` (resolved cross-references),
``defines`` / ``uses`` (provision → term), ``states`` (provision → quantity) and
``corresponds_to`` (provision → provision of another document, with ``score`` (the link's 0–1 confidence),
``counterpart`` (1 when it reaches the minimum confidence views require), ``rank``, ``theme`` and
``why``); between documents, the relations of ``policylens.relations`` as
stated (``amends``, ``supersedes``, ``revokes``, ``successor_of``, ``implements``, with ``date``
and ``note``).  Every attribute is a string or a number so that the graph writes to
GraphML and GEXF unchanged.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from policylens import catalogue, usertext
from policylens.definitions import uses
from policylens.export import provision_records
from policylens.facts import facts_of
from policylens.labels import role_label, theme_label
from policylens.link_cache import links
from policylens.linking import Link
from policylens.output import replacing
from policylens.quantities import find_quantities
from policylens.relations import STORED, relations_of
from policylens.workspace import Workspace

FORMATS = ("graphml", "gexf")


def build_graph(ws: Workspace, *, docs: list[str] | None = None, top_links: int = 3,
                found_links: list[Link] | None = None, cache: bool = True) -> nx.MultiDiGraph:
    """The graph of ``docs`` (default: all), with each provision's ``top_links`` counterparts per
    other document.  Pass ``found_links`` to reuse links already computed; ``cache`` as in
    ``policylens.link_cache.links``."""
    graph = nx.MultiDiGraph()
    documents = [d for d in ws.documents() if not docs or d.id in docs]
    for doc in documents:
        _add_document(graph, ws, doc)
    for doc in documents:
        for relation in relations_of(doc.id, ws):
            if relation.type in STORED and f"doc:{relation.other}" in graph:
                graph.add_edge(f"doc:{doc.id}", f"doc:{relation.other}", kind=relation.type,
                               date=relation.date, note=relation.note)
    if found_links is None:
        found_links = links(ws, top=top_links, docs=[d.id for d in documents], cache=cache)
    for link in found_links:
        if link.rank <= top_links and link.source in graph and link.target in graph:
            graph.add_edge(link.source, link.target, kind="corresponds_to", score=round(link.confidence, 6),
                           counterpart=int(link.is_counterpart),
                           rank=link.rank, theme=link.theme, why=link.why)
    return graph


def _add_document(graph: nx.MultiDiGraph, ws: Workspace, doc) -> None:
    jurisdiction = f"jurisdiction:{doc.jurisdiction}"
    graph.add_node(jurisdiction, kind="jurisdiction", label=catalogue.jurisdiction_name(doc.jurisdiction))
    doc_node = f"doc:{doc.id}"
    facts = facts_of(doc)
    graph.add_node(doc_node, kind="document", label=doc.short_name, title=doc.title, status=doc.status,
                   status_label=facts.status_label, binding=facts.binding)
    graph.add_edge(jurisdiction, doc_node, kind="contains")
    nodes = ws.nodes(doc.id)
    for node in nodes:
        if not node.is_unit:
            graph.add_node(node.id, kind="container", doc=doc.id, cite=node.cite, label=node.cite,
                           heading=node.heading)
    for node in nodes:
        if not node.is_unit:
            graph.add_edge(node.parent if node.parent in graph else doc_node, node.id, kind="contains")
    parents = {n.id: n.parent for n in nodes}
    records = list(provision_records(ws, doc.id))
    for record in records:
        _add_provision(graph, record)
        parent = parents.get(record["id"].split("#")[0])
        graph.add_edge(parent if parent in graph else doc_node, record["id"], kind="contains")
    for record in records:
        for target in record["refs"]:
            if target in graph:
                graph.add_edge(record["id"], target, kind="refers_to")
    for src, dst, kind, _ in ws.edges(doc_id=doc.id):
        if src in graph and dst in graph:
            graph.add_edge(src, dst, kind=kind)
    _add_terms(graph, doc.id, records)


def _add_provision(graph: nx.MultiDiGraph, record: dict) -> None:
    unit = record["id"]
    graph.add_node(unit, kind="provision", doc=record["doc"], cite=record["cite"], label=record["cite"],
                   text=record["text"], modality=record["modality"], role=record["actor_role"],
                   deadline=record["deadline_date"] or record["deadline_text"])
    if record["actor_role"]:
        role = f"role:{record['actor_role']}"
        graph.add_node(role, kind="role", label=role_label(record["actor_role"]))
        graph.add_edge(unit, role, kind="imposes_on")
    for theme_id in record["themes"]:
        theme = f"theme:{theme_id}"
        graph.add_node(theme, kind="theme", label=theme_label(theme_id))
        graph.add_edge(unit, theme, kind="about")
    for n, quantity in enumerate(find_quantities(record["text"])):
        node = f"quantity:{unit}:{n}"
        graph.add_node(node, kind="quantity", quantity_kind=quantity.kind, value=quantity.value,
                       unit=quantity.unit, text=quantity.text, label=quantity.label, purpose=quantity.purpose)
        graph.add_edge(unit, node, kind="states")


def _add_terms(graph: nx.MultiDiGraph, doc_id: str, records: list[dict]) -> None:
    """Defined terms of a document, the provision that defines each and those that use it
    (in their text or list stem, as the inspector shows them)."""
    defined = {}
    for record in records:
        term = (record["defines"] or "").strip()
        if term:
            node = f"term:{doc_id}:{term.lower()}"
            graph.add_node(node, kind="term", doc=doc_id, label=term)
            graph.add_edge(record["id"], node, kind="defines")
            defined.setdefault(term.lower(), (node, record["id"]))
    terms = list(defined)
    for record in records:
        for term in uses(f"{record['stem']} {record['text']}", terms):
            node, definition = defined[term]
            if record["id"] != definition:
                graph.add_edge(record["id"], node, kind="uses")


def write_graph(graph: nx.MultiDiGraph, path: Path | str, fmt: str = "graphml") -> None:
    """Write the graph for Gephi, yEd, Cytoscape and the like (``graphml`` or ``gexf``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}")
    graph = _xml_safe(graph)
    with replacing(path, suffix=f".{fmt}") as temporary:
        if fmt == "graphml":
            nx.write_graphml(graph, temporary)
        else:
            nx.write_gexf(graph, temporary)


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose ids and texts hold nothing XML 1.0 cannot carry (``usertext.escaped``): a
    control character in a title or a provision would otherwise make the file unreadable."""
    def fix(value):
        return usertext.escaped(value) if isinstance(value, str) else value

    safe = nx.MultiDiGraph(**{k: fix(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        safe.add_node(fix(node), **{k: fix(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        safe.add_edge(fix(source), fix(target), key=key, **{k: fix(v) for k, v in data.items()})
    return safe
