"""``export``: provisions as JSON Lines or CSV, cross-document links as JSON Lines, the graph as
GraphML or GEXF."""

from __future__ import annotations

import sys
from pathlib import Path

from policylens.commands import UserError, open_workspace
from policylens.output import open_output


def register(commands) -> None:
    export = commands.add_parser("export", help="export provisions, links or the graph")
    what = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    prov = what.add_parser("provisions", help="one record per provision unit (JSON Lines or CSV)")
    prov.add_argument("--doc", help="only this document id")
    prov.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    prov.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    prov.set_defaults(handler=provisions_cmd)
    links = what.add_parser(
        "links", help="the best counterparts of each provision in each other document (JSON Lines)",
        description='One line per link: {"source": id, "target": id, "score": number, "counterpart": true|false, '
                    '"theme": id, "why": text}; ids are those of \'export provisions\'. The score is the 0-1 confidence '
                    'that analysts would list the pair, the same number the inspector, compare and briefings show; '
                    'below the minimum confidence a candidate is no counterpart ("counterpart": false), and no '
                    'view shows it.')
    links.add_argument("--top", type=int, default=5, help="counterparts per provision and document (default 5)")
    links.add_argument("--docs", help="comma-separated document ids (default: all)")
    links.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    links.set_defaults(handler=links_cmd)
    graph = what.add_parser("graph", help="the graph of documents, provisions, roles, themes, terms, "
                                          "quantities and links, for Gephi and the like")
    graph.add_argument("--format", choices=("graphml", "gexf"), default="graphml")
    graph.add_argument("--top", type=int, default=3, help="corresponds-to edges per provision and document")
    graph.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    graph.set_defaults(handler=graph_cmd)


def provisions_cmd(args) -> int:
    from policylens.export import provision_records, write_csv, write_jsonl
    with open_workspace(args) as ws:
        if args.doc and ws.document(args.doc) is None:
            raise UserError(f"no document '{args.doc}' in the workspace (see 'policylens list')")
        records = provision_records(ws, args.doc)
        writer = write_csv if args.format == "csv" else write_jsonl
        if args.output:
            with open_output(args.output, encoding="utf-8", newline="") as out:
                count = writer(records, out)
            print(f"wrote {count} provisions to {args.output}", file=sys.stderr)
        else:
            writer(records, sys.stdout)
    return 0


def _doc_list(ws, docs: str | None) -> list[str] | None:
    if not docs:
        return None
    wanted = [d.strip() for d in docs.split(",") if d.strip()]
    for doc in wanted:
        if ws.document(doc) is None:
            raise UserError(f"no document '{doc}' in the workspace (see 'policylens list')")
    return wanted


def links_cmd(args) -> int:
    from policylens.export import write_jsonl
    from policylens.link_cache import links
    if args.top < 1:
        raise UserError("--top must be at least 1")
    with open_workspace(args) as ws:
        found = links(ws, top=args.top, docs=_doc_list(ws, args.docs))
        records = (link.to_dict() for link in found)
        if args.output:
            with open_output(args.output, encoding="utf-8") as out:
                count = write_jsonl(records, out)
            print(f"wrote {count} links to {args.output}", file=sys.stderr)
        else:
            write_jsonl(records, sys.stdout)
    return 0


def graph_cmd(args) -> int:
    from policylens.graph import build_graph, write_graph
    with open_workspace(args) as ws:
        graph = build_graph(ws, top_links=args.top)
        write_graph(graph, args.output, args.format)
    print(f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {args.output}",
          file=sys.stderr)
    return 0
