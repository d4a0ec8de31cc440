"""The ``policylens`` command: everything the desktop application does, headless.

Run without arguments it opens the desktop application.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

from policylens import __version__, catalogue
from policylens.paths import default_workspace

EPILOG = ("The workspace is one file; by default it lives in your user data folder. Choose another with "
          "--workspace PATH or the POLICYLENS_WORKSPACE environment variable.")


class ConsoleProgress:
    """Progress on stderr, one updating line, for terminals; silent when output is not a terminal."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, fraction: float, message: str) -> None:
        if self.live:
            self.stream.write(f"\r[{fraction:4.0%}] {message[:70]:<70}")
            self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\r" + " " * 78 + "\r")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policylens", description="Compare AI regulation across jurisdictions, offline.", epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"PolicyLens {__version__}")
    parser.add_argument("--workspace", type=Path, help="workspace file (default: %(default)s)",
                        default=default_workspace())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    corpus = commands.add_parser("corpus", help="get the official texts of the catalogued instruments")
    corpus_cmds = corpus.add_subparsers(dest="corpus_command", metavar="ACTION", required=True)
    imp = corpus_cmds.add_parser("import", help="ingest every regulation file in a folder",
                                 description="Ingest every PDF, HTML, Markdown or text file in DIR. Files whose "
                                 "checksum the catalogue knows become that instrument; others become your own "
                                 "documents. Re-importing unchanged files does nothing.")
    imp.add_argument("folder", type=Path, metavar="DIR")
    dl = corpus_cmds.add_parser("download", help="download the official texts from the publishers",
                                description="Fetch each instrument's official file, verify its checksum and "
                                "structure, and ingest it. This is the only command that uses the internet.")
    dl.add_argument("--base-url", help="fetch files by name from this address instead of the publishers "
                                       "(a mirror or a local server)")
    dl.add_argument("--dest", type=Path, help="folder to keep the downloaded files in "
                                              "(default: 'sources' beside the workspace)")
    dl.add_argument("--only", help="comma-separated instrument ids (default: all)")
    corpus_cmds.add_parser("catalogue", help="list the catalogued instruments, their status and sources")

    add = commands.add_parser("add", help="add one regulation file (PDF, HTML, Markdown or text)")
    add.add_argument("file", type=Path)
    add.add_argument("--title", help="title to show (default: from the file)")
    add.add_argument("--jurisdiction", help="jurisdiction to file it under (default: Other)")
    add.add_argument("--id", dest="doc_id", help="document id (default: from the title or file name)")

    commands.add_parser("list", help="list the documents in the workspace with their status")

    show = commands.add_parser("show", help="print a provision by its citation, e.g. 'Art. 9(2)(b)'")
    show.add_argument("citation")
    show.add_argument("--doc", help="document id (needed when several documents have that citation)")

    search = commands.add_parser("search", help="full-text search over all provisions")
    search.add_argument("query")
    search.add_argument("--doc", help="restrict to one document id")
    search.add_argument("--limit", type=int, default=20)

    export = commands.add_parser("export", help="export provisions for analysis or checking")
    export_cmds = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    prov = export_cmds.add_parser("provisions", help="one record per provision unit (JSON Lines or CSV)")
    prov.add_argument("--doc", help="only this document id")
    prov.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    prov.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from policylens_ui.app import run
        return run(workspace=args.workspace)
    handler = HANDLERS[args.command]
    try:
        return handler(args) or 0
    except UserError as exc:
        print(f"policylens: {exc}", file=sys.stderr)
        return 2


class UserError(Exception):
    """Something the user can fix; printed without a traceback."""


@contextmanager
def open_workspace(args):
    from policylens.workspace import Workspace, WorkspaceError
    try:
        ws = Workspace(args.workspace)
    except WorkspaceError as exc:
        raise UserError(str(exc)) from exc
    try:
        yield ws
    finally:
        ws.close()


def _print_report(report) -> int:
    for line in report.lines():
        print(line)
    return 1 if report.failed else 0


