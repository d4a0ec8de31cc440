"""Reading the workspace: ``list``, ``show``, ``search``, ``counterparts``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from policylens.citations import in_article
from policylens.commands import UserError, open_workspace
from policylens.export import provision_records
from policylens.facts import facts_of
from policylens.model import Document, Node
from policylens.usertext import escaped


def register(commands) -> None:
    commands.add_parser("list", help="list the documents in the workspace with their status").set_defaults(
        handler=list_cmd)
    show = commands.add_parser("show", help="print a provision by its citation, e.g. 'Art. 9(2)(b)'")
    show.add_argument("citation")
    show.add_argument("--doc", help="document id (needed when several documents have that citation)")
    show.set_defaults(handler=show_cmd)
    search = commands.add_parser("search", help="full-text search over all provisions")
    search.add_argument("query")
    search.add_argument("--doc", help="restrict to one document id")
    search.add_argument("--limit", type=int, default=20, help="matches shown (default 20)")
    search.set_defaults(handler=search_cmd)
    found = commands.add_parser(
        "counterparts", help="a provision's or article's counterparts in each other document, e.g. 'Art. 73'",
        description="For each clause under the citation: its best counterparts in each other document (the "
                    "article, then the clause that answers best), with the confidence and why; and the "
                    "documents where no candidate reaches the minimum confidence.")
    found.add_argument("citation")
    found.add_argument("--doc", help="document id (needed when several documents have that citation)")
    found.set_defaults(handler=counterparts_cmd)


def list_cmd(args) -> int:
    with open_workspace(args) as ws:
        docs = ws.documents()
        if not docs:
            print("The workspace is empty. Import the official texts with 'policylens corpus import DIR' "
                  "or 'policylens corpus download'.")
            return 0
        for doc in docs:
            units = sum(1 for _ in provision_records(ws, doc.id))   # as many as 'export provisions' writes
            label = facts_of(doc).status_label
            print(escaped(f"{doc.id}\t{doc.short_name}\t{doc.jurisdiction}\t{label}\t{units} provisions\t"
                          f"{Path(doc.source_path).name}"))
    return 0


def cited(ws, citation: str, doc_id: str | None) -> tuple[Document, list[Node]]:
    """The document a citation is in, and the provisions under it (all its subdivisions) in
    reading order."""
    found = ws.find_cite(citation, doc_id)
    if not found:
        raise UserError(f"no provision cited as '{citation}'" + (f" in {doc_id}" if doc_id else ""))
    docs = {n.doc for n in found}
    if len(docs) > 1:
        raise UserError(f"'{citation}' exists in several documents ({', '.join(sorted(docs))}); "
                        "choose one with --doc")
    tree = ws.nodes(found[0].doc)
    under = {n.id for n in found}
    for node in tree:  # reading order: parents come before their children
        if node.parent in under:
            under.add(node.id)
    return ws.document(found[0].doc), [node for node in tree if node.id in under]


def show_cmd(args) -> int:
    with open_workspace(args) as ws:
        doc, nodes = cited(ws, args.citation, args.doc)
        print(escaped(f"{doc.short_name} ({facts_of(doc).status_label}) — {nodes[0].cite}"))
        for node in nodes:
            if node.heading:
                print(escaped(node.heading))
            if node.text and node.kind != "sentence":
                page = f"  [p. {node.page}]" if node.page else ""
                print(escaped(f"{node.cite}: {node.text}{page}"))
    return 0


def search_cmd(args) -> int:
    with open_workspace(args) as ws:
        if args.doc and ws.document(args.doc) is None:
            raise UserError(f"no document '{args.doc}' in the workspace (see 'policylens list')")
        hits = ws.search(args.query, doc_id=args.doc, limit=args.limit + 1)
        if not hits:
            print("no matches")
        bold = sys.stdout.isatty()
        for node, snippet in hits[:args.limit]:
            print(_marked(escaped(f"{node.doc}\t{node.cite}\t{snippet}"), bold))
        if len(hits) > args.limit:
            print(f"… showing the first {args.limit} matches; see more with --limit N", file=sys.stderr)
    return 0


# The workspace's search marks each matched word as "[word]"; a terminal shows it bold, a file
# or a pipe gets the plain words (brackets would read as part of the legal text).
MATCHED = re.compile(r"\[([^\[\]\n]{1,80})\]")


def _marked(line: str, bold: bool) -> str:
    return MATCHED.sub(lambda m: f"\033[1m{m[1]}\033[0m" if bold else m[1], line)


def counterparts_cmd(args) -> int:
    from policylens.link_cache import links
    from policylens.linking import counterparts, shown_by_document

    with open_workspace(args) as ws:
        doc, nodes = cited(ws, args.citation, args.doc)
        under = {node.id for node in nodes}
        grouped = counterparts(links(ws))
        names = {d.id: d.short_name for d in ws.documents()}
        sources = [r for r in provision_records(ws, doc.id) if r["id"].split("#")[0] in under and r["id"] in grouped]
        if not sources:
            print(escaped(f"{doc.short_name} {nodes[0].cite} is not linked: it explains rather than regulates"))
        for record in sources:
            print(escaped(f"{doc.short_name} {record['cite']}"))
            absent = []
            for other, shown in shown_by_document(grouped[record["id"]]).items():
                if not shown:
                    absent.append(names.get(other, other))
                for link in shown:
                    target = ws.node(link.target.split("#")[0])
                    cite = target.cite if target else link.target
                    print(escaped(f"  {names.get(other, other)} {in_article(cite)}{cite}  "
                                  f"(confidence {link.confidence:.2f}; {link.why})"))
            if absent:
                print(escaped(f"  no counterpart in {', '.join(absent)}"))
    return 0