def cmd_corpus(args) -> int:
    if args.corpus_command == "catalogue":
        for inst in catalogue.instruments():
            print(f"{inst.id}\t{inst.short_name}\t{inst.jurisdiction}\t{inst.status_label}")
            print(f"    {inst.status_note}")
            for src in inst.sources:
                mark = "preferred" if src.preferred else "alternative"
                print(f"    {src.format:<4} {mark:<11} {src.url}")
        return 0
    from policylens.ingest.source import IngestError
    progress = ConsoleProgress()
    with open_workspace(args) as ws:
        try:
            if args.corpus_command == "import":
                from policylens.importer import import_folder
                report = import_folder(ws, args.folder, progress=progress)
            else:
                from policylens.download import download_corpus
                dest = args.dest or Path(args.workspace).parent / "sources"
                only = [i.strip() for i in args.only.split(",")] if args.only else None
                report = download_corpus(ws, dest, base_url=args.base_url, instruments=only, progress=progress)
        except IngestError as exc:
            raise UserError(str(exc)) from exc
        finally:
            progress.done()
    return _print_report(report)


def cmd_add(args) -> int:
    from policylens.importer import add_file
    from policylens.ingest.source import IngestError
    progress = ConsoleProgress()
    with open_workspace(args) as ws:
        try:
            report = add_file(ws, args.file, title=args.title, jurisdiction=args.jurisdiction,
                              doc_id=args.doc_id, progress=progress)
        except IngestError as exc:
            raise UserError(str(exc)) from exc
        finally:
            progress.done()
    return _print_report(report)


def cmd_list(args) -> int:
    with open_workspace(args) as ws:
        docs = ws.documents()
        if not docs:
            print("The workspace is empty. Import the official texts with 'policylens corpus import DIR' "
                  "or 'policylens corpus download'.")
            return 0
        for doc in docs:
            units = sum(1 for n in ws.nodes(doc.id) if n.is_unit)
            label = catalogue.STATUS_LABELS.get(doc.status, doc.status)
            print(f"{doc.id}\t{doc.short_name}\t{doc.jurisdiction}\t{label}\t{units} provisions\t"
                  f"{Path(doc.source_path).name}")
    return 0


def cmd_show(args) -> int:
    with open_workspace(args) as ws:
        found = ws.find_cite(args.citation, args.doc)
        if not found:
            raise UserError(f"no provision cited as '{args.citation}'"
                            + (f" in {args.doc}" if args.doc else ""))
        docs = {n.doc for n in found}
        if len(docs) > 1:
            raise UserError(f"'{args.citation}' exists in several documents ({', '.join(sorted(docs))}); "
                            "choose one with --doc")
        doc = ws.document(found[0].doc)
        print(f"{doc.short_name} ({catalogue.STATUS_LABELS.get(doc.status, doc.status)}) — {found[0].cite}")
        shown = {n.id for n in found}
        for node in ws.nodes(doc.id):  # reading order: parents come before their children
            if node.parent in shown:
                shown.add(node.id)
        for node in (n for n in ws.nodes(doc.id) if n.id in shown):
            if node.heading:
                print(node.heading)
            if node.text and node.kind != "sentence":
                page = f"  [p. {node.page}]" if node.page else ""
                print(f"{node.cite}: {node.text}{page}")
    return 0


def cmd_search(args) -> int:
    with open_workspace(args) as ws:
        hits = ws.search(args.query, doc_id=args.doc, limit=args.limit)
        if not hits:
            print("no matches")
        for node, snippet in hits:
            print(f"{node.doc}\t{node.cite}\t{snippet}")
    return 0


def cmd_export(args) -> int:
    from policylens.export import provision_records, write_csv, write_jsonl
    with open_workspace(args) as ws:
        if args.doc and ws.document(args.doc) is None:
            raise UserError(f"no document '{args.doc}' in the workspace (see 'policylens list')")
        records = provision_records(ws, args.doc)
        writer = write_csv if args.format == "csv" else write_jsonl
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = writer(records, out)
            print(f"wrote {count} provisions to {args.output}", file=sys.stderr)
        else:
            writer(records, sys.stdout)
    return 0


HANDLERS = {"corpus": cmd_corpus, "add": cmd_add, "list": cmd_list, "show": cmd_show,
            "search": cmd_search, "export": cmd_export}
